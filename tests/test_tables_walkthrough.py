"""The second walkthrough of docs/customizing.md (tables a city declares) works as written, and the
relations it declares are rules that fire on a broken input and stay silent on the walkthrough's own."""

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.inputs import read_input
from generator.pipeline import load_data
from tests.test_customizing import ROOT, blocks

REPORT = "2024年度宁德市医疗保障局部门预算"


@pytest.fixture(scope="session")
def city(tmp_path_factory):
    """Runs the walkthrough's blocks in a fresh folder; returns that folder."""
    tmp = tmp_path_factory.mktemp("city")
    for name in ("sample_inputs", "templates", "generator"):
        (tmp / name).symlink_to(ROOT / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = blocks(second=True)
    assert len(steps) >= 7
    for step in steps:
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"step failed:\n{step}\n{proc.stdout}\n{proc.stderr}"
    return tmp


@pytest.fixture(scope="session")
def city_raw(city):
    return read_input(city / "my-city")


@pytest.fixture
def check_city(city, city_raw):
    def run(mutate=None):
        data, sources = city_raw
        d = copy.deepcopy(data)
        if mutate:
            mutate(d)
        return load_data(d, sources, city / "my-city").findings
    return run


def test_walkthrough_builds_every_declared_table(city):
    out = city / "out-city"
    assert (out / f"{REPORT}.docx").is_file() and (out / f"{REPORT}.pdf").is_file()
    html = (out / f"{REPORT}.html").read_text(encoding="utf-8")
    for title in ("收支预算总表", "收入预算总表", "支出预算总表（按功能分类）", "一般公共预算支出表",
                  "一般公共预算基本支出经济分类表", "一般公共预算“三公”经费支出预算表", "市对区转移支付支出预算表"):
        assert title in html, title
    assert "本部门无市对区（县）转移支付支出预算，故本表为空表。" in html  # the empty table's note
    assert "栏次" in html and "（一）一般公共预算拨款" in html and "上年结转结余" in html
    # the 收支总表's 本年收入 counts every source (单位资金 22.00 too): with 上年结转 0 it is the 收入总计
    assert '本年收入合计</td><td class="right">207172.81<' in html and '单位资金</td><td class="right">22.00<' in html
    assert "二十六、抗疫特别国债安排的支出" in html  # the city's own category list (profiles/categories/)
    # one 绩效目标表 for all projects: direction, value and unit in columns of their own
    assert "项目支出绩效目标汇总表" in html and ">大于等于</td>" in html
    # the 整体支出绩效目标表: budget by 支出结构 with quarterly shares, indicators by 年度工作任务
    assert "2024年部门整体支出绩效目标表" in html and "第一季度40%;第二季度30%;第三季度20%;第四季度10%" in html
    assert 'rowspan="3">城乡医疗救助<' in html
    # a 项 explained in two parts, the amounts taken from the city's 一般公共预算支出表
    assert "2101501-行政运行1,676.48万元。其中：人员支出1,496.48万元，主要用于" in html
    assert "；公用支出180.00万元，主要用于市医保局、市医保中心办公" in html
    # projects described in words: the split as entered, the amount from their 绩效目标表
    assert ("（一）城乡医疗救助县级财政兜底资金5,500.00万元，其中：地方财政资金3,300.00万元、省级资金1,100.00万元、"
            "中央资金1,100.00万元。") in html
    assert "（二）医保经办机构业务经费852.72万元。主要用于保障医保经办机构运转和医保业务经办。详见十、项目支出绩效目标汇总表。" in html
    assert "安排4个一级项目，共设置11个项目绩效目标" in html
    # figures of the city's own tables in the text, by reference (value) and by row (table)
    assert ("按单位分：宁德市医疗保障局收入预算207,172.81万元。一般公共预算支出中，人员支出6,005.43万元，"
            "比上年增加205.43万元，增长3.54%；公用支出299.66万元，项目支出200,845.72万元。") in html
    # nothing of the city's was added to the shipped templates
    assert not list((ROOT / "templates").rglob("*xiapu*"))


def test_walkthrough_workbook_has_the_declared_sheets(city):
    import openpyxl
    wb = openpyxl.load_workbook(city / "out-city" / "my-city.xlsx")
    names = wb.sheetnames
    # after the standard sheets, one per declared table that takes input, in the profile's order
    assert names[names.index("名词解释") + 1:-1] == ["整体支出绩效目标", "整体支出预算", "整体支出绩效指标", "项目情况说明",
                                                  "其他填报项",
                                                  "收入预算总表（按单位）", "支出预算总表（按单位和科目）",
                                                  "一般公共预算支出表", "市对区转移支付支出预算表"]
    split = [c.value for c in wb["一般公共预算支出表"][3]]
    assert split == ["科目编码", "科目名称", "合计（可不填）", "基本支出·小计（可不填）", "基本支出·人员支出",
                     "基本支出·公用支出", "项目支出"]
    assert wb["收入预算总表（按单位）"]["E5"].value == 207150.81
    own = [[c.value for c in row] for row in wb["其他填报项"].iter_rows(min_row=4)]
    assert own == [["上年一般公共预算人员支出", 5800, "模板配置“xiapu-budget”的项目；万元",
                    "explanations.previous.personnel_total"]]
    # the workbook's input is the walkthrough's: the same declared tables, typed
    from generator.inputs.declared import comparable
    from generator.model.report import Report
    from generator.xlsx.declared import for_profile
    dirs = [city / "my-city" / "profiles"]
    book = Report.model_validate(read_input(city / "out-city" / "my-city.xlsx", dirs)[0])
    original = Report.model_validate(read_input(city / "my-city")[0])
    profile = for_profile("xiapu-budget", dirs)
    assert comparable(book, profile) == comparable(original, profile)


def test_report_built_from_the_workbook_is_identical(city, tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app
    result = CliRunner().invoke(app, ["build", str(city / "out-city" / "my-city.xlsx"), "--profiles",
                                      str(city / "my-city" / "profiles"), "--out", str(tmp_path), "--to", "html"])
    assert result.exit_code == 0, result.output
    html = f"{REPORT}.html"
    assert (tmp_path / html).read_bytes() == (city / "out-city" / html).read_bytes()


def test_walkthrough_tables_are_computed_from_entered_rows(city):
    from generator.pipeline import load
    loaded = load(city / "my-city")
    t = loaded.tables
    assert str(t["income_by_unit"].total["total"]) == "207172.81"
    assert str(t["income_by_unit"].total["current"]) == "207172.81"
    # derived by function from the unit × function table, equal to the model's 支出预算总表
    assert t["expenditure_by_function"].value("total", "210") == loaded.figures.expenditure.shown_prefix("210")
    # 人员/公用 from the profile's code lists
    econ = t["economic_basic_split"]
    assert (str(econ.total["personnel"]), str(econ.total["public"])) == ("6005.43", "299.66")
    assert str(t["general_budget_split"].total["basic"]) == "6305.09"
    assert t["transfers"].empty


def test_walkthrough_text_checks_know_the_figures_it_looked_up(city):
    """205.43 (人员支出 against last year's, by change()) is in no table: the prose checks know it because
    the text looked it up; an amount typed into the template is still R-NARR-TOTAL."""
    import shutil

    from generator.pipeline import dry_run, load
    loaded = load(city / "my-city")
    dry_run(loaded)
    assert not [f for f in loaded.findings if f.rule.startswith("R-NARR")], loaded.findings
    copy = city.parent / "typed-city"
    shutil.copytree(city / "my-city", copy, dirs_exist_ok=True)
    template = copy / "profiles" / "text" / "budget" / "part3.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '{{ cmp(change(value("general_budget_split.personnel"), report.explanations.previous.personnel_total)) }}',
        "比上年增加205.43万元，增长3.54%"), encoding="utf-8")
    typed = load(copy)
    dry_run(typed)
    assert [f.where[:17] for f in typed.findings if f.rule == "R-NARR-TOTAL"] == ["按单位分：宁德市医疗保障局收入预算"]


def test_walkthrough_is_silent(check_city):
    findings = check_city()
    assert not [f for f in findings if f.severity == "error"], findings
    assert not [f for f in findings if f.rule.startswith("R-TAB") or f.rule == "S-TABLE"], findings


def rows(d, key):
    return d["tables"][key]["rows"]


def row_total_wrong(d):
    rows(d, "general_budget_split")[9]["total"] = "1776.48"  # 行政运行: 1496.48 + 180.00 = 1676.48


def unit_row_wrong(d):
    rows(d, "expenditure_by_unit")[0]["total"] = "207000.00"  # the unit's stated total, not its 项 rows' sum


def stated_total_wrong(d):
    d["tables"]["income_by_unit"]["total"] = {"general_budget": "207150.80"}


def cross_wrong(d):
    rows(d, "income_by_unit")[0]["general_budget"] = "207100.81"


def by_code_wrong(d):
    rows(d, "expenditure_by_unit")[10]["basic"] = "1676.00"  # 2101501 no longer equals the 支出预算总表


def unknown_table(d):
    d["tables"]["no_such_table"] = {"rows": []}


def unknown_column(d):
    rows(d, "general_budget_split")[0]["wages"] = "1.00"


def bad_amount(d):
    rows(d, "general_budget_split")[0]["personnel"] = "12x"


CASES = [
    ("R-TAB-ROW", "error", row_total_wrong),
    ("R-TAB-HIER", "error", unit_row_wrong),
    ("R-TAB-HIER", "warning", stated_total_wrong),
    ("R-TAB-CROSS", "error", cross_wrong),
    ("R-TAB-CROSS", "error", by_code_wrong),
    ("S-TABLE", "error", unknown_table),
    ("S-TABLE", "error", unknown_column),
    ("S-AMOUNT", "error", bad_amount),
]


SUMS = [  # (rule, what changes in the 收支总表's declaration, words of the message): named figures add up
    ("R-TAB-SUM", ("income.subordinate_remit, income.other], key: income}", "income.subordinate_remit], key: income}"),
     "“收入总计”填报为 207172.81，按本年收入合计＋上年结转结余应为 207150.81"),
    ("R-TAB-SUM", ("{label: 单位资金, value: [income.business, income.operating, income.superior_subsidy, "
                   "income.subordinate_remit, income.other]", "{label: 单位资金, value: income.business"),
     "“本年收入”填报为 207172.81，按一般公共预算拨款＋政府性基金预算拨款＋国有资本经营预算拨款＋财政专户管理资金＋单位资金应为 207150.81"),
]


@pytest.mark.parametrize("rule_id,change,words", SUMS)
def test_named_figures_that_do_not_add_up_fire_at_the_declaration(city, tmp_path, rule_id, change, words):
    """The mistake the walkthrough once made: a reference list that leaves a source out of 本年收入合计."""
    import shutil

    from generator.pipeline import load
    copy = tmp_path / "my-city"
    shutil.copytree(city / "my-city", copy)
    path = copy / "profiles" / "tables" / "summary_nested.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    found = [f for f in load(copy).findings if f.rule == rule_id]
    assert len(found) == 1 and found[0].severity == "error" and words in found[0].message, found
    assert str(found[0].location) == "tables/summary_nested.yaml" and "收支预算总表" in found[0].message


def test_named_figures_must_be_named_figures(city, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from generator.cli import app
    copy = tmp_path / "my-city"
    shutil.copytree(city / "my-city", copy)
    path = copy / "profiles" / "tables" / "summary_nested.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("of: [income, carried]", "of: [income, amount]"),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(copy)])
    assert result.exit_code == 2 and "summary_nested.yaml" in result.output and "amount 不是" in result.output


@pytest.mark.parametrize("rule_id,severity,mutate", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_declared_relation_fires(check_city, rule_id, severity, mutate):
    findings = [f for f in check_city(mutate) if f.rule == rule_id]
    assert findings and findings[0].severity == severity, check_city(mutate)
    assert "tables.yaml:" in str(findings[0].location)


def test_unknown_column_is_worded_with_labels(check_city):
    found = [f for f in check_city(unknown_column) if f.rule == "S-TABLE"]
    assert "“wages”" in found[0].message and "人员支出（personnel）" in found[0].message


def test_cross_relation_names_both_tables(check_city):
    found = [f for f in check_city(cross_wrong) if f.rule == "R-TAB-CROSS"]
    assert any("收入预算总表" in f.message and "expenditure_by_unit.total" in f.message for f in found)


def test_broken_declaration_is_located_not_a_traceback(city, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from generator.cli import app
    copy = tmp_path / "my-city"
    shutil.copytree(city / "my-city", copy)
    (copy / "profiles" / "tables" / "transfers.yaml").write_text("rows: {by: free\ncolumns: [", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(copy)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "transfers.yaml:" in result.output and "语法错误" in result.output
    (copy / "profiles" / "tables" / "transfers.yaml").write_text(
        "rows: {by: free}\ncolumns: [{key: no_such_column}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(copy)])
    assert result.exit_code == 2 and "transfers.yaml" in result.output and "no_such_column" in result.output


def test_walkthrough_wide_performance_table(city):
    """Project cells span their indicator rows; an indicator entered in parts prints as one cell elsewhere."""
    from generator.pipeline import load
    from generator.report.build import build_document
    from generator.report.tree import Table, place
    loaded = load(city / "my-city")
    doc = build_document(loaded)
    tables = {b.key: b for b in doc.blocks if isinstance(b, Table)}
    wide = tables["performance_all"]
    projects = loaded.report.performance.projects
    assert [c.text for c in wide.header[0]][:4] == ["单位编码", "单位名称", "项目名称", "资金总额"]
    assert len(wide.body) == sum(len(p.indicators) for p in projects)
    first = wide.body[0]
    assert [c.text for c in first[:3]] == ["315001", "宁德市医疗保障局", projects[0].name]
    assert first[2].rowspan == len(projects[0].indicators)
    assert {c for _, c, _ in place(wide.body, 11)} == set(range(11))
    entered = next(r for r in wide.body if any(c.text == "救助对象政策满意度" for c in r))
    assert [c.text for c in entered[-3:]] == ["大于等于", "85", "%"]
    # the per-project tables of the 福建 layout print the same indicator in one cell
    text = doc.text()
    assert "救助对象政策满意度\t≥85%" in text


def test_walkthrough_parts_are_checked_against_the_table(check_city):
    """The parts of 行政运行 are columns of the city's 一般公共预算支出表 (its `item_table`): an amount typed
    for one must be that column's figure."""
    def typed(d):
        d["explanations"]["item_purposes"]["2101501"][0]["amount"] = "1500.00"
    found = [f for f in check_city(typed) if f.rule == "R-EXPL-PART-AMOUNT"]
    assert found and "为 1496.48" in found[0].message and "一般公共预算支出表" in found[0].message


def test_an_unknown_figure_in_the_text_is_a_located_profile_error(city, tmp_path):
    """value() and table() in a city's text template name figures the declarations know; another name stops
    validate (exit 2) with the template's file and line, not a traceback."""
    import shutil

    from typer.testing import CliRunner

    from generator.cli import app
    copy = tmp_path / "my-city"
    shutil.copytree(city / "my-city", copy)
    template = copy / "profiles" / "text" / "budget" / "part3.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    for bad, words in (('{{ value("income_by_unit.wages")|amt }}\n', "wages"),
                       ('{{ table("no_such_table").total }}\n', "no_such_table")):
        template.write_text("".join(lines[:5] + [bad] + lines[5:]), encoding="utf-8")
        result = CliRunner().invoke(app, ["validate", str(copy)])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "part3.j2:6" in result.output and words in result.output, result.output
