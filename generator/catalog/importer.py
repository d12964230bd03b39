"""Import a code list as a budget system exports it (CSV or workbook: code and name) into a profile or input
folder, as <dir>/catalog/<year>/functional.csv or economic.csv, which load_catalog then overlays on the
shipped catalogue. Every code is checked (format, parents present, no contradicting duplicates) before
anything is written; the result says what was added or renamed against the catalogue in force before.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import SUPPLIED_FILES, load_catalog, parent_codes
from generator.errors import InputError

KINDS = {"functional": ("支出功能分类", (3, 5, 7)), "economic": ("支出经济分类", (3, 5))}
LEVEL_ZH = {3: "类", 5: "款", 7: "项"}
CODE_HEADERS = {"code", "编码", "代码", "科目编码", "科目代码", "功能分类科目编码", "经济分类科目编码"}
NAME_HEADERS = {"name", "名称", "科目名称", "功能分类科目名称", "经济分类科目名称"}
JOINED_RE = re.compile(r"^\s*[\[［【]?(\d{3,7})[\]］】]?\s*[-－—:：]?\s*(.+?)\s*$")  # "[2080501]行政单位离退休"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass
class Entry:
    code: str
    name: str
    where: str  # file:line or file:sheet!A7


@dataclass
class Plan:
    year: int
    kind: str
    target: Path
    compared_with: str  # the catalogue in force before, in words
    entries: dict[str, str] = field(default_factory=dict)  # the target file's content after the import
    added: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old name, new name
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _code(value) -> str:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a code a spreadsheet stored as a number
        text = text[:-2]
    return text


def _pairs(rows: list[tuple[str, list]]) -> list[Entry]:
    """(location, cells) rows → entries; a header row (编码/名称) picks the columns, else the first two."""
    code_col, name_col, out = 0, 1, []
    for i, (where, cells) in enumerate(rows):
        cells = ["" if c is None else str(c).strip() for c in cells]
        if not any(cells):
            continue
        lowered = [c.lower() for c in cells]
        if any(c in CODE_HEADERS for c in lowered):
            code_col = next(j for j, c in enumerate(lowered) if c in CODE_HEADERS)
            name_col = next((j for j, c in enumerate(lowered) if c in NAME_HEADERS), code_col + 1)
            continue
        code = _code(cells[code_col]) if code_col < len(cells) else ""
        name = cells[name_col] if name_col < len(cells) else ""
        if not name and not code.isdigit():  # one cell holding both: "2080501 行政单位离退休"
            m = JOINED_RE.match(code)
            if m:
                code, name = m.group(1), m.group(2)
        if not out and not code.isdigit() and i < 5:
            continue  # a title line above the list
        out.append(Entry(code, name, where))
    return out


def _csv_rows(path: Path, data: bytes) -> list[tuple[str, list]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("不是 UTF-8 或 GB18030 编码的文本文件", str(path))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return [(f"{path.name}:{n}", row) for n, row in enumerate(reader, 1)]


def _xlsx_rows(path: Path) -> list[tuple[str, list]]:
    import openpyxl

    from generator.inputs.xlsx_bounds import check_workbook

    check_workbook(path.read_bytes(), path.name)  # zip bombs and the like, before openpyxl opens it
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a file openpyxl cannot open is not a workbook for us
        raise InputError(f"无法作为工作簿打开（{type(exc).__name__}）", str(path)) from None
    try:
        sheet = book.worksheets[0]
        return [(f"{path.name}:{sheet.title}!A{n}", list(row))
                for n, row in enumerate(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1), 1)]
    finally:
        book.close()


def read_code_list(path: Path) -> list[Entry]:
    path = Path(path)
    if not path.is_file():
        raise InputError("文件不存在", str(path))
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，不像科目代码表", str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        rows = _csv_rows(path, path.read_bytes())
    else:
        raise InputError("应为 .csv 或 .xlsx 文件（科目编码、科目名称两列）", str(path))
    if len(rows) > MAX_ROWS:
        raise InputError(f"超过 {MAX_ROWS} 行，不像科目代码表", str(path))
    entries = _pairs(rows)
    if not entries:
        raise InputError("没有读到任何科目（应有科目编码、科目名称两列）", str(path))
    return entries


def plan_import(path: Path, year: int, kind: str, into: Path) -> Plan:
    """Check a code list and work out the target file; nothing is written."""
    zh, lengths = KINDS[kind]
    target = Path(into) / "catalog" / str(year) / SUPPLIED_FILES[kind]
    before = load_catalog(year, [into])
    known = before.functional if kind == "functional" else before.economic
    plan = Plan(year, kind, target, before.described)
    entries = read_code_list(path)
    seen: dict[str, Entry] = {}
    for e in entries:
        if not (e.code.isdigit() and len(e.code) in lengths):
            want = "、".join(f"{n}位（{LEVEL_ZH[n]}）" for n in lengths)
            plan.errors.append(f"{e.where}  {zh}科目编码“{e.code}”格式错误：应为{want}数字")
            continue
        if not e.name:
            plan.errors.append(f"{e.where}  科目 {e.code} 没有名称")
            continue
        if e.code in seen and seen[e.code].name != e.name:
            plan.errors.append(f"{e.where}  科目 {e.code} 重复出现，名称“{e.name}”与{seen[e.code].where}的“"
                               f"{seen[e.code].name}”不同")
            continue
        seen.setdefault(e.code, e)
    for code, e in seen.items():
        for parent in parent_codes(code):
            if parent not in seen and parent not in known:
                plan.errors.append(f"{e.where}  科目 {code} 的上级科目 {parent}（{LEVEL_ZH[len(parent)]}）不在文件中，"
                                   f"也不在{before.described}中")
    if plan.errors:
        return plan
    existing = {}
    if target.is_file():
        with target.open(encoding="utf-8", newline="") as f:
            existing = {r["code"].strip(): r["name"].strip() for r in csv.DictReader(f)}
    plan.entries = dict(sorted({**existing, **{c: e.name for c, e in seen.items()}}.items()))
    for code, e in seen.items():
        if code not in known:
            plan.added.append((code, e.name))
        elif known[code] != e.name:
            plan.renamed.append((code, known[code], e.name))
        else:
            plan.unchanged += 1
    return plan


def write_plan(plan: Plan) -> None:
    from generator.inputs.save import write_file

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name"])
    writer.writerows(plan.entries.items())
    plan.target.parent.mkdir(parents=True, exist_ok=True)
    write_file(plan.target, out.getvalue().encode("utf-8"))
