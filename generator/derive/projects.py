"""Figures of declared tables that the prose and the rules name (安徽): the split 财政拨款收入, 项目支出表,
政府采购表, 政府购买服务表.

As everywhere, totals are sums of the entered rows; a total an input states is printed instead when given
(each published cell is rounded on its own), and the rules check it against the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.money import ZERO


@dataclass
class FiscalLines:
    """The income side of 安徽 表1, every line as printed (stated where given, else summed: the declared
    relations of tables.fiscal_income)."""

    values: dict[str, Decimal]

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


def fiscal_lines(data) -> FiscalLines | None:
    if data is None or not data.nodes:
        return None
    row = dict(data.nodes[0].values)
    row["carryover"], row["current"] = row.get("carryover_total", ZERO), row.get("current_total", ZERO)
    return FiscalLines(row)


@dataclass
class ProjectFigures:
    rows: list[dict[str, Decimal]]  # per 项目支出表 row: every source, "total", "fiscal", "carry"
    total: dict[str, Decimal]  # sums
    stated: dict[str, Decimal] = field(default_factory=dict)

    @property
    def shown(self) -> dict[str, Decimal]:
        return {k: self.stated.get(k, v) for k, v in self.total.items()}


@dataclass
class ProcurementUnit:
    code: str
    name: str
    values: dict[str, Decimal]
    rows: list[dict[str, Decimal]]  # per project: every source and "total"


@dataclass
class ProcurementFigures:
    units: list[ProcurementUnit]
    total: dict[str, Decimal]
    by_kind: dict[str, Decimal]  # goods / works / services
    stated: Decimal | None = None

    @property
    def shown(self) -> Decimal:
        return self.stated if self.stated is not None else self.total["total"]


@dataclass
class TableFigures:
    fiscal: FiscalLines | None
    projects: ProjectFigures
    procurement: ProcurementFigures
    services_total: Decimal
    carryover: Decimal  # 上年结转结余 in all funds
    current_income: Decimal  # 本年收入 = 收入总计 − 上年结转结余


FISCAL = ("general_budget", "government_fund", "state_capital")
KINDS = {"货物": "goods", "工程": "works", "服务": "services", "goods": "goods", "works": "works", "services": "services"}
CARRY = ("carry_general_budget", "carry_government_fund", "carry_state_capital")


def project_figures(data) -> ProjectFigures:
    """The 项目支出表 (a declared table: tables.projects), with its 本年财政拨款 and 结转结余 sums."""
    if data is None:
        return ProjectFigures([], {k: ZERO for k in ("total", "fiscal", "carry")})
    rows = []
    for node in data.details():
        values = {k: node[k] for k in data.money}
        values["fiscal"] = sum((node[k] for k in FISCAL), ZERO)
        values["carry"] = sum((node[k] for k in CARRY), ZERO)
        rows.append(values)
    keys = list(data.money) + ["fiscal", "carry"]
    total = {k: sum((r[k] for r in rows), ZERO) for k in keys}
    return ProjectFigures(rows, total, dict(data.stated_total))


def procurement_figures(data) -> ProcurementFigures:
    """The 政府采购支出表 (tables.procurement): its units, their projects, the sums by 品类."""
    by_kind = {"goods": ZERO, "works": ZERO, "services": ZERO}
    if data is None:
        return ProcurementFigures([], {"total": ZERO}, by_kind)
    units: list[ProcurementUnit] = []
    for node in data.nodes:
        if node.level == "单位":
            units.append(ProcurementUnit(node.code, node.name, dict(node.values), []))
            continue
        units[-1].rows.append(dict(node.values))
        kind = KINDS.get(node.text.get("kind", ""))
        if kind:
            by_kind[kind] += node["total"]
    total = {k: sum((u.values.get(k, ZERO) for u in units), ZERO) for k in data.money}
    return ProcurementFigures(units, total, by_kind, data.stated_total.get("total"))


def table_figures(income, tables: dict) -> TableFigures:
    fiscal = fiscal_lines(tables.get("fiscal_income"))
    carryover = fiscal["carryover"] if fiscal is not None else income.shown["carryover"]
    services = tables.get("services")
    return TableFigures(
        fiscal, project_figures(tables.get("projects")), procurement_figures(tables.get("procurement")),
        sum((n["amount"] for n in services.details()), ZERO) if services is not None else ZERO,
        carryover, income.shown["total"] - carryover,
    )
