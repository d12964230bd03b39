"""Write the final-accounts (部门决算) workbook from FinalReport-shaped data; sheets in layout_final.py.

Uses the budget writer's cell, table and pair helpers, so both workbooks look and behave alike.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from generator.catalog import load_catalog
from generator.xlsx import layout as L
from generator.xlsx import layout_final as F
from generator.xlsx.writer import (
    DECLARED_LINE, VALIDATE_TO, _duties, _get, _guide, _Lists, _list_validation, _pairs, _table, declared_sheets,
)


class _FinalLists(_Lists):
    """A 决算 table lists 类 and 款 rows too: the code drop-down offers every function code."""

    def function_range(self) -> str:
        return f"'{L.LISTS}'!$A$2:$A${len(self.functional) + 1}"


def build_final_workbook(data: dict, profile_dirs=None) -> Workbook:
    catalog = load_catalog(int(data.get("year") or 2000))
    wb = Workbook()
    guide = wb.active
    guide.title = L.GUIDE
    lists = _FinalLists(catalog)
    for spec, _ in F.ORDER:
        ws = wb.create_sheet(spec.name)
        if isinstance(spec, L.PairSheet):
            _pairs(ws, spec, data)
        elif spec is F.DUTIES:
            _duties(ws, data, lists)
        elif spec is F.ITEMS:
            _items(ws, data, lists)
        elif spec is F.THREE_PUBLIC:
            _table(ws, spec, [_get(data, spec.path) or {}], None, lists, spare=0)
        elif spec in (F.GOALS, F.INDICATORS, F.PROBLEMS):
            _table(ws, spec, _linked_rows(data, spec), None, lists)
        elif spec in F.TABLES:
            table = _get(data, spec.path) or {}
            _table(ws, spec, table.get("rows") or [], table.get("total"), lists)
        else:
            _table(ws, spec, _get(data, spec.path) or [], None, lists)
        _more_validations(ws, spec)
    from generator.xlsx.declared import for_profile
    declared = declared_sheets(wb, data, for_profile(data.get("profile"), profile_dirs), lists)
    _guide(guide, data, F.ORDER + declared, GUIDE_LINES + ((DECLARED_LINE,) if declared else ()))
    lists.write(wb.create_sheet(L.LISTS))
    return wb


def _items(ws, data: dict, lists: _Lists) -> None:
    """explanations.previous.items and reasons.items: one row per code."""
    exp = data.get("explanations") or {}
    previous = (exp.get("previous") or {}).get("items") or {}
    reasons = (exp.get("reasons") or {}).get("items") or {}
    codes = list(dict.fromkeys([*previous, *reasons]))
    _table(ws, F.ITEMS, [{"code": c, "previous": previous.get(c), "reason": reasons.get(c)} for c in codes],
           None, lists)
    col = next(i for i, c in enumerate(F.ITEMS.columns, 1) if c.key == "previous")
    for row, code in enumerate(codes, 4):
        if previous.get(code) is not None and previous[code] == 0:
            ws.cell(row, col).value = previous[code]  # a stated 0.00 (the table writer leaves zeros blank)


def _linked_rows(data: dict, spec) -> list[dict]:
    """Goals, indicators or problems of every project, each row naming its project."""
    key = {F.GOALS.name: "goals", F.INDICATORS.name: "indicators", F.PROBLEMS.name: "problems"}[spec.name]
    rows = []
    for project in (data.get("performance") or {}).get("projects") or []:
        for item in project.get(key) or []:
            row = {"project": project.get("name"), **item}
            if spec is F.INDICATORS:
                row["target"], row["actual"] = _number(row.get("target")), _number(row.get("actual"))
            rows.append(row)
    return rows


def _number(text):
    """A number cell for text that reads back as exactly the same digits (“130000”, “104.81”), else the text."""
    if not isinstance(text, str) or not text or not (text[0].isdigit() and text[-1].isdigit()):
        return text or None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    plain = value.normalize()
    same = format(plain, "f") == text and len(plain.as_tuple().digits) <= 15
    return plain if same else text


def _more_validations(ws, spec) -> None:
    for col, column in enumerate(getattr(spec, "columns", ()), 1):
        rng = f"{get_column_letter(col)}4:{get_column_letter(col)}{VALIDATE_TO}"
        if spec is F.UNITS and column.key == "nature":
            _list_validation(ws, rng, '"' + ",".join(F.NATURES) + '"', "经费性质", "可从下拉列表选择，也可直接输入。")
        elif column.key == "level1":
            _list_validation(ws, rng, '"' + ",".join(F.LEVEL1) + '"', "一级指标", "可从下拉列表选择。")
        elif column.key == "department_grade":
            _list_validation(ws, rng, '"' + ",".join(F.GRADES) + '"', "部门评价等次", "优、良、中、差")


GUIDE_LINES = (
    "金额单位：万元，保留两位小数（最多六位）。金额格子留空即为 0；可以粘贴文本格式的数字或带千分位的数字。",
    "决算表按公开的表样逐行填写：类（3位）、款（5位）和项（7位）行都可以填写，类、款行和“合计”行按填写的数公开，"
    "程序与下级各行之和核对（尾差作为提示）；也可以只填项级行，类、款和合计由程序计算。",
    "收入支出决算总表、财政拨款收入支出决算总表的支出各行由各表的类级行得出；表中其他数字（财政拨款收入、"
    "结转和结余、结余分配等）填在“总表数字”表。",
    "灰色的格子（“合计”行、“合计”列、“可不填”的项目）可以不填；填写后按填写的数公开，并与明细之和核对。",
    "科目名称由代码目录自动带出，可以不填；如填写，程序会与目录名称核对。",
    "科目编码、经费性质、报告类型、指标符号、一级指标和评价等次有下拉列表，也可以直接输入或粘贴。",
    "绩效自评的年度目标、指标、问题与建议各占一张表，每行写明项目名称，须与“绩效自评项目”表一致。",
    "请不要修改工作表名称和表头文字、不要删除列；可以在右侧增加备注列（程序不读取），行与行之间可以留空行。",
    "文字内容句末是否加句号见各表说明；报告的固定文字由模板生成，这里只填各部门自己的内容。",
    "填好后运行 disclosure validate 本文件.xlsx 检查：每个问题都会指出工作表和单元格，如 收入决算表!D7。",
)



