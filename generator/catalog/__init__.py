"""Classification catalogues (支出功能分类, 支出经济分类) and fixed category lists, per year.

Data lives in `data/<year>/`; a report uses the newest folder not after its year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS = {3: "类", 5: "款"}


def parent_codes(code: str) -> list[str]:
    """2101202 → ["210", "21012"]; 30101 → ["301"]."""
    return [code[:n] for n in (3, 5) if n < len(code)]


@dataclass(frozen=True)
class Category:
    name: str
    codes: tuple[str, ...]  # 类 codes summed into this line


@dataclass(frozen=True)
class Catalog:
    year: int
    functional: dict[str, str]
    economic: dict[str, str]
    folder: Path

    def function_name(self, code: str) -> str | None:
        return self.functional.get(code)

    def economic_name(self, code: str) -> str | None:
        return self.economic.get(code)

    def categories(self, list_name: str) -> list[Category]:
        path = self.folder / "categories" / f"{list_name}.csv"
        if not path.exists():
            raise KeyError(list_name)
        return read_categories(path)


def read_categories(path: Path) -> list[Category]:
    """A category list: CSV with `name` and `codes` (类 codes separated by spaces)."""
    return [Category(r["name"], tuple(r["codes"].split())) for r in _rows(path)]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _names(path: Path) -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows(path)} if path.exists() else {}


@lru_cache(maxsize=8)
def load_catalog(year: int) -> Catalog:
    years = sorted(int(p.name) for p in DATA.iterdir() if p.is_dir() and p.name.isdigit())
    usable = [y for y in years if y <= year] or years[:1]
    folder = DATA / str(usable[-1])
    economic = _names(folder / "economic_department.csv")
    return Catalog(year, _names(folder / "functional.csv"), economic, folder)
