"""Starting points for a final-accounts (部门决算) input: a blank one, or next year's from last year's.

As in start.py, the data is FinalReport-shaped and None means “to fill”.
"""

from __future__ import annotations

from generator.catalog import load_catalog
from generator.derive.final import derive_final
from generator.inputs.start import blank_overview
from generator.model.final import FISCAL_KINDS, FinalReport
from generator.money import cents

THREE = ("outbound", "reception", "vehicle_purchase", "vehicle_operation")
VEHICLES = ("vice_ministerial", "principal", "confidential", "emergency", "law_enforcement", "special",
            "retired", "other")
FACTS = ("outbound_groups", "outbound_joined_groups", "outbound_people", "vehicles_purchased", "vehicles_held",
         "reception_batches", "reception_people")
STATED = ("income_total", "expenditure_total", "total")


def blank_final(profile: str, year: int, department: str) -> dict:
    def table():
        return {"rows": []}

    return {
        "kind": "final", "profile": profile, "year": year, "department": department,
        "overview": blank_overview(),
        "tables": {
            "summary": {"fiscal_income": dict.fromkeys(FISCAL_KINDS), "use_non_fiscal_balance": None,
                        "distribution": None, "opening_balance": None, "closing_balance": None,
                        "stated": dict.fromkeys(STATED)},
            "fiscal_summary": {"opening": dict.fromkeys(FISCAL_KINDS), "closing": dict.fromkeys(FISCAL_KINDS),
                               "stated": dict.fromkeys(STATED)},
            "income": table(), "expenditure": table(), "general_budget": table(),
            "economic_basic": {"stated": {"personnel": None, "public": None}, "rows": []},
            "three_public": dict.fromkeys(THREE),
            "government_fund": table(), "state_capital": table(),
        },
        "explanations": {
            "previous": {"total": None, "income_total": None, "expenditure_total": None, "fiscal_total": None,
                         "general_budget_total": None, "government_fund_total": None, "state_capital_total": None,
                         "three_public": dict.fromkeys(THREE), "items": {}},
            "budget": {"three_public": dict.fromkeys(THREE)},
            "reasons": {"total_change": "", "fiscal_change": "", "government_fund": "", "state_capital": "",
                        "items": {}, "three_public": dict.fromkeys(("total",) + THREE, "")},
            "three_public_facts": dict.fromkeys(FACTS),
        },
        "other_matters": {
            "operating_costs": {"amount": None, "previous": None, "reason": ""},
            "procurement": {"goods": None, "works": None, "services": None,
                            "sme": {"goods": None, "works": None, "services": None}, "small_micro": None},
            "assets": {"vehicles": dict.fromkeys(VEHICLES), "other_vehicles_use": "", "equipment_over_1m": None},
        },
        "performance": {"projects": []},
        "glossary": [],
    }


def next_year_final(report: FinalReport, year: int) -> dict:
    """Carry over the words and structure: department, units, duties, structure, the work summary (to
    rewrite), the glossary, the use of 其他用车, and each self-evaluated project's description, expected
    goals and indicators with their targets and weights. Last year's 决算 figures become this year's
    上年决算数 (totals, 财政拨款, each 一般公共预算 项, “三公”, 机关运行经费), and last year's 年末结转和结余
    become this year's 年初 ones. This year's figures, scores, results and reasons are left to fill.
    """
    last = report.model_dump()
    data = blank_final(report.profile, year, report.department)
    if report.department_code:
        data["department_code"] = report.department_code
    data["overview"] = last["overview"]
    data["glossary"] = last["glossary"]

    f = derive_final(report, load_catalog(report.year), [])
    t = report.tables
    summary, fiscal = data["tables"]["summary"], data["tables"]["fiscal_summary"]
    summary["opening_balance"] = cents(t.summary.closing_balance)
    fiscal["opening"] = {k: cents(getattr(t.fiscal_summary.closing, k)) for k in FISCAL_KINDS}

    prev = data["explanations"]["previous"]
    prev["total"] = cents(f.summary.income_side)
    prev["income_total"] = cents(f.summary.income)
    prev["expenditure_total"] = cents(f.summary.expenditure)
    prev["fiscal_total"] = cents(f.fiscal.income_side)
    prev["general_budget_total"] = cents(f.general_budget.shown["total"])
    prev["government_fund_total"] = cents(f.government_fund.shown["spent"])
    prev["state_capital_total"] = cents(f.state_capital.shown["total"])
    prev["three_public"] = {k: cents(getattr(t.three_public, k)) for k in THREE}
    prev["items"] = {ln.code: cents(ln["total"]) for ln in f.general_budget.details if ln.level == "项"}

    om = data["other_matters"]
    om["operating_costs"]["previous"] = cents(report.other_matters.operating_costs.amount)
    om["assets"]["other_vehicles_use"] = report.other_matters.assets.other_vehicles_use

    data["performance"]["projects"] = [
        {"name": p["name"], "short_name": p["short_name"], "department": p["department"], "unit": p["unit"],
         "summary": p["summary"], "results": "",
         "funds": {line: dict.fromkeys(("initial", "full_year", "executed")) for line in ("fiscal", "other", "carryover")}
         | {"weight": p["funds"]["weight"], "score": None},
         "goals": [{"expected": g["expected"], "actual": ""} for g in p["goals"]],
         "indicators": [{**{k: i[k] for k in ("level1", "level2", "name", "op", "target", "unit", "weight")},
                         "actual": None, "score": None, "deviation": ""} for i in p["indicators"]],
         "department_grade": "", "problems": []}
        for p in last["performance"]["projects"]
    ]
    return data
