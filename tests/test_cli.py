"""The command line: exit codes, Chinese messages with file and line, never a traceback."""

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.conftest import SAMPLE

runner = CliRunner()


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "nd"
    shutil.copytree(SAMPLE, target)
    return target


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_sample_validates_in_chinese():
    result = invoke("validate", SAMPLE)
    assert result.exit_code == 0
    assert "校验通过" in result.output


def test_typo_in_amount_names_file_and_line(copy):
    tables = copy / "tables.yaml"
    text = tables.read_text(encoding="utf-8")
    tables.write_text(text.replace("1676.48", "16x6.48", 1), encoding="utf-8")
    result = invoke("validate", copy)
    assert result.exit_code == 1
    assert f"tables.yaml:{line_of(tables, '16x6.48')}" in result.output
    assert "“16x6.48”不是金额" in result.output


def test_json_format(copy):
    (copy / "other_matters.yaml").write_text(
        (copy / "other_matters.yaml").read_text(encoding="utf-8").replace("procurement:", "procurment:"), encoding="utf-8")
    result = invoke("validate", copy, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"]["error"] >= 1
    keys = [f for f in data["findings"] if f["rule"] == "S-KEY"]
    assert keys and keys[0]["location"].startswith("nd/other_matters.yaml:")


def test_wrong_type_and_negative(copy):
    ov = copy / "overview.yaml"
    ov.write_text(re.sub(r"staff: 25", "staff: 很多", ov.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    tables = copy / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("1002.72", "-1002.72", 1), encoding="utf-8")
    result = invoke("validate", copy)
    assert result.exit_code == 1
    assert "S-TYPE" in result.output and f"overview.yaml:{line_of(ov, '很多')}" in result.output
    assert "金额不能为负数" in result.output and f"tables.yaml:{line_of(tables, '-1002.72')}" in result.output


def test_all_findings_collected_in_one_run(copy):
    tables = copy / "tables.yaml"
    text = tables.read_text(encoding="utf-8").replace("1676.48", "16x6.48", 1).replace("1002.72", "1x02.72", 1)
    tables.write_text(text, encoding="utf-8")
    result = invoke("validate", copy)
    assert result.output.count("不是金额") >= 2


def test_malformed_yaml_is_unusable_input(copy):
    (copy / "glossary.yaml").write_text("- {term: 甲, definition: [未闭合\n", encoding="utf-8")
    result = invoke("validate", copy)
    assert result.exit_code == 2
    assert "YAML 语法错误" in result.output and "glossary.yaml:" in result.output


def test_missing_include_and_missing_folder(copy, tmp_path):
    (copy / "performance.yaml").unlink()
    result = invoke("validate", copy)
    assert result.exit_code == 2 and "performance.yaml" in result.output
    assert invoke("validate", tmp_path / "nowhere").exit_code == 2


def test_unknown_profile_is_a_located_error(copy):
    report = copy / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("fujian-budget", "fujian-budgt"), encoding="utf-8")
    result = invoke("validate", copy)
    assert result.exit_code == 1 and "fujian-budgt" in result.output and "report.yaml:" in result.output


def test_build_blocked_by_errors_writes_nothing(copy, tmp_path):
    tables = copy / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("1676.48", "1776.48", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", copy, "--out", out, "--to", "html")
    assert result.exit_code == 1
    assert not out.exists() or not any(out.iterdir())


def test_build_html_and_warnings_file(copy, tmp_path):
    three = copy / "tables.yaml"
    text = three.read_text(encoding="utf-8")
    three.write_text(re.sub(r"(three_public:[\s\S]*?total: )21.00", r"\g<1>21.01", text), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", copy, "--out", out, "--to", "html")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["2024年度宁德市医疗保障局部门预算.html", "2024年度宁德市医疗保障局部门预算.校验结果.txt"]
    assert "R-3GONG-SUM" in (out / names[1]).read_text(encoding="utf-8")


def test_profiles_list_and_show():
    result = invoke("profiles", "list")
    assert result.exit_code == 0 and "fujian-budget" in result.output
    shown = invoke("profiles", "show", "fujian-budget")
    assert "收支预算总表" in shown.output
    # the names a part of a 项 explained in parts may take, and the figures and words the templates need
    assert "分部分说明的项级科目：部分名称为一般公共预算拨款支出预算表（general_budget）的列时金额由表取数：合计、基本支出、项目支出" in shown.output
    assert "上年收入预算（explanations.previous.income_total）" in shown.output
    assert invoke("profiles", "show", "nowhere").exit_code == 2
