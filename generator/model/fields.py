"""The open parts of the model (上年数, 变动原因, 资产): a profile names the figures and words of its own there.

A key that no part of the profile names (`required`, `texts`, `fields`) is a typo: S-KEY, located. A key it
names but the input leaves out gets its default, so that a template can print it: "" for words, 0 for
`fields` (a required figure stays missing: S-REQUIRED reports it).
"""

from __future__ import annotations

from decimal import Decimal

from generator.rules.engine import ERROR, Finding

OPEN = (("explanations", "previous"), ("explanations", "reasons"), ("explanations", "counts"),
        ("other_matters", "assets"))


def _at(obj, path):
    for part in path:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def open_fields(report, profile, sources) -> list[Finding]:
    named = set(profile.required) | set(profile.texts) | set(profile.fields)
    findings = []
    for path in OPEN:
        part = _at(report, path)
        for key in list(getattr(part, "model_extra", None) or {}):
            dotted = ".".join(path + (key,))
            if dotted not in named:
                findings.append(Finding("S-KEY", ERROR, f"未知字段“{key}”：模板配置“{profile.name}”不使用它（拼写错误？）",
                                        sources.get(path + (key,)), dotted))
    defaults = {**{d: "" for d in profile.texts}, **{d: _default(spec) for d, spec in profile.fields.items()}}
    for dotted, default in defaults.items():
        *parents, key = dotted.split(".")
        part = _at(report, parents)
        extra = getattr(part, "model_extra", None)
        if extra is not None and key not in extra and key not in type(part).model_fields:
            setattr(part, key, default)
    return findings


def _default(spec) -> object:
    kind = spec.get("type", "money") if isinstance(spec, dict) else "money"
    return "" if kind == "text" else 0 if kind == "count" else Decimal(0)
