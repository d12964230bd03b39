"""A profile's workbook as data: `workbook: NAME` names templates/workbook/NAME.yaml (or workbook/NAME.yaml in
the profile's own folder), which lists the sheets in order — standard ones of layout.py by name, and sheets
of labelled values or of rows that the profile needs. Without it a profile gets the standard sheets.

The writer records the workbook's name in the file, so a filled workbook reads back even where the city's
own profile is not at hand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import ProfileError
from generator.xlsx import layout as L

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "workbook"
MARK = "disclosure-workbook:"  # in the workbook's keywords: the layout it was written with


def find(name: str, folders=()) -> Path:
    for folder in [Path(f) / "workbook" for f in folders] + [TEMPLATES]:
        if (folder / f"{name}.yaml").is_file():
            return folder / f"{name}.yaml"
    raise ProfileError(f"找不到工作簿样式“{name}”（workbook/{name}.yaml）")


@lru_cache(maxsize=8)
def load(path: Path) -> tuple:
    """((sheet spec, guide line), …) of a workbook file."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    except (YAMLError, OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: 工作簿样式无法读取：{exc}") from None
    order = []
    for i, entry in enumerate(data.get("sheets") or []):
        try:
            order += _sheet(entry)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProfileError(f"{path}: 第 {i + 1} 张表（sheets 中）写法有误：{exc}") from None
    return tuple(order)


def _sheet(entry: dict) -> list:
    if "standard" in entry:
        name = entry["standard"]
        if name == "TABLES":  # the standard budget tables, less the ones the profile lays out itself
            skip = set(entry.get("except") or [])
            return [(t, "第二部分 " + t.title) for t in L.TABLES if t.path[-1] not in skip]
        spec = getattr(L, name)
        if not isinstance(spec, (L.TableSheet, L.PairSheet)):
            raise ValueError(f"没有名为 {name} 的标准工作表")
        guide = entry.get("guide") or next((g for s, g in L.ORDER + L.OPTIONAL if s is spec), spec.title)
        return [(spec, guide)]
    if "pairs" in entry:
        pairs = tuple(_pair(row) for row in entry["rows"])
        return [(L.PairSheet(entry["pairs"], entry.get("title", entry["pairs"]), pairs, entry.get("note", "")),
                 entry.get("guide", ""))]
    columns = tuple(_column(row) for row in entry["columns"])
    spec = L.TableSheet(entry["table"], entry.get("title", entry["table"]), tuple(entry["path"].split(".")), columns,
                        entry.get("total", ""), entry.get("note", ""))
    return [(spec, entry.get("guide", ""))]


def _pair(row: list) -> L.Pair:
    label, path, kind, note, *flags = row
    return L.Pair(str(label), tuple(str(path).split(".")), str(kind), str(note or ""), **(flags[0] if flags else {}))


def _column(row: list) -> L.Column:
    header, key, kind, width, *flags = row
    return L.Column(str(header), str(key), str(kind), int(width), **(flags[0] if flags else {}))


def order_for(profile) -> tuple:
    """The sheets of a profile's workbook (before its declared tables' sheets)."""
    if not getattr(profile, "workbook", None):
        return L.ORDER
    return load(find(profile.workbook, [profile.folder]))


def name_of(profile) -> str:
    return getattr(profile, "workbook", None) or ""
