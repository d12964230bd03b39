"""Table builders that layouts name with `builder:` or that only some profiles use (安徽 表1, 表5, 表9–表11,
the numbered 单位构成 table, the 安徽 绩效目标表). Every number comes from generator.derive."""

from __future__ import annotations

from decimal import Decimal

from generator.money import fmt_amount
from generator.report.tree import Cell, Table



class MoreTables:
    """Mixed into TableBuilder (self.f figures, self.report, self.layout, self.num)."""

    def _projects(self, key, spec):
        figures = self.f.extra.projects
        columns = spec["columns"]
        shown = figures.shown
        rows = [[Cell(""), Cell(self.layout["total_label"], align="center", bold=True)]
                + [self.num(shown[c]) for c in columns]]
        for row, values in zip(self.report.tables.projects.rows, figures.rows):
            rows.append([Cell(row.name), Cell(row.unit)] + [self.num(values[c]) for c in columns])
        return rows

    def _procurement(self, key, spec):
        figures = self.f.extra.procurement
        columns = spec["columns"]
        total = dict(figures.total, total=figures.shown)
        rows = [[Cell(self.layout["total_label"], align="center", bold=True)] + [self.num(total[c]) for c in columns]]
        source = iter(self.report.tables.procurement.rows)
        for unit in figures.units:
            label = spec.get("unit_format", "{name}").format(code=unit.code, name=unit.name) if unit.code else unit.name
            rows.append([Cell(label, bold=True)] + [self.num(unit.values[c]) for c in columns])
            for values in unit.rows:
                rows.append([Cell(next(source).name)] + [self.num(values[c]) for c in columns])
        return rows

    def _services(self, key, spec):
        rows = []
        for row in self.report.tables.services.rows:
            cells = []
            for c in spec["columns"]:
                value = getattr(row, c)
                cells.append(self.num(value) if isinstance(value, Decimal) else
                             Cell(str(value), align="center" if c.endswith("code") or c == "quantity" else "left"))
            rows.append(cells)
        return rows

    def _numbered_units(self, key, spec):
        return [[Cell(str(i), align="center"), Cell(u.name), Cell(u.nature, align="center")]
                for i, u in enumerate(self.report.overview.units, 1)]

    # --- 安徽 项目支出绩效目标表 ---------------------------------------------------------------

    def performance_anhui(self, project, caption: str) -> Table:
        spec = self.layout["performance"]
        labels = spec["rows"]
        funds = project.funds

        def amt(value):
            return fmt_amount(value, thousands=False)
        dept_l, unit_l = labels["department"]
        source_l, period_l = labels["source"]
        funds_l, total_l, fiscal_l, carry_l, other_l = labels["funds"]
        ind_label, *ind_heads = spec["indicators"]
        perf = self.report.performance
        body = [
            [Cell(labels["name"], align="center"), Cell(project.name, colspan=4)],
            [Cell(dept_l, align="center"), Cell(perf.department), Cell(unit_l, align="center"), Cell(project.unit, colspan=2)],
            [Cell(source_l, align="center"), Cell(project.source), Cell(period_l, align="center"), Cell(project.period, colspan=2)],
            [Cell(funds_l, rowspan=4, align="center"), Cell(total_l), Cell(amt(funds.amount), colspan=3)],
            [Cell(fiscal_l), Cell(amt(funds.fiscal), colspan=3)],
            [Cell(carry_l), Cell(amt(funds.carryover), colspan=3)],
            [Cell(other_l), Cell(amt(funds.other), colspan=3)],
            [Cell(labels["goal"], align="center"), Cell(project.goal, colspan=4)],
            [Cell(ind_label, rowspan=len(project.indicators) + 1, align="center")]
            + [Cell(h, align="center", bold=True) for h in ind_heads],
        ]
        from generator.report.tables import merged_levels
        inds = project.indicators
        body += [lead + [Cell(ind.name), Cell(ind.target, align="center")] for lead, ind in zip(merged_levels(inds), inds)]
        return Table("performance", caption, [], body, spec["widths"], unit="", font_size=9)
