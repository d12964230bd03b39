"""The report tree: one document of blocks that every renderer lays out without computing anything."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left / center / right
    bold: bool = False


@dataclass
class Table:
    key: str
    caption: str
    header: list[list[Cell]]  # repeated on every page
    body: list[list[Cell]]
    widths: list[float]  # relative column widths
    unit: str = "单位：万元"
    notes: list[str] = field(default_factory=list)
    font_size: float = 10.5  # points


@dataclass
class Heading:
    level: int  # 1 part, 2 section, 3 subsection, 4 item
    text: str
    anchor: str = ""
    toc: str = ""  # the 目录 entry when it differs from the heading (安徽: 表1 → 1.…财政拨款收支总表)

    @property
    def toc_text(self) -> str:
        return self.toc or self.text

    @property
    def in_toc(self) -> bool:
        return self.level <= 2


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body / note / caption / center


@dataclass
class Page:
    """Start a new page, in portrait or landscape."""

    orientation: str = "portrait"


@dataclass
class Cover:
    lines: list[str]


@dataclass
class Toc:
    title: str = "目 录"


Block = Heading | Paragraph | Table | Page | Cover | Toc


@dataclass
class Fonts:
    title: str
    heading: str
    body: str
    table: str


@dataclass
class Document:
    title: str
    blocks: list[Block]
    fonts: Fonts
    quoted: set = field(default_factory=set)  # figures the text looked up (value(), change()): R-NARR-TOTAL knows them

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def text(self) -> str:
        """All words of the document in reading order (for tests and checks)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, (Heading, Paragraph)):
                out.append(b.text)
            elif isinstance(b, Cover):
                out.extend(b.lines)
            elif isinstance(b, Table):
                out.append(b.caption)
                for row in b.header + b.body:
                    out.append("\t".join(c.text for c in row))
                out.extend(b.notes)
        return "\n".join(out)


def place(rows: list[list[Cell]], ncols: int) -> list[tuple[int, int, Cell]]:
    """Grid positions (row, column, cell) of rows written HTML-style: a spanned slot is left out
    of the rows below or to the right of the cell that spans it."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        if c > ncols:
            raise ValueError(f"row {r} has {c} columns, table has {ncols}")
    return out
