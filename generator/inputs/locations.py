"""Where each input value came from: a file and line, or a sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple  # a path into the input tree: ("tables", "income", "rows", 3, "general_budget")


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None  # 1-based
    cell: str | None = None  # `表名!D7` for workbooks

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}" if self.file else self.cell
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class SourceMap:
    """Maps input-tree paths to locations. A path without its own entry falls back to its parent's."""

    entries: dict[Path, Location] = field(default_factory=dict)
    default: Location = Location("")

    def add(self, path: Path, location: Location) -> None:
        self.entries[tuple(path)] = location

    def get(self, path: Path) -> Location:
        path = tuple(path)
        while path:
            if path in self.entries:
                return self.entries[path]
            path = path[:-1]
        return self.entries.get((), self.default)
