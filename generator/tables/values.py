"""Figure references of the declarations: `table.column` (that table's 合计) and `table.column[code]`
(one row: a code, a unit code, or a 类/款 prefix). A list of references is their sum.

A reference reaches a declared table (generator.tables.data) or a table of the report's model
(income, expenditure, general_budget … three_public), so fixed lines and derived columns read the
figures that the tables print: nothing is entered twice.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.errors import ProfileError
from generator.money import ZERO
from generator.tables.declare import FROM_FIGURES

REF = re.compile(r"^\s*(?P<table>[A-Za-z_][\w]*)(?:\.(?P<column>[A-Za-z_][\w]*))?\s*(?:\[\s*(?P<code>[\w/]+)\s*\])?\s*$")


class Values:
    def __init__(self, tables: dict, figures=None, where: str = "", catalog=None, report=None):
        self.tables = tables  # key → TableData
        self.figures = figures
        self.report = report  # the input's own figures that nothing derives (决算 结余分配 …)
        self.where = where
        self.catalog_economic = dict(getattr(catalog, "economic", {}) or {})

    def get(self, ref, code: str | None = None) -> Decimal:
        if isinstance(ref, list):
            return sum((self.get(r, code) for r in ref), ZERO)
        match = REF.match(str(ref))
        if not match:
            raise ProfileError(f"{self.where}: 无法识别的数据引用“{ref}”（应写作 表.列 或 表.列[编码]）")
        table, column = match["table"], match["column"]
        code = match["code"] or code
        if column is None:  # one figure of the derived figures, e.g. three_public_total
            value = getattr(self.figures, table, None)
            if not isinstance(value, Decimal):
                raise ProfileError(f"{self.where}: 数据引用“{ref}”不是一个金额（应写作 表.列）")
            return value
        data = self.tables.get(table)
        if data is not None and not (data.decl.rows.by in FROM_FIGURES and self._has_model(table)):
            if column not in data.money:  # a typo is not a zero
                raise ProfileError(f"{self.where}: 数据引用“{ref}”：表“{table}”没有金额列“{column}”"
                                   f"（有：{'、'.join(data.money) or '无'}）")
            return data.value(column, code)
        return self._model(table, column, code, ref)

    def _has_model(self, table: str) -> bool:
        """A model table that a declaration only lays out (三公 as lines): its figures are the model's."""
        return self._figure(table) is not None

    def _figure(self, table: str):
        """A table of the model's derived figures (generator.derive), or of the tables some profiles add."""
        if self.figures is None:
            return None
        found = getattr(self.figures, table, None)
        if found is None and getattr(self.figures, "extra", None) is not None:
            found = getattr(self.figures.extra, table, None)
        return found

    def _model(self, table: str, column: str, code: str | None, ref) -> Decimal:
        source = self._figure(table)
        if source is None:
            known = "、".join(sorted(self.tables)) or "无"
            raise ProfileError(f"{self.where}: 数据引用“{ref}”中的表“{table}”不存在（声明的表：{known}）")
        if hasattr(source, "shown_prefix"):  # a table by 功能分类 of the model
            if code:
                return source.shown_prefix(code, column)
            if column not in source.shown:
                raise ProfileError(f"{self.where}: 数据引用“{ref}”：表“{table}”没有列“{column}”")
            return source.shown[column]
        if hasattr(source, "sum_of"):  # 经济分类
            return source.amount(code) if code else source.shown
        if hasattr(source, "values") and isinstance(getattr(source, "values"), dict):  # lines as printed
            return source[column]
        if isinstance(source, dict):
            return source.get(column, Decimal(0))
        value = getattr(source, column, None)
        if value is None and self.report is not None:  # an entered figure of the model's own table
            value = getattr(getattr(self.report.tables, table, None), column, None)
        if not isinstance(value, Decimal):
            raise ProfileError(f"{self.where}: 数据引用“{ref}”：表“{table}”没有金额“{column}”")
        return value
