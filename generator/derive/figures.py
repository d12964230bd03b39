"""Every number a report prints, computed once from the entered detail rows.

Renderers and the prose read these figures; nothing downstream adds or rounds again.
Sums run on the exact entered values; display rounds each figure once (money.cents).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.catalog import Catalog, Category, parent_codes
from generator.derive.projects import TableFigures, table_figures
from generator.model.report import (
    EXPENDITURE_KINDS, FISCAL_SOURCES, FUND_KINDS, INCOME_SOURCES, UNIT_FUND_SOURCES, BudgetTables, EconomicTable,
    Report,
)
from generator.money import ZERO, Change

LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}


@dataclass
class Line:
    """One row of a classified table: a detail row or a derived 类/款 subtotal."""

    code: str
    name: str
    level: str  # 类 / 款 / 项
    values: dict[str, Decimal]
    detail: bool = True  # entered (True) or derived subtotal (False)
    index: int | None = None  # position of the entered row, for locations

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass
class Classified:
    """A table of 项 rows with its 类/款 rollups and its 合计 row."""

    keys: tuple[str, ...]
    details: list[Line]
    total: dict[str, Decimal]  # the sums of the detail rows
    names: dict[str, str] = field(default_factory=dict)  # catalogue names for the 类/款 rollups
    # Totals and 类/款 subtotals as an input states them. Each published cell was rounded from its own
    # exact value, so a stated total may differ from the sum of the rounded rows by a tail (R-TOTAL-ROWS,
    # R-HIER-FUNC warn); the report then prints the stated figure, as published.
    stated: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # code ("" = 合计) → key → value

    @property
    def shown(self) -> dict[str, Decimal]:
        """The 合计 row as printed: stated figures where given, sums elsewhere."""
        given = self.stated.get("", {})
        return {k: given.get(k, v) for k, v in self.total.items()}

    def rollups(self) -> dict[str, dict[str, Decimal]]:
        sums: dict[str, dict[str, Decimal]] = {}
        for line in self.details:
            for code in parent_codes(line.code):
                acc = sums.setdefault(code, dict.fromkeys(self.keys, ZERO))
                for key in self.keys:
                    acc[key] += line[key]
        for code, values in sums.items():
            values.update({k: v for k, v in self.stated.get(code, {}).items() if k in values})
        return sums

    def lines(self, levels: tuple[str, ...] = ("类", "款", "项")) -> list[Line]:
        """Rows in print order: each 类, then its 款, then its 项 (codes ascending)."""
        out = [ln for ln in self.details if ln.level in levels]
        for code, values in self.rollups().items():
            level = LEVEL_BY_LENGTH[len(code)]
            if level in levels:
                out.append(Line(code, self.names.get(code, ""), level, values, detail=False))
        return sorted(out, key=lambda ln: ln.code)

    def shown_prefix(self, prefix: str, key: str = "total") -> Decimal:
        """A 类/款 figure as printed (stated subtotal if given, else the sum)."""
        given = self.stated.get(prefix, {})
        return given[key] if key in given else self.by_prefix(prefix, key)

    def by_prefix(self, prefix: str, key: str = "total") -> Decimal:
        return sum((ln[key] for ln in self.details if ln.code.startswith(prefix)), ZERO)

    def nonzero(self) -> list[Line]:
        return [ln for ln in self.details if any(ln[k] for k in self.keys)]


def stated_subtotals(rows) -> set[int]:
    """Indexes of 类/款 rows that have deeper rows under them: stated subtotals, not details."""
    codes = [row.code for row in rows]
    return {i for i, c in enumerate(codes) if any(o != c and o.startswith(c) for o in codes)}


def _stated(obj, keys) -> dict[str, Decimal]:
    if obj is None:
        return {}
    return {k: getattr(obj, k) for k in keys if getattr(obj, k, None) is not None}


def classify(rows, keys: tuple[str, ...], catalog: Catalog, with_total: bool = True, stated_total=None,
             groups: dict[str, tuple[str, ...]] | None = None) -> Classified:
    """groups: derived columns that add up entered ones (单位资金 小计 = 事业收入 + 经营收入 + …)."""
    groups = groups or {}
    details = []
    skip = stated_subtotals(rows)
    stated: dict[str, dict[str, Decimal]] = {}
    all_keys = keys + tuple(groups) + (("total",) if with_total else ())
    for i, row in enumerate(rows):
        values = {k: getattr(row, k) for k in keys}
        values.update({g: sum((values[k] for k in parts), ZERO) for g, parts in groups.items()})
        if with_total:  # a stated row total is printed as published (R-ROW-SUM checks it)
            given = getattr(row, "total", None)
            values["total"] = given if given is not None else sum((values[k] for k in keys), ZERO)
        if i in skip:
            stated[row.code] = values
            continue
        name = row.name or catalog.function_name(row.code) or ""
        details.append(Line(row.code, name, LEVEL_BY_LENGTH.get(len(row.code), "项"), values, True, i))
    total = {k: sum((ln[k] for ln in details), ZERO) for k in all_keys}
    if stated_total is not None:
        stated[""] = _stated(stated_total, all_keys)
    return Classified(all_keys, details, total, catalog.functional, stated)


@dataclass
class Economic:
    """An economic-classification table: 类 rows (stated or summed from 款) and 款 rows."""

    lines: list[Line]
    total: Decimal  # the sum of the 类 lines
    stated: Decimal | None = None  # the 合计 as an input states it

    @property
    def shown(self) -> Decimal:
        return self.stated if self.stated is not None else self.total

    def amount(self, code: str) -> Decimal:
        return next((ln["amount"] for ln in self.lines if ln.code == code), ZERO)

    def sum_of(self, codes) -> Decimal:
        return sum((self.amount(c) for c in codes), ZERO)


def economic(table: EconomicTable, catalog: Catalog) -> Economic:
    entered = {row.code: row for row in table.rows}
    kuan: dict[str, list] = {}
    for row in table.rows:
        if len(row.code) == 5:
            kuan.setdefault(row.code[:3], []).append(row)
    lines: list[Line] = []
    computed = ZERO  # 类 figures summed from their 款 (the stated ones are printed)
    for lei in sorted({c[:3] for c in entered}):
        children = kuan.get(lei, [])
        if children:  # a 类 with 款 is their sum; a stated 类 figure is checked by R-HIER-ECON and printed
            amount = entered[lei].amount if lei in entered else sum((r.amount for r in children), ZERO)
            detail = False
        else:
            amount = entered[lei].amount
            detail = True
        row = entered.get(lei)
        name = (row.name if row and row.name else None) or catalog.economic_name(lei) or ""
        index = table.rows.index(row) if row else None
        lines.append(Line(lei, name, "类", {"amount": amount}, detail, index))
        computed += sum((r.amount for r in children), ZERO) if children else amount
        for child in sorted(children, key=lambda r: r.code):
            lines.append(Line(child.code, child.name or catalog.economic_name(child.code) or "", "款",
                              {"amount": child.amount}, True, table.rows.index(child)))
    return Economic(lines, computed, getattr(table, "total", None))  # a 决算 table states no 合计


@dataclass
class CategoryLine:
    name: str
    all_funds: Decimal
    fiscal: Decimal
    general_budget: Decimal
    government_fund: Decimal
    state_capital: Decimal


@dataclass
class ThreePublicFigures:
    outbound: Decimal
    reception: Decimal
    vehicle_purchase: Decimal
    vehicle_operation: Decimal

    @property
    def vehicle(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        return self.outbound + self.reception + self.vehicle


@dataclass
class Figures:
    income: Classified
    expenditure: Classified
    general_budget: Classified
    government_fund: Classified
    state_capital: Classified
    economic_general_budget: Economic
    economic_basic: Economic
    categories: list[CategoryLine]
    three_public: ThreePublicFigures
    personnel: Decimal  # 人员经费
    public: Decimal  # 公用经费
    changes: dict[str, Change] = field(default_factory=dict)
    project_count: int = 0
    project_funds: Decimal = ZERO
    extra: TableFigures | None = None  # 财政拨款收入 split, 项目支出表, 政府采购表, 政府购买服务表
    explained: dict = field(default_factory=dict)  # 项 code → derive.explained.Explained (a 项 explained in parts)
    notes: list = field(default_factory=list)  # derive.explained.Note: projects described in words

    @property
    def fiscal_income(self) -> Decimal:
        return sum((self.income.total[k] for k in FISCAL_SOURCES), ZERO)

    @property
    def fiscal_expenditure(self) -> Decimal:
        return (self.general_budget.total["total"] + self.government_fund.total["total"]
                + self.state_capital.total["total"])

    @property
    def fiscal_expenditure_shown(self) -> Decimal:
        return (self.general_budget.shown["total"] + self.government_fund.shown["total"]
                + self.state_capital.shown["total"])


def three_public_pairs(three: ThreePublicFigures, total: Decimal, p) -> dict[str, tuple[Decimal, Decimal]]:
    """(this year, last year) of each 三公 line, for Change; nothing when last year's figures are missing."""
    if p is None:
        return {}
    return {
        "outbound": (three.outbound, p.outbound), "reception": (three.reception, p.reception),
        "vehicle_purchase": (three.vehicle_purchase, p.vehicle_purchase),
        "vehicle_operation": (three.vehicle_operation, p.vehicle_operation),
        "vehicle": (three.vehicle, p.vehicle_purchase + p.vehicle_operation),
        "three_public": (total, p.outbound + p.reception + p.vehicle_purchase + p.vehicle_operation),
    }


def derive(report: Report, catalog: Catalog, categories: list[Category],
           personnel_codes=("301", "303"), public_codes=("302", "307", "310", "312", "399"),
           tables: dict | None = None) -> Figures:
    """tables: the input's declared tables (generator.tables), some of which the prose names."""
    t: BudgetTables = report.tables
    income = classify(t.income.rows, INCOME_SOURCES, catalog, stated_total=t.income.total,
                      groups={"unit_funds": UNIT_FUND_SOURCES})
    expenditure = classify(t.expenditure.rows, EXPENDITURE_KINDS, catalog, stated_total=t.expenditure.total)
    gpb = classify(t.general_budget.rows, FUND_KINDS, catalog, stated_total=t.general_budget.total)
    gf = classify(t.government_fund.rows, FUND_KINDS, catalog, stated_total=t.government_fund.total)
    sc = classify(t.state_capital.rows, FUND_KINDS, catalog, stated_total=t.state_capital.total)
    econ_basic = economic(t.economic_basic, catalog)
    cats = [
        CategoryLine(
            c.name,
            sum((expenditure.shown_prefix(code) for code in c.codes), ZERO),
            sum((gpb.shown_prefix(code) + gf.shown_prefix(code) + sc.shown_prefix(code) for code in c.codes), ZERO),
            sum((gpb.shown_prefix(code) for code in c.codes), ZERO),
            sum((gf.shown_prefix(code) for code in c.codes), ZERO),
            sum((sc.shown_prefix(code) for code in c.codes), ZERO),
        )
        for c in categories
    ]
    tp = t.three_public
    three = ThreePublicFigures(tp.outbound, tp.reception, tp.vehicle_purchase, tp.vehicle_operation)
    figures = Figures(
        income, expenditure, gpb, gf, sc, economic(t.economic_general_budget, catalog), econ_basic, cats, three,
        personnel=econ_basic.sum_of(personnel_codes), public=econ_basic.sum_of(public_codes),
    )
    prev = report.explanations.previous
    pairs = {
        "income": (income.total["total"], prev.income_total),
        "expenditure": (expenditure.total["total"], prev.expenditure_total),
        "general_budget": (gpb.total["total"], prev.general_budget_total),
        "operating_costs": (report.other_matters.operating_costs.amount, report.other_matters.operating_costs.previous),
    }
    pairs.update(three_public_pairs(three, three.total, prev.three_public))
    for code, previous in prev.items.items():
        pairs[f"item:{code}"] = (gpb.by_prefix(code), previous)
    figures.extra = extra = table_figures(income, tables or {})
    pairs.update({
        "current_income": (extra.current_income, getattr(prev, "current_income_total", None)),
        "carryover": (extra.carryover, getattr(prev, "carryover_total", None)),
        "project": (extra.projects.shown["total"], getattr(prev, "project_total", None)),
        "procurement": (extra.procurement.shown, getattr(prev, "procurement_total", None)),
        "services": (extra.services_total, getattr(prev, "services_total", None)),
        "expenditure": (expenditure.shown["total"], prev.expenditure_total),
        "general_budget": (gpb.shown["total"], prev.general_budget_total),
    })
    figures.changes = {k: Change(cur, p) for k, (cur, p) in pairs.items() if p is not None}
    stated = report.explanations.counts  # more projects have targets than the tables print
    figures.project_count = len(report.performance.projects) if stated.projects_with_targets is None \
        else stated.projects_with_targets
    figures.project_funds = report.performance.fiscal if stated.funds_with_targets is None \
        else stated.funds_with_targets
    return figures

