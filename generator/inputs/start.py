"""Starting points for an input: a blank one, or next year's from last year's report.

Both return model-shaped data (like Report.model_dump()) in which None means “to fill”: an empty cell
in the workbook, an empty value in YAML.
"""

from __future__ import annotations

from copy import deepcopy

from generator.catalog import load_catalog
from generator.derive.figures import classify
from generator.model.final import FinalReport
from generator.model.report import EXPENDITURE_KINDS, FUND_KINDS, INCOME_SOURCES, Report
from generator.money import cents

THREE = ("outbound", "reception", "vehicle_purchase", "vehicle_operation")
VEHICLES = ("ministerial", "confidential", "emergency", "law_enforcement", "special", "other")


def blank_overview() -> dict:
    """第一部分 to fill: the same for both kinds."""
    return {
        "duties": {"intro": "", "items": []},
        "structure": {"offices": None, "subordinate_units": None},
        "units": [],
        "tasks": {"summary": "", "items": []},
    }


def blank(profile: str, year: int, department: str, kind: str = "budget") -> dict:
    if kind == "final":  # 部门决算: FinalReport-shaped (start_final.py)
        from generator.inputs.start_final import blank_final
        return blank_final(profile, year, department)
    empty_table = {"rows": []}
    return {
        "kind": kind, "profile": profile, "year": year, "department": department,
        "overview": blank_overview(),
        "tables": {
            **{key: deepcopy(empty_table) for key in (
                "income", "expenditure", "general_budget", "government_fund", "state_capital",
                "economic_general_budget", "economic_basic")},
            "three_public": dict.fromkeys(THREE),
        },
        "explanations": {
            "previous": {"income_total": None, "expenditure_total": None, "general_budget_total": None,
                         "three_public": dict.fromkeys(THREE)},
            "reasons": {"income_change": "", "expenditure_change": "", "general_budget_change": "",
                        "general_budget_austerity": "",
                        "three_public": {"outbound": "", "reception": "", "vehicle": ""}},
            "item_purposes": {},
        },
        "other_matters": {
            "operating_costs": {"amount": None, "previous": None, "reason": ""},
            "procurement": {"goods": None, "works": None, "services": None},
            "assets": {"vehicles": dict.fromkeys(VEHICLES), "equipment_over_1m": None,
                       "planned_vehicles": None, "planned_equipment_over_1m": None},
        },
        "performance": {"note": "", "projects": []},
        "glossary": [],
    }


def _parts(purpose):
    """A 项's 用途, or its parts without their typed amounts (last year's figures: the rules would flag them)."""
    if not isinstance(purpose, list):
        return purpose
    return [{k: p[k] for k in ("part", "purpose") if p.get(k) is not None} for p in purpose]


def next_year(report: Report | FinalReport, year: int, figures=None) -> dict:
    """Carry over what stays (department, units, duties, structure, tasks, item purposes, glossary,
    project descriptions); last year's figures become this year's previous-year figures.

    This year's amounts are left empty, and so are the texts that explain a change against the year
    before (they are always about last year's change): the checks then ask for them. `figures`: last year's
    derived figures (generator.pipeline), where the profile's declared tables name some of them (安徽).
    """
    if report.kind == "final":
        from generator.inputs.start_final import next_year_final
        return next_year_final(report, year)
    last = report.model_dump()
    data = blank(report.profile, year, report.department, report.kind)
    if report.department_code:
        data["department_code"] = report.department_code
    data["overview"] = last["overview"]
    data["glossary"] = last["glossary"]
    exp = data["explanations"]
    exp["item_purposes"] = {code: _parts(p) for code, p in last["explanations"]["item_purposes"].items()}
    # counts are this year's figures, to fill; the projects described in words (performance.disclosed) are
    # chosen anew each year, as the 安徽 ones always were
    exp["reasons"]["general_budget_austerity"] = last["explanations"]["reasons"]["general_budget_austerity"]

    catalog = load_catalog(report.year)
    t = report.tables
    gpb = classify(t.general_budget.rows, FUND_KINDS, catalog, stated_total=t.general_budget.total)
    prev = exp["previous"]
    prev["income_total"] = cents(classify(t.income.rows, INCOME_SOURCES, catalog).total["total"])
    prev["expenditure_total"] = cents(classify(t.expenditure.rows, EXPENDITURE_KINDS, catalog,
                                               stated_total=t.expenditure.total).shown["total"])
    prev["general_budget_total"] = cents(gpb.total["total"])
    prev["three_public"] = {key: cents(getattr(t.three_public, key)) for key in THREE}
    if report.explanations.previous.items:  # the profile compares 项 by 项: keep doing so
        prev["items"] = {ln.code: cents(ln["total"]) for ln in gpb.details}

    extra = getattr(figures, "extra", None)
    if extra is not None and (extra.projects.rows or extra.fiscal is not None):  # explained table by table (安徽)
        income = figures.income
        prev["income_total"] = cents(income.shown["total"])
        prev["general_budget_total"] = cents(gpb.shown["total"])
        prev.update(current_income_total=cents(extra.current_income), carryover_total=cents(extra.carryover),
                    project_total=cents(extra.projects.shown["total"]), procurement_total=cents(extra.procurement.shown),
                    services_total=cents(extra.services_total))
        exp["project_purpose"] = last["explanations"]["project_purpose"]
        exp["item_names"] = last["explanations"]["item_names"]
        data["date"] = ""
    data["other_matters"]["operating_costs"]["previous"] = cents(report.other_matters.operating_costs.amount)
    data["performance"] = {
        "note": last["performance"]["note"],
        "projects": [
            {"name": p["name"], "basis": p["basis"], "feasibility": p["feasibility"], "goal": p["goal"],
             "unit": p["unit"], "unit_code": p.get("unit_code"), "source": p["source"], "period": p["period"],
             **{k: p[k] for k in ("department", "scope", "total_goal") if p.get(k) is not None},
             "funds": {"total": None, "fiscal": None, "carryover": None, "other": None},
             "indicators": [{k: v for k, v in i.items() if v is not None} for i in p["indicators"]]}
            for p in last["performance"]["projects"]
        ],
        "department": last["performance"]["department"],
    }
    return data
