"""The rules of the 安徽 tables fire on a broken 宿州 sample; the sample itself reports only the seed's own
findings (rounding tails of the published tables, and the contradiction in its item changes)."""

from pathlib import Path

import pytest

from generator.inputs import read_input
from tests.conftest import _checker

SUZHOU = Path(__file__).resolve().parent.parent / "sample_inputs" / "suzhou-2024-budget"
SEED_OWN = {"R-TOTAL-ROWS", "R-ROW-SUM", "R-HIER-FUNC", "R-HIER-ECON", "R-CROSS-BASIC", "R-TAB-ROW",
            "R-NARR-DELTA-SUM", "R-CODE-VALID"}  # R-TAB-ROW: 表1's stated 本年一般公共预算拨款 and 收入总计


@pytest.fixture(scope="module")
def raw():
    return read_input(SUZHOU)


@pytest.fixture
def check(raw):
    return _checker(raw, SUZHOU)


def project(d, name, unit=None):
    return next(r for r in d["tables"]["projects"]["rows"] if r["name"] == name and (unit is None or r["unit"] == unit))


def test_sample_reports_only_the_seeds_own_findings(check):
    findings = check()
    assert {f.rule for f in findings} <= SEED_OWN, [(f.rule, f.message) for f in findings]
    assert all(f.severity == "warning" for f in findings)
    tails = [f for f in findings if f.rule not in ("R-NARR-DELTA-SUM", "R-CODE-VALID")]
    names = [f for f in findings if f.rule == "R-CODE-VALID"]  # the text's 行政事业单位离退休(款), L490–494
    assert len(names) == 4 and all("item_names" not in f.message for f in names)
    assert all(f.diff and abs(float(f.diff)) <= 0.02 for f in tails), [f.message for f in tails]


# The 安徽 tables are declared (templates/tables/anhui-budget.yaml): a row's 合计 and the 合计 row are
# R-TAB-ROW / R-TAB-HIER, the 表1 income lines' sums R-TAB-ROW; the cross-table checks stay R-CROSS-*.
CASES = [
    ("R-TAB-HIER", "error", lambda d: project(d, "劳务派遣人员前台工作人员").update(general_budget="61.70")),
    ("R-TAB-ROW", "error", lambda d: project(d, "劳务派遣人员前台工作人员").update(total="99.00")),
    ("R-TAB-HIER", "warning", lambda d: d["tables"]["projects"]["total"].update(total="685.93")),
    ("R-CROSS-PROJ", "error", lambda d: d["tables"]["projects"]["total"].update(total="695.92")),
    ("R-CROSS-CARRY", "error", lambda d: project(d, "县域医共体医保支付方式改革工作经费").update(
        carry_general_budget="5.92")),
    ("R-TAB-ROW", "error", lambda d: d["tables"]["fiscal_income"].update(regular="1200.00")),
    ("R-TAB-HIER", "error", lambda d: d["tables"]["procurement"]["rows"][1].update(general_budget="1.47")),
    ("R-CROSS-PROC-TABLE", "error", lambda d: d["tables"]["procurement"]["rows"][1].update(general_budget="1.47")),
    ("R-CROSS-PROC-TABLE", "error", lambda d: d["tables"]["procurement"]["rows"][1].update(kind="works")),
    ("S-REQUIRED", "error", lambda d: d["explanations"]["previous"].pop("project_total")),
    ("R-NARR-COVERAGE", "warning", lambda d: d["explanations"]["reasons"]["items"].pop("2101502")),
    ("R-PERF-SUM", "warning", lambda d: d["performance"]["projects"].pop()),
    ("R-PERF-PROJ", "warning", lambda d: d["performance"]["projects"][1]["funds"].update(total="70.00", fiscal="70.00")),
    ("R-PERF-PROJ", "warning", lambda d: d["performance"]["projects"][1].update(name="劳务派遣经费")),
    ("R-PERF-DISCLOSE", "warning", lambda d: d["performance"]["disclosed"].clear()),
    ("R-PERF-DISCLOSE", "warning", lambda d: d["performance"]["projects"][3]["funds"].update(total="555.00",
                                                                                            fiscal="555.00")),
    ("S-REF", "error", lambda d: d["performance"]["disclosed"][0].update(project="不存在的项目")),
    ("R-PERF-MONEY", "error", lambda d: d["performance"]["disclosed"][0].update(amount="100.00")),
    ("R-CODE-VALID", "warning", lambda d: d["explanations"]["item_names"].update(
        {"2210201": "住房保障支出(类)住房改革支出(款)住房公积金支出(项)"})),
]


@pytest.mark.parametrize("rule_id,severity,mutate", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires(check, rule_id, severity, mutate):
    hits = [f for f in check(mutate) if f.rule == rule_id]
    assert hits, rule_id
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]
    assert all(f.message and str(f.location) for f in hits)


def test_ningde_has_no_anhui_findings():
    from generator.pipeline import load
    from tests.conftest import SAMPLE
    assert not [f for f in load(SAMPLE).findings if f.rule.startswith(("R-CROSS-PROJ", "R-CROSS-CARRY", "R-CROSS-PROC-"))]



def test_disclosed_amount_equal_to_its_table_is_silent(check):
    # 医疗保障基金安全监管经费: 资金总额 69.85 in its 绩效目标表
    findings = check(lambda d: d["performance"]["disclosed"][0].update(amount="69.85"))
    assert "R-PERF-MONEY" not in {f.rule for f in findings}
    hit = [f for f in check(lambda d: d["performance"]["disclosed"][0].update(amount="69.86")) if f.rule == "R-PERF-MONEY"]
    assert hit and "年度预算安排 69.86 万元，绩效目标表资金总额为 69.85 万元" in hit[0].message
    assert "performance.yaml" in str(hit[0].location)
