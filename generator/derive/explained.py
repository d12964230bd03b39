"""Explanations keyed by what they explain: a 项 explained in parts, and projects described in words
(performance.disclosed: each a project of the 绩效目标表).

The officer types a part's words and, where the part is not a column of the profile's 项 table
(`item_table`), its amount; a part that is a column (基本支出, 项目支出, 人员支出 …) takes the 项's figure of
that column, so nothing is typed twice. A project described in words takes its amount from its
绩效目标表 unless one is stated. Rules (generator.rules.explained) compare what was typed with these figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.errors import ProfileError
from generator.money import ZERO
from generator.report.tables import cn_number
from generator.tables.data import STRUCTURAL
from generator.tables.declare import leaf_types, vocabulary
from generator.tables.values import Values


@dataclass
class Part:
    name: str  # as printed: 基本支出, 项目支出, or the officer's own words
    purpose: str
    amount: Decimal  # as printed: the column's figure, else the typed amount (0 when neither: a finding)
    typed: Decimal | None  # the amount as entered
    column: str | None = None  # the 项 table's column this part is
    figure: Decimal | None = None  # that column's figure for the 项


@dataclass
class Explained:
    code: str
    amount: Decimal  # the 项 in the profile's 项 table
    parts: list[Part]
    table: str  # the 项 table's key (for messages)


@dataclass
class Note:
    name: str
    amount: Decimal  # as printed: stated, else the 绩效目标表's 资金总额
    typed: Decimal | None
    funds: list[tuple[str, Decimal]]  # the funding split as printed
    purpose: str
    table: dict | None  # the report's table it refers to: {key, title, number, cn} (None: none or unknown)
    project: object = None  # the project of the 绩效目标表 it describes (None: S-REF)
    index: int = 0


def explain(report, profile, decls: dict, declared: dict, figures, catalog) -> None:
    """Fill figures.explained and figures.notes (a 预算's explanations; a 决算 has none of these)."""
    expl = getattr(report, "explanations", None)
    if expl is None or not hasattr(expl, "item_purposes"):
        return
    parted = {code: parts for code, parts in expl.item_purposes.items() if isinstance(parts, list)}
    if parted:
        values = Values(declared, figures, f"模板配置 {profile.name} 的 item_table", catalog, report)
        columns, details = _columns(profile, decls)
        for code, parts in parted.items():
            figures.explained[code] = _explained(code, parts, profile.item_table, columns, details, values)
    figures.notes = [_note(i, d, report, profile) for i, d in enumerate(report.performance.disclosed)]


def item_columns(profile, decls: dict) -> list[tuple[object, list[str]]]:
    """The money columns of the profile's 项 table, each with the names an officer may give a part that is
    that column: its label, its vocabulary label, its key (the first is how it prints)."""
    decl = decls.get(profile.item_table)
    if decl is None:
        raise ProfileError(f"{profile.where('item_table')}: item_table“{profile.item_table}”不是声明的表"
                           f"（可用：{'、'.join(sorted(decls))}）")
    words = vocabulary(profile)
    types = leaf_types(decl, words)
    return [(leaf, [str(n) for n in (leaf.column.label, (words.get(leaf.key) or {}).get("label"), leaf.key) if n])
            for leaf in decl.leaves() if leaf.key not in STRUCTURAL and types.get(leaf.key) == "money"]


def _columns(profile, decls: dict) -> tuple[dict[str, str], list[str]]:
    """Name as an officer writes it → money column of the 项 table; and the columns that add up to the 项
    where the table has no 合计 (not its 小计 columns)."""
    columns = item_columns(profile, decls)
    names = {}
    for leaf, called in columns:
        for name in called:
            names.setdefault(name, leaf.key)
    return names, [leaf.key for leaf, _ in columns if leaf.group is None and leaf.key != "total"]


def _explained(code: str, parts: list, table: str, columns: dict, details: list, values: Values) -> Explained:
    out = []
    for p in parts:
        column = columns.get(p.part)
        figure = values.get(f"{table}.{column}[{code}]") if column else None
        amount = figure if figure is not None else (p.amount if p.amount is not None else ZERO)
        out.append(Part(p.part, p.purpose, amount, p.amount, column, figure))
    total = values.get(f"{table}.total[{code}]") if "total" in columns.values() else sum(
        (values.get(f"{table}.{c}[{code}]") for c in details), ZERO)
    return Explained(code, total, out, table)


def _note(index: int, d, report, profile) -> Note:
    project = next((p for p in report.performance.projects if d.describes(p)), None)
    amount = d.amount if d.amount is not None else project.funds.amount if project else ZERO
    table = None
    for i, spec in enumerate(profile.tables, 1):
        if spec.key == d.table:
            table = {"key": spec.key, "title": spec.title, "number": i, "cn": cn_number(i)}
    return Note(d.project, amount, d.amount, list(d.funds.items()), d.purpose, table, project, index)
