"""Build the report tree's tables from derived figures and the table layouts in templates/tables/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

from generator.derive.figures import Figures
from generator.money import fmt_amount
from generator.report.more_tables import MoreTables
from generator.report.tree import Cell, Table

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 26 → 二十六 (enough for table and section numbering)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@lru_cache(maxsize=4)
def layouts(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


class TableBuilder(MoreTables):
    def __init__(self, figures: Figures, report, profile, layout_file: Path, catalog):
        self.f = figures
        self.report = report
        self.profile = profile
        self.layout = layouts(layout_file)
        self.catalog = catalog
        self.declared: dict = {}  # declared tables (generator.tables), set by build_document

    def build(self, key: str, caption: str, label: str = "") -> Table:
        """One declared table (generator.tables). label: the table's number as the profile prints it beside
        the unit (公开01表), if the layout's `unit_line` has a place for it; a table's own `unit` wins."""
        from generator.tables.engine import render
        from generator.tables.values import Values

        unit_line = self.layout.get("unit_line", "单位：万元").format(label=label, department=self.report.department).strip()
        data = self.declared[key]
        values = Values(self.declared, self.f, f"表格声明“{key}”", self.catalog, self.report)
        categories = self.profile.category_list(self.catalog)
        return render(data.decl, data, values, self.profile, caption, unit_line, categories)

    def orientation(self, key: str) -> str:
        return self.declared[key].decl.orientation

    # --- 绩效目标表 ----------------------------------------------------------------------

    def performance(self, project, caption: str) -> Table:
        spec = self.layout["performance"]
        if spec.get("style") == "anhui":
            return self.performance_anhui(project, caption)
        funds = project.funds

        def amt(value):  # as printed: 5699.00
            return fmt_amount(value, thousands=False)
        basis_label, basis_sub = spec["basis"]
        funds_label, total_l, fiscal_l, other_l = spec["funds"]
        ind_label, *ind_heads = spec["indicators"]
        n_ind = len(project.indicators)
        body = [
            [Cell(basis_label, rowspan=2, align="center"), Cell(basis_sub), Cell(project.basis, colspan=3)],
            [Cell(spec["feasibility"]), Cell(project.feasibility, colspan=3)],
            [Cell(funds_label, rowspan=3, align="center"), Cell(total_l), Cell(amt(funds.amount), colspan=3)],
            [Cell(fiscal_l), Cell(amt(funds.fiscal), colspan=3)],
            [Cell(other_l), Cell(amt(funds.other + funds.carryover), colspan=3)],
            [Cell(spec["goal"], align="center"), Cell(project.goal, colspan=4)],
            [Cell(ind_label, rowspan=n_ind + 1, align="center")] + [Cell(h, align="center", bold=True) for h in ind_heads],
        ]
        for lead, ind in zip(merged_levels(project.indicators), project.indicators):
            body.append(lead + [Cell(ind.name), Cell(ind.target, align="center")])
        return Table("performance", caption, [], body, spec["widths"], unit="", font_size=9)


def merged_levels(indicators) -> list[list[Cell]]:
    """The leading 一级/二级 cells of each indicator row: a label spans the run of rows that share it."""
    out = []
    n = len(indicators)
    for i, ind in enumerate(indicators):
        lead: list[Cell] = []
        if i == 0 or indicators[i - 1].level1 != ind.level1:
            span = 1
            while i + span < n and indicators[i + span].level1 == ind.level1:
                span += 1
            lead.append(Cell(ind.level1, rowspan=span, align="center"))
        if i == 0 or indicators[i - 1].level1 != ind.level1 or indicators[i - 1].level2 != ind.level2:
            span = 1
            while (i + span < n and indicators[i + span].level2 == ind.level2
                   and indicators[i + span].level1 == ind.level1):
                span += 1
            lead.append(Cell(ind.level2, rowspan=span, align="center"))
        out.append(lead)
    return out
