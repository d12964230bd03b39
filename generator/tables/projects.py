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
from generator.money import ZERO, fmt_amount, fmt_percent
from generator.model.report import DIRECTIONS
from generator.report.tree import Cell, Table, place
from generator.tables.declare import Column, TableDecl, header_leaves

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
        if decl.rows.indicators is None and not decl.rows.form:
            raise ProfileError(f"{where}: 表格声明“{decl.key}”（by: project）需要 rows.form 或 rows.indicators（指标块）")
        columns, known = (decl.rows.indicators.columns if decl.rows.indicators else []), INDICATOR_KEYS
    else:
        columns, known = decl.columns, {**INDICATOR_KEYS, **PROJECT_KEYS, "seq": None}
    for leaf in header_leaves(columns):
        if leaf.key not in known:
            raise ProfileError(f"{where}: 表格声明“{decl.key}”的列“{leaf.key}”不是项目或绩效指标的字段"
                               f"（可用：{'、'.join(known)}）")


def field(item, report, path, where: str):
    """A field of the form's item (a project, a 自评 evaluation) by its dotted path (funds.fiscal, plan.q1);
    `report.…` reaches the report. A list of amounts is added up; a list of words is joined (≥ 95 %)."""
    if isinstance(path, list):
        values = [field(item, report, p, where) for p in path]
        if all(isinstance(v, Decimal) for v in values):
            return sum(values, ZERO)
        return "".join("" if v is None else str(v) for v in values)
    parts = str(path).split(".")
    if parts[0] == "report":
        item, parts = report, parts[1:]
    for part in parts:
        if item is None:
            return None
        if isinstance(item, dict):
            item = item.get(part)
            continue
        if part in INDICATOR_KEYS and hasattr(item, "parts"):  # an indicator's columns: direction_words …
            item = INDICATOR_KEYS[part](item)
            continue
        if part.startswith("q") and part[1:].isdigit() and hasattr(item, "q"):  # plan.q1: the first quarter
            n = int(part[1:])
            item = item.q[n - 1] if 0 < n <= len(item.q) else None
            continue
        if not hasattr(item, part):
            raise ProfileError(f"{where}: field“{path}”不是项目的字段（如 name、unit、goal、funds.fiscal、plan.q1）")
        item = getattr(item, part)
    return item


def _text(value, how: str | None = None, plan_shares: bool = False) -> str:
    if how == "rate":  # 执行率 as the 自评表 prints it: 98.50, or — where nothing was budgeted
        return fmt_percent(value).rstrip("%") if value is not None else "—"
    if value is None:
        return ""
    if how == "score" or (plan_shares and isinstance(value, Decimal)):  # 10, 7.5; a planned share 25%
        text = f"{value:f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return f"{text}%" if plan_shares else text
    if isinstance(value, Decimal):  # as the forms print amounts: 5699.00
        return fmt_amount(value, thousands=False)
    return str(value)


def _form_cell(c, item, report, where: str, span: int = 1) -> Cell:
    if isinstance(c, str):
        return Cell(c)
    if c.text is not None:
        text = c.text
    else:
        shares = (str(c.field).startswith("plan.") and getattr(getattr(item, "plan", None), "shares", None) is not None)
        text = _text(field(item, report, c.field, where), c.format, shares)
        text = c.map.get(text, text)
    return Cell(text, c.colspan, span if c.merge else c.rowspan, c.align, c.bold)


def _repeat(block, item, report, where: str) -> list[list[Cell]]:
    """A repeated block: its label spanning the header row and one row per item of its list."""
    items = field(item, report, block.each, where) or []
    rows = [[_form_cell(c, item, report, where) for c in block.header]]
    if block.label is not None:
        label = _form_cell(block.label, item, report, where)
        label.rowspan = 1 + len(items)
        rows[0].insert(0, label)
    cells = [c for c in block.cells]
    merge = [not isinstance(c, str) and c.merge for c in cells]
    keys = [[_form_cell(c, it, report, where).text if m else "" for c, m in zip(cells, merge)] for it in items]
    spans = merged(keys, merge)
    for it, span in zip(items, spans):
        rows.append([_form_cell(c, it, report, where, n) for c, n in zip(cells, span) if n])
    return rows


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


def form(decl: TableDecl, project, report, caption: str, words: dict, unit: str = "") -> Table:
    """One project's 绩效目标表 (by: project): the form's rows and repeated blocks, then the indicator block.
    `project` is what the form's fields name: a project, or a 自评 evaluation (its project, rates, score)."""
    where = f"表格声明“{decl.key}”"
    body = []
    for row in decl.rows.form:
        if isinstance(row, list):
            body.append([_form_cell(c, project, report, where) for c in row])
        else:
            body += _repeat(row, project, report, where)
    block, head_rows = decl.rows.indicators, len(body)
    if block is not None:
        inds = project.indicators
        head = [Cell(c.label or (words.get(c.key) or {}).get("label", c.key), align="center", bold=block.bold_header)
                for c in block.columns]
        if block.label is not None:
            head = [Cell(block.label, rowspan=len(inds) + 1, align="center")] + head
        body.append(head)
        body += indicator_rows(inds, block.columns)
    widths = decl.widths or [1.0] * _form_width(decl)
    _check_grid(decl, body, len(widths), head_rows)
    return Table(decl.key, caption, [], body, widths, unit=decl.unit if decl.unit is not None else unit,
                 font_size=decl.font_size)


def _check_grid(decl: TableDecl, body: list[list[Cell]], ncols: int, form_rows: int) -> None:
    """Every row fills the table's columns exactly, spans included: a profile error names the row."""
    taken: dict[int, int] = {}
    for r, c, cell in place_all(body):
        for dr in range(cell.rowspan):
            taken[r + dr] = taken.get(r + dr, 0) + cell.colspan
    for r in range(len(body)):
        if taken.get(r, 0) != ncols:
            what = f"form 第{r + 1}行" if r < form_rows else "指标块"  # rows of repeated blocks counted
            raise ProfileError(f"表格声明“{decl.key}”的 {what} 占 {taken.get(r, 0)} 列（含跨行、跨列），"
                               f"表有 {ncols} 列（widths）")


def place_all(rows: list[list[Cell]]):
    """(row, column, cell) of rows written HTML-style, without a column limit (report.tree.place)."""
    return place(rows, 10 ** 6)


def _form_width(decl: TableDecl) -> int:
    block = decl.rows.indicators
    if block is None:
        return max((sum(1 if isinstance(c, str) else c.colspan for c in row) for row in decl.rows.form
                    if isinstance(row, list)), default=1)
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
