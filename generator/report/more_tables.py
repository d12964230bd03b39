"""The 安徽 项目支出绩效目标表 (the performance tables are still built in Python; every other table is
declared: generator.tables). Every number comes from generator.derive."""

from __future__ import annotations


from generator.money import fmt_amount
from generator.report.tree import Cell, Table


class MoreTables:
    """Mixed into TableBuilder (self.f figures, self.report, self.layout)."""

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
