"""Table declarations: what a table *is* (its rows, columns, footers, relations), as data.

A declaration is one entry of a layout file under `templates/tables/` (or of the profile's own
`tables/<layout>.yaml`), or a file `tables/<key>.yaml` in the profile's folder that adds or replaces one
table. An entry is a declaration when its `rows` is a mapping with `by:`; older entries (a `header:` and
a builder) are layouts that the table builders read. docs/tables.md documents every key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import ProfileError

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
Ref = Union[str, list[str]]  # a figure reference, or several that are added up (generator.tables.values)


class Decl(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(Decl):
    """A column, or a group of columns under a common header cell (`columns:`)."""

    key: str | None = None
    label: str | None = None
    columns: list["Column"] = []
    subtotal: str | None = None  # a group's own 小计 column (its `key`), the sum of the group's columns
    value: Ref | None = None  # a computed column (rows by: single): the figure it shows
    codes: Literal["personnel", "public"] | None = None  # 经济分类: the amount, when its 类 is in that list
    type: Literal["money", "text", "code", "count", "seq"] | None = None  # instead of the vocabulary's type
    align: Literal["left", "center", "right"] | None = None  # instead of the type's alignment
    merge: bool = False  # 绩效目标表: a run of equal cells is one cell spanning its rows (一级/二级指标)

    @model_validator(mode="after")
    def _shape(self):
        if not self.columns and not self.key:
            raise ValueError("列需要 key（或一组 columns）")
        if self.subtotal and not self.key:
            raise ValueError("带 subtotal 的列组需要 key（小计列的键）")
        return self


class Line(Decl):
    """A fixed labelled line (收支总表, 三公 lines): its label, level of nesting and figure."""

    label: str
    value: Ref | None = None  # what it shows; none for a heading-only line
    values: dict[str, Ref] = {}  # several money columns: column → figure
    level: int = Field(1, ge=1, le=4)
    key: str | None = None  # names the line's figure, for `relations: [{sum: key, of: [keys]}]`
    numbered: bool = True  # takes the numbering of its level (一、 （一） 1、)
    bold: bool = False
    center: bool = False


class Side(Decl):
    """One side of a two-sided summary table: fixed lines, or the profile's category list."""

    lines: list[Line] = []
    categories: Ref | dict[str, Ref] | None = None  # one line per category of the profile's list, e.g.
    # expenditure.total, or {column: table.column} for several columns (each category adds its 类 codes)
    category_format: str = "{cn}、{name}"
    first: list[Line] = []  # lines printed before the categories
    after: list[Line] = []  # lines printed after them


class Block(Decl):
    """by: blocks — one column block (code | name | amount) over the catalogue's codes of one list."""

    codes: Literal["personnel", "public"]
    value: str  # the amounts, e.g. economic_basic.amount (one code each)
    part: list[int] = [1, 1]  # [n, of]: the n-th of `of` equal parts of the list (a list flowing on)


# Rows laid out from figures (references), never entered: fixed lines, two sides, one row, code blocks.
FROM_FIGURES = ("lines", "sides", "single", "blocks")
# Rows of the report's 绩效目标 projects (performance.projects): one form per project, or one wide table.
FROM_PROJECTS = ("project", "projects")


class FormCell(Decl):
    """A cell of a 绩效目标表's header block: fixed words (`text`) or what the project holds (`field`)."""

    text: str | None = None
    field: Ref | None = None  # a project's field (name, unit, funds.fiscal, plan.q1 …); report.… the report's
    colspan: int = Field(1, ge=1)
    rowspan: int = Field(1, ge=1)
    align: Literal["left", "center", "right"] = "left"
    bold: bool = False
    format: Literal["amount", "score", "rate"] | None = None  # 5699.00; a score 7.5; a rate 98.50 (none: —)
    map: dict[str, str] = {}  # the field's text → what prints (评价等级 优 → 优 (S≥90))
    merge: bool = False  # in a repeated block: a run of equal cells is one cell

    @model_validator(mode="after")
    def _shape(self):
        if (self.text is None) == (self.field is None):
            raise ValueError("表头块的单元格应为 {text: 文字} 或 {field: 项目的字段} 之一")
        return self


class Repeat(Decl):
    """A block of a form with one row per item of a list (goals, indicators, problems): a label cell
    spanning the block, a header row, then each item's cells (their fields are the item's)."""

    each: str  # the list, e.g. project.goals
    label: FormCell | None = None
    header: list[Union[str, FormCell]] = []
    cells: list[Union[str, FormCell]]


class Indicators(Decl):
    """The indicator block of a 绩效目标表: a label cell spanning it, a header row, one row per indicator."""

    label: str | None = None  # the cell left of the block (绩效目标指标); none: the block starts at the left
    columns: list[Column] = []
    bold_header: bool = True


class Rows(Decl):
    by: Literal["function", "economic", "unit", "unit_function", "unit_rows", "lines", "sides", "single", "free",
                "blocks", "project", "projects"]
    levels: list[Literal["类", "款", "项"]] = ["类", "款", "项"]
    nonzero: bool = False  # print only rows with a non-zero amount
    catalogue: Literal["entered", "classes", "full"] = "entered"  # 经济分类: the catalogue's 类 or full list
    total: str | None = "合计"  # the total row's label; null: no total row
    total_at: Literal["top", "bottom"] = "top"
    total_column: str | None = None  # the column that holds the total row's label (default: the name column)
    department: bool = True  # by unit: the department's own row under the 合计
    lines: list[Line] = []
    numbering: list[str] = ["{cn}、", "（{cn}）", "{n}、", "({n})"]
    left: Side | None = None
    right: Side | None = None
    split: int | None = None  # by sides: how many columns the left side has (default: half)
    blocks: list[Block] = []
    source: str | None = None  # by free: rows from the report itself, e.g. overview.units
    unit_format: str = "{name}"  # by unit_rows: a unit's label, e.g. "[{code}]{name}"
    form: list[Union[list[Union[str, FormCell]], Repeat]] = []  # by project: rows of cells, or repeated blocks
    indicators: Indicators | None = None  # by project: the indicator block under it


class Relation(Decl):
    """`sum` = the sum of `of` in every row; or this table's `column` equals `equals` (another table)."""

    sum: str | None = None
    of: list[str] = []
    column: str | None = None
    equals: str | None = None
    by: Literal["total", "code"] = "total"  # compare the 合计 only, or row by row (function codes)

    @model_validator(mode="after")
    def _shape(self):
        if bool(self.sum) == bool(self.equals):
            raise ValueError("关系应为 {sum, of} 或 {column, equals} 之一")
        if self.sum and not self.of:
            raise ValueError("sum 关系需要 of（相加的列）")
        if self.equals and not self.column:
            raise ValueError("equals 关系需要 column（本表的列）")
        return self


class Derive(Decl):
    """A table computed from another declared table, so each figure is entered once."""

    source: str = Field(alias="from")  # the table whose rows are added up (declared, or one of the model's)
    columns: dict[str, str] = {}  # this table's column → the source's, where the keys differ (total: amount)
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class HeaderCell(Decl):
    text: str
    colspan: int = 1
    rowspan: int = 1


class TableDecl(Decl):
    key: str = ""
    rows: Rows
    columns: list[Column] = []
    header: list[list[Union[str, HeaderCell]]] | None = None  # written out, where the columns' own won't do
    numbers: bool = False  # a 栏次 row (1 | 2 | 3 …) under the header
    numbers_label: str = "栏次"
    footer: list[list[Union[str, dict, None]]] = []  # rows after the body: text, {value: ref} and empty (null) cells
    zero: str | None = None  # how a zero amount prints (default: the profile's `zero`)
    orientation: Literal["portrait", "landscape"] = "portrait"
    widths: list[float] | None = None
    font_size: int | float = 10.5  # points (an int stays an int: 10pt, as the layouts print it)
    unit: str | None = None  # the line above the table (default 单位：万元)
    empty: str | None = None  # the note printed when the table has no amount
    relations: list[Relation] = []
    hidden: list[Column] = []  # columns the input holds that the table does not print (政府采购 品类)
    derive: Derive | None = None
    description: str = ""
    source: str = Field("", exclude=True)  # the file that declares it (set by `declarations`, for messages)

    @model_validator(mode="after")
    def _named_relations(self):
        named = self.figures()
        for rel in self.relations:
            if rel.sum in named and any(k not in named for k in rel.of):
                missing = "、".join(k for k in rel.of if k not in named)
                raise ValueError(f"关系 sum: {rel.sum} 是命名的数（行或表尾的 key），of 也须是：{missing} 不是")
        return self

    def leaves(self) -> list["Leaf"]:
        return [leaf for c in self.columns for leaf in _leaves(c)]

    def figures(self) -> dict[str, tuple[str, object]]:
        """The figures a fixed line or a footer cell names with `key`: key → (label as printed, reference).
        A footer cell's label is the text cell before it in its row."""
        out: dict[str, tuple[str, object]] = {}
        sides = [self.rows.left, self.rows.right]
        lines = list(self.rows.lines) + [ln for side in sides if side for ln in side.first + side.lines + side.after]
        for line in lines:
            if line.key and line.value is not None:
                out[line.key] = (line.label, line.value)
        for row in self.footer:
            label = ""
            for cell in row:
                if isinstance(cell, str):
                    label = cell
                elif isinstance(cell, dict) and "text" in cell:
                    label = str(cell["text"])
                elif isinstance(cell, dict) and cell.get("key") and "value" in cell:
                    out[str(cell["key"])] = (label, cell["value"])
        return out

    def column_relations(self) -> list["Relation"]:
        """The relations between columns (within each row); the others add up named figures."""
        named = self.figures()
        return [rel for rel in self.relations if rel.sum not in named]

    def inputs(self) -> list["Leaf"]:
        """Every column an input row may hold: the printed ones and the hidden ones."""
        return self.leaves() + [leaf for c in self.hidden for leaf in _leaves(c)]


class Leaf:
    """A printed column: its key, label and where its value comes from."""

    def __init__(self, column: Column, key: str, label: str | None, group: list[str] | None = None):
        self.column, self.key, self.label, self.group = column, key, label, group

    def __repr__(self) -> str:
        return f"Leaf({self.key})"


def _leaves(c: Column) -> list[Leaf]:
    if not c.columns:
        return [Leaf(c, c.key, c.label)]
    inner = [leaf for child in c.columns for leaf in _leaves(child)]
    own = [Leaf(c, c.key, c.subtotal, [leaf.key for leaf in inner])] if c.subtotal else []
    return own + inner


def header_leaves(columns: list[Column]) -> list[Leaf]:
    return [leaf for c in columns for leaf in _leaves(c)]


def is_declaration(entry) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("rows"), dict) and "by" in entry["rows"]


def parse(key: str, entry: dict, where: str) -> TableDecl:
    try:
        return TableDecl.model_validate({**entry, "key": key})
    except ValidationError as exc:
        first = exc.errors()[0]
        dotted = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "未知的键"
        raise ProfileError(f"{where}: 表格声明“{key}”的 {dotted}：{msg}") from None


@lru_cache(maxsize=16)
def _yaml(path: Path, mtime: float) -> dict:
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:  # a city's own declaration: its file and line, never a traceback
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ProfileError(f"{path}{line}: 表格声明的 YAML 语法错误：{getattr(exc, 'problem', None) or exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: 无法读取表格声明：{exc}") from None
    if data is not None and not isinstance(data, dict):
        raise ProfileError(f"{path}: 表格声明应为“键: 值”的映射")
    return data or {}


def read_yaml(path: Path) -> dict:
    return _yaml(path, path.stat().st_mtime)


def vocabulary(profile) -> dict[str, dict]:
    """Column keys → {label, type}: the shipped vocabulary plus the profile's own keys."""
    words = dict(read_yaml(TEMPLATES / "tables" / "vocabulary.yaml"))
    for key, value in (getattr(profile, "vocabulary", None) or {}).items():
        words[key] = value if isinstance(value, dict) else {"label": str(value)}
    return words


def column_type(words: dict, key: str) -> str:
    return (words.get(key) or {}).get("type", "money")


def leaf_types(decl: "TableDecl", words: dict) -> dict[str, str]:
    """Each column's type: the declaration's own, else the vocabulary's."""
    return {leaf.key: leaf.column.type or column_type(words, leaf.key) for leaf in decl.inputs()}


def declarations(profile, layout: dict) -> dict[str, TableDecl]:
    """Every declared table of a profile: its layout file's declarations and its own tables/<key>.yaml."""
    out: dict[str, TableDecl] = {}
    where: dict[str, str] = {}  # key → the file that declares it (for messages)
    layout_file = profile.layout_file()
    for key, entry in layout.items():
        if is_declaration(entry):
            out[key], where[key] = parse(key, entry, str(layout_file)), str(layout_file)
            out[key].source = where[key]
    own = Path(profile.folder) / "tables"
    if own.is_dir():
        for path in sorted(own.glob("*.yaml")):
            if path.stem == layout_file.stem:
                continue  # the profile's own layout file, read above
            entry = read_yaml(path)
            if is_declaration(entry):
                out[path.stem], where[path.stem] = parse(path.stem, entry, str(path)), str(path)
                out[path.stem].source = str(path)
    words = vocabulary(profile)
    for decl in out.values():
        if decl.rows.by in FROM_PROJECTS:
            from generator.tables.projects import check
            check(decl, where[decl.key])
        for leaf in decl.inputs():
            if leaf.key not in words:
                raise ProfileError(f"{where[decl.key]}: 表格声明“{decl.key}”的列“{leaf.key}”不在列词汇表中"
                                   f"（templates/tables/vocabulary.yaml；城市自己的列写在模板配置的 vocabulary: 下）")
    return out
