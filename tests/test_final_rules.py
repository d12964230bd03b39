"""Final-accounts rules: each fires on a broken copy of the 三明 sample; the sample shows only the published
rounding tails (each 决算 cell is rounded from 元 on its own), as warnings."""

import pytest

from tests.test_rules import assert_fires, row, setp


def gf_row(d):
    d["tables"]["government_fund"]["rows"] = [
        {"code": "2296002", "name": "用于社会福利的彩票公益金支出", "opening": "1.00", "income": "5.00", "project": "4.00",
         "closing": "3.00"}]


def same_problem(d):
    pr = d["performance"]["projects"][0]["problems"][0]
    pr["suggestion"] = pr["problem"]


def over_budget(d):
    d["explanations"]["budget"]["three_public"]["reception"] = "10.00"


CASES = [
    ("R-FA-TOTALS", "error", setp(["tables", "income", "total", "total"], "6197.78")),
    ("R-FA-TOTALS", "error", lambda d: row(d, "expenditure", "210").__setitem__("basic", "4000.00")),
    ("R-FA-TOTALS", "error", setp(["tables", "three_public", "total"], "45.00")),
    ("R-FA-TOTALS", "error", lambda d: row(d, "general_budget", "2101501").__setitem__("total", "900.00")),
    ("R-FA-BALANCE", "error", setp(["tables", "summary", "closing_balance"], "19.03")),
    ("R-FA-BALANCE", "error", setp(["tables", "summary", "stated", "income_total"], "6000.00")),
    ("R-FA-BALANCE", "error", setp(["tables", "summary", "fiscal_income", "general_budget"], "6000.00")),
    ("R-FA-CROSS", "error", lambda d: row(d, "general_budget", "2101599").__setitem__("project", "1200.00")),
    ("R-FA-CARRY-CHAIN", "warning", setp(["explanations", "previous", "total"], "6300.00")),
    ("R-FA-CARRY-CHAIN", "warning", setp(["tables", "fiscal_summary", "opening", "general_budget"], "5.00")),
    ("R-FA-NONFISCAL", "warning", setp(["tables", "summary", "opening_balance"], "212.88")),
    ("R-FA-GF", "error", gf_row),
    ("R-FA-COMPLETION", "warning", over_budget),
    ("R-ASSET-VEHICLE", "warning", setp(["explanations", "three_public_facts", "vehicles_held"], 12)),
    ("R-PERF-RATE", "warning", setp(["performance", "projects", 0, "funds", "fiscal", "executed"], "300.00")),
    ("R-PERF-SCORE", "warning", setp(["performance", "projects", 0, "indicators", 0, "weight"], "15")),
    ("R-PERF-SCORE", "warning", setp(["performance", "projects", 1, "indicators", 0, "score"], "12")),
    ("R-PERF-TEXT", "warning", same_problem),
    ("R-NARR-COVERAGE", "warning", lambda d: d["explanations"]["reasons"]["items"].pop("2101501")),
    ("S-REF", "error", lambda d: d["explanations"]["reasons"]["items"].__setitem__("2101202", "新增")),
    ("R-NARR-DELTA-SUM", "warning", setp(["explanations", "previous", "items", "2101501"], "900.00")),
]

# The published tails of seed 001 (validation-rules.md, R-FA-BALANCE and friends): the only findings.
# The 收入决算表 合计 row agrees with its printed 类 rows (compared 按类级合计, no tail); its 21015 row carries
# the tail in both 合计 (4958.61 vs Σ项 4958.60) and 财政拨款收入 columns.
PUBLISHED_TAILS = {
    ("R-FA-TOTALS", "收入决算表 21015“合计”"), ("R-FA-TOTALS", "收入决算表 21015“财政拨款收入”"),
    ("R-FA-TOTALS", "基本支出决算表 302"),
    ("R-FA-TOTALS", "“三公”经费支出决算表合计"), ("R-FA-BALANCE", "收入支出决算总表 支出方总计"),
    ("R-FA-BALANCE", "财政拨款收入支出决算总表 支出方总计"),
    ("R-FA-CROSS", "一般公共预算财政拨款基本支出（人员经费＋公用经费）"),
}


def test_sample_shows_only_the_published_tails(check_final):
    findings = check_final()
    assert all(f.severity == "warning" and f.diff and abs(float(f.diff)) <= 0.03 for f in findings), findings
    got = {(f.rule, next(p for _, p in PUBLISHED_TAILS if f.message.startswith(p))) for f in findings}
    assert got == PUBLISHED_TAILS and len(findings) == len(PUBLISHED_TAILS)


@pytest.mark.parametrize("rule_id,severity,mutate", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_final_rule_fires(check_final, rule_id, severity, mutate):
    assert_fires(check_final(mutate), rule_id, severity)


def test_budget_rules_do_not_run_on_final_accounts(check_final):
    from generator.rules import RULES
    budget_only = {r.id for r in RULES.values() if r.kinds == ("budget",)}
    assert not {f.rule for f in check_final()} & budget_only


def test_profile_of_the_other_kind_is_refused(check_final):
    findings = check_final(setp(["profile"], "fujian-budget"))
    assert [f.rule for f in findings] == ["S-REF"] and "部门决算" in findings[0].message


def test_blank_amount_says_not_filled(check_final):
    findings = check_final(setp(["tables", "summary", "opening_balance"], None))
    assert [(f.rule, "未填写" in f.message) for f in findings] == [("S-AMOUNT", True)]
    assert str(findings[0].location).endswith("tables.yaml:16")
