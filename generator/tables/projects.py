"""绩效目标表 as declared tables: rows of the report's projects (performance.projects), not of an input table.

`by: project` lays one project out as a form: the header block's rows as the declaration writes them
(label cells and the project's fields, with their spans), then the indicator block (a label cell spanning
it, a header row, one row per indicator, runs of equal 一级/二级 cells merged). `by: projects` lays every
project out in one wide table: one row per indicator, a project's own cells spanning its indicator rows.
Amounts are the model's (ProjectFunds, Plan); nothing is computed here but where a cell sits.
"""

from __future__ import annotations

from decimal import Decimal

from generator.errors import ProfileError
from generator.money import ZERO, fmt_amount
from generator.model.report import DIRECTIONS
from generator.report.tree import Cell, Table, place
from generator.tables.declare import Column, FormCell, TableDecl, header_leaves

# indicator column → how one indicator fills it
INDICATOR_KEYS = {
    "level1": lambda i: i.level1,
    "level2": lambda i: i.level2,
    "indicator": lambda i: i.name,
    "target": lambda i: i.target,
    "direction": lambda i: i.parts()[0],
    "direction_words": lambda i: DIRECTIONS.get(i.parts()[0], ""),
    "target_value": lambda i: i.parts()[1],
    "measure": lambda i: i.parts()[2],
    "polarity": lambda i: i.polarity or "",
    "detail": lambda i: i.detail or "",
}
# project column (by: projects) → the project's field
PROJECT_KEYS = {
    "unit_code": "unit_code", "unit_name": "unit", "project_name": "name", "amount": "funds.amount",
    "fiscal": "funds.fiscal", "carryover": "funds.carryover", "other": "funds.other", "goal": "goal",
    "period": "period",
}


def check(decl: TableDecl, where: str) -> None:
    """A 绩效目标表's columns are what a project or an indicator holds (a profile error otherwise)."""
    if decl.rows.by == "project":
        if decl.rows.indicators is None:
            raise ProfileError(f"{where}: 表格声明“{decl.key}”（by: project）需要 rows.indicators（指标块）")
        columns, known = decl.rows.indicators.columns, INDICATOR_KEYS
    else:
        columns, known = decl.columns, {**INDICATOR_KEYS, **PROJECT_KEYS, "seq": None}
    for leaf in header_leaves(columns):
        if leaf.key not in known:
            raise ProfileError(f"{where}: 表格声明“{decl.key}”的列“{leaf.key}”不是项目或绩效指标的字段"
                               f"（可用：{'、'.join(known)}）")


def field(project, report, path, where: str):
    """A project's field by its dotted path (funds.fiscal, plan.q1); `report.…` reaches the report."""
    if isinstance(path, list):
        return sum((_decimal(field(project, report, p, where), p, where) for p in path), ZERO)
    parts = str(path).split(".")
    item = report if parts[0] == "report" else project
    for part in parts[1:] if parts[0] == "report" else parts:
        if item is None:
            return None
        if part.startswith("q") and part[1:].isdigit() and hasattr(item, "q"):  # plan.q1: the first quarter
            n = int(part[1:])
            item = item.q[n - 1] if 0 < n <= len(item.q) else None
            continue
        if not hasattr(item, part):
            raise ProfileError(f"{where}: field“{path}”不是项目的字段（如 name、unit、goal、funds.fiscal、plan.q1）")
        item = getattr(item, part)
    return item


def _decimal(value, path, where) -> Decimal:
    if not isinstance(value, Decimal):
        raise ProfileError(f"{where}: field 列表“{path}”中只能是金额")
    return value


def _text(value, plan_shares: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):  # as the forms print it: 5699.00, a share 25%
        return f"{value.normalize():f}%" if plan_shares else fmt_amount(value, thousands=False)
    return str(value)


def merged(rows: list[list[str]], merge: list[bool]) -> list[list[int]]:
    """Each cell's rowspan (0: covered by the cell above): a merge column's run of equal cells is one cell,
    and a run ends where any merge column to its left starts a new cell."""
    spans = [[1] * len(merge) for _ in rows]
    for c, on in enumerate(merge):
        if not on:
            continue
        r = 0
        while r < len(rows):
            end = r + 1
            while (end < len(rows) and rows[end][c] == rows[r][c]
                   and all(spans[end][k] == 0 for k in range(c) if merge[k])):
                end += 1
            spans[r][c] = end - r
            for k in range(r + 1, end):
                spans[k][c] = 0
            r = end
    return spans


def _align(column: Column, default: str) -> str:
    return column.align or default


def _cell(column: Column, text: str, span: int) -> Cell:
    if column.merge:
        return Cell(text, rowspan=span, align=_align(column, "center"))
    return Cell(text, align=_align(column, "left"))


def _texts(indicators, columns: list[Column]):
    texts = [[INDICATOR_KEYS[c.key](ind) for c in columns] for ind in indicators]
    return texts, merged(texts, [c.merge for c in columns])


def indicator_rows(indicators, columns: list[Column]) -> list[list[Cell]]:
    """One row per indicator; merge columns span their runs (centred, as printed)."""
    texts, spans = _texts(indicators, columns)
    return [[_cell(c, text, n) for c, text, n in zip(columns, row, span) if n]
            for row, span in zip(texts, spans)]


def form(decl: TableDecl, project, report, caption: str, words: dict) -> Table:
    """One project's 绩效目标表 (by: project)."""
    where = f"表格声明“{decl.key}”"
    body = []
    for row in decl.rows.form:
        cells = []
        for c in row:
            if isinstance(c, str):
                cells.append(Cell(c))
                continue
            if c.text is not None:
                text = c.text
            else:
                shares = str(c.field).startswith("plan.") and project.plan is not None and project.plan.shares is not None
                text = _text(field(project, report, c.field, where), shares)
            cells.append(Cell(text, c.colspan, c.rowspan, c.align, c.bold))
        body.append(cells)
    block = decl.rows.indicators
    inds = project.indicators
    head = [Cell(c.label or (words.get(c.key) or {}).get("label", c.key), align="center", bold=block.bold_header)
            for c in block.columns]
    if block.label is not None:
        head = [Cell(block.label, rowspan=len(inds) + 1, align="center")] + head
    body.append(head)
    body += indicator_rows(inds, block.columns)
    widths = decl.widths or [1.0] * _form_width(decl)
    _check_grid(decl, body, len(widths), len(decl.rows.form))
    return Table(decl.key, caption, [], body, widths, unit=decl.unit or "", font_size=decl.font_size)


def _check_grid(decl: TableDecl, body: list[list[Cell]], ncols: int, form_rows: int) -> None:
    """Every row fills the table's columns exactly, spans included: a profile error names the row."""
    taken: dict[int, int] = {}
    for r, c, cell in place_all(body):
        for dr in range(cell.rowspan):
            taken[r + dr] = taken.get(r + dr, 0) + cell.colspan
    for r in range(len(body)):
        if taken.get(r, 0) != ncols:
            what = f"form 第{r + 1}行" if r < form_rows else "指标块"
            raise ProfileError(f"表格声明“{decl.key}”的 {what} 占 {taken.get(r, 0)} 列（含跨行、跨列），"
                               f"表有 {ncols} 列（widths）")


def place_all(rows: list[list[Cell]]):
    """(row, column, cell) of rows written HTML-style, without a column limit (report.tree.place)."""
    return place(rows, 10 ** 6)


def _form_width(decl: TableDecl) -> int:
    block = decl.rows.indicators
    return len(block.columns) + (1 if block.label is not None else 0)


def wide(layout, projects, caption: str, unit: str) -> Table:
    """Every project in one table (by: projects): one row per indicator; a project's cells span its rows."""
    from generator.tables.engine import header_rows

    decl, leaves = layout.decl, layout.leaves
    columns = [leaf.column for leaf in leaves if leaf.key in INDICATOR_KEYS]
    body = []
    for number, project in enumerate(projects, 1):
        texts, spans = _texts(project.indicators, columns)  # merged within the project only
        for r in range(len(texts)):
            cells, j = [], 0
            for leaf in leaves:
                if leaf.key in INDICATOR_KEYS:
                    if spans[r][j]:
                        cells.append(_cell(columns[j], texts[r][j], spans[r][j]))
                    j += 1
                elif r == 0:
                    cells.append(_project_cell(layout, leaf, project, number, len(texts)))
            body.append(cells)
    return Table(decl.key, caption, header_rows(decl, layout.words), body, decl.widths or [1.0] * len(leaves),
                 unit=decl.unit if decl.unit is not None else unit, font_size=decl.font_size)


def _project_cell(layout, leaf, project, number: int, span: int) -> Cell:
    if leaf.key == "seq":
        cell = Cell(str(number), align="center")
    else:
        value = field(project, None, PROJECT_KEYS[leaf.key], f"表格声明“{layout.decl.key}”")
        if isinstance(value, Decimal):
            cell = layout.num(value)
        else:
            cell = Cell(value or "", align=layout.align(leaf.key))
    cell.rowspan = span
    return cell
