"""Hierarchies with rounding tails: the 合计 column is checked too, a stated figure is compared with what is
printed one level below it, and the tolerance grows with the number of rounded figures (XBRL Calculations 1.1)."""

from decimal import Decimal

import pytest

from generator.rules.engine import tolerance


def gpb(d):
    return d["tables"]["general_budget"]


def with_subtotal_20805(total):
    """The 款 20805 stated above its three 项 (127.66 + 36.91 + 442.20 = 606.77)."""
    def mutate(d):
        gpb(d)["rows"].insert(0, {"code": "20805", "total": total, "basic": "606.77"})
    return mutate


def test_kuan_total_column_off_by_a_cent_fires(check):
    findings = [f for f in check(with_subtotal_20805("606.78")) if f.rule == "R-HIER-FUNC"]
    assert len(findings) == 1, [f.message for f in findings]
    f = findings[0]
    assert "20805“合计”" in f.message and "按项级明细合计应为 606.77" in f.message
    assert f.severity == "warning" and f.diff == "0.01" and "tables.yaml" in str(f.location)


def test_kuan_total_column_far_off_is_an_error(check):
    findings = [f for f in check(with_subtotal_20805("616.77")) if f.rule == "R-HIER-FUNC"]
    assert [f.severity for f in findings] == ["error"]


def test_kuan_total_column_that_adds_up_is_silent(check):
    assert [f for f in check(with_subtotal_20805("606.77")) if f.rule == "R-HIER-FUNC"] == []


def classes_with_tails(basic_total):
    """The published 一般公共预算表 with its 类 rows, each rounded on its own: 208 carries +0.02, 210 +0.03,
    221 +0.01 against their 项. The 合计 row states the sum of the 类 rows as printed."""
    def mutate(d):
        rows = gpb(d)["rows"]
        rows[0:0] = [{"code": "208", "total": "607.15", "basic": "607.15"}]
        at = next(i for i, r in enumerate(rows) if r["code"].startswith("210"))
        rows.insert(at, {"code": "210", "total": "203685.39", "basic": "5339.67", "project": "198345.72"})
        at = next(i for i, r in enumerate(rows) if r["code"].startswith("213"))
        rows.insert(at, {"code": "213", "total": "2500.00", "project": "2500.00"})
        at = next(i for i, r in enumerate(rows) if r["code"].startswith("221"))
        rows.insert(at, {"code": "221", "total": "358.33", "basic": "358.33"})
        basic = Decimal(basic_total)
        gpb(d)["total"] = {"total": str(basic + Decimal("200845.72")), "basic": basic_total, "project": "200845.72"}
    return mutate


def test_total_consistent_with_its_printed_classes_is_silent(check):
    findings = check(classes_with_tails("6305.15"))
    assert [f for f in findings if f.rule == "R-TOTAL-ROWS"] == [], [f.message for f in findings]
    # the tails one level down are reported where they are, as tails
    hier = [f for f in findings if f.rule == "R-HIER-FUNC"]
    assert hier and all(f.severity == "warning" and "按项级明细合计" in f.message for f in hier)
    # compared with the 项 (a sum printed nowhere) the same 合计 would be off by 0.06, beyond the tolerance of
    # its 10 nonzero 基本支出 items: the finding the old rule made
    assert Decimal("6305.15") - Decimal("6305.09") > tolerance(10 + 1)


def test_total_off_its_printed_classes_names_the_sum(check):
    findings = [f for f in check(classes_with_tails("6305.16")) if f.rule == "R-TOTAL-ROWS"]
    basic = [f for f in findings if "“基本支出”" in f.message]
    assert len(basic) == 1 and basic[0].severity == "warning"
    assert "按类级合计应为 6305.15" in basic[0].message and basic[0].tolerance == "0.02"  # 3 类 + the 合计


def test_total_far_off_its_printed_classes_is_an_error(check):
    findings = [f for f in check(classes_with_tails("6300.00")) if f.rule == "R-TOTAL-ROWS"]
    assert "error" in {f.severity for f in findings}


def test_total_without_class_rows_is_compared_with_the_items(check):
    def mutate(d):
        gpb(d)["total"]["basic"] = "6305.10"
        gpb(d)["total"]["total"] = "207150.82"
    findings = [f for f in check(mutate) if f.rule == "R-TOTAL-ROWS"]
    assert findings and all("按项级明细合计" in f.message for f in findings)


@pytest.mark.parametrize("items,expected", [(2, "0.01"), (3, "0.015"), (4, "0.02"), (17, "0.085")])
def test_tolerance_is_half_a_cent_per_rounded_figure(items, expected):
    assert tolerance(items) == Decimal(expected)


def test_tolerance_decides_tail_or_error(check):
    # 3 三公 parts + the total: 0.02 is a tail, 0.03 is not
    def stated(value):
        return lambda d: d["tables"]["three_public"].update(outbound="1.00", vehicle_operation="2.00", total=value)
    assert {f.severity for f in check(stated("24.02")) if f.rule == "R-3GONG-SUM"} == {"warning"}
    assert {f.severity for f in check(stated("24.03")) if f.rule == "R-3GONG-SUM"} == {"error"}
