"""The workbook sheets of a profile's declared tables (generator.tables): one sheet per table that the
input holds under `tables.<key>`, with exactly the declared columns headed by their Chinese labels.

Shared by the writer and the reader, like layout.py; each sheet is a layout.TableSheet, so the same
header, cell and row helpers write and read it. A column of a group is headed `组·列` (本年收入·小计).
A table computed from others (derive, fixed lines) gets a sheet only when an input states its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.tables.data import MONEY, STRUCTURAL, input_tables, is_computed, is_flat, row_sums
from generator.tables.declare import Column as DeclColumn
from generator.tables.declare import TableDecl, column_type, leaf_types, vocabulary
from generator.xlsx import layout as L

SHEET_NAME_MAX = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
GROUP_SEP = "·"
ROW_KEYS = ("code", "name", "unit_code", "unit_name")  # what an input row may hold besides the declared columns
BY_NAMES = {"function": "按功能分类", "economic": "按经济分类", "unit": "按单位", "unit_function": "按单位和科目",
            "free": "逐项", "single": "一行", "lines": "固定行", "sides": "固定行"}
NOTES = {
    "function": "按项级（7位）功能分类科目逐行填写；类、款及合计由程序计算（如填写，程序会核对）。",
    "economic": "按经济分类款级（5位）科目填写；类级（3位）行可作为小计填写，程序会核对。",
    "unit": "每个单位一行（单位编码、单位名称）；部门行和合计由程序计算。",
    "unit_function": "每个单位一行（单位编码、名称），其下每个项级科目一行（单位编码和科目编码）；单位行的金额可不填，由科目行相加。",
    "free": "每项一行，按公开的表样填写；没有数据的空表保留表头即可。",
    "single": "只填一行。",
}
TOTAL_NOTE = "第一行“合计”可不填，填写则核对。"
REMARKS_NOTE = "请不要改动表头；备注请空一列写在表格右侧。"


@dataclass(frozen=True)
class DeclaredSheet:
    spec: L.TableSheet  # name, title, path ("tables", key), columns; total "label": a 合计 row first
    decl: TableDecl
    title: str  # the profile's title of the table
    computed: bool  # computed from other tables: a sheet only when the input states it

    @property
    def key(self) -> str:
        return self.decl.key

    def columns_text(self) -> str:
        """The declared columns' headers (a message lists them)."""
        return "、".join(c.header for c in self.spec.columns if c.required)


def _label(words: dict, key: str | None, given: str | None) -> str:
    return given or (words.get(key) or {}).get("label", key or "")


def _headed(decl: TableDecl, words: dict) -> list[tuple[str, str, DeclColumn]]:
    """(key, header, column) of every printed column, in the order of decl.leaves(); groups as `组·列`."""
    out: list[tuple[str, str, DeclColumn]] = []

    def walk(column: DeclColumn, groups: list[str]) -> None:
        label = _label(words, column.key, column.label)
        if not column.columns:
            out.append((column.key, GROUP_SEP.join(groups + [label]), column))
            return
        if column.subtotal:
            out.append((column.key, GROUP_SEP.join(groups + [label, column.subtotal]), column))
        for child in column.columns:
            walk(child, groups + [label])
    for column in decl.columns + decl.hidden:  # hidden: held by the input, not printed (政府采购 品类)
        walk(column, [])
    return out


def _kind(decl: TableDecl, words: dict, key: str, after_code: bool) -> str:
    by = decl.rows.by
    if key == "code":
        return {"function": "code", "unit_function": "code", "economic": "econ"}.get(by, "ucode")
    if key == "name" and after_code and by in ("function", "economic"):
        return "name"  # the catalogue name, looked up from the code in column A (may be left blank)
    kind = leaf_types(decl, words).get(key) or column_type(words, key)
    if key == "unit_code" or kind == "code":
        return "ucode"
    return {"money": "money", "count": "int"}.get(kind, "text")


def sheet_for(decl: TableDecl, profile, name: str, title: str, present: set[str] = frozenset()) -> DeclaredSheet:
    """The sheet of one declared table; `present`: keys an input's rows hold (they get a column too)."""
    words = vocabulary(profile)
    headed = _headed(decl, words)
    types = leaf_types(decl, words)
    money = [k for k, _, _ in headed if k not in STRUCTURAL and types.get(k, column_type(words, k)) == "money"]
    sums = row_sums(decl, money)
    seen: set[str] = set()
    declared = {k for k, _, column in headed if column.value is None}
    front, back = [], []
    for key, header, column in headed:
        if key in seen or (column.value is not None and key not in present):
            continue  # a figure column (by: single) shows a figure: nothing to enter
        seen.add(key)
        (back if key in money else front).append((key, header))
    for key in ROW_KEYS:  # an input row may name its code, name, unit (not declared): carried when it does
        if key in present and key not in seen:
            front.append((key, _label(words, key, None)))
            seen.add(key)
    columns = []
    headers = _unique([(key, header + ("（可不填）" if key in sums else "")) for key, header in front + back],
                      declared)
    code_first = bool(front) and front[0][0] == "code"
    for i, (key, _) in enumerate(front + back):
        kind = _kind(decl, words, key, code_first and i == 1)
        optional = key in sums  # 合计, 小计 and declared sums: computed, may be stated (grey)
        text = headers[key]
        width = {"money": 14, "int": 10, "ucode": 12, "code": 12, "econ": 12}.get(kind, 30 if kind == "name" else 24)
        width = max(width, min(30, _units(text) // 2 + 2))  # a long header on two lines at most
        # the declared columns must be there; those an input's rows added are read where present
        columns.append(L.Column(text, key, kind, width, optional=optional, required=key in declared, blank_zero=False))
    total = "label" if money and front else ""  # a stated 合计 row, labelled in the first column
    note = "".join(filter(None, [NOTES.get(decl.rows.by, ""), TOTAL_NOTE if total else "", REMARKS_NOTE]))
    spec = L.TableSheet(name, title, ("tables", decl.key), tuple(columns), total, note)
    return DeclaredSheet(spec, decl, title, is_computed(decl))


def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # a CJK character is two units wide


def _unique(headers: list[tuple[str, str]], declared: set[str]) -> dict[str, str]:
    """Key → header text, no two alike: the declared columns first, so that a column an input's rows
    added never changes a declared one's header (the writer and the reader agree without the data)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for key, text in sorted(headers, key=lambda kh: kh[0] not in declared):
        if L.header_text(text) in used:
            text = f"{text}{GROUP_SEP}{key}"  # two columns with one label: the key tells them apart
        used.add(L.header_text(text))
        out[key] = text
    return out


def sheet_names(decls: list[TableDecl], titles: dict[str, str], taken: set[str]) -> dict[str, str]:
    """Key → sheet name: the table's title, made valid and unique (a 收入预算总表 by unit next to the
    standard 收入预算总表 becomes 收入预算总表（按单位）)."""
    used = {re.sub(r"\s+", "", t) for t in taken}
    out = {}
    for decl in decls:
        title = re.sub(r"\s+", "", FORBIDDEN.sub("", titles.get(decl.key) or decl.key)).strip("'") or decl.key
        candidates = [title, f"{title}（{BY_NAMES.get(decl.rows.by, decl.key)}）"]
        candidates += [f"{title}（{n}）" for n in range(2, 100)]
        for candidate in candidates:
            suffix = candidate[len(title):]
            name = title[:SHEET_NAME_MAX - len(suffix)] + suffix
            if name not in used:
                break
        used.add(name)
        out[decl.key] = name
    return out


def sheets(profile, taken, data: dict | None = None) -> list[DeclaredSheet]:
    """The declared sheets of a profile's workbook after the sheets named `taken`: every table that takes
    input, and a computed one when `data` states its rows (data: model-shaped, or None for the reader)."""
    decls = input_tables(profile)
    titles = {d.key: d.description for d in decls if d.description} | {s.key: s.title for s in profile.tables}
    names = sheet_names(decls, titles, set(taken))
    tables = (data or {}).get("tables") or {}
    out = []
    for decl in decls:
        raw = tables.get(decl.key)
        if raw and is_flat(decl, raw):
            raw = tables[decl.key] = {"rows": [raw]}  # one row, entered as a mapping: the sheet's one row
        if data is not None and is_computed(decl) and not _has_rows(raw):
            continue
        # the reader knows no data: it accepts every column an input's rows may hold
        present = present_keys(raw) if data is not None else set(ROW_KEYS) | {leaf.key for leaf in decl.inputs()}
        out.append(sheet_for(decl, profile, names[decl.key], titles.get(decl.key) or decl.key, present))
    return out


def for_profile(name, profile_dirs=None):
    """The profile named in an input, or None where it cannot be loaded (validation reports that)."""
    from generator.errors import DisclosureError
    from generator.profile import load_profile
    if not name:
        return None
    try:
        return load_profile(str(name), profile_dirs)
    except DisclosureError:
        return None


def _has_rows(raw) -> bool:
    return isinstance(raw, dict) and bool(raw.get("rows") or raw.get("total"))


def present_keys(raw) -> set[str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("rows"), list):
        return set()
    return {k for row in raw["rows"] if isinstance(row, dict) for k, v in row.items() if v not in (None, "")}


def cell_value(column: L.Column, value):
    """A row's value as its cell shows it: amounts as numbers, counts as integers, the rest as entered."""
    if value is None or value == "":
        return None
    if column.kind == "money" and not isinstance(value, Decimal):
        try:
            return MONEY.validate_python(value)
        except ValueError:
            return value  # not an amount: written as typed, and reported where it is read
    if column.kind == "int" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value
