"""Every rule fires on a deliberately broken input and stays silent on the sample."""

from decimal import Decimal

import pytest

from generator.pipeline import load
from generator.rules import RULES, Context
from tests.conftest import SAMPLE


def row(data, table, code):
    return next(r for r in data["tables"][table]["rows"] if r["code"] == code)


def setp(path, value):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return mutate


def delp(path):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        del obj[path[-1]]
    return mutate


def add_gpb_subtotal(d):
    d["tables"]["general_budget"]["rows"].insert(0, {"code": "20805", "basic": "600.00"})


def shift_expenditure_code(d):
    r = row(d, "expenditure", "2130599")
    r["code"] = "2089999"
    r.pop("name", None)


def gf_spending(d):
    d["tables"]["government_fund"]["rows"] = [{"code": "2080501", "basic": "10.00"}]


def gpb_basic_over(d):
    r = row(d, "general_budget", "2101599")
    r.update(basic="30.00", project="210.00")


def econ_add_313(d):
    d["tables"]["economic_basic"]["rows"].append({"code": "31302", "amount": "1.00"})


def dup_unit(d):
    d["overview"]["units"].append(dict(d["overview"]["units"][0]))


def dup_project(d):
    p = dict(d["performance"]["projects"][0])
    p["goal"] = "另一目标"
    d["performance"]["projects"].append(p)


def same_project_twice(d):
    d["performance"]["projects"].append(d["performance"]["projects"][0])


def bad_cost(d):
    d["performance"]["projects"][0]["indicators"][0]["target"] = "≤5698万元"


CASES = [
    ("S-CODE", "error", setp(("tables", "income", "rows", 0, "code"), "20805x1")),
    ("S-AMOUNT", "error", setp(("tables", "income", "rows", 0, "general_budget"), "12x.5")),
    ("S-AMOUNT", "error", setp(("tables", "income", "rows", 0, "general_budget"), "-5")),
    ("S-TYPE", "error", setp(("overview", "units", 0, "staff"), "二十五")),
    ("S-KEY", "error", setp(("tables", "income", "totl"), "1")),
    ("S-REQUIRED", "error", delp(("department",))),
    ("S-REQUIRED", "error", delp(("explanations", "previous", "income_total"))),
    ("S-TEXT", "warning", setp(("explanations", "reasons", "income_change"), "")),
    ("S-TEXT", "warning", setp(("performance", "note"), "没有项目的部门请公开空表，并说明“无”。")),
    ("S-REF", "error", setp(("explanations", "item_purposes", "2010101"), "某用途")),
    ("R-TOTAL-ROWS", "warning", setp(("tables", "income", "total", "total"), "207172.80")),
    ("R-TOTAL-ROWS", "error", setp(("tables", "income", "total", "total"), "207100.00")),
    ("R-ROW-SUM", "warning", setp(("tables", "income", "rows", 0, "total"), "127.67")),
    ("R-ROW-SUM", "error", setp(("tables", "income", "rows", 0, "total"), "130.00")),
    ("R-HIER-FUNC", "error", add_gpb_subtotal),
    ("R-HIER-ECON", "warning", setp(("tables", "economic_basic", "rows", 0, "amount"), "5838.68")),
    ("R-EMPTY-TABLE", "error", setp(("tables", "government_fund", "rows"), [{"code": "2080501"}])),
    ("R-CROSS-BALANCE", "error", lambda d: row(d, "expenditure", "2080501").update(basic="130.00", total="130.00")),
    ("R-CROSS-INCOME", "error", setp(("tables", "income", "total", "other"), "23.00")),
    ("R-CROSS-EXP", "error", setp(("tables", "expenditure", "total", "total"), "207000.00")),
    ("R-CROSS-FUNC-CLASS", "error", shift_expenditure_code),
    ("R-CROSS-FIN", "error", gf_spending),
    ("R-CROSS-CODE", "error", shift_expenditure_code),
    ("R-CROSS-GPB-LE-EXP", "error", gpb_basic_over),
    ("R-CROSS-BASIC", "error", setp(("tables", "economic_basic", "rows", 1, "amount"), "1040.33")),
    ("R-CROSS-ECON", "error", lambda d: row(d, "economic_general_budget", "302").update(amount="142062.87")),
    ("R-ECON-GE-BASIC", "error", lambda d: row(d, "economic_general_budget", "301").update(amount="5000.00")),
    ("R-BASIC-SPLIT", "warning", econ_add_313),
    ("R-CROSS-PROC", "error", setp(("other_matters", "procurement", "total"), "25.00")),
    ("R-3GONG-SUM", "warning", setp(("tables", "three_public", "total"), "21.01")),
    ("R-3GONG-BASIC", "error", lambda d: d["tables"]["three_public"].update(reception="20.00", total="20.00")),
    ("R-3GONG-BASIC", "info", lambda d: d["tables"]["three_public"].update(reception="22.00", total="22.00")),
    ("R-OPS-LE-PUBLIC", "warning", setp(("other_matters", "operating_costs", "amount"), "400.00")),
    ("R-COMPLETE", "warning", delp(("tables", "economic_general_budget"))),
    ("R-CODE-VALID", "warning", lambda d: row(d, "income", "2080501").update(name="行政单位离休")),
    ("R-CODE-VALID", "warning", lambda d: row(d, "economic_basic", "30101").update(code="30198")),
    ("R-CATALOG-YEAR", "info", setp(("year",), 2020)),
    ("R-NAME-CONSIST", "warning", dup_unit),
    ("R-NARR-COVERAGE", "warning", delp(("explanations", "item_purposes", "2080501"))),
    ("R-NARR-DELTA-SUM", "warning", setp(("explanations", "previous", "items"), {"2080501": "1.00"})),
    ("R-TEXT-LINT", "warning", setp(("explanations", "reasons", "income_change"), "其他组织事务支出支出")),
    ("R-PERF-ROW", "error", setp(("performance", "projects", 0, "funds", "total"), "5700.00")),
    ("R-PERF-SUM", "warning", lambda d: d["performance"]["projects"].pop()),
    ("R-PERF-COUNT", "warning", same_project_twice),
    ("R-PERF-REPEAT", "warning", dup_project),
    ("R-PERF-COST", "info", bad_cost),
    ("R-PERF-QUARTER-SHARE", "error", setp(("performance", "projects", 0, "plan"), {"shares": ["25", "25", "25", "20"]})),
    ("R-PERF-QUARTER-AMOUNT", "error",
     setp(("performance", "projects", 0, "plan"), {"amounts": ["1000.00", "1000.00", "1000.00", "1000.00"]})),
]


def test_sample_is_silent(check):
    assert check() == []


@pytest.mark.parametrize("rule_id,severity,mutate", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires(check, rule_id, severity, mutate):
    assert_fires(check(mutate), rule_id, severity)


def assert_fires(findings, rule_id, severity):
    hits = [f for f in findings if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire; got {[(f.rule, f.message) for f in findings]}"
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]
    assert all(f.message and str(f.location) for f in hits)


def test_blank_subtotal_fires_only_where_zero_is_blank():
    loaded = load(SAMPLE)
    report = loaded.report.model_copy(deep=True)
    from generator.model.report import FundRow
    report.tables.general_budget.rows.insert(0, FundRow(code="20805"))  # a stated 款 left blank
    rule = RULES["R-BLANK-SUBTOTAL"].check
    blank = Context(report, loaded.figures, loaded.catalog, loaded.profile.model_copy(update={"zero": ""}), loaded.sources)
    shown = Context(report, loaded.figures, loaded.catalog, loaded.profile, loaded.sources)
    assert [f.rule for f in rule(blank)] and all(f.rule == "R-BLANK-SUBTOTAL" for f in rule(blank))
    assert list(rule(shown)) == []


def test_every_rule_has_a_firing_case():
    from tests.test_accept import CASES as ACCEPT
    from tests.test_anhui_rules import CASES as ANHUI
    from tests.test_explained import CASES as EXPLAINED
    from tests.test_final_rules import CASES as FINAL
    from tests.test_overall import CASES as OVERALL
    from tests.test_prose_rules import CASES as PROSE
    from tests.test_tables_walkthrough import CASES as DECLARED, SUMS
    covered = ({c[0] for c in CASES} | {"R-BLANK-SUBTOTAL"} | {c[0] for c in PROSE} | {c[0] for c in FINAL}
               | {c[0] for c in ANHUI} | {c[0] for c in DECLARED} | {c[0] for c in ACCEPT} | {c[0] for c in OVERALL}
               | {c[0] for c in EXPLAINED} | {c[0] for c in SUMS})
    assert set(RULES) - covered == set()


def test_tail_tolerance_grows_with_addends():
    from generator.money import tail
    assert [tail(n) for n in (1, 2, 3, 4, 5, 16)] == [Decimal(x) for x in ("0.01", "0.01", "0.02", "0.02", "0.03", "0.08")]


def test_rules_doc_is_current():
    from tools.rules_doc import OUT, render
    assert OUT.read_text(encoding="utf-8") == render(), "run tools/rules_doc.py"
