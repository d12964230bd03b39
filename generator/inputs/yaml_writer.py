"""Write model-shaped data as a YAML input folder, split into files as the sample is.

Written by hand rather than by a YAML dumper so that the output looks like the sample: amounts as
plain numbers with two decimals, codes quoted, table rows one per line. None is written as an empty
value (something to fill).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from generator.model.kinds import KIND_NAMES
from generator.model.report import Report

SECTIONS = (
    ("overview", "overview.yaml", "第一部分 部门概况"),
    ("tables", "tables.yaml", "第二部分 预算表：只填明细行（项级科目），类、款和合计由程序计算。金额单位：万元，未写的金额为 0.00"),
    ("explanations", "explanations.yaml", "第三部分 上年数、变动原因和各科目用途（文字句末不加句号）"),
    ("other_matters", "other_matters.yaml", "其他重要事项说明"),
    ("performance", "performance.yaml", "预算绩效目标表"),
    ("glossary", "glossary.yaml", "名词解释"),
)
FINAL_TITLES = {  # 部门决算: tables as published, 类/款 rows included
    "tables": "第二部分 决算表：按公开的表逐行填写（类、款行可填，程序核对），金额单位：万元，未写的金额为 0.00",
    "explanations": "第三部分 上年决算数、“三公”经费全年预算数和变动原因（文字句末不加句号）",
    "performance": "项目支出绩效自评",
}
ROW_TABLES = ("income", "expenditure", "general_budget", "government_fund", "state_capital")
FLOW_LIMIT = 100  # a list item of scalars longer than this is written as a block
_NUMBERISH = re.compile(r"^[-+.]?\d|^\.|^(true|false|yes|no|on|off|null|y|n|~)$", re.IGNORECASE)
_UNSAFE = set(":#{}[],")  # anywhere (in flow rows too); more characters only at the start:
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`=<\\")


def report_data(report: Report) -> dict:
    """The model as data to write: no None, and no zero amounts in the function tables' rows."""
    data = report.model_dump(exclude_none=True)
    for key in ROW_TABLES:
        rows = data["tables"][key]["rows"]
        for i, row in enumerate(rows):
            first = {k: row.pop(k) for k in ("code", "name", "total") if k in row}  # the printed column order
            rows[i] = first | {k: v for k, v in row.items() if not (isinstance(v, Decimal) and v == 0)}
    exp = data["explanations"]
    for part in (exp["previous"], exp["reasons"]):
        if not part.get("items"):
            part.pop("items", None)
    return data


def yaml_files(data: dict) -> dict[str, str]:
    """File name → text for a whole input folder."""
    kind = KIND_NAMES["final" if data.get("kind") == "final" else "budget"]
    head = f"# {data.get('year')}年度{data.get('department')}{kind}（由 disclosure 生成）\n"
    main = [head.rstrip("\n")]
    for key in ("kind", "profile", "year", "department"):
        main.append(f"{key}: {scalar(data.get(key))}".rstrip())
    for key in ("department_code", "date", "department_group"):  # used by some profiles only
        if data.get(key):
            main.append(f"{key}: {scalar(data[key])}")
    files = {}
    for key, name, title in SECTIONS:
        main.append(f"{key}: !include {name}")
        value = data.get(key)
        lines = [f"# {FINAL_TITLES.get(key, title) if data.get('kind') == 'final' else title}"]
        if isinstance(value, dict) and value:
            lines += _mapping(value, 0)
        elif isinstance(value, list) and value:
            lines += _sequence(value, 0)
        else:
            lines.append("[]" if isinstance(value, list) else "{}")
        files[name] = "\n".join(lines) + "\n"
    files["report.yaml"] = "\n".join(main) + "\n"
    return files


def scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, int):
        return str(value)
    return text(str(value))


def amount(value: Decimal) -> str:
    places = max(2, -value.as_tuple().exponent) if value.as_tuple().exponent < 0 else 2
    return f"{value:.{places}f}"


def text(value: str) -> str:
    """Plain when that reads back as the same string, else double-quoted (JSON is valid YAML)."""
    plain = (value and value == value.strip() and not any(ord(c) < 32 for c in value) and not (set(value) & _UNSAFE)
             and value[0] not in _UNSAFE_START and not _NUMBERISH.search(value))
    return value if plain else json.dumps(value, ensure_ascii=False)


def _key(key) -> str:
    return text(str(key))


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _mapping(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            if value:
                lines.append(f"{pad}{_key(key)}:")
                lines += (_mapping if isinstance(value, dict) else _sequence)(value, indent + 2)
            else:
                lines.append(f"{pad}{_key(key)}: {'{}' if isinstance(value, dict) else '[]'}")
        else:
            lines.append(f"{pad}{_key(key)}: {scalar(value)}".rstrip())
    return lines


def _sequence(items: list, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for item in items:
        if isinstance(item, dict) and item and all(_is_scalar(v) and v is not None for v in item.values()):
            flow = "{" + ", ".join(f"{_key(k)}: {scalar(v)}" for k, v in item.items()) + "}"
            if len(flow) <= FLOW_LIMIT:
                lines.append(f"{pad}- {flow}")
                continue
        if isinstance(item, dict) and item:
            block = _mapping(item, indent + 2)
            lines.append(f"{pad}- {block[0].lstrip()}")
            lines += block[1:]
        elif isinstance(item, list):
            lines.append(f"{pad}-")
            lines += _sequence(item, indent + 2)
        else:
            lines.append(f"{pad}- {scalar(item) if not isinstance(item, dict) else '{}'}".rstrip())
    return lines
