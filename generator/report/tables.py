"""Build the report tree's tables from derived figures and the table layouts in templates/tables/."""

from __future__ import annotations

from pathlib import Path


from generator.derive.figures import Figures
from generator.report.tree import Table

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 26 → 二十六 (enough for table and section numbering)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def layouts(path: Path) -> dict:
    """A layout file, read once (the table declarations read the same cache)."""
    from generator.tables.declare import read_yaml
    return read_yaml(path)


class TableBuilder:
    def __init__(self, figures: Figures, report, profile, layout_file: Path, catalog):
        self.f = figures
        self.report = report
        self.profile = profile
        self.layout = layouts(layout_file)
        self.catalog = catalog
        self.declared: dict = {}  # declared tables (generator.tables), set by build_document
        self._decls = None  # every declaration, the 绩效目标表 too (read once, when one is built)

    def build(self, key: str, caption: str, label: str = "") -> Table:
        """One declared table (generator.tables). label: the table's number as the profile prints it beside
        the unit (公开01表), if the layout's `unit_line` has a place for it; a table's own `unit` wins."""
        from generator.tables.engine import Layout, render
        from generator.tables.projects import wide
        from generator.tables.values import Values

        unit_line = self.layout.get("unit_line", "单位：万元").format(label=label, department=self.report.department).strip()
        values = Values(self.declared, self.f, f"表格声明“{key}”", self.catalog, self.report)
        decl = self.declaration(key)
        if decl is not None and decl.rows.by == "projects":  # every project in one table
            return wide(Layout(decl, None, values, self.profile), self.report.performance.projects, caption, unit_line)
        data = self.declared[key]
        categories = self.profile.category_list(self.catalog)
        return render(data.decl, data, values, self.profile, caption, unit_line, categories)

    def declaration(self, key: str):
        """A declared table that is not read from the input (the 绩效目标表: the report's projects)."""
        if key in self.declared:
            return self.declared[key].decl
        from generator.tables.declare import declarations
        if self._decls is None:
            self._decls = declarations(self.profile, self.layout)
        return self._decls.get(key)

    def orientation(self, key: str) -> str:
        return self.declaration(key).orientation

    def performance(self, project, caption: str, key: str = "performance") -> Table:
        """One project's 绩效目标表: the declaration `key` (rows by: project)."""
        from generator.errors import ProfileError
        from generator.tables.declare import vocabulary
        from generator.tables.projects import form
        decl = self.declaration(key)
        if decl is None or decl.rows.by != "project":
            raise ProfileError(f"表格样式 {self.profile.layout_file().name} 中没有绩效目标表的声明“{key}”（rows: {{by: project}}）")
        return form(decl, project, self.report, caption, vocabulary(self.profile))

    def evaluation(self, ev, caption: str, unit: str, key: str = "self_evaluation") -> Table:
        """One project's 决算 绩效自评表: the declaration `key` (rows by: project) over the evaluation
        (generator.derive.final.SelfEval: the project, its rates, 分值 and 得分, 评价等级)."""
        from generator.errors import ProfileError
        from generator.tables.declare import vocabulary
        from generator.tables.projects import form
        decl = self.declaration(key)
        if decl is None or decl.rows.by != "project":
            raise ProfileError(f"表格样式 {self.profile.layout_file().name} 中没有绩效自评表的声明“{key}”（rows: {{by: project}}）")
        return form(decl, ev, self.report, caption, vocabulary(self.profile), unit)
