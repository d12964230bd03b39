"""Schema errors from pydantic, turned into located findings like every other rule."""

from __future__ import annotations

import re

from pydantic import ValidationError

from generator.inputs.locations import SourceMap
from generator.rules.engine import ERROR, Finding, RULES, rule
from generator.rules.labels import describe, field_name

rule("S-CODE", ERROR, "科目编码格式")(lambda ctx: ())
rule("S-AMOUNT", ERROR, "金额格式")(lambda ctx: ())
rule("S-TYPE", ERROR, "数据类型")(lambda ctx: ())
rule("S-KEY", ERROR, "未知字段")(lambda ctx: ())

TYPE_ZH = {
    "int_parsing": "应为整数", "int_type": "应为整数", "string_type": "应为文本", "list_type": "应为列表",
    "dict_type": "应为键值对", "model_type": "应为键值对", "bool_parsing": "应为 true 或 false",
    "decimal_parsing": "应为金额", "decimal_type": "应为金额", "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}", "too_short": "不能为空", "string_too_short": "不能为空",
    "literal_error": "应为以下之一：{expected}",
}


UNION_TAG = re.compile(r"^(str|constrained-str|int|decimal|(list|dict)\[.*\])$")


def _branches(errors: list[dict]) -> list[dict]:
    """Errors of a field that takes one text or a list (a 项's 用途, or its parts): only the branch that fits
    what was entered, and the input path without pydantic's branch names."""
    out = []
    for err in errors:
        tags = [p for p in err["loc"] if isinstance(p, str) and UNION_TAG.match(p)]
        if tags and tags[-1] in ("str", "constrained-str") and isinstance(err.get("input"), (list, dict)):
            continue  # a list was entered: the text branch's "应为文本" says nothing
        if tags and tags[-1].startswith("list[") and err["type"] == "list_type":
            continue  # a text was entered: its own errors (if any) come from the text branch
        out.append({**err, "loc": tuple(p for p in err["loc"] if p not in tags)})
    return out


def _path_text(loc) -> str:
    return ".".join(str(p) for p in loc)


def schema_findings(exc: ValidationError, sources: SourceMap, profile=None) -> list[Finding]:
    """Each schema error as a located finding, named in Chinese (labels.py), with the input path in `where`."""
    findings = []
    for err in _branches(exc.errors()):
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        label, within = field_name(loc, profile)
        place = f"（{within}）" if within else ""
        if kind == "missing":
            rid, msg = "S-REQUIRED", f"缺少必填项“{label}”{place}"
        elif kind == "extra_forbidden":
            parent = describe(loc[:-1], profile)
            rid, msg = "S-KEY", f"未知字段“{loc[-1]}”（拼写错误？）" + (f"，位于{parent}" if parent else "")
        elif kind == "value_error" and "编码" in err["msg"]:
            rid, msg = "S-CODE", f"{describe(loc, profile)}：" + err["msg"].removeprefix("Value error, ")
        elif kind == "value_error" or kind.startswith("decimal"):
            rid = "S-AMOUNT"
            msg = err["msg"].removeprefix("Value error, ")
            if kind.startswith("decimal"):
                msg = "金额未填写（不需要时删去该项，或填 0）" if value is None else f"“{value}”不是金额"
            msg = f"{describe(loc, profile)}：{msg}"
        else:
            rid = "S-TYPE"
            template = TYPE_ZH.get(kind)
            ctx = err.get("ctx") or {}
            msg = template.format(**ctx) if template else err["msg"]
            if value is None:
                msg = f"未填写（{msg}）"
            elif not isinstance(value, (dict, list)):
                msg = f"“{value}”{msg}"
            msg = f"{describe(loc, profile)}：{msg}" if loc else msg
        findings.append(Finding(rid, RULES[rid].severity if rid in RULES else ERROR, msg, sources.get(loc),
                                where=_path_text(loc)))
    return findings
