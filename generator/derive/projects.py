"""Figures of the tables some profiles add (安徽): the split 财政拨款收入, 项目支出表, 政府采购表, 政府购买服务表.

As everywhere, totals are sums of the entered rows; a total an input states is printed instead when given
(each published cell is rounded on its own), and the rules check it against the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.model.report import PROCUREMENT_SOURCES, PROJECT_SOURCES, FiscalIncome, Report
from generator.money import ZERO

FISCAL_CURRENT = ("regular", "non_tax", "clearing", "base_supply")  # 本年 一般公共预算拨款
FISCAL_CARRY = ("carryover_general_budget", "carryover_government_fund")


@dataclass
class FiscalLines:
    """The income side of 安徽 表1, every line as printed."""

    values: dict[str, Decimal]
    sums: dict[str, Decimal]  # the same lines as sums of their parts (for the rules)

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


def fiscal_lines(fi: FiscalIncome | None) -> FiscalLines | None:
    if fi is None:
        return None
    v = {k: getattr(fi, k) for k in FISCAL_CARRY + FISCAL_CURRENT + ("government_fund",)}
    sums = {
        "carryover": v["carryover_general_budget"] + v["carryover_government_fund"],
        "current_general_budget": sum((v[k] for k in FISCAL_CURRENT), ZERO),
    }
    shown = dict(v)
    shown["carryover"] = fi.carryover_total if fi.carryover_total is not None else sums["carryover"]
    shown["current_general_budget"] = (fi.current_general_budget if fi.current_general_budget is not None
                                       else sums["current_general_budget"])
    sums["current"] = shown["current_general_budget"] + v["government_fund"]
    shown["current"] = fi.current_total if fi.current_total is not None else sums["current"]
    sums["total"] = shown["carryover"] + shown["current"]
    shown["total"] = fi.total if fi.total is not None else sums["total"]
    return FiscalLines(shown, sums)


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


def _with_total(values: dict[str, Decimal], keys) -> dict[str, Decimal]:
    out = dict(values)
    out["total"] = sum((values[k] for k in keys), ZERO)
    return out


def project_figures(report: Report) -> ProjectFigures:
    rows = []
    for row in report.tables.projects.rows:
        values = _with_total({k: getattr(row, k) for k in PROJECT_SOURCES}, PROJECT_SOURCES)
        if row.total is not None:
            values["total"] = row.total
        values["fiscal"] = row.general_budget + row.government_fund + row.state_capital
        values["carry"] = row.carry_general_budget + row.carry_government_fund + row.carry_state_capital
        rows.append(values)
    keys = PROJECT_SOURCES + ("total", "fiscal", "carry")
    total = {k: sum((r[k] for r in rows), ZERO) for k in keys}
    stated_model = report.tables.projects.total
    stated = {}
    if stated_model is not None:
        stated = {k: v for k, v in stated_model.model_dump().items() if v is not None}
    return ProjectFigures(rows, total, stated)


def procurement_figures(report: Report) -> ProcurementFigures:
    units: list[ProcurementUnit] = []
    by_kind = {"goods": ZERO, "works": ZERO, "services": ZERO}
    for row in report.tables.procurement.rows:
        values = _with_total({k: getattr(row, k) for k in PROCUREMENT_SOURCES}, PROCUREMENT_SOURCES)
        if not units or (units[-1].code, units[-1].name) != (row.unit_code, row.unit):
            units.append(ProcurementUnit(row.unit_code, row.unit, dict.fromkeys(values, ZERO), []))
        unit = units[-1]
        unit.rows.append(values)
        for k, v in values.items():
            unit.values[k] += v
        if row.kind:
            by_kind[row.kind] += values["total"]
    keys = PROCUREMENT_SOURCES + ("total",)
    total = {k: sum((u.values.get(k, ZERO) for u in units), ZERO) for k in keys}
    return ProcurementFigures(units, total, by_kind, report.tables.procurement.total)


def table_figures(report: Report, income) -> TableFigures:
    fiscal = fiscal_lines(report.tables.fiscal_income)
    carryover = fiscal["carryover"] if fiscal is not None else income.shown["carryover"]
    return TableFigures(
        fiscal, project_figures(report), procurement_figures(report),
        sum((r.amount for r in report.tables.services.rows), ZERO),
        carryover, income.shown["total"] - carryover,
    )
