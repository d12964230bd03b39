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

REF = re.compile(r"^\s*(?P<table>[A-Za-z_][\w]*)\.(?P<column>[A-Za-z_][\w]*)\s*(?:\[\s*(?P<code>[\w/]+)\s*\])?\s*$")


class Values:
    def __init__(self, tables: dict, figures=None, where: str = "", catalog=None):
        self.tables = tables  # key → TableData
        self.figures = figures
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
        if table in self.tables:
            return self.tables[table].value(column, code)
        return self._model(table, column, code, ref)

    def _model(self, table: str, column: str, code: str | None, ref) -> Decimal:
        source = getattr(self.figures, table, None) if self.figures is not None else None
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
        value = getattr(source, column, None)
        if not isinstance(value, Decimal):
            raise ProfileError(f"{self.where}: 数据引用“{ref}”：表“{table}”没有金额“{column}”")
        return value
