"""The workbook's sheet of a profile's own figures and words (其他填报项): what its `required`, `texts` and
`fields` name in the model's open parts (上年数, 变动原因, 个数, 资产) and no sheet of its workbook holds.

A city that extends a shipped profile and names a figure of its own (上年人员支出 …) gets a row for it,
labelled as the profile labels it. Each row also carries the figure's field name, so the workbook reads
back without the profile; a field name outside the open parts is refused (it could overwrite anything).
"""

from __future__ import annotations

from generator.errors import InputError
from generator.model.fields import OPEN
from generator.xlsx import layout as L

NAME = "其他填报项"
FIELD = "字段（程序用，勿改）"
KINDS = {"money": "money", "text": "text", "count": "int"}


def sheet_for(profile, order) -> L.PairSheet | None:
    """The rows the profile's own names need, or None when its workbook already holds them all."""
    if profile is None:
        return None
    held = {p.path for spec, _ in order if isinstance(spec, L.PairSheet) for p in spec.pairs}
    pairs = []
    named = [(d, label, "money") for d, label in profile.required.items()]
    named += [(d, label, "text") for d, label in profile.texts.items()]
    named += [(d, *_field(spec)) for d, spec in profile.fields.items()]
    for dotted, label, kind in named:
        path = tuple(dotted.split("."))
        if not _own(path) or path in held or any(p.path == path for p in pairs):
            continue  # a field of the model itself (a table, 上年“三公”经费 …): its own sheet holds it
        unit = "万元" if kind == "money" else "个" if kind == "count" else "文字，句末不加句号"
        pairs.append(L.Pair(str(label), path, KINDS.get(kind, "text"), f"模板配置“{profile.name}”的项目；{unit}"))
    if not pairs:
        return None
    return L.PairSheet(NAME, f"模板配置“{profile.name}”的其他填报项", tuple(pairs),
                       "模板配置自己增加的数字和文字，每项一行；“字段”列供程序读取，请勿修改。")


def _field(spec) -> tuple[str, str]:
    if isinstance(spec, dict):
        return str(spec.get("label", "")), str(spec.get("type", "money"))
    return str(spec), "money"


def _open(path: tuple) -> bool:
    """A name directly inside one of the model's open parts (explanations.previous.x …)."""
    return any(path[:len(part)] == part and len(path) == len(part) + 1 for part in OPEN)


def _own(path: tuple) -> bool:
    """A name the profile adds to an open part, not a field of the model there (those have their rows)."""
    if not _open(path):
        return False
    from generator.model.report import Report
    model = Report
    for key in path[:-1]:
        model = model.model_fields[key].annotation
    return path[-1] not in model.model_fields


def field_path(text: str | None, where: str) -> tuple:
    """A row's field name, as written by the writer: only a name inside the open parts is taken."""
    path = tuple((text or "").split("."))
    if not _open(path):
        raise InputError(f"“{FIELD}”列的“{text or ''}”不是模板配置可以增加的项目（请勿修改该列）", where)
    return path
