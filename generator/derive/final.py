"""Every number a final-accounts report prints, computed once from the entered rows.

A 决算 table is published with each cell rounded from 元 on its own, so a stated total can differ from
the sum of its rows by a rounding tail. The report prints the stated figure (Classified.shown and its
stated 类/款 rows); the rules compare it with the computed sums (R-FA-*).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.catalog import Catalog, Category
from generator.derive.figures import Classified, Economic, ThreePublicFigures, classify, economic, three_public_pairs
from generator.model.final import FINAL_INCOME_SOURCES, FISCAL_KINDS, FinalReport, SelfEvalProject
from generator.model.report import EXPENDITURE_KINDS, FUND_KINDS
from generator.money import ZERO, Change, percent

GRADES = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))


def shown(stated: Decimal | None, computed: Decimal) -> Decimal:
    """The figure a report prints: as stated when the input states it (rules check the gap)."""
    return computed if stated is None else stated


@dataclass
class Balance:
    """One side-by-side 收支 summary: 本年 + carry-overs = 总计 on both sides."""

    income: Decimal
    expenditure: Decimal
    income_side: Decimal  # 总计 (左)
    expenditure_side: Decimal  # 总计 (右)
    income_side_computed: Decimal
    expenditure_side_computed: Decimal


@dataclass
class SelfEval:
    project: SelfEvalProject
    score: Decimal  # S
    weight: Decimal  # 总分值
    grade: str
    met: int  # indicators fully scored
    total_line: dict[str, Decimal]  # 年度资金总额: initial / full_year / executed

    def rate(self, line) -> Decimal | None:
        return percent(line.executed, line.full_year)

    @property
    def total_rate(self) -> Decimal | None:
        return percent(self.total_line["executed"], self.total_line["full_year"])

    @property
    def rates(self) -> dict[str, Decimal | None]:
        """执行率 of each funds line (fiscal, other, carryover), as the 自评表 prints them."""
        return {k: self.rate(getattr(self.project.funds, k)) for k in ("fiscal", "other", "carryover")}

    def groups(self) -> list[tuple[str, list[tuple[str, list]]]]:
        """Indicators grouped 一级 → 二级, in entered order (the report's 绩效分析)."""
        out: list[tuple[str, list[tuple[str, list]]]] = []
        for ind in self.project.indicators:
            if not out or out[-1][0] != ind.level1:
                out.append((ind.level1, []))
            level2 = out[-1][1]
            if not level2 or level2[-1][0] != ind.level2:
                level2.append((ind.level2, []))
            level2[-1][1].append(ind)
        return out


def grade_of(score: Decimal) -> str:
    return next(name for name, low in GRADES if score >= low)


@dataclass
class FinalFigures:
    income: Classified
    expenditure: Classified
    general_budget: Classified
    government_fund: Classified
    state_capital: Classified
    economic_basic: Economic
    categories: list[dict]
    three_public: ThreePublicFigures
    three_public_total: Decimal
    personnel: Decimal
    public: Decimal
    personnel_computed: Decimal
    public_computed: Decimal
    summary: Balance
    fiscal: Balance
    fiscal_income: dict[str, Decimal]
    fiscal_expenditure: dict[str, Decimal]  # by kind, plus total
    fiscal_closing: dict[str, Decimal]
    fiscal_opening: dict[str, Decimal]
    changes: dict[str, Change] = field(default_factory=dict)
    completion: dict[str, Decimal | None] = field(default_factory=dict)  # 完成全年预算 %
    procurement: dict[str, Decimal | None] = field(default_factory=dict)
    evaluations: list[SelfEval] = field(default_factory=list)
    grade_counts: dict[str, int] = field(default_factory=dict)
    evaluation_funds: Decimal = ZERO
    # 公开04 总计 by fund: 本年支出 + 年末. The 总计 column is printed as stated, so the 一般公共预算 column
    # takes its rounding tail and the columns still add up across.
    fiscal_side: dict[str, Decimal] = field(default_factory=dict)


def _categories(cats: list[Category], exp: Classified, gpb: Classified, gf: Classified, sc: Classified):
    def cls(table: Classified, codes, key):
        return sum((table.shown_prefix(c, key) for c in codes), ZERO)
    out = []
    for c in cats:
        g, f, s = cls(gpb, c.codes, "total"), cls(gf, c.codes, "spent"), cls(sc, c.codes, "total")
        out.append({"name": c.name, "all_funds": cls(exp, c.codes, "total"), "fiscal": g + f + s,
                    "general_budget": g, "government_fund": f, "state_capital": s})
    return out


def derive_final(report: FinalReport, catalog: Catalog, categories: list[Category],
                 personnel_codes=("301", "303"), public_codes=("302", "307", "310", "312", "399"),
                 tables: dict | None = None) -> FinalFigures:
    t = report.tables
    income = classify(t.income.rows, FINAL_INCOME_SOURCES, catalog, stated_total=t.income.total)
    expenditure = classify(t.expenditure.rows, EXPENDITURE_KINDS, catalog, stated_total=t.expenditure.total)
    gpb = classify(t.general_budget.rows, FUND_KINDS, catalog, stated_total=t.general_budget.total)
    gf = classify(t.government_fund.rows, ("opening", "income", "spent", "basic", "project", "closing"), catalog,
                  with_total=False)
    sc = classify(t.state_capital.rows, FUND_KINDS, catalog, stated_total=t.state_capital.total)
    econ = economic(t.economic_basic, catalog)
    # 人员/公用经费 from the 类 figures as published (a 类 row's own tail is R-FA-TOTALS' business).
    personnel_c, public_c = econ.sum_of(personnel_codes), econ.sum_of(public_codes)
    tp = t.three_public
    three = ThreePublicFigures(tp.outbound, tp.reception, tp.vehicle_purchase, tp.vehicle_operation)

    s = t.summary
    inc_total, exp_total = income.shown["total"], expenditure.shown["total"]
    left = inc_total + s.use_non_fiscal_balance + s.opening_balance
    right = exp_total + s.distribution + s.closing_balance
    summary = Balance(shown(s.stated.income_total, inc_total), shown(s.stated.expenditure_total, exp_total),
                      shown(s.stated.total, left), shown(s.stated.total, right), left, right)

    fs = t.fiscal_summary
    f_income = {k: getattr(s.fiscal_income, k) for k in FISCAL_KINDS}
    f_spent = {"general_budget": gpb.shown["total"], "government_fund": gf.shown["spent"],
               "state_capital": sc.shown["total"]}
    f_open = {k: getattr(fs.opening, k) for k in FISCAL_KINDS}
    f_close = {k: getattr(fs.closing, k) for k in FISCAL_KINDS}
    for d in (f_income, f_spent, f_open, f_close):
        d["total"] = sum(d.values(), ZERO)
    f_left = f_income["total"] + f_open["total"]
    f_right = f_spent["total"] + f_close["total"]
    fiscal = Balance(shown(fs.stated.income_total, f_income["total"]),
                     shown(fs.stated.expenditure_total, f_spent["total"]),
                     shown(fs.stated.total, f_left), shown(fs.stated.total, f_right), f_left, f_right)

    figures = FinalFigures(
        income, expenditure, gpb, gf, sc, econ, _categories(categories, expenditure, gpb, gf, sc),
        three, shown(tp.total, three.total),
        shown(t.economic_basic.stated.personnel, personnel_c), shown(t.economic_basic.stated.public, public_c),
        personnel_c, public_c, summary, fiscal, f_income, f_spent, f_close, f_open,
    )
    figures.changes = _changes(report, figures)
    figures.completion = _completion(report, figures)
    figures.procurement = _procurement(report)
    figures.evaluations = [_evaluate(p) for p in report.performance.projects]
    figures.grade_counts = {g: sum(1 for p in report.performance.projects if p.department_grade == g)
                            for g, _ in GRADES}
    figures.evaluation_funds = sum((p.funds.fiscal.full_year for p in report.performance.projects), ZERO)
    other = {k: f_spent[k] + f_close[k] for k in ("government_fund", "state_capital")}
    figures.fiscal_side = {"general_budget": fiscal.expenditure_side - other["government_fund"] - other["state_capital"],
                           **other}
    return figures


def _changes(report: FinalReport, f: FinalFigures) -> dict[str, Change]:
    prev = report.explanations.previous
    pairs = {
        "total": (f.summary.income_side, prev.total),
        "income": (f.summary.income, prev.income_total),
        "expenditure": (f.summary.expenditure, prev.expenditure_total),
        "fiscal": (f.fiscal.income_side, prev.fiscal_total),
        "general_budget": (f.general_budget.shown["total"], prev.general_budget_total),
        "government_fund": (f.government_fund.shown["spent"], prev.government_fund_total),
        "state_capital": (f.state_capital.shown["total"], prev.state_capital_total),
        "operating_costs": (report.other_matters.operating_costs.amount,
                            report.other_matters.operating_costs.previous),
    }
    pairs.update(three_public_pairs(f.three_public, f.three_public_total, prev.three_public))
    for code, previous in prev.items.items():
        pairs[f"item:{code}"] = (f.general_budget.shown_prefix(code), previous)
    return {k: Change(cur, p) for k, (cur, p) in pairs.items() if p is not None}


def _completion(report: FinalReport, f: FinalFigures) -> dict[str, Decimal | None]:
    """完成全年预算的 x%: 决算 / 全年预算; None when the budget is zero (the template words that case)."""
    budget = report.explanations.budget.three_public
    if budget is None:
        return {}
    tp = f.three_public
    budgets = {"outbound": budget.outbound, "reception": budget.reception,
               "vehicle_purchase": budget.vehicle_purchase, "vehicle_operation": budget.vehicle_operation}
    budgets["vehicle"] = budget.vehicle_purchase + budget.vehicle_operation
    budgets["three_public"] = budgets["vehicle"] + budget.outbound + budget.reception
    actual = {"outbound": tp.outbound, "reception": tp.reception, "vehicle_purchase": tp.vehicle_purchase,
              "vehicle_operation": tp.vehicle_operation, "vehicle": tp.vehicle, "three_public": f.three_public_total}
    return {k: percent(actual[k], budgets[k]) for k in actual}


def _procurement(report: FinalReport) -> dict[str, Decimal | None]:
    p = report.other_matters.procurement
    total = p.goods + p.works + p.services
    sme = p.sme.goods + p.sme.works + p.sme.services
    return {
        "total": total, "sme": sme, "small_micro": p.small_micro,
        "sme_share": percent(sme, total), "small_micro_share": percent(p.small_micro, sme),
        "goods_share": percent(p.sme.goods, p.goods), "works_share": percent(p.sme.works, p.works),
        "services_share": percent(p.sme.services, p.services),
    }


def _evaluate(project: SelfEvalProject) -> SelfEval:
    score = project.funds.score + sum((i.score for i in project.indicators), ZERO)
    weight = project.funds.weight + sum((i.weight for i in project.indicators), ZERO)
    total_line = {k: project.funds.line(k) for k in ("initial", "full_year", "executed")}
    met = sum(1 for i in project.indicators if i.met)
    return SelfEval(project, score, weight, grade_of(score), met, total_line)
