"""Classification catalogues (支出功能分类, 支出经济分类) and fixed category lists, per year.

Shipped data lives in `data/<year>/`. A report is checked against the catalogue of its own year where one is
shipped or supplied (`catalog/<year>/functional.csv` or `economic.csv` in the input folder or the profile's
folder, written by `disclosure catalog import`), otherwise against the nearest shipped year; `Catalog.year`
is the year used and `Catalog.described` says so in words for messages and the findings file.
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
    year: int  # the catalogue year the codes were checked against
    functional: dict[str, str]
    economic: dict[str, str]
    folder: Path  # the shipped year folder (category lists)
    report_year: int | None = None
    supplied: tuple[Path, ...] = ()  # code lists found in the input or profile folder, overlaid on the shipped one
    base_year: int | None = None  # the shipped year under a supplied list

    def function_name(self, code: str) -> str | None:
        return self.functional.get(code)

    def economic_name(self, code: str) -> str | None:
        return self.economic.get(code)

    @property
    def own_year(self) -> bool:
        return self.report_year is None or self.report_year == self.year

    @property
    def described(self) -> str:
        """Which catalogue was used, in words: 2024 年科目目录（没有 2020 年的目录，按最近的年度检查）."""
        text = f"{self.year} 年科目目录"
        if self.supplied:
            text += "（" + "、".join(_short(p) for p in self.supplied)
            if self.base_year != self.year:
                text += f"；其中未列出的科目按随工具提供的 {self.base_year} 年目录"
            text += "）"
        if not self.own_year:
            text += f"（没有 {self.report_year} 年的目录，按最近的年度检查）"
        return text

    def categories(self, list_name: str) -> list[Category]:
        path = self.folder / "categories" / f"{list_name}.csv"
        if not path.exists():
            raise KeyError(list_name)
        return read_categories(path)


def read_categories(path: Path) -> list[Category]:
    """A category list: CSV with `name` and `codes` (类 codes separated by spaces)."""
    return [Category(r["name"], tuple(r["codes"].split())) for r in _rows(path, ("name", "codes"))]


def _short(path: Path) -> str:
    """catalog/2020/functional.csv of a supplied list, as a reader recognises it."""
    return "/".join(path.parts[-3:])


def _rows(path: Path, columns=("code", "name")) -> list[dict[str, str]]:
    """A list's rows, every column present (blank if the row is short); a supplied list that cannot be
    read is unusable input (exit 2), located."""
    from generator import limits
    from generator.errors import InputError

    shown = _short(path)
    try:
        size = path.stat().st_size
        if size > limits.CATALOG_BYTES:
            raise InputError(f"科目代码表过大（{limits.size_text(size)}，上限 {limits.size_text(limits.CATALOG_BYTES)}）",
                             shown)
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or not set(columns) <= set(reader.fieldnames):
                raise InputError(f"第一行应为列名 {','.join(columns)}（科目代码表可用 disclosure catalog import 生成）",
                                 f"{shown}:1")
            return [{k: (row.get(k) or "").strip() for k in reader.fieldnames if isinstance(k, str)} for row in reader]
    except UnicodeDecodeError:
        raise InputError("科目代码表不是 UTF-8 编码的文本", shown) from None
    except csv.Error as exc:
        raise InputError(f"科目代码表无法按 CSV 读取（{exc}）", shown) from None
    except OSError as exc:
        raise InputError(f"无法读取科目代码表（{exc.strerror or type(exc).__name__}）", shown) from None


def _names(path: Path) -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows(path) if r["code"] and r["name"]} if path.exists() else {}


def shipped_years() -> list[int]:
    return sorted(int(p.name) for p in DATA.iterdir() if p.is_dir() and p.name.isdigit())


def nearest(years: list[int], year: int) -> int:
    """The year itself if present, else the nearest one (the earlier on a tie)."""
    return min(years, key=lambda y: (abs(y - year), y))


@lru_cache(maxsize=8)
def _shipped(year: int) -> tuple[dict[str, str], dict[str, str], Path]:
    folder = DATA / str(year)
    return _names(folder / "functional.csv"), _names(folder / "economic_department.csv"), folder


SUPPLIED_FILES = {"functional": "functional.csv", "economic": "economic.csv"}


def supplied_years(dirs) -> dict[int, list[Path]]:
    """Years of the code lists under <dir>/catalog/<year>/ (input folder first, then the profile's)."""
    found: dict[int, list[Path]] = {}
    for d in dirs or ():
        root = Path(d) / "catalog"
        if not root.is_dir():
            continue
        for sub in sorted(root.iterdir()):
            if sub.is_dir() and sub.name.isdigit():
                files = [sub / f for f in SUPPLIED_FILES.values() if (sub / f).is_file()]
                if files:
                    found.setdefault(int(sub.name), []).extend(files)
    return found


def load_catalog(year: int, dirs=()) -> Catalog:
    """The catalogue a report of `year` is checked against: its own year's (shipped, or supplied under one of
    `dirs`), else the nearest shipped year. A supplied list adds codes and names to the shipped one."""
    supplied = supplied_years(dirs)
    shipped = shipped_years()
    used = year if year in supplied or year in shipped else nearest(shipped, year)
    base = nearest(shipped, used)
    functional, economic, folder = _shipped(base)
    functional, economic = dict(functional), dict(economic)
    files = tuple(supplied.get(used, ()))
    for path in reversed(files):  # the input folder's list wins over the profile's
        target = functional if path.name == SUPPLIED_FILES["functional"] else economic
        target.update(_names(path))
    if files:
        functional = dict(sorted(functional.items()))
        economic = dict(sorted(economic.items()))
    return Catalog(used, functional, economic, folder, year, files, base)
