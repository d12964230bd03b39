"""Write the officer's workbook from model-shaped data (Report.model_dump() or a blank from inputs.start).

Amounts are written as numbers (Decimal, never float) with format 0.00; None is an empty cell.
The output is byte-for-byte deterministic: fixed document dates and zip entry times.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from generator.catalog import load_catalog
from generator.errors import InputError
from generator.model.report import TARGET_RE
from generator.xlsx import layout as L
from generator.xlsx import overall as O

MONEY_FORMAT = "0.00"
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
GREY_FILL = PatternFill("solid", fgColor="E7E6E6")  # stated figures the toolkit computes anyway
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
SPARE_ROWS = 60  # formatted empty rows below the data, ready to fill
VALIDATE_TO = 1000  # drop-downs reach this far down


def workbook_bytes(data: dict, profile_dirs=None) -> bytes:
    """profile_dirs: where a city's own profile may be (it decides the sheet set)."""
    wb = build_workbook(data, profile_dirs)
    stamp = datetime(int(data.get("year") or 2000), 1, 1)
    wb.properties.creator = "disclosure"
    written_with = _workbook_name(data.get("profile"), profile_dirs)
    if written_with:  # the reader finds the sheets even where the city's own profile is not at hand
        from generator.xlsx.sheets import MARK
        wb.properties.keywords = MARK + written_with
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: that stamps `modified` with now
    return _fixed_zip_times(raw.getvalue())


def _workbook_name(profile_name, profile_dirs) -> str:
    from generator.errors import DisclosureError
    from generator.profile import load_profile
    try:
        return load_profile(str(profile_name), profile_dirs).workbook or "" if profile_name else ""
    except DisclosureError:
        return ""


def _fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_workbook(data: dict, profile_dirs=None) -> Workbook:
    if data.get("kind") == "final":  # 部门决算: its own sheet set (layout_final.py)
        from generator.xlsx.final_writer import build_final_workbook
        return build_final_workbook(data, profile_dirs)
    catalog = load_catalog(int(data.get("year") or 2000))
    wb = Workbook()
    guide = wb.active
    guide.title = L.GUIDE
    lists = _Lists(catalog)
    order = L.order_for_profile(data.get("profile"), profile_dirs)
    from generator.xlsx import declared as D  # here, as in declared_sheets: it pulls in the table engine and rules
    from generator.xlsx.own import sheet_for
    profile = D.for_profile(data.get("profile"), profile_dirs)
    own_spec = sheet_for(profile, order)  # the profile's own figures that no sheet of order holds
    _unplaced(data, order + ((own_spec, ""),) if own_spec else order)
    for spec, _ in order:
        ws = wb.create_sheet(spec.name)
        if isinstance(spec, L.PairSheet):
            _pairs(ws, spec, data)
        elif spec is L.DUTIES:
            _duties(ws, data, lists)
        elif spec.name == L.PURPOSES.name:
            _table(ws, spec, _purpose_rows(data), None, lists)
        elif spec is L.PROJECT_NOTES:
            _table(ws, spec, _note_rows(data), None, lists)
        elif spec.name == L.INDICATORS.name:
            _table(ws, spec, _indicator_rows(data), None, lists)
        elif spec.name == L.PROJECTS.name:
            _table(ws, spec, _project_rows(data), None, lists)
        elif spec is L.THREE_PUBLIC:
            _table(ws, spec, [_get(data, spec.path) or {}], None, lists, spare=0)
        elif spec.total == "label":  # rows with a 合计 row first, labelled in the first column
            table = _get(data, spec.path) or {}
            total = table.get("total")
            _table(ws, spec, table.get("rows") or [], total if isinstance(total, dict) else {"total": total}, lists)
        elif spec.total:
            table = _get(data, spec.path) or {}
            _table(ws, spec, table.get("rows") or [], table.get("total"), lists)
        else:
            _table(ws, spec, _get(data, spec.path) or [], None, lists)
    overall = ()
    if O.wanted(data, profile_dirs):  # the 整体支出绩效目标表, where the input or its profile has one
        overall = O.SHEETS
        _pairs(wb.create_sheet(O.TEXTS.name), O.TEXTS, data)
        _table(wb.create_sheet(O.FUNDS.name), O.FUNDS, O.fund_rows(data), None, lists, spare=0)
        _table(wb.create_sheet(O.INDICATORS.name), O.INDICATORS, O.indicator_rows(data, split_target), None, lists)
    notes = ()
    if (data.get("performance") or {}).get("disclosed") and L.table_sheet(order, L.PROJECT_NOTES.path) is None:
        notes = L.OPTIONAL  # projects described in words: their sheet, where the profile's workbook has none
        _table(wb.create_sheet(L.PROJECT_NOTES.name), L.PROJECT_NOTES, _note_rows(data), None, lists)
    own = ()
    if own_spec is not None:  # figures and words the profile names and its workbook has no row for
        own = ((own_spec, "模板配置自己增加的数字和文字（上年数、变动原因等）"),)
        _pairs(wb.create_sheet(own_spec.name), own_spec, data)
        _own_fields(wb[own_spec.name], own_spec)
    declared = declared_sheets(wb, data, profile, lists)
    _guide(guide, data, tuple(order) + overall + notes + own + declared,
           GUIDE_LINES + ((DECLARED_LINE,) if declared else ()))
    lists.write(wb.create_sheet(L.LISTS))
    return wb


def _own_fields(ws, spec: L.PairSheet) -> None:
    """Each row's field name, so that the sheet reads back without the profile (generator/xlsx/own.py)."""
    from generator.xlsx.own import FIELD
    _header(ws, 3, [(FIELD, 44, False)], first=4)
    for row, pair in enumerate(spec.pairs, 4):
        cell = ws.cell(row, 4, ".".join(pair.path))
        cell.border, cell.font = BOX, Font(color="999999")


def declared_sheets(wb, data: dict, profile, lists: "_Lists") -> tuple:
    """After the standard sheets, one per declared table of the profile (generator/xlsx/declared.py; the
    input's profile as D.for_profile loads it); returns (sheet, what) for the 填表说明 sheet."""
    from generator.xlsx import declared as D

    if profile is None:
        return ()
    out = []
    # the 项目情况说明 name is taken whether or not written: the reader cannot tell which
    for sheet in D.sheets(profile, [*wb.sheetnames, L.PROJECT_NOTES.name], data):
        table = _get(data, sheet.spec.path) or {}
        rows = [{c.key: D.cell_value(c, row.get(c.key)) for c in sheet.spec.columns}
                for row in table.get("rows") or [] if isinstance(row, dict)]
        total = table.get("total") if isinstance(table.get("total"), dict) else {}
        total = {c.key: D.cell_value(c, total.get(c.key)) for c in sheet.spec.columns if c.kind == "money"}
        _table(wb.create_sheet(sheet.spec.name), sheet.spec, rows, total, lists)
        what = f"模板配置声明的表：{sheet.title}（tables.{sheet.key}）"
        out.append((sheet.spec, what + ("；由其他表计算，填写则核对" if sheet.computed else "")))
    return tuple(out)


def _get(obj, path):
    for part in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _dotted(row, key: str):
    if key == "":
        return row
    return _get(row, key.split("."))


def _put(ws, row: int, col: int, value, kind: str, where: str, formula: bool = False):
    cell = ws.cell(row, col)
    try:
        cell.value = value
    except IllegalCharacterError:
        raise InputError("文字中含有 Excel 不允许的控制字符", where) from None
    if isinstance(value, str) and value.startswith("=") and not formula:
        cell.data_type = "s"  # text such as the operator "=" or "=100%", not a formula
    if kind == "money":
        cell.number_format = MONEY_FORMAT
    elif kind in ("code", "econ", "ucode"):
        cell.number_format = "@"
    elif kind == "int":
        cell.number_format = "0"
    if kind == "skip":
        cell.alignment = Alignment(vertical="top")
    if kind in ("text", "name"):
        cell.alignment = WRAP
        if isinstance(value, str) and not formula:
            _fit(ws, row, col, value)
    return cell


def _fit(ws, row: int, col: int, text: str) -> None:
    """Row height for wrapped text; spreadsheets do not grow rows for text written by a program."""
    width = ws.column_dimensions[get_column_letter(col)].width or 10
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # a CJK character is two units wide
    lines = min(-(-units // max(int(width) - 1, 1)), 25)
    if lines > 1:
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 15 * lines)


def _title(ws, title: str, note: str, width: int, money: bool = True) -> None:
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    ws.cell(2, 1, "。".join(filter(None, ["单位：万元" if money else "", note])))
    ws.cell(2, 1).font = Font(color="666666")


def _header(ws, row: int, headers: list[tuple[str, int, bool]], first: int = 1) -> None:
    for col, (text, width, optional) in enumerate(headers, first):
        cell = ws.cell(row, col, text)
        cell.font = Font(bold=True)
        cell.fill = GREY_FILL if optional else HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BOX
        ws.column_dimensions[get_column_letter(col)].width = width
        _fit(ws, row, col, text)  # a long header wraps: the row grows to show it


def _table(ws, spec: L.TableSheet, rows: list, total, lists: "_Lists", spare: int = SPARE_ROWS) -> None:
    columns = spec.columns
    _title(ws, spec.title, spec.note, len(columns), any(c.kind == "money" for c in columns))
    _header(ws, 3, [(c.header, c.width, c.optional) for c in columns])
    row = 4
    if spec.total:
        _total_row(ws, spec, total)
        row = 5
    first = row
    economic = any(c.kind == "econ" for c in columns)
    for i, item in enumerate(rows):
        for col, column in enumerate(columns, 1):
            value = i + 1 if column.kind == "skip" else _dotted(item, column.key)
            _cell(ws, row, col, column, value, lists, economic, f"{spec.name}!{get_column_letter(col)}{row}")
        row += 1
    for _ in range(spare):
        for col, column in enumerate(columns, 1):
            _cell(ws, row, col, column, None, lists, economic, "")
        row += 1
    ws.freeze_panes = f"C{first}" if spec.total else f"A{first}"
    _validations(ws, spec, first, lists)


def _cell(ws, row, col, column: L.Column, value, lists: "_Lists", economic: bool, where: str) -> None:
    formula = column.kind == "name" and value is None
    if formula:
        value = lists.name_formula(row, economic)
    elif column.kind == "money" and not column.optional and column.blank_zero and value == 0:
        value = None  # a blank is 0: zeros in every source column would hide the figures
    cell = _put(ws, row, col, value, column.kind, where, formula)
    cell.border = BOX
    if column.optional:
        cell.fill = GREY_FILL


def _total_row(ws, spec: L.TableSheet, total) -> None:
    for col, column in enumerate(spec.columns, 1):
        if column.kind in ("code", "econ") or (spec.total == "label" and col == 1):
            value = L.TOTAL_LABEL
        elif column.kind == "name" or (spec.total == "label" and column.kind != "money"):
            value = None
        elif spec.total == "scalar":
            value = total
        else:
            value = (total or {}).get(column.key)
        kind = "money" if column.kind == "money" else "text"
        cell = _put(ws, 4, col, value, kind, f"{spec.name}!{get_column_letter(col)}4")
        cell.fill, cell.border, cell.font = GREY_FILL, BOX, Font(bold=True)


def _pairs(ws, spec: L.PairSheet, data: dict) -> None:
    _title(ws, spec.title, spec.note, 3, any(p.kind == "money" for p in spec.pairs))
    _header(ws, 3, [("项目", 36, False), ("填报内容", 80, False), ("说明", 40, False)])
    for row, pair in enumerate(spec.pairs, 4):
        value = _get(data, pair.path)
        if pair.kind == "kind":
            value = L.KIND_NAMES.get(value, value)
        ws.cell(row, 1, pair.label).border = BOX
        cell = _put(ws, row, 2, value, "text" if pair.kind == "kind" else pair.kind, f"{spec.name}!B{row}")
        cell.border = BOX
        if "可不填" in pair.label:
            cell.fill = GREY_FILL
        ws.cell(row, 3, pair.note).border = BOX
        ws.cell(row, 3).font = Font(color="666666")
        if pair.kind == "kind":
            _list_validation(ws, f"B{row}", '"' + ",".join(L.KIND_NAMES.values()) + '"', "报告类型", stop=True)
    ws.freeze_panes = "A4"


def _purpose_rows(data: dict) -> list[dict]:
    """item_purposes, previous.items and reasons.items: one row per code, or per part of a 项 explained in
    parts (the 项's previous figure and reason on its first row)."""
    exp = data.get("explanations") or {}
    purposes = exp.get("item_purposes") or {}
    previous = (exp.get("previous") or {}).get("items") or {}
    reasons = (exp.get("reasons") or {}).get("items") or {}
    codes = list(dict.fromkeys([*purposes, *previous, *reasons]))
    titles = exp.get("item_names") or {}
    codes = list(dict.fromkeys([*codes, *titles]))
    rows = []
    for c in codes:
        item = {"code": c, "previous": previous.get(c), "reason": reasons.get(c), "title": titles.get(c)}
        purpose = purposes.get(c)
        if not isinstance(purpose, list):
            rows.append({**item, "purpose": purpose})
            continue
        for i, part in enumerate(purpose):
            rows.append({**(item if i == 0 else {"code": c}), "part": part.get("part"),
                         "part_amount": part.get("amount"), "purpose": part.get("purpose")})
    return rows


def _note_rows(data: dict) -> list[dict]:
    """performance.disclosed: one row per funding source (one row without any), the project's amount,
    purpose and table on its first row. Neighbours of one name would read back as one project: refused."""
    rows, last = [], None
    for i, note in enumerate((data.get("performance") or {}).get("disclosed") or []):
        name = (note.get("project"), note.get("unit"))
        if last is not None and name[0] == last[0] and name[1] in (None, "", last[1]):  # would read as one
            raise InputError(f"项目情况说明中相邻的两项说明同一个项目“{name[0]}”：工作簿中同名的相邻行是同一项，"
                             "请合并或调整顺序", f"performance.disclosed[{i}]")
        last = name
        first = {"project": name[0], "unit": name[1], "amount": note.get("amount"), "purpose": note.get("purpose"),
                 "table": note.get("table")}
        funds = list((note.get("funds") or {}).items()) or [(None, None)]
        for j, (source, amount) in enumerate(funds):
            rows.append({**(first if j == 0 else {"project": name[0], "unit": name[1]}), "source": source,
                         "source_amount": amount})
    return rows


def _unplaced(data: dict, order) -> None:
    """What the profile's workbook has no place for is refused by name, not lost on the way: a 项 explained
    in parts (its 科目用途 sheet needs the 部分 column), a described project's field without its column, and a
    count without its row (in the profile's sheets or 其他填报项)."""
    exp = data.get("explanations") or {}
    parted = [c for c, p in (exp.get("item_purposes") or {}).items() if isinstance(p, list)]
    columns = {c.key for s, _ in order if isinstance(s, L.TableSheet) and s.name == L.PURPOSES.name for c in s.columns}
    if parted and "part" not in columns:
        raise InputError(f"科目 {parted[0]} 分部分说明，但这个工作簿的“{L.PURPOSES.name}”表没有“部分”列，无法写入",
                         f"explanations.item_purposes.{parted[0]}")
    # a project described in words: the profile's own sheet, else 项目情况说明
    sheet = L.table_sheet(order, L.PROJECT_NOTES.path) or L.PROJECT_NOTES
    held = {c.key for c in sheet.columns} | ({"funds"} if any(c.key == "source" for c in sheet.columns) else set())
    for i, note in enumerate((data.get("performance") or {}).get("disclosed") or []):
        for key, value in note.items():
            if value not in (None, "", {}) and key not in held:
                raise InputError(f"这个工作簿的“{sheet.name}”表没有填写这一项的列，无法写入（城市自己的工作簿样式须列出它）",
                                 f"performance.disclosed[{i}].{key}")
    rows = {p.path for s, _ in order if isinstance(s, L.PairSheet) for p in s.pairs}
    for key, value in (exp.get("counts") or {}).items():
        if value is not None and ("explanations", "counts", key) not in rows:
            raise InputError("这个工作簿没有填写这个个数的行，无法写入（城市自己的工作簿样式须列出它）",
                             f"explanations.counts.{key}")


def _project_rows(data: dict) -> list[dict]:
    """Projects, with a 资金投入计划 as its kind (占比/金额) and one cell per quarter."""
    rows = []
    for project in (data.get("performance") or {}).get("projects") or []:
        plan = project.get("plan")
        if plan:
            kind = next(k for k, v in L.PLAN_KINDS.items() if plan.get(v) is not None)
            quarters = plan[L.PLAN_KINDS[kind]]
            project = {**project, "plan": {"kind": kind, **{f"q{i}": q for i, q in enumerate(quarters, 1)}}}
        rows.append(project)
    return rows


def _indicator_rows(data: dict) -> list[dict]:
    rows = []
    for project in (data.get("performance") or {}).get("projects") or []:
        for ind in project.get("indicators") or []:
            if any(ind.get(k) is not None for k in ("direction", "value", "measure")):  # parts the text cannot give
                op, value, unit = ind.get("direction") or "", ind.get("value"), ind.get("measure") or ""
            else:
                op, value, unit = split_target(ind.get("target") or "")
            rows.append({"project": project.get("name"), "project_unit": project.get("unit") or None,
                         "level1": ind.get("level1"), "level2": ind.get("level2"),
                         "name": ind.get("name"), "op": op or None, "value": value, "unit": unit or None,
                         "polarity": ind.get("polarity"), "detail": ind.get("detail")})
    return rows


def split_target(target: str):
    """“≥1.7万人” → ("≥", 1.7 as Decimal, "万人") when the parts give back exactly the same text."""
    match = TARGET_RE.match(target)
    if not target:
        return "", None, ""
    if match and match["op"] + match["num"] + match["unit"] == target:
        num = match["num"]
        # a number cell only when reading it back gives the same digits (not "1.70" or "05")
        plain = Decimal(num).normalize()
        same = format(plain, "f") == num and len(plain.as_tuple().digits) <= 15
        return match["op"], (plain if same else num), match["unit"]
    return "", target, ""


def _validations(ws, spec: L.TableSheet, first: int, lists: "_Lists") -> None:
    for col, column in enumerate(spec.columns, 1):
        rng = f"{get_column_letter(col)}{first}:{get_column_letter(col)}{VALIDATE_TO}"
        if column.kind == "code":
            _list_validation(ws, rng, lists.function_range(), "功能分类科目",
                             "从下拉列表选择7位项级科目编码，或直接输入。")
        elif column.kind == "econ":
            _list_validation(ws, rng, lists.economic_range(), "经济分类科目",
                             "从下拉列表选择经济分类科目编码（3位类级或5位款级），或直接输入。")
        elif column.kind == "nature":
            _list_validation(ws, rng, '"' + ",".join(L.NATURES) + '"', "经费性质", "可从下拉列表选择，也可直接输入。")
        elif column.kind == "op":
            _list_validation(ws, rng, '"' + ",".join(L.OPERATORS) + '"', "符号", "≥ ≤ = > <，文字指标不填。")
        elif column.key == "level1" and spec is L.INDICATORS:
            _list_validation(ws, rng, '"' + ",".join(L.LEVEL1) + '"', "一级指标", "可从下拉列表选择。")


def _list_validation(ws, rng: str, source: str, title: str, prompt: str = "", stop: bool = False) -> None:
    # "warning" lets an officer keep a pasted value that is not in the list; the checks decide.
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorStyle="stop" if stop else "warning", errorTitle=title,
                        error="不在下拉列表中，请确认。", promptTitle=title, prompt=prompt or None,
                        showInputMessage=bool(prompt))
    dv.add(rng)
    ws.add_data_validation(dv)


class _Lists:
    """The hidden 代码表 sheet: A:B every function code and name, D 项 codes (drop-down), F:G economic."""

    def __init__(self, catalog):
        self.functional = sorted(catalog.functional.items())
        self.items = [code for code, _ in self.functional if len(code) == 7]
        self.economic = sorted(catalog.economic.items())

    def function_range(self) -> str:
        return f"'{L.LISTS}'!$D$2:$D${len(self.items) + 1}"

    def economic_range(self) -> str:
        return f"'{L.LISTS}'!$F$2:$F${len(self.economic) + 1}"

    def name_formula(self, row: int, economic: bool) -> str:
        # the catalogue name, shown to the officer; the reader ignores name formulas (the model looks names up)
        lookup = "$F:$G" if economic else "$A:$B"
        return f'=IF(A{row}="","",IFERROR(VLOOKUP(TEXT(A{row},"0"),\'{L.LISTS}\'!{lookup},2,FALSE),""))'

    def write(self, ws) -> None:
        for col, text in ((1, "功能分类编码"), (2, "名称"), (4, "项级编码"), (6, "经济分类编码"), (7, "名称")):
            ws.cell(1, col, text).font = Font(bold=True)
        for row, (code, name) in enumerate(self.functional, 2):
            ws.cell(row, 1, code)
            ws.cell(row, 2, name)
        for row, code in enumerate(self.items, 2):
            ws.cell(row, 4, code)
        for row, (code, name) in enumerate(self.economic, 2):
            ws.cell(row, 6, code)
            ws.cell(row, 7, name)
        ws.sheet_state = "hidden"


GUIDE_LINES = (
    "金额单位：万元，保留两位小数（最多六位）。金额格子留空即为 0；可以粘贴文本格式的数字或带千分位的数字。",
    "只填明细：各表按项级（7位）功能分类科目逐行填写。类、款行和合计行由程序计算，不要插入小计行（如填写，程序会核对）。",
    "以下内容由程序计算，不需要填写：收支预算总表、财政拨款收支预算总表、各表的类/款/合计行、“三公”经费合计和"
    "公务用车小计、人员经费和公用经费、政府采购合计、车辆合计。",
    "灰色的格子（“合计”行、“合计”列、“可不填”的项目）可以不填；填写后程序会与明细之和核对，用于检查粘贴的表格。",
    "科目名称由代码目录自动带出，可以不填；如填写，程序会与目录名称核对。",
    "科目编码、经费性质、报告类型、指标符号和一级指标有下拉列表，也可以直接输入或粘贴（编码是数字也可以）。",
    "请不要修改工作表名称和表头文字、不要删除列；可以在右侧增加备注列（程序不读取），行与行之间可以留空行。",
    "文字内容句末是否加句号见各表说明；报告的固定文字由模板生成，这里只填各部门自己的内容。",
    "填好后运行 disclosure validate 本文件.xlsx 检查：每个问题都会指出工作表和单元格，如 收入预算总表!D7。",
)
DECLARED_LINE = ("最后几张表是模板配置声明的表：列与公开的表样一致，表头“组·列”（如 本年收入·小计）指表头中该组下的列；"
                 "灰色的列（合计、小计）和第一行“合计”可不填，填写则核对。金额写明的 0 照填，留空为未填。")


def _guide(ws, data: dict, order=L.ORDER, lines=GUIDE_LINES) -> None:
    year, dept = data.get("year") or "", data.get("department") or ""
    kind = L.KIND_NAMES.get(data.get("kind") or "budget", "部门预算")
    ws.cell(1, 1, f"{year}年度{dept}{kind}公开数据填报表").font = Font(bold=True, size=14)
    ws.merge_cells("A1:C1")
    ws.cell(3, 1, "填写须知").font = Font(bold=True)
    row = 4
    for i, line in enumerate(lines, 1):
        ws.cell(row, 1, f"{i}. {line}").alignment = WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    _header(ws, row, [("工作表", 26, False), ("内容", 50, False), ("填写说明", 80, False)])
    for spec, what in order:
        row += 1
        for col, text in enumerate((spec.name, what, spec.note), 1):
            cell = ws.cell(row, col, text)
            cell.alignment, cell.border = WRAP, BOX
    ws.freeze_panes = "A2"


def _duties(ws, data: dict, lists: _Lists) -> None:
    """One row per duty, or per sub-paragraph of a duty (its text on the first of them)."""
    rows, numbers = [], []
    for n, item in enumerate(_get(data, L.DUTIES.path) or [], 1):
        if isinstance(item, dict):
            details = item.get("details") or [None]
            for i, detail in enumerate(details):
                rows.append({"text": item.get("text") if i == 0 else None, "detail": detail})
                numbers.append(n if i == 0 else None)
        else:
            rows.append({"text": item, "detail": None})
            numbers.append(n)
    _table(ws, L.DUTIES, rows, None, lists)
    for row, number in enumerate(numbers, 4):
        ws.cell(row, 1).value = number
