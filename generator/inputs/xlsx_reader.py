"""Read the officer's workbook into the same plain data the YAML reader gives, plus cell locations.

Every scalar is handed over as text (never float); the model decides its type. The workbook is opened
twice: once for formulas (to tell typed values from formulas) and once for the values Excel cached.
Headers and labels are found by their text, so columns may move and extra columns are ignored.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from generator import limits
from generator.errors import InputError
from generator.inputs.xlsx_bounds import check_workbook
from generator.inputs.accepted import SHEET as ACCEPTED_SHEET
from generator.inputs.locations import Location, SourceMap
from generator.model.report import split_target
from generator.xlsx import layout as L
from generator.xlsx import overall as O
from generator.xlsx import own as OWN

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted workbooks and old .xls files
HEADER_SCAN = 15  # header rows are looked for this far down
MAX_COLUMNS = 200  # and this far right
FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
CODE_AND_NAME = re.compile(r"^(\d{3,7})\s+(\S.*)$")  # “2080501 行政单位离退休” pasted in one cell
KINDS = {v: k for k, v in L.KIND_NAMES.items()}


def read_workbook(path: Path, profile_dirs=None) -> tuple[dict, SourceMap]:
    """profile_dirs: where a city's own profile may be (its declared tables have sheets of their own)."""
    path = Path(path)
    book = _open(path)
    from generator.inputs.xlsx_final import FinalReader, workbook_kind  # 部门决算: its own sheets
    reader = (FinalReader if workbook_kind(book) == "final" else _Reader)(book, path.name, profile_dirs)
    data = reader.read()
    if book.has(ACCEPTED_SHEET.name):  # accepted findings (inputs/accepted.py): not part of the report
        reader.records(ACCEPTED_SHEET)
    return data, reader.sources


# --- opening -------------------------------------------------------------------------------

def _open(path: Path) -> "_Book":
    try:
        if not path.is_file():
            raise InputError("不是文件", path.name)
        size = path.stat().st_size
        if size > limits.WORKBOOK_BYTES:
            raise InputError(f"工作簿文件过大（{limits.size_text(size)}，上限 {limits.size_text(limits.WORKBOOK_BYTES)}）",
                             path.name)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法打开文件：{exc.strerror or type(exc).__name__}", path.name) from None
    if raw.startswith(OLE2):
        raise InputError("工作簿已加密（或是旧版 .xls 格式）：请在 Excel 中取消打开密码，另存为 .xlsx 后再导入", path.name)
    if not raw.startswith(b"PK"):
        raise InputError("不是 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx", path.name)
    check_workbook(raw, path.name)  # zip bombs, huge sheets: refused before openpyxl builds anything
    try:
        # from bytes, so a workbook saved under another extension still opens
        formulas = load_workbook(io.BytesIO(raw), data_only=False)
        values = load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise InputError("不是有效的 Excel 工作簿（.xlsx），文件可能已损坏：请在 Excel 或 WPS 中另存为 .xlsx", path.name) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; none should be a traceback
        raise InputError(f"无法读取工作簿（{type(exc).__name__}）：请在 Excel 或 WPS 中打开后另存为 .xlsx", path.name) from None
    return _Book(formulas, values, path.name)


class _Book:
    def __init__(self, formulas, values, file: str):
        self.formulas, self.values, self.file = formulas, values, file

    def written_with(self) -> str:
        """The workbook layout the writer recorded (xlsx/sheets.py), or ""."""
        from generator.xlsx.sheets import MARK
        keywords = self.formulas.properties.keywords or ""
        return keywords[len(MARK):] if keywords.startswith(MARK) else ""

    def has(self, name: str) -> bool:
        return name in {re.sub(r"\s+", "", n) for n in self.formulas.sheetnames}

    def sheet(self, name: str) -> "_Sheet":
        names = {re.sub(r"\s+", "", n): n for n in self.formulas.sheetnames}
        actual = names.get(name)
        if actual is None:
            have = "、".join(n for n in self.formulas.sheetnames if n not in (L.LISTS,))
            raise InputError(f"找不到工作表“{name}”（工作簿中有：{have}）。请不要删除工作表或改动表名", self.file)
        return _Sheet(self.formulas[actual], self.values[actual], name, self.file)


def number_text(value: float) -> str:
    """A float cell as the digits Excel shows (15 significant): 2080501.0 → 2080501, 0.1+0.2 → 0.3."""
    text = format(Decimal(format(value, ".15g")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = number_text(value)
    elif isinstance(value, (datetime, date, time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\xa0", " ").replace("\u3000", " ").strip()
    return text or None


class _Sheet:
    def __init__(self, formulas, values, name: str, file: str):
        self.f, self.v, self.name, self.file = formulas, values, name, file
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in formulas.merged_cells.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    if (row, col) != (rng.min_row, rng.min_col):
                        self.anchor[(row, col)] = (rng.min_row, rng.min_col)

    @property
    def max_row(self) -> int:
        return self.f.max_row

    def loc(self, row: int, col: int) -> Location:
        return Location(self.file, cell=f"{self.name}!{get_column_letter(col)}{row}")

    def text(self, row: int, col: int, kind: str = "text") -> str | None:
        if kind in L.TEXT_KINDS and (row, col) in self.anchor:
            row, col = self.anchor[(row, col)]  # a merged label applies to every row it spans
        cell = self.f.cell(row, col)
        value = cell.value
        if cell.data_type == "f":
            if kind == "name":
                return None  # the catalogue-name formula of the template: names come from the catalogue
            value = self.v.cell(row, col).value
            if value is None:
                raise InputError("单元格是公式，但工作簿没有保存计算结果：请在 Excel 或 WPS 中打开、保存后再导入，"
                                 "或把公式换成数值", str(self.loc(row, col)))
        return cell_text(value)

    def header(self, columns: tuple[L.Column, ...]) -> tuple[int, dict[str, int]]:
        """The header row (the one matching most headers) and the column of each key."""
        exact = {L.header_text(c.header): c for c in columns}  # first as written: 单位名称 ≠ 单位名称（科目）
        wanted: dict[str, L.Column] = {}
        for c in columns:
            wanted.setdefault(L.header_key(c.header), c)
        best, best_found = 0, {}
        for row in range(1, min(self.max_row, HEADER_SCAN) + 1):
            found = {}
            for col in range(1, min(self.f.max_column, MAX_COLUMNS) + 1):
                text = cell_text(self.f.cell(row, col).value)
                column = exact.get(L.header_text(text)) or wanted.get(L.header_key(text))
                if column is not None and column.key not in found:
                    found[column.key] = col
            if len(found) > len(best_found):
                best, best_found = row, found
        expected = "、".join(c.header for c in columns)
        if not best_found:
            raise InputError(f"找不到表头（应为：{expected}）。请不要修改或删除表头", str(self.loc(1, 1)))
        missing = [c.header for c in columns if c.required and c.key not in best_found]
        if missing:
            raise InputError(f"表头缺少列“{'”“'.join(missing)}”（可能被改名或删除）。表头应为：{expected}",
                             str(self.loc(best, 1)))
        return best, best_found


# --- reading -------------------------------------------------------------------------------

def _header(spec: L.TableSheet, key: str) -> str:
    """A column's header without its note, for messages: 上年预算数, 项目金额."""
    return next(L.header_key(c.header) for c in spec.columns if c.key == key)


def _plan(plan: dict, where) -> dict:
    """The 资金投入计划 columns (填法 and four quarters) as the model's plan: shares or amounts."""
    kind = plan.pop("kind", None) or "金额"
    if kind not in L.PLAN_KINDS:
        raise InputError(f"投入计划填法应为“占比”或“金额”，不是“{kind}”", str(where))
    return {L.PLAN_KINDS[kind]: [plan.get(f"q{i}") or "0" for i in range(1, 5)]}


def _split_code(cells: dict) -> None:
    """“2080501 行政单位离退休” pasted in one cell: the code, and the name where that is blank."""
    code, code_col = cells.get("code", (None, 0))
    split = CODE_AND_NAME.match(code or "")
    if split:
        cells["code"] = (split[1], code_col)
        if "name" in cells and cells["name"][0] is None:
            cells["name"] = (split[2], cells["name"][1])


class _Reader:
    def __init__(self, book: _Book, file: str, profile_dirs=None):
        self.book = book
        self.profile_dirs = profile_dirs
        self.sources = SourceMap(default=Location(file))
        self.sources.add((), Location(file))
        self.data: dict = {}

    def note(self, path: tuple, loc: Location) -> None:
        """Record a location; a container without its own entry points at its first value."""
        self.sources.add(path, loc)
        for n in range(1, len(path)):
            self.sources.entries.setdefault(tuple(path[:n]), loc)

    def put(self, path: tuple, text: str | None) -> None:
        if text is None:
            return
        target = self.data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = text

    def read(self) -> dict:
        for path in (("overview", "duties"), ("overview", "structure"), ("overview", "tasks"),
                     ("explanations", "previous"), ("explanations", "reasons", "three_public"),
                     ("other_matters", "operating_costs"), ("other_matters", "procurement"),
                     ("other_matters", "assets", "vehicles"), ("performance",), ("tables", "three_public")):
            target = self.data
            for part in path:
                target = target.setdefault(part, {})
        # the sheets present decide, so that a workbook of a city's own profile reads without that profile
        order = L.order_for_profile(self.profile_name(), self.profile_dirs, self.book.written_with())
        for spec, _ in order:
            if isinstance(spec, L.PairSheet):
                self.pairs(spec)
            elif spec is L.DUTIES:
                self.duties()
            elif spec.name == L.PURPOSES.name:
                self.purposes(spec)
            elif spec is L.PROJECT_NOTES:
                self.notes(spec)
            elif spec.name == L.INDICATORS.name:
                self.indicators(spec)
            elif spec is L.THREE_PUBLIC:
                self.three_public()
            elif spec.total == "label":
                self.labelled(spec)
            elif spec.total:
                self.table(spec)
            else:
                self.records(spec)
        if not any(spec.name == L.OVERVIEW.name and spec is L.OVERVIEW for spec, _ in order):
            self.data["overview"].pop("structure", None)  # a profile that does not print it
        if self.book.has(O.FUNDS.name):
            self.overall()
        if self.book.has(L.PROJECT_NOTES.name) and L.table_sheet(order, L.PROJECT_NOTES.path) is None:
            self.notes()  # projects described in words: older workbooks have no such sheet
        if self.book.has(OWN.NAME):
            self.own_fields()  # the profile's own figures and words (xlsx/own.py)
        self.declared({L.GUIDE, L.PROJECT_NOTES.name, OWN.NAME} | {spec.name for spec, _ in order}
                      | {spec.name for spec, _ in O.SHEETS})
        return self.data

    def overall(self) -> None:
        """The 整体支出绩效目标表's sheets (xlsx/overall.py) into performance.overall."""
        self.pairs(O.TEXTS)
        sheet = self.book.sheet(O.FUNDS.name)
        _, rows = self.rows(sheet, O.FUNDS)
        overall = self.data["performance"].setdefault("overall", {})
        keys = {L.header_key(label): key for label, key in O.LINES}
        for row, cells in rows:
            label, col = cells["line"]
            key = keys.get(L.header_key(label))
            if key is None:
                raise InputError(f"支出结构应为{'、'.join(k for k, _ in O.LINES)}之一，不是“{label or ''}”",
                                 str(sheet.loc(row, col)))
            line = self.record(sheet, O.OV + (key,), row, {k: v for k, v in cells.items() if k != "line"})
            if "plan" in line:
                line["plan"] = _plan(line["plan"], sheet.loc(row, col))
            if key != "total" or line:
                overall[key] = line
        sheet = self.book.sheet(O.INDICATORS.name)
        _, rows = self.rows(sheet, O.INDICATORS)
        for row, cells in rows:
            task = cells.get("task", (None, 0))[0]
            if task is None:
                target, path = overall.setdefault("indicators", []), O.OV + ("indicators",)
            else:
                tasks = overall.setdefault("tasks", [])
                if not tasks or tasks[-1]["name"] != task:
                    tasks.append({"name": task, "indicators": []})
                    for key, field in (("projects", "projects"), ("task_fiscal", "fiscal")):
                        text, col = cells.get(key, (None, 0))
                        if col:
                            self.note(O.OV + ("tasks", len(tasks) - 1, field), sheet.loc(row, col))
                        if text is not None:
                            tasks[-1][field] = text
                target, path = tasks[-1]["indicators"], O.OV + ("tasks", len(tasks) - 1, "indicators")
            target.append(self.indicator(sheet, path + (len(target),), row, cells))

    def declared(self, taken: set[str]) -> None:
        """The sheets of the profile's declared tables (xlsx/declared.py) into tables.<key>."""
        from generator.xlsx import declared as D
        profile = D.for_profile(self.data.get("profile"), self.profile_dirs)
        if profile is None:
            return  # an unknown profile: validation reports it
        for sheet in D.sheets(profile, taken):
            if self.book.has(sheet.spec.name):
                self.declared_table(sheet)
            elif not sheet.computed:  # a computed table's sheet is there only when the input states it
                raise InputError(f"找不到工作表“{sheet.spec.name}”：模板配置“{profile.name}”的“{sheet.title}”"
                                 f"（tables.{sheet.key}）填在这张表中，列为：{sheet.columns_text()}。"
                                 "请不要删除工作表或改动表名（disclosure init 可重新生成带这张表的工作簿）",
                                 self.book.file)

    def declared_table(self, sheet) -> None:
        """Rows as entered, one per row; a row whose first text reads 合计 holds the stated totals."""
        spec = sheet.spec
        ws = self.book.sheet(spec.name)
        head, rows = self.rows(ws, spec)
        self.unknown_headers(ws, sheet, head)
        money = [c.key for c in spec.columns if c.kind == "money"]
        table: dict = {"rows": []}
        for row, cells in rows:
            texts = sorted((col, text) for key, (text, col) in cells.items() if key not in money and text)
            if spec.total and texts and L.header_key(texts[0][1]).startswith(L.TOTAL_LABEL):
                path = spec.path + ("total",)
                self.note(path, ws.loc(row, texts[0][0]))
                stated = {}
                for key in money:
                    text, col = cells.get(key, (None, 0))
                    if col:
                        self.note(path + (key,), ws.loc(row, col))
                    if text is not None:
                        stated[key] = text
                if stated:
                    table["total"] = stated
                continue
            if any(c.key == "code" and c.kind in ("code", "econ") for c in spec.columns):
                _split_code(cells)
            table["rows"].append(self.record(ws, spec.path + ("rows", len(table["rows"])), row, cells))
        self.note(spec.path + ("rows",), ws.loc(head, 1))
        if table["rows"] or "total" in table or not sheet.computed:  # like the standard sheets: entered, if empty
            self.put(spec.path, table)

    def unknown_headers(self, ws: "_Sheet", sheet, head: int) -> None:
        """A header cell that is no declared column is an error (a remark column stands after a blank one)."""
        _, cols = ws.header(sheet.spec.columns)
        known = set(cols.values())
        for col in range(1, min(ws.f.max_column, MAX_COLUMNS) + 1):
            text = cell_text(ws.f.cell(head, col).value)
            if text is None and col > max(known):
                return
            if text is not None and col not in known:
                raise InputError(f"未知的列“{text}”：“{sheet.title}”的列为 {sheet.columns_text()}。"
                                 "请不要改动表头；备注请空一列写在表格右侧", str(ws.loc(head, col)))

    def profile_name(self) -> str | None:
        """The 模板配置 cell of the 部门概况 sheet: it decides which sheets the workbook has."""
        sheet = self.book.sheet(L.OVERVIEW.name)
        for row in range(1, sheet.max_row + 1):
            if L.header_key(sheet.text(row, 1)) == L.header_key("模板配置"):
                return sheet.text(row, 2)
        return None

    def labelled(self, spec: L.TableSheet) -> None:
        """Rows of a list, the first column of a stated 合计 row reading 合计 (项目支出表, 政府采购支出表)."""
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        table: dict = {"rows": []}
        first = spec.columns[0].key
        for row, cells in rows:
            if L.header_key(cells[first][0]).startswith(L.TOTAL_LABEL):
                amounts = {k: v for k, v in cells.items() if v[0] is not None and k != first}
                path = spec.path + ("total",)
                self.note(path, sheet.loc(row, cells[first][1]))
                if set(amounts) == {"total"}:  # one amount: the table's total
                    table["total"] = amounts["total"][0]
                elif amounts:
                    table["total"] = {k: text for k, (text, _) in amounts.items()}
                    for key, (_, col) in amounts.items():
                        self.note(path + (key,), sheet.loc(row, col))
                continue
            table["rows"].append(self.record(sheet, spec.path + ("rows", len(table["rows"])), row, cells))
        self.note(spec.path + ("rows",), sheet.loc(head, 1))
        self.put(spec.path, table)

    def pairs(self, spec: L.PairSheet) -> None:
        sheet = self.book.sheet(spec.name)
        head, cols = sheet.header((L.Column("项目", "label", "text"), L.Column("填报内容", "value", "text")))
        rows = {}
        for row in range(head + 1, sheet.max_row + 1):
            label = L.header_key(sheet.text(row, cols["label"]))
            if label:
                rows.setdefault(label, row)
        for pair in spec.pairs:
            row = rows.get(L.header_key(pair.label))
            if row is None and not pair.required:
                continue
            if row is None:
                raise InputError(f"找不到“{pair.label}”一行（项目列）。请不要修改或删除项目名称",
                                 str(sheet.loc(head, cols["label"])))
            self.note(pair.path, sheet.loc(row, cols["value"]))
            text = sheet.text(row, cols["value"], "text" if pair.kind != "money" else "money")
            if pair.kind == "kind" and text:
                text = KINDS.get(text) or ("final" if "决算" in text else "budget" if "预算" in text else text)
            self.put(pair.path, text)

    def duties(self) -> None:
        """A row with 职责内容 starts a duty; a row with only 分项内容 adds a sub-paragraph to the duty above."""
        spec = L.DUTIES
        sheet = self.book.sheet(spec.name)
        _, rows = self.rows(sheet, spec)
        items: list = []
        for row, cells in rows:
            text, text_col = cells["text"]
            detail, detail_col = cells.get("detail", (None, text_col))
            merged = (row, text_col) in sheet.anchor  # the duty's text merged over its sub-paragraph rows
            if text is not None and not merged:
                path = spec.path + (len(items),)
                self.note(path, sheet.loc(row, text_col))
                if detail is None:
                    items.append(text)
                    continue
                self.note(path + ("text",), sheet.loc(row, text_col))
                items.append({"text": text, "details": []})
            if detail is None:
                continue
            if not items:
                raise InputError("分项内容前面没有职责内容：请在这一行或上面的行填写“职责内容”",
                                 str(sheet.loc(row, detail_col)))
            if isinstance(items[-1], str):
                items[-1] = {"text": items[-1], "details": []}
            path = spec.path + (len(items) - 1, "details", len(items[-1]["details"]))
            self.note(path, sheet.loc(row, detail_col))
            items[-1]["details"].append(detail)
        self.put(spec.path, items)

    def rows(self, sheet: "_Sheet", spec: L.TableSheet):
        """(row number, {key: (text, column)}) for every row below the header that holds anything."""
        head, cols = sheet.header(spec.columns)
        self.sources.entries.setdefault(spec.path, sheet.loc(head, 1))  # 绩效目标指标 shares its path
        out = []
        for row in range(head + 1, sheet.max_row + 1):
            cells, filled = {}, False
            for column in spec.columns:
                if column.kind == "skip" or column.key not in cols:
                    continue
                col = cols[column.key]
                text = sheet.text(row, col, column.kind)
                if text is not None and column.kind in ("code", "econ"):
                    text = text.translate(FULLWIDTH)
                cells[column.key] = (text, col)
                filled = filled or (text is not None and column.kind != "name")  # a name alone is no row
            if filled:
                out.append((row, cells))
        return head, out

    def record(self, sheet: "_Sheet", path: tuple, row: int, cells: dict) -> dict | str | None:
        if "" in cells:  # a list of plain strings (主要职责)
            text, col = cells[""]
            self.note(path, sheet.loc(row, col))
            return text
        item: dict = {}
        first = min((col for _, col in cells.values()), default=1)
        self.note(path, sheet.loc(row, first))
        for key, (text, col) in cells.items():
            parts = tuple(key.split("."))
            self.note(path + parts, sheet.loc(row, col))
            if text is None:
                continue
            target = item
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = text
        return item

    def records(self, spec: L.TableSheet) -> None:
        sheet = self.book.sheet(spec.name)
        _, rows = self.rows(sheet, spec)
        items = []
        for row, cells in rows:
            item = self.record(sheet, spec.path + (len(items),), row, cells)
            if spec.name == L.PROJECTS.name:
                item.setdefault("funds", {})
                if "plan" in item:
                    item["plan"] = _plan(item["plan"], sheet.loc(row, min(c for _, c in cells.values())))
            items.append(item)
        self.put(spec.path, items)

    def table(self, spec: L.TableSheet) -> None:
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        table: dict = {"rows": []}
        for row, cells in rows:
            code, _ = cells["code"]
            label = L.header_key(code) or L.header_key(cells.get("name", (None, 0))[0])
            if label.startswith(L.TOTAL_LABEL):  # the stated 合计 row (“合  计” in a pasted table too)
                self.total(sheet, spec, table, row, cells)
                continue
            _split_code(cells)
            item = self.record(sheet, spec.path + ("rows", len(table["rows"])), row, cells)
            item.setdefault("code", "")  # a row with amounts but no code: the model says where
            table["rows"].append(item)
        self.note(spec.path + ("rows",), sheet.loc(head, 1))
        self.put(spec.path, table)

    def total(self, sheet: "_Sheet", spec: L.TableSheet, table: dict, row: int, cells: dict) -> None:
        path = spec.path + ("total",)
        self.note(path, sheet.loc(row, cells["code"][1]))
        amounts = {k: v for k, v in cells.items() if k not in ("code", "name")}
        if spec.total == "scalar":
            text, col = amounts["amount"]
            self.note(path, sheet.loc(row, col))
            if text is not None:
                table["total"] = text
            return
        stated = {}
        for key, (text, col) in amounts.items():
            self.note(path + (key,), sheet.loc(row, col))
            if text is not None:
                stated[key] = text
        if stated:
            table["total"] = stated

    def three_public(self, spec: L.TableSheet = L.THREE_PUBLIC) -> None:
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        if not rows:
            for column in spec.columns:  # all blank: every amount 0
                self.note(spec.path + (column.key,), sheet.loc(head + 1, 1))
            return
        if len(rows) > 1:
            raise InputError("“三公”经费表只填一行", str(sheet.loc(rows[1][0], 1)))
        row, cells = rows[0]
        self.data["tables"]["three_public"] = self.record(sheet, spec.path, row, cells)

    def purposes(self, spec: L.TableSheet = L.PURPOSES) -> None:
        """One row per 项, or one per part of a 项 explained in parts (same code, 部分 filled); the 项's
        上年预算数, 变动原因 and 科目全称 from whichever of its rows holds them."""
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        exp = self.data.setdefault("explanations", {})
        where = {"previous": ("previous", "items"), "reason": ("reasons", "items"), "title": ("item_names",)}
        where = {k: v for k, v in where.items() if any(c.key == k for c in spec.columns)}
        for sub in [*where.values(), ("item_purposes",)]:
            self.note(("explanations",) + sub, sheet.loc(head, 1))
        seen: dict[str, tuple[int, bool]] = {}  # code → (first row, explained in parts)
        for row, cells in rows:
            code = cells["code"][0] or ""
            parted = self.purpose(sheet, exp, code, row, cells, seen.get(code))
            seen.setdefault(code, (row, parted))
            for key, sub in where.items():
                text, col = cells.get(key, (None, 0))
                if text is None:
                    continue
                path = ("explanations",) + sub + (code,)
                target = exp
                for part in sub:
                    target = target.setdefault(part, {})
                if code in target:
                    raise InputError(f"科目 {code} 的“{_header(spec, key)}”已在 {self.sources.get(path).cell} 填写："
                                     "一个科目只填一次（分部分说明的科目填在第一行）", str(sheet.loc(row, col)))
                self.note(path, sheet.loc(row, col))
                target[code] = text

    def purpose(self, sheet, exp: dict, code: str, row: int, cells: dict, before) -> bool:
        """The 用途 of one row: the 项's text, or one part of it. Returns whether the row is a part."""
        part, part_col = cells.get("part", (None, 0))
        amount, amount_col = cells.get("part_amount", (None, 0))
        text, col = cells.get("purpose", (None, 0))
        code_cell = str(sheet.loc(row, cells["code"][1]))
        if part is None and amount is not None:
            raise InputError("填了部分金额，没有填部分名称：分部分说明的科目每个部分一行，部分名称和金额一起填",
                             str(sheet.loc(row, amount_col)))
        if before is not None and not (before[1] and part is not None):
            first = f"第 {before[0]} 行"
            which = f"科目 {code} " if code else "科目编码空白的行"
            why = ("一个科目只占一行，分部分说明时每个部分一行并都填写部分名称" if not before[1] and part is None
                   else "同一科目的各行要么都填部分名称（分部分说明），要么只有一行不填部分")
            raise InputError(f"{which}在{first}已经出现：{why}", code_cell)
        path = ("explanations", "item_purposes", code)
        if part is None:
            if text is not None:
                self.note(path, sheet.loc(row, col))
                exp.setdefault("item_purposes", {})[code] = text
            return False
        parts = exp.setdefault("item_purposes", {}).setdefault(code, [])
        if not parts:
            self.note(path, sheet.loc(row, part_col))
        path += (len(parts),)
        self.note(path, sheet.loc(row, part_col))
        item = {"part": part}
        for key, value, at in (("part", part, part_col), ("amount", amount, amount_col), ("purpose", text, col)):
            if at:
                self.note(path + (key,), sheet.loc(row, at))
            if value is not None:
                item[key] = value
        parts.append(item)
        return True

    def own_fields(self) -> None:
        """其他填报项: label | value | note | field name; the field name says where the value goes."""
        sheet = self.book.sheet(OWN.NAME)
        head, cols = sheet.header((L.Column("项目", "label", "text"), L.Column("填报内容", "value", "text"),
                                   L.Column(OWN.FIELD, "field", "text")))
        for row in range(head + 1, sheet.max_row + 1):
            field = sheet.text(row, cols["field"])
            if field is None:
                continue
            path = OWN.field_path(field, str(sheet.loc(row, cols["field"])))
            self.note(path, sheet.loc(row, cols["value"]))
            self.put(path, sheet.text(row, cols["value"]))

    def notes(self, spec: L.TableSheet = L.PROJECT_NOTES) -> None:
        """Projects described in words: neighbouring rows of one 项目名称 (and 实施单位) are one project, one
        funding source per row; its amount, purpose and table from the first row holding each."""
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        self.note(spec.path, sheet.loc(head, 1))
        notes: list[dict] = []
        for row, cells in rows:
            name, name_col = cells["project"]
            unit = cells.get("unit", (None, 0))[0]
            if name is None and not notes:
                raise InputError("项目名称不能为空（同一项目的各行都填写项目名称）", str(sheet.loc(row, name_col)))
            same = name == notes[-1]["project"] and unit in (None, notes[-1].get("unit")) if notes else False
            if notes and (name is None or same):  # a blank 实施单位 under the project's own continues it
                self.note_row(sheet, notes[-1], len(notes) - 1, row, cells)
                continue
            path = spec.path + (len(notes),)
            self.note(path, sheet.loc(row, name_col))
            self.note(path + ("project",), sheet.loc(row, name_col))
            notes.append({"project": name, "funds": {}})
            self.note_row(sheet, notes[-1], len(notes) - 1, row, cells)
        self.put(spec.path, notes)

    def note_row(self, sheet, note: dict, index: int, row: int, cells: dict) -> None:
        path = L.PROJECT_NOTES.path + (index,)
        for key in ("unit", "amount", "purpose", "table"):
            text, col = cells.get(key, (None, 0))
            if text is None:
                continue
            if key in note and note[key] != text:
                raise InputError(f"项目“{note['project']}”的“{_header(L.PROJECT_NOTES, key)}”已在 "
                                 f"{self.sources.get(path + (key,)).cell} 填写为“{note[key]}”：同一项目只填一次",
                                 str(sheet.loc(row, col)))
            if key not in note:
                self.note(path + (key,), sheet.loc(row, col))
                note[key] = text
        source, source_col = cells.get("source", (None, 0))
        amount, amount_col = cells.get("source_amount", (None, 0))
        if source is None:
            if amount is not None:
                raise InputError("填了来源金额，没有填资金来源", str(sheet.loc(row, amount_col)))
            return
        if source in note["funds"]:
            raise InputError(f"项目“{note['project']}”的资金来源“{source}”重复", str(sheet.loc(row, source_col)))
        if not note["funds"]:  # the split as a whole (R-EXPL-FUNDS): its first amount
            self.note(path + ("funds",), sheet.loc(row, amount_col))
        self.note(path + ("funds", source), sheet.loc(row, amount_col))
        note["funds"][source] = amount or "0"  # a blank amount is 0, as everywhere in the workbook

    def indicators(self, spec: L.TableSheet = L.INDICATORS) -> None:
        sheet = self.book.sheet(spec.name)
        _, rows = self.rows(sheet, spec)
        projects = self.data["performance"].get("projects", [])
        index = {}
        for i, project in enumerate(projects):
            index.setdefault(project.get("name"), i)
            index.setdefault((project.get("name"), project.get("unit")), i)  # a name shared by two units
            project.setdefault("indicators", [])
        for row, cells in rows:
            name, name_col = cells["project"]
            unit = cells.get("project_unit", (None, 0))[0]
            key = (name, unit) if unit is not None and (name, unit) in index else name
            if name is None or key not in index:
                raise InputError(f"项目“{name or ''}”不在“{L.PROJECTS.name}”表中：请先在该表填写项目，名称须一致",
                                 str(sheet.loc(row, name_col)))
            p = index[key]
            indicators = projects[p]["indicators"]
            indicators.append(self.indicator(sheet, ("performance", "projects", p, "indicators", len(indicators)),
                                             row, cells))

    def indicator(self, sheet, path: tuple, row: int, cells: dict) -> dict:
        """One indicator row: 一级/二级/三级, the target as 符号 / 指标值 / 单位, 指标性质 and 指标明细说明."""
        item = {}
        self.note(path, sheet.loc(row, cells["level1"][1]))
        for key in ("level1", "level2", "name"):
            text, col = cells[key]
            self.note(path + (key,), sheet.loc(row, col))
            if text is not None:
                item[key] = text
        parts = tuple(cells[k][0] or "" for k in ("op", "value", "unit"))
        target = "".join(parts)
        self.note(path + ("target",), sheet.loc(row, cells["value"][1]))
        if target:
            item["target"] = target
        if parts != split_target(target):  # ≥ 上年水平: parts that the one text would not give back
            item.update({k: v for k, v in zip(("direction", "value", "measure"), parts) if v})
            for k, c in zip(("direction", "value", "measure"), ("op", "value", "unit")):
                self.note(path + (k,), sheet.loc(row, cells[c][1]))
        for key in ("polarity", "detail"):  # columns a workbook may leave out
            if key in cells:
                text, col = cells[key]
                self.note(path + (key,), sheet.loc(row, col))
                if text is not None:
                    item[key] = text
        return item
