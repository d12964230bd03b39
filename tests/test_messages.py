"""Messages name tables by the profile's titles and fields by their Chinese labels, never by internal keys."""

import re

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.inputs import read_input
from generator.rules.labels import describe, field_name, table_title
from tests.conftest import FINAL_SAMPLE, SAMPLE, _checker
from tests.test_anhui_rules import CASES as ANHUI, SUZHOU
from tests.test_final_rules import CASES as FINAL
from tests.test_rules import CASES as BUDGET

KEY = re.compile(r"[A-Za-z_]{3,}")


@pytest.mark.parametrize("cases,path", [(BUDGET, SAMPLE), (FINAL, FINAL_SAMPLE), (ANHUI, SUZHOU)],
                         ids=["budget", "final", "anhui"])
def test_no_finding_of_a_firing_case_shows_an_internal_key(cases, path):
    run = _checker(read_input(path), path)
    for case in cases:
        for f in run(case[-1]):
            if f.rule == "S-KEY":  # names the input's own misspelt key, which the officer has to find
                continue
            # a command the officer types is not an internal key
            assert not KEY.search(f.message.replace("disclosure catalog import", "")), (f.rule, f.message)


def test_blank_workbook_names_fields_in_chinese(tmp_path):
    runner = CliRunner()
    book = tmp_path / "blank.xlsx"
    assert runner.invoke(app, ["init", str(book), "--year", "2025", "--profile", "fujian-final", "--dept", "测试局"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(book)])
    assert result.exit_code == 1
    assert "缺少必填项“内设机构数”（部门概况 › 机构设置）" in result.output
    assert "缺少必填项“金额”（其他重要事项 › 机关运行经费）" in result.output
    for key in ("offices", "subordinate_units", "amount", "fiscal_income"):
        assert f"“{key}”" not in result.output


def test_schema_messages_use_the_profiles_table_titles(check):
    findings = check(lambda d: d["tables"]["general_budget"]["rows"][0].update(basic="12x"))
    assert [f.message for f in findings] == ["一般公共预算拨款支出预算表 › 第1行 › 基本支出：“12x”不是金额"]
    findings = check(lambda d: d["tables"]["income"]["rows"][0].update(code="2080"))
    assert findings[0].rule == "S-CODE" and findings[0].message.startswith("收入预算总表 › 第1行 › 科目编码：")


def test_rule_messages_use_the_profiles_table_titles(check):
    def subtotal(d):
        d["tables"]["general_budget"]["rows"].insert(0, {"code": "20805", "basic": "600.00"})
    messages = [f.message for f in check(subtotal) if f.rule == "R-HIER-FUNC"]
    assert messages and all(m.startswith("一般公共预算拨款支出预算表 20805") for m in messages)


def test_labels_read_a_path():
    assert describe(("overview", "structure", "offices")) == "部门概况 › 机构设置 › 内设机构数"
    assert field_name(("performance", "projects", 2, "funds", "total")) == ("资金总额", "绩效目标 › 项目 › 第3项 › 资金")
    assert describe(("explanations", "item_purposes", "2080501")) == "情况说明 › 项级科目用途 › 科目 2080501"


def test_table_title_falls_back_without_a_profile():
    assert table_title(None, "general_budget") == "一般公共预算拨款支出表"
