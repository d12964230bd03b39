"""The table engine: declared tables read from the input, derived from each other, and laid out.

`read_tables` (pipeline) turns the input's `tables.<key>` into TableData, checked against the
declarations; `render` (report tree) lays one declared table out as header and body cells. Every number
comes from TableData or a figure reference; the renderers only place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.errors import ProfileError
from generator.money import ZERO, cents, fmt_amount
from generator.report.tables import cn_number
from generator.report.tree import Cell, Table
from generator.rules.engine import ERROR, Finding
from generator.tables.data import STRUCTURAL, TableData, arrange, is_flat, read_rows
from generator.tables.declare import FROM_FIGURES, FROM_PROJECTS, Column, Line, TableDecl, leaf_types, vocabulary
from generator.tables.values import Values

@dataclass
class Env:
    """What arranging a table needs besides its rows."""

    report: object
    catalog: object
    profile: object
    personnel_codes: tuple[str, ...] = ()
    public_codes: tuple[str, ...] = ()
    department_code: str = ""

    @classmethod
    def of(cls, report, profile, catalog) -> "Env":
        return cls(report, catalog, profile, tuple(profile.personnel_codes), tuple(profile.public_codes),
                   str(getattr(report, "department_code", "") or ""))


def read_tables(report, profile, decls: dict[str, TableDecl], catalog, sources,
                figures=None) -> tuple[dict[str, TableData], list[Finding]]:
    """The declared tables of an input, in declaration order, derived ones after their sources. Without
    `figures`, a table derived from one of the model's tables is left for `derive_tables`."""
    words = vocabulary(profile)
    extra = dict(getattr(report.tables, "model_extra", None) or {})
    findings: list[Finding] = []
    titles = {s.key: s.title for s in profile.tables}
    for key in extra:
        if key not in decls or decls[key].rows.by in FROM_PROJECTS:
            known = "、".join(f"{titles.get(k, k)}（{k}）" for k in decls) or "无"
            findings.append(Finding("S-TABLE", ERROR, f"未知的表“{key}”：模板配置“{profile.name}”声明的表有：{known}",
                                    sources.get(("tables", key)), key))
    env = Env.of(report, profile, catalog)
    out: dict[str, TableData] = {}
    pending = [k for k in decls if not decls[k].derive] + [k for k in decls if decls[k].derive]
    model_fields = set(type(report.tables).model_fields)
    for key in pending:
        decl, flat = decls[key], False
        if decl.rows.by in FROM_PROJECTS:
            continue  # the report's projects (performance.projects), laid out by generator.tables.projects
        if decl.rows.source:  # rows of the report itself (the units of 第一部分)
            rows, stated_total = source_rows(decl, report), {}
        elif key in model_fields:  # a table of the model, laid out by a declaration: its rows are the model's
            computed = decl.rows.by in FROM_FIGURES
            rows, stated_total = ([], {}) if computed else model_rows(decl, getattr(report.tables, key), words)
        else:
            rows, stated_total, problems = read_rows(decl, extra.get(key), words, sources, ("tables", key))
            findings += problems
            flat = is_flat(decl, extra.get(key))
        if decl.derive and not rows:
            if decl.derive.source not in decls and figures is None:
                continue  # from the model's figures: derive_tables, once they are computed
            source = out.get(decl.derive.source) or model_source(figures, decl.derive.source)
            if source is None:
                raise ProfileError(f"表格声明“{key}”的 derive.from“{decl.derive.source}”不是已声明的表，也不是模型中的表")
            rows = derived_rows(decl, source)
        out[key] = arrange(decl, rows, stated_total, words, env)
        out[key].from_model = key in model_fields
        out[key].flat = key not in model_fields and not decl.rows.source and flat
    return out, findings


def derive_tables(tables: dict[str, TableData], report, profile, decls: dict[str, TableDecl], catalog,
                  figures) -> None:
    """The declared tables computed from the model's figures (read_tables left them out)."""
    words = vocabulary(profile)
    env = Env.of(report, profile, catalog)
    for key, decl in decls.items():
        if key in tables or decl.rows.by in FROM_PROJECTS:
            continue
        source = model_source(figures, decl.derive.source)
        if source is None:
            raise ProfileError(f"表格声明“{key}”的 derive.from“{decl.derive.source}”不是已声明的表，也不是模型中的表")
        tables[key] = arrange(decl, derived_rows(decl, source), {}, words, env)
        tables[key].from_model = key in type(report.tables).model_fields


def source_rows(decl: TableDecl, report) -> list[dict]:
    """The items at a dotted path of the report (overview.units), with the declared columns."""
    items = report
    for part in decl.rows.source.split("."):
        items = getattr(items, part, None)
        if items is None:
            raise ProfileError(f"表格声明“{decl.key}”的 rows.source“{decl.rows.source}”不是报告中的列表")
    keep = {leaf.key for leaf in decl.leaves()} | {"name"}
    return [{k: v for k, v in item.model_dump().items() if k in keep} for item in items]


def model_rows(decl: TableDecl, table, words: dict) -> tuple[list[dict], dict]:
    """The rows of one of the model's tables, as a declared table reads them (its declared columns only)."""
    keep = ({leaf.key for leaf in decl.leaves()} | {"code", "name", "unit_code", "unit", "unit_name"}
            | {k for rel in decl.column_relations() for k in list(rel.of) + ([rel.sum] if rel.sum else [])})
    rows = [{k: v for k, v in r.model_dump(exclude_none=True).items() if k in keep}
            for r in getattr(table, "rows", None) or []]
    stated = getattr(table, "total", None)
    if hasattr(stated, "model_dump"):
        stated = {k: v for k, v in stated.model_dump(exclude_none=True).items() if k in keep}
    elif stated is not None:  # one stated figure: the table's one amount column
        types = leaf_types(decl, words)
        money = [leaf.key for leaf in decl.leaves() if types[leaf.key] == "money" and leaf.key not in STRUCTURAL]
        stated = {money[0]: stated} if money else {}
    return rows, stated or {}


@dataclass
class ModelSource:
    """A table of the model as the source of a derived table: its entered lines and their columns."""

    lines: list
    money: list[str]

    def details(self):
        return self.lines


def model_source(figures, key: str) -> ModelSource | None:
    source = getattr(figures, key, None)
    if hasattr(source, "shown_prefix"):
        return ModelSource([ln for ln in source.details], list(source.keys))
    if hasattr(source, "sum_of"):
        return ModelSource(list(source.lines), ["amount"])
    return None


def derived_rows(decl: TableDecl, source: TableData) -> list[dict]:
    """This table's detail rows, added up from another table's: by function code or by unit."""
    grouped: dict[str, dict] = {}
    by = decl.rows.by
    mapping = decl.derive.columns if decl.derive else {}
    wanted = {leaf.key: mapping.get(leaf.key, leaf.key) for leaf in decl.leaves()}
    for node in source.details():
        parent = getattr(node, "parent", None)
        if by == "unit" and node.level == "项":
            key = parent or node.code
            unit = source_node(source, key)
            head = {"code": key, "name": unit.name if unit else ""}
        else:  # by code: the same 项 (or 类/款) of every unit adds up
            key, head = node.code, {"code": node.code, "name": node.name}
        row = grouped.setdefault(key, dict(head))
        for column, from_column in wanted.items():
            if from_column in source.money:
                row[column] = row.get(column, ZERO) + node[from_column]
    return [grouped[k] for k in sorted(grouped)]


def source_node(data: TableData, key: str):
    return next((n for n in data.nodes if n.key == key), None)


# --- layout ----------------------------------------------------------------------------------

def header_rows(decl: TableDecl, words: dict) -> list[list[Cell]]:
    if decl.header is not None:
        return [[Cell(c, align="center", bold=True) if isinstance(c, str) else
                 Cell(c.text, c.colspan, c.rowspan, "center", True) for c in row] for row in decl.header]
    depth = max((_depth(c) for c in decl.columns), default=1)
    rows: list[list[Cell]] = [[] for _ in range(depth)]

    def label(key, given):
        return given or (words.get(key) or {}).get("label", key)

    def place(column: Column, level: int) -> None:
        if not column.columns:
            rows[level].append(Cell(label(column.key, column.label), 1, depth - level, "center", True))
            return
        width = sum(_width(c) for c in column.columns) + (1 if column.subtotal else 0)
        rows[level].append(Cell(label(column.key, column.label), width, 1, "center", True))
        if column.subtotal:
            rows[level + 1].append(Cell(column.subtotal, 1, depth - level - 1, "center", True))
        for child in column.columns:
            place(child, level + 1)
    for column in decl.columns:
        place(column, 0)
    out = [r for r in rows if r]
    if decl.numbers:
        leaves = decl.leaves()
        lead = 0
        while lead < len(leaves) and leaves[lead].key in STRUCTURAL | {"unit_code"}:
            lead += 1
        numbers = [Cell(decl.numbers_label, max(lead, 1), 1, "center", True)] if lead else []
        numbers += [Cell(str(i), align="center", bold=True) for i in range(1, len(leaves) - lead + 1)]
        out.append(numbers)
    return out


def _depth(column: Column) -> int:
    if not column.columns:
        return 1
    inner = max(_depth(c) for c in column.columns)
    return 1 + max(inner, 1 if column.subtotal else 0)


def _width(column: Column) -> int:
    if not column.columns:
        return 1
    return sum(_width(c) for c in column.columns) + (1 if column.subtotal else 0)


class Layout:
    """Lays out one declared table: body rows of cells, footers, the empty-table note."""

    def __init__(self, decl: TableDecl, data: TableData | None, values: Values, profile, categories=()):
        self.decl, self.data, self.values, self.profile = decl, data, values, profile
        self.words = vocabulary(profile)
        self.leaves = decl.leaves()
        self.zero = decl.zero if decl.zero is not None else profile.zero
        self.types = leaf_types(decl, self.words)
        self.categories = categories

    def type(self, key: str) -> str:
        return self.types.get(key, "money")

    def align(self, key: str) -> str:
        column = next((leaf.column for leaf in self.leaves if leaf.key == key), None)
        if column is not None and column.align:
            return column.align
        return "left" if self.type(key) == "text" else "center"

    def num(self, value: Decimal | None) -> Cell:
        if value is None:
            return Cell("")
        if cents(value) == 0:
            return Cell(self.zero, align="right")
        return Cell(fmt_amount(value, thousands=self.profile.table_thousands), align="right")

    def table(self, caption: str, unit: str) -> Table:
        body = getattr(self, f"_{self.decl.rows.by}")()
        body += [self._footer(row) for row in self.decl.footer]
        ncols = len(self.leaves)
        widths = self.decl.widths or [1.0] * ncols
        notes = [self.decl.empty] if self.decl.empty and self._empty() else []
        return Table(self.decl.key, caption, header_rows(self.decl, self.words), body, widths,
                     unit=self.decl.unit if self.decl.unit is not None else unit, notes=notes,
                     font_size=self.decl.font_size)

    def _empty(self) -> bool:
        if self.data is not None and self.decl.rows.by not in FROM_FIGURES:
            return self.data.empty
        return False

    # rows by classification or by unit
    def _row(self, node, by: str, number: int = 0) -> list[Cell]:
        cells = []
        item = node.level == "项"
        for leaf in self.leaves:
            k = leaf.key
            if k == "code":
                cells.append(Cell("" if by == "unit_function" and not item else node.code))
            elif k == "unit_code":
                cells.append(Cell((node.parent or "") if item else node.code))
            elif k in ("name", "unit_name", "label") and by == "unit_rows" and node.level == "单位":
                label = self.decl.rows.unit_format.format(code=node.code, name=node.name) if node.code else node.name
                cells.append(Cell(label, bold=True))
            elif k in ("name", "unit_name", "label"):
                cells.append(Cell(node.name, bold=node.level in ("部门", "单位") and by == "unit_function"))
            elif self.type(k) == "seq":
                cells.append(Cell(str(number), align=self.align(k)))
            elif k == "code_name":
                cells.append(Cell(f"{node.code} {node.name}".strip()))
            elif self.type(k) == "money":
                cells.append(self.num(node[k]))
            else:
                cells.append(Cell(node.text.get(k, ""), align=self.align(k)))
        return cells

    def _total_row(self, values: dict[str, Decimal]) -> list[Cell]:
        label = self.decl.rows.total or ""
        cells, placed = [], False
        names = [leaf.key for leaf in self.leaves if leaf.key in ("name", "unit_name", "code_name", "label")]
        target = self.decl.rows.total_column or (names[0] if names else self.leaves[0].key)
        for leaf in self.leaves:
            if leaf.key == target and not placed:
                cells.append(Cell(label, align="center", bold=True))
                placed = True
            elif self.type(leaf.key) == "money" and leaf.key not in STRUCTURAL:
                cells.append(self.num(values.get(leaf.key, ZERO)))
            else:
                cells.append(Cell(""))
        return cells

    def _with_total(self, rows: list[list[Cell]]) -> list[list[Cell]]:
        if self.decl.rows.total is None:
            return rows
        total = self._total_row(self.data.total)
        return [total] + rows if self.decl.rows.total_at == "top" else rows + [total]

    def _nodes(self):
        rows = self.decl.rows
        for node in self.data.nodes:
            if node.level in ("类", "款", "项") and node.level not in rows.levels:
                continue
            if rows.nonzero and not any(node[k] for k in self.data.money):
                continue
            if node.level == "部门" and not rows.department:
                continue
            yield node

    def _function(self):
        return self._with_total([self._row(n, "function") for n in self._nodes()])

    def _economic(self):
        nodes = list(self._nodes())
        mode = self.decl.rows.catalogue
        if mode != "entered":
            from generator.tables.data import Node
            have = {n.code for n in nodes}
            lengths = (3,) if mode == "classes" else (3, 5)
            names = self.values.catalog_economic
            extra = [Node(c, c, names[c], "类" if len(c) == 3 else "款", {}, False)
                     for c in names if len(c) in lengths and c not in have
                     and ("类" if len(c) == 3 else "款") in self.decl.rows.levels]
            nodes = sorted([n for n in nodes if len(n.code) in lengths] + extra, key=lambda n: n.code)
        return self._with_total([self._row(n, "economic") for n in nodes])

    def _unit(self):
        return self._with_total([self._row(n, "unit") for n in self._nodes()])

    def _unit_function(self):
        return self._with_total([self._row(n, "unit_function") for n in self._nodes()])

    def _free(self):
        return self._with_total([self._row(n, "free", i) for i, n in enumerate(self.data.nodes, 1)])

    def _unit_rows(self):
        return self._with_total([self._row(n, "unit_rows") for n in self.data.nodes])

    def _blocks(self):
        """Column blocks (code | name | amount) side by side, each over one list of the catalogue's codes."""
        names = self.values.catalog_economic
        columns = []
        for block in self.decl.rows.blocks:
            listed = self.profile.personnel_codes if block.codes == "personnel" else self.profile.public_codes
            codes = [c for c in names if c[:3] in listed]
            n, of = block.part
            size = len(codes) // of
            columns.append(codes[size * (n - 1): None if n == of else size * n])
        rows = []
        for i in range(max((len(c) for c in columns), default=0)):
            row: list[Cell] = []
            for block, codes in zip(self.decl.rows.blocks, columns):
                if i < len(codes):
                    row += [Cell(codes[i]), Cell(names.get(codes[i]) or ""), self.num(self.values.get(block.value, codes[i]))]
                else:
                    row += [Cell(""), Cell(""), Cell("")]
            rows.append(row)
        return rows

    def _single(self):
        cells = []
        refs = {leaf.key: leaf.column.value for leaf in self.leaves if leaf.column.value is not None}
        for leaf in self.leaves:
            if leaf.column.value is not None:
                cells.append(self.num(self.values.get(leaf.column.value)))
            elif leaf.group and all(k in refs for k in leaf.group):
                cells.append(self.num(self.values.get([refs[k] for k in leaf.group])))
            elif self.data is not None and self.data.nodes and leaf.key in self.data.money:
                cells.append(self.num(self.data.nodes[0][leaf.key]))
            elif self.data is not None and leaf.key in self.data.money:
                cells.append(self.num(self.data.total.get(leaf.key, ZERO)))
            else:
                cells.append(Cell(""))
        return [cells]

    # fixed lines
    def _numbered(self, lines: list[Line]) -> list[tuple[Line, str]]:
        counters = [0] * 5
        out = []
        styles = self.decl.rows.numbering
        for line in lines:
            lvl = line.level
            if line.numbered:
                counters[lvl - 1] += 1
                for deeper in range(lvl, 5):
                    counters[deeper] = 0
                style = styles[lvl - 1] if lvl - 1 < len(styles) else ""
                n = counters[lvl - 1]
                out.append((line, style.format(cn=cn_number(n), n=n) + line.label))
            else:
                out.append((line, line.label))
        return out

    def _line_cells(self, line: Line, text: str, money: list[str], number: int = 0) -> list[Cell]:
        cells = [Cell(text, align="center" if line.center else "left", bold=line.bold)]
        if self._seq:
            cells.append(Cell(str(number), align="center"))
        for i, k in enumerate(money):
            ref = line.values.get(k) if line.values else (line.value if i == 0 else None)
            cells.append(self.num(self.values.get(ref)) if ref is not None else Cell(""))
        return cells

    @property
    def _seq(self) -> bool:
        """A 行次 column: each fixed line's number."""
        return any(self.type(leaf.key) == "seq" for leaf in self.leaves)

    def _money_leaves(self, leaves) -> list[str]:
        return [leaf.key for leaf in leaves if self.type(leaf.key) == "money" and leaf.key not in STRUCTURAL]

    def _lines(self):
        money = self._money_leaves(self.leaves)
        return [self._line_cells(line, text, money, i)
                for i, (line, text) in enumerate(self._numbered(self.decl.rows.lines), 1)]

    def _side(self, side, leaves) -> list[list[Cell]]:
        money = self._money_leaves(leaves)
        rows = [self._line_cells(line, text, money) for line, text in self._numbered(side.first + side.lines)]
        if side.categories is not None:
            refs = side.categories if isinstance(side.categories, dict) else {money[0]: side.categories}
            for i, cat in enumerate(self.categories, 1):
                cells = [Cell(side.category_format.format(cn=cn_number(i), n=i, name=cat.name))]
                for k in money:
                    ref = refs.get(k)
                    cells.append(self.num(sum((self.values.get(ref, code) for code in cat.codes), ZERO))
                                 if ref is not None else Cell(""))
                rows.append(cells)
        rows += [self._line_cells(line, text, money) for line, text in self._numbered(side.after)]
        return rows

    def _sides(self):
        split = self.decl.rows.split or len(self.leaves) // 2
        left_leaves, right_leaves = self.leaves[:split], self.leaves[split:]
        left = self._side(self.decl.rows.left, left_leaves) if self.decl.rows.left else []
        right = self._side(self.decl.rows.right, right_leaves) if self.decl.rows.right else []
        rows = []
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else [Cell("") for _ in left_leaves]
            b = right[i] if i < len(right) else [Cell("") for _ in right_leaves]
            rows.append(a + b)
        return rows

    def _footer(self, row) -> list[Cell]:
        cells = []
        for c in row:
            if isinstance(c, dict) and "value" in c:
                cells.append(self.num(self.values.get(c["value"])))
            elif isinstance(c, dict):
                cells.append(Cell(str(c.get("text", "")), int(c.get("colspan", 1)), 1,
                                  c.get("align", "center"), bool(c.get("bold", True))))
            elif c is None:  # an empty cell
                cells.append(Cell(""))
            else:
                cells.append(Cell(str(c), align="center", bold=True))
        return cells


def render(decl: TableDecl, data: TableData | None, values: Values, profile, caption: str, unit: str,
           categories=()) -> Table:
    return Layout(decl, data, values, profile, categories).table(caption, unit)
