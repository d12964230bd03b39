"""部门（单位）整体支出绩效目标表: the model (performance.overall), its declaration (rows by: project over the
overall figures, indicators grouped by 年度工作任务) and its checks against its 合计 and the budget tables."""

import copy
import shutil

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import load_data
from tests.conftest import SAMPLE
from tests.test_rules import setp  # applied here to performance.overall

# the 宁德 sample's 基本支出 6327.09 (财政 6305.09) and 项目支出 200845.72, split as a 整体表 would print them
OVERALL = {
    "personnel": {"total": "6027.43", "fiscal": "6005.43", "plan": {"shares": ["25", "25", "25", "25"]}},
    "public": {"total": "299.66", "fiscal": "299.66"},
    "special": {"total": "190845.72", "fiscal": "190845.72", "plan": {"amounts": ["50000", "50000", "50000", "40845.72"]}},
    "development": {"total": "10000.00", "fiscal": "10000.00"},
    "total": {"total": "207172.81", "fiscal": "207150.81", "plan": {"shares": ["20", "30", "30", "20"]}},
    "goal": "保障医疗救助和城乡居民医保待遇按时足额落实。",
    "tasks": [
        {"name": "城乡医疗救助", "projects": "城乡医疗救助补助资金", "fiscal": "11199.00", "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "第一类救助对象参保人数", "target": "≥1.7万人"},
            {"level1": "产出指标", "level2": "数量指标", "name": "第二类救助对象参保人数", "target": "≥5.3万人"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "救助对象政策满意度",
             "direction": "大于等于", "value": "85", "measure": "%"}]},
        {"name": "城乡居民医保", "projects": "城乡居民基本医疗保险补助资金", "fiscal": "150701.00", "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "参保人数", "target": "≥264万人"}]},
    ],
}


def _findings(sample_raw, mutate=None):
    data, sources = sample_raw
    d = copy.deepcopy(data)
    d["performance"]["overall"] = copy.deepcopy(OVERALL)
    if mutate:
        mutate(d["performance"]["overall"])
    return load_data(d, sources, SAMPLE).findings


def _ours(findings):
    return [f for f in findings if f.rule.startswith(("R-PERF-OVERALL", "R-PERF-QUARTER")) or f.rule.startswith("S-")]


def test_overall_that_adds_up_is_silent(sample_raw):
    assert _ours(_findings(sample_raw)) == []


CASES = [  # (rule, severity, mutate, words of the message); tests/test_rules.py counts the rules covered
    ("R-PERF-OVERALL-SUM", "error", setp(("total", "total"), "207000.00"), "合计资金总额"),
    ("R-PERF-OVERALL-TABLES", "error", setp(("public", "total"), "300.66"), "支出预算总表基本支出"),
    ("R-PERF-OVERALL-TABLES", "error", setp(("development", "fiscal"), "9000.00"), "财政拨款支出表项目支出"),
    ("R-PERF-QUARTER-SHARE", "error", setp(("personnel", "plan"), {"shares": ["25", "25", "25", "20"]}), "人员支出投入计划"),
    ("R-PERF-QUARTER-AMOUNT", "error", setp(("special", "plan"), {"amounts": ["1", "1", "1", "1"]}), "部门专项资金总额"),
]


@pytest.mark.parametrize("rule_id,severity,mutate,text", CASES)
def test_overall_checks_fire_located(sample_raw, rule_id, severity, mutate, text):
    found = [f for f in _findings(sample_raw, mutate) if f.rule == rule_id]
    assert found and found[0].severity == severity, _ours(_findings(sample_raw, mutate))
    assert text in found[0].message and "performance.yaml" in str(found[0].location)


DECLARATION = """rows:
  by: project
  form:
    - [{text: 部门（单位）名称, align: center}, {field: report.department, colspan: 6}]
    - [{text: 支出结构, align: center}, {text: 人员支出, align: center}, {text: 公用支出, align: center},
       {text: 部门专项, align: center}, {text: 发展经费, align: center}, {text: 基建项目, align: center}, {text: 合计, align: center}]
    - [资金总额, {field: personnel.total, align: right}, {field: public.total, align: right}, {field: special.total, align: right}, {field: development.total, align: right},
       {field: construction.total, align: right}, {field: sum_line.total, align: right}]
    - [其中：财政资金, {field: personnel.fiscal, align: right}, {field: public.fiscal, align: right}, {field: special.fiscal, align: right}, {field: development.fiscal, align: right},
       {field: construction.fiscal, align: right}, {field: sum_line.fiscal, align: right}]
    - [投入计划, {field: personnel.plan.text}, {field: public.plan.text}, {field: special.plan.text},
       {field: development.plan.text}, {field: construction.plan.text}, {field: sum_line.plan.text}]
    - [{text: 年度目标, align: center}, {field: goal, colspan: 6}]
    - each: task_rows
      header: [{text: 年度工作任务, bold: true}, {text: 绩效指标, bold: true}, {text: 指标方向, bold: true},
               {text: 目标值, bold: true}, {text: 计量单位, bold: true}, {text: 涉及项目, bold: true}, {text: 涉及财政资金, bold: true}]
      cells: [{field: task, merge: true}, {field: name}, {field: direction_words}, {field: target_value},
              {field: measure}, {field: projects, merge: true}, {field: fiscal, merge: true, align: right}]
unit: ""
font_size: 9
widths: [1.5, 2.2, 1.5, 1.5, 1.4, 1.9, 1.6]
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A city that prints the 整体表 before its project tables: a declaration, one template line, no Python."""
    from ruamel.yaml import YAML
    tmp = tmp_path_factory.mktemp("overall")
    city = tmp / "in"
    shutil.copytree(SAMPLE, city)
    (city / "report.yaml").write_text((city / "report.yaml").read_text(encoding="utf-8").replace(
        "profile: fujian-budget", "profile: overall-budget"), encoding="utf-8")
    profiles = city / "profiles"
    (profiles / "tables").mkdir(parents=True)
    (profiles / "text" / "budget").mkdir(parents=True)
    (profiles / "overall-budget.yaml").write_text("name: overall-budget\nextends: fujian-budget\n", encoding="utf-8")
    (profiles / "tables" / "overall.yaml").write_text(DECLARATION, encoding="utf-8")
    part3 = (SAMPLE.parent.parent / "templates" / "text" / "budget" / "part3.j2").read_text(encoding="utf-8")
    part3 = part3.replace("#### 1. 项目支出绩效目标表\n", "@overall {{ year }}年部门整体支出绩效目标表\n#### 1. 项目支出绩效目标表\n")
    (profiles / "text" / "budget" / "part3.j2").write_text(part3, encoding="utf-8")
    perf = YAML()
    data = perf.load((city / "performance.yaml").read_text(encoding="utf-8"))
    data["overall"] = copy.deepcopy(OVERALL)
    with (city / "performance.yaml").open("w", encoding="utf-8") as fh:
        perf.dump(data, fh)
    out = tmp / "out"
    result = CliRunner().invoke(app, ["build", str(city), "--out", str(out), "--to", "html"])
    assert result.exit_code == 0, result.output
    return city, out


def test_overall_table_prints_from_its_declaration(city):
    _, out = city
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "2024年部门整体支出绩效目标表" in html
    assert "第一季度25%;第二季度25%;第三季度25%;第四季度25%" in html
    assert "第四季度40845.72万元" in html and ">207172.81<" in html  # 合计 as stated
    assert 'rowspan="3">城乡医疗救助<' in html and ">大于等于<" in html


def test_overall_table_layout(city):
    from generator.pipeline import load
    from generator.report.build import build_document
    from generator.report.tree import Table, place
    loaded = load(city[0])
    tables = [b for b in build_document(loaded).blocks if isinstance(b, Table) and b.key == "overall"]
    assert len(tables) == 1
    body = tables[0].body
    assert {c for _, c, _ in place(body, 7)} == set(range(7))
    task = body[7]  # after 6 form rows and the block's header
    assert [(c.text, c.rowspan) for c in task][:2] == [("城乡医疗救助", 3), ("第一类救助对象参保人数", 1)]
    assert task[-1].text == "11199.00" and task[-1].rowspan == 3


def test_overall_goes_through_the_workbook_and_back(city, tmp_path):
    """convert carries the 整体表 (its own three sheets) both ways; the report built from the workbook is the same."""
    from generator.inputs import read_input
    from generator.model.report import Report
    dirs = [city[0] / "profiles"]
    book, back = tmp_path / "x.xlsx", tmp_path / "y"
    for args in (["convert", str(city[0]), str(book)], ["convert", str(book), str(back), "--profiles", str(dirs[0])]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    original = Report.model_validate(read_input(city[0])[0]).performance
    assert Report.model_validate(read_input(book, dirs)[0]).performance == original
    assert Report.model_validate(read_input(back)[0]).performance == original
    result = CliRunner().invoke(app, ["build", str(book), "--profiles", str(dirs[0]), "--out", str(tmp_path / "o"),
                                      "--to", "html"])
    assert result.exit_code == 0, result.output
    html = next((tmp_path / "o").glob("*.html")).read_bytes()
    assert html == next(city[1].glob("*.html")).read_bytes()


def test_blank_workbook_of_a_profile_with_an_overall_table_has_its_sheets(city, tmp_path):
    import openpyxl
    out = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(app, ["init", str(out), "--profile", "overall-budget", "--profiles",
                                      str(city[0] / "profiles"), "--year", "2025", "--dept", "某局"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert {"整体支出绩效目标", "整体支出预算", "整体支出绩效指标"} <= set(wb.sheetnames)
    assert [wb["整体支出预算"].cell(r, 1).value for r in range(4, 10)] == [
        "人员支出", "公用支出", "部门专项", "发展经费", "基建项目", "合计"]


def test_unknown_line_in_the_workbook_is_located(city, tmp_path):
    import openpyxl

    from generator.errors import InputError
    from generator.inputs import read_input
    book = tmp_path / "x.xlsx"
    assert CliRunner().invoke(app, ["convert", str(city[0]), str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    wb["整体支出预算"]["A5"] = "办公经费"
    wb.save(book)
    with pytest.raises(InputError, match="整体支出预算!A5"):
        read_input(book, [city[0] / "profiles"])
