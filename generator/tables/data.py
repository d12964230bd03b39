"""A declared table's input, checked against its declaration and arranged in print order.

The input holds rows under `tables.<key>.rows` with the declared columns (and `tables.<key>.total`, the
合计 as published, where given). Only detail rows are needed: 类/款 subtotals, unit and department
rows, 小计 columns and 合计 are computed; a stated one is printed as published and checked (R-TAB-*).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import TypeAdapter, ValidationError

from generator.money import ZERO
from generator.model.types import Money, _code_text
from generator.rules.engine import ERROR, Finding
from generator.tables.declare import TableDecl, leaf_types

MONEY = TypeAdapter(Money)
STRUCTURAL = {"code", "name", "code_name", "unit_code", "unit_name", "label"}
LEVEL = {3: "类", 5: "款", 7: "项"}


@dataclass
class Node:
    key: str  # identity: a code, or unit/code
    code: str
    name: str
    level: str  # 部门 / 单位 / 类 / 款 / 项 / 行
    values: dict[str, Decimal]
    detail: bool = True
    index: int | None = None  # the input row it came from
    parent: str | None = None
    text: dict[str, str] = field(default_factory=dict)
    stated: dict[str, Decimal] = field(default_factory=dict)  # a subtotal row's figures as published
    computed: dict[str, Decimal] = field(default_factory=dict)  # the sums of its children
    entered: set[str] = field(default_factory=set)  # the amounts its input row states

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass
class TableData:
    decl: TableDecl
    money: list[str]  # the money columns, in print order
    nodes: list[Node]  # print order (without the 合计)
    total: dict[str, Decimal]  # the 合计 as printed
    computed_total: dict[str, Decimal]
    stated_total: dict[str, Decimal] = field(default_factory=dict)
    from_model: bool = False  # the rows are a model table's (its own rules check it: R-TOTAL-ROWS, R-HIER-*)
    flat: bool = False  # one row, entered as a mapping of its columns (tables.<key>.<column>)

    def path(self, index: int | None, column: str) -> tuple:
        """Where a row's figure was entered (for locations)."""
        if self.flat or index is None:
            return ("tables", self.decl.key, column) if self.flat else ("tables", self.decl.key, "total", column)
        return ("tables", self.decl.key, "rows", index, column)

    def value(self, column: str, code: str | None = None) -> Decimal:
        if code is None:
            return self.total.get(column, ZERO)
        node = next((n for n in self.nodes if n.key == code), None)
        if node is not None:
            return node[column]
        return sum((n[column] for n in self.details() if n.code.startswith(code)), ZERO)

    @property
    def computed(self) -> bool:
        return is_computed(self.decl)

    def details(self) -> list[Node]:
        return [n for n in self.nodes if n.detail]

    @property
    def empty(self) -> bool:
        return not any(self.total.get(c) for c in self.money) and not any(n.text for n in self.nodes)


def is_computed(decl: TableDecl) -> bool:
    """Computed from other tables (derived, fixed lines, figure columns): the input states none of it."""
    if decl.derive or decl.rows.source or decl.rows.by in ("lines", "sides", "blocks"):
        return True  # from other tables, from the report's own lists (单位构成), or from figures
    return decl.rows.by == "single" and all(leaf.column.value is not None or leaf.group for leaf in decl.leaves())


def input_tables(profile) -> list[TableDecl]:
    """The declared tables an input may hold under `tables.<key>` (the workbook's declared sheets), in the
    profile's table order, then the rest: not the model's own tables. `is_computed` tells which need input."""
    from generator.model.final import FinalTables
    from generator.model.report import BudgetTables
    from generator.tables.declare import FROM_PROJECTS, declarations, read_yaml

    decls = declarations(profile, read_yaml(profile.layout_file()))
    model = set((FinalTables if profile.kind == "final" else BudgetTables).model_fields)
    order = [s.key for s in profile.tables if s.key in decls] + [k for k in decls if k not in {s.key for s in profile.tables}]
    return [decls[k] for k in order if k not in model and decls[k].rows.by not in FROM_PROJECTS]


def _money_columns(decl: TableDecl, words: dict) -> list[str]:
    """The amount columns: the printed ones, and any that a relation adds up without printing it."""
    types = leaf_types(decl, words)
    printed = [leaf.key for leaf in decl.leaves() if leaf.key not in STRUCTURAL and types[leaf.key] == "money"]
    named = [k for rel in decl.column_relations() for k in ([rel.sum] if rel.sum else []) + list(rel.of)]
    return printed + [k for k in dict.fromkeys(named) if k not in printed]


def row_sums(decl: TableDecl, money: list[str]) -> dict[str, list[str]]:
    """Column → the columns it adds up: declared relations, 小计 groups, and 合计 = the other amounts."""
    sums: dict[str, list[str]] = {}
    for leaf in decl.leaves():
        if leaf.group:
            sums[leaf.key] = [k for k in leaf.group if k in money]
    for rel in decl.column_relations():
        if rel.sum:
            sums[rel.sum] = list(rel.of)
    if "total" in money and "total" not in sums:
        inner = {k for parts in sums.values() for k in parts}
        grouped = set(sums) - {"total"}
        # 合计 adds the top-level amounts: a group's 小计 stands for its parts
        sums["total"] = [k for k in money if k != "total" and (k in grouped or k not in inner)]
    return sums


def _fill(values: dict[str, Decimal], sums: dict[str, list[str]], entered: set[str]) -> None:
    """Computed columns of one row, innermost first, where the input does not state them."""
    for _ in range(len(sums) + 1):
        for key, parts in sums.items():
            if key not in entered:
                values[key] = sum((values.get(p, ZERO) for p in parts), ZERO)


def is_flat(decl: TableDecl, raw) -> bool:
    """A one-row table entered as a mapping of its columns (tables.<key>.<column>), not under rows:."""
    return decl.rows.by == "single" and isinstance(raw, dict) and "rows" not in raw


def read_rows(decl: TableDecl, raw, words: dict, sources, where: tuple) -> tuple[list[dict], dict, list[Finding]]:
    """Type the input rows (amounts, codes, text); every problem a located finding."""
    findings: list[Finding] = []
    allowed = {leaf.key for leaf in decl.inputs()} | {"code", "name", "unit_code", "unit_name"}
    types = leaf_types(decl, words)
    labels = {leaf.key: leaf.label or (words.get(leaf.key) or {}).get("label", leaf.key) for leaf in decl.inputs()}
    if raw is None:
        raw = {}
    flat = is_flat(decl, raw)
    if flat:  # one row, written as a mapping of its columns
        raw = {"rows": [raw]} if raw else {}
    if not isinstance(raw, dict):
        return [], {}, [Finding("S-TABLE", ERROR, "应为键值对（rows: 行列表，total: 合计）", sources.get(where), decl.key)]
    for extra in set(raw) - {"rows", "total"}:
        findings.append(Finding("S-TABLE", ERROR, f"表中有未知的键“{extra}”（应为 rows 或 total）",
                                sources.get(where + (extra,)), decl.key))
    rows_raw = raw.get("rows") or []
    if not isinstance(rows_raw, list):
        findings.append(Finding("S-TABLE", ERROR, "rows 应为行的列表", sources.get(where + ("rows",)), decl.key))
        rows_raw = []
    rows = []
    for i, row in enumerate(rows_raw):
        at = where if flat else where + ("rows", i)
        if not isinstance(row, dict):
            findings.append(Finding("S-TABLE", ERROR, "每一行应为“列: 值”的键值对", sources.get(at), decl.key))
            continue
        typed: dict = {}
        for col, value in row.items():
            if col not in allowed:
                known = "、".join(f"{labels.get(k, k)}（{k}）" for k in labels if k not in STRUCTURAL) or "无"
                findings.append(Finding("S-TABLE", ERROR, f"未知的列“{col}”；本表的列：{known}",
                                        sources.get(at + (col,)), decl.key))
                continue
            kind = "code" if col in ("code", "unit_code") else types.get(col, "text")
            try:
                typed[col] = _typed(kind, value)
            except ValueError as exc:
                msg = str(exc).removeprefix("Value error, ")
                findings.append(Finding("S-AMOUNT" if kind == "money" else "S-TYPE", ERROR,
                                        f"“{labels.get(col, col)}”：{msg}", sources.get(at + (col,)), decl.key))
        rows.append(typed)
    total: dict = {}
    total_raw = raw.get("total") or {}
    money = _money_columns(decl, words)
    if not isinstance(total_raw, dict) and money:  # one figure: the 合计 of the first amount column
        total_raw = {money[0]: total_raw}
    if isinstance(total_raw, dict):
        for col, value in total_raw.items():
            try:
                total[col] = _typed("money", value)
            except ValueError as exc:
                findings.append(Finding("S-AMOUNT", ERROR, f"合计“{labels.get(col, col)}”：{exc}",
                                        sources.get(where + ("total", col)), decl.key))
    return rows, total, findings


def _typed(kind: str, value):
    if kind == "money":
        if value is None:
            raise ValueError("金额未填写（不需要时删去该项，或填 0）")
        try:
            return MONEY.validate_python(value)
        except ValidationError as exc:
            raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    if kind == "count":
        text = "" if value is None else str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if text and not text.isdigit():
            raise ValueError(f"“{value}”应为整数")
        return text
    if kind == "code":
        return str(_code_text(value) or "")
    return "" if value is None else str(value).strip()


def arrange(decl: TableDecl, rows: list[dict], stated_total: dict, words: dict, ctx) -> TableData:
    """Detail rows → the table as printed: hierarchy rows computed, stated ones kept, in print order."""
    money = _money_columns(decl, words)
    sums = row_sums(decl, money)
    by = decl.rows.by
    for row in rows:
        entered = {k for k in row if k in money}
        for leaf in decl.leaves():  # 经济分类 columns split by the profile's code lists
            if leaf.column.codes and leaf.key not in row:
                codes = ctx.personnel_codes if leaf.column.codes == "personnel" else ctx.public_codes
                base = row.get("total", row.get("amount", ZERO))
                row[leaf.key] = base if str(row.get("code", ""))[:3] in codes else ZERO
                entered.add(leaf.key)
        values = {k: row.get(k, ZERO) for k in money}
        _fill(values, sums, entered)
        row["_values"] = values
        row["_entered"] = entered
    if by in ("function", "economic"):
        nodes = _by_code(rows, money, ctx, by)
    elif by in ("unit", "unit_function"):
        nodes = _by_unit(rows, money, ctx, by)
    elif by == "unit_rows":
        nodes = _unit_rows(rows, money)
    else:
        nodes = [Node(str(i), str(r.get("code", "")), str(r.get("name", "")), "行", r["_values"], True, i, entered=r["_entered"],
                      text=_text(r, money))
                 for i, r in enumerate(rows)]
    details = [n for n in nodes if n.detail]
    computed_total = {k: sum((n[k] for n in details), ZERO) for k in money}
    if by in ("unit", "unit_function") and any(n.level == "部门" for n in nodes):
        departments = [n for n in nodes if n.level == "部门"]
        computed_total = {k: sum((n[k] for n in departments), ZERO) for k in money}
    total = {**computed_total, **{k: v for k, v in stated_total.items() if k in money}}
    return TableData(decl, money, nodes, total, computed_total, dict(stated_total))


def _text(row: dict, money: list[str]) -> dict[str, str]:
    return {k: str(v) for k, v in row.items() if not k.startswith("_") and k not in money and v is not None}


def _unit_rows(rows: list[dict], money: list[str]) -> list[Node]:
    """Free rows grouped under their unit (unit_code + unit), in input order: 政府采购 by unit and project."""
    out: list[Node] = []
    units: dict[str, Node] = {}
    for i, row in enumerate(rows):
        code, name = str(row.get("unit_code", "")), str(row.get("unit", row.get("unit_name", "")))
        key = f"{code}|{name}"
        if key not in units or out[-1].parent != key and out[-1].key != key:
            units[key] = Node(key, code, name, "单位", {k: ZERO for k in money}, False, computed={})
            out.append(units[key])
        unit = units[key]
        out.append(Node(f"{key}/{i}", "", str(row.get("name", "")), "项", row["_values"], True, i,
                        parent=key, text=_text(row, money), entered=row["_entered"]))
        for k in money:
            unit.values[k] += row["_values"].get(k, ZERO)
    for unit in units.values():
        unit.computed = dict(unit.values)
    return out


def _stated(row: dict) -> dict[str, Decimal]:
    """What a row states (a subtotal row prints these; the rest of its figures are summed)."""
    return {k: v for k, v in row["_values"].items() if k in row["_entered"]}


def _rollup(nodes: dict[str, Node], money: list[str]) -> None:
    """Each parent's values: the sum of its children as printed; a stated parent keeps its own."""
    children: dict[str, list[Node]] = {}
    for node in nodes.values():
        if node.parent:
            children.setdefault(node.parent, []).append(node)
    def value(node: Node) -> dict[str, Decimal]:
        kids = children.get(node.key)
        if not kids:
            return node.values
        sums = {k: ZERO for k in money}
        for kid in kids:
            kid_values = value(kid)
            for k in money:
                sums[k] += kid_values.get(k, ZERO)
        node.computed = sums
        node.values = {**sums, **node.stated}
        node.detail = False
        return node.values
    for node in nodes.values():
        if not node.parent:
            value(node)


def _by_code(rows: list[dict], money: list[str], ctx, by: str) -> list[Node]:
    decl_names = ctx.catalog.functional if by == "function" else ctx.catalog.economic
    lengths = (3, 5, 7) if by == "function" else (3, 5)
    nodes: dict[str, Node] = {}
    for i, row in enumerate(rows):
        code = str(row.get("code", ""))
        name = row.get("name") or decl_names.get(code, "")
        text = _text(row, money)
        nodes[code] = Node(code, code, name, LEVEL.get(len(code), "项"), row["_values"], True, i, entered=row["_entered"], text=text,
                           stated=_stated(row))
    for code in list(nodes):
        for n in lengths:
            parent = code[:n]
            if n < len(code) and parent not in nodes:
                nodes[parent] = Node(parent, parent, decl_names.get(parent, ""), LEVEL[n], {}, False)
    for code, node in nodes.items():
        parents = [code[:n] for n in lengths if n < len(code)]
        node.parent = parents[-1] if parents else None
        if not any(o != code and o.startswith(code) for o in nodes):
            node.stated = {}
    _rollup(nodes, money)
    return [nodes[k] for k in sorted(nodes)]


def _by_unit(rows: list[dict], money: list[str], ctx, by: str) -> list[Node]:
    """部门 → 单位 (→ the unit's 项 rows). Unit names: the row's, else the overview's units by code."""
    unit_names = {getattr(u, "code", ""): u.name for u in getattr(ctx.report.overview, "units", [])}
    nodes: dict[str, Node] = {}
    for i, row in enumerate(rows):
        code = str(row.get("code", "")) if by == "unit" else str(row.get("unit_code", ""))
        text = _text(row, money)
        if by == "unit_function" and row.get("code"):
            fcode = str(row["code"])
            name = row.get("name") or ctx.catalog.functional.get(fcode, "")
            nodes[f"{code}/{fcode}"] = Node(f"{code}/{fcode}", fcode, name, "项", row["_values"], True, i, entered=row["_entered"],
                                            parent=code, text=text)
            continue
        name = row.get("unit_name") or row.get("name") or unit_names.get(code, "")
        level = "部门" if len(code) <= 3 else "单位"
        nodes[code] = Node(code, code, name, level, row["_values"], True, i, entered=row["_entered"], text=text, stated=_stated(row))
    for node in list(nodes.values()):
        unit = node.parent or node.key
        if unit not in nodes:
            nodes[unit] = Node(unit, unit, unit_names.get(unit, ""), "单位", {}, False)
    department = ctx.department_code or next((k[:3] for k in nodes if "/" not in k and len(k) > 3), "")
    for node in list(nodes.values()):
        if node.level == "单位" and department and department not in nodes:
            nodes[department] = Node(department, department, ctx.report.department, "部门", {}, False)
        if node.level == "单位" and department:
            node.parent = department
    for node in nodes.values():
        if node.stated and not any(n.parent == node.key for n in nodes.values()):
            node.stated = {}
    _rollup(nodes, money)

    def order(node: Node):
        if node.level == "部门":
            return (node.key,)
        if node.level == "单位":
            return (department, node.key)
        return (department, node.parent or "", node.code)
    return sorted(nodes.values(), key=order)
