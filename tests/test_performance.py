"""绩效目标表 as declarations (generator/tables/projects.py): a project's form, a wide table of all projects,
indicators entered as one target or in parts, and the quarterly 资金投入计划 checks."""

import copy
from decimal import Decimal

import pytest

from generator.errors import ProfileError
from generator.model.report import Indicator, Report
from generator.pipeline import load_data
from generator.report.tree import place
from generator.tables.declare import parse
from generator.tables.projects import form, merged
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_model() -> Report:
    from generator.inputs import read_input
    return Report.model_validate(read_input(SAMPLE)[0])


def test_target_text_gives_its_parts():
    ind = Indicator(level1="产出指标", level2="数量指标", name="参保人数", target="≥264万人")
    assert ind.parts() == ("≥", "264", "万人")
    words = Indicator(level1="效益指标", level2="社会效益指标", name="便捷性", target="显著提高")
    assert words.parts() == ("", "显著提高", "")


def test_parts_give_the_target_text():
    ind = Indicator(level1="满意度指标", level2="满意度指标", name="满意度", direction="大于等于", value=95, measure="%",
                    polarity="正向", detail="问卷调查")
    assert ind.target == "≥95%" and ind.parts() == ("≥", "95", "%")
    assert ind.direction is None  # kept once: the text gives the parts back (convert compares one form)
    kept = Indicator(level1="a", level2="b", name="c", direction="≥", value="上年水平")
    assert kept.target == "≥上年水平" and kept.parts() == ("≥", "上年水平", "")


def test_parts_that_disagree_with_the_target_are_refused():
    with pytest.raises(ValueError, match="不一致"):
        Indicator(level1="a", level2="b", name="c", target="≥90%", direction="≥", value="95", measure="%")
    with pytest.raises(ValueError, match="指标方向"):
        Indicator(level1="a", level2="b", name="c", direction="约等于", value="95")
    with pytest.raises(ValueError, match="指标性质"):
        Indicator(level1="a", level2="b", name="c", target="1", polarity="中性")


def test_merge_runs_end_where_a_merged_column_to_the_left_starts_a_cell():
    rows = [["产出", "数量"], ["产出", "数量"], ["效益", "数量"], ["效益", "社会"]]
    assert merged(rows, [True, True]) == [[2, 2], [0, 0], [2, 1], [0, 1]]
    assert merged(rows, [False, True]) == [[1, 3], [1, 0], [1, 0], [1, 1]]


def test_sample_forms_keep_their_shape(sample_model):
    """The 福建 declaration lays out the first 宁德 project: 6 header rows, the block's header, 9 indicators."""
    from generator.profile import load_profile
    from generator.tables.declare import declarations, read_yaml, vocabulary
    profile = load_profile("fujian-budget")
    decl = declarations(profile, read_yaml(profile.layout_file()))["performance"]
    project = sample_model.performance.projects[0]
    table = form(decl, project, sample_model, "表", vocabulary(profile))
    assert len(table.body) == 6 + 1 + len(project.indicators)
    assert [c.text for c in table.body[2]] == ["专项资金情况（万元）", "资金总额：", "5699.00"]
    grid = place(table.body, len(table.widths))  # every row fills the five columns, spans included
    assert max(c for _, c, _ in grid) == 4
    lead = table.body[7]
    assert lead[0].text == "成本指标" and lead[0].rowspan == 1 and table.body[8][0].rowspan == 5


def _decl(entry):
    return parse("perf", entry, "test")


def test_form_prints_direction_value_unit_and_plan(sample_model):
    decl = _decl({"rows": {"by": "project",
                           "form": [[{"text": "项目名称"}, {"field": "name", "colspan": 5}],
                                    ["一季度", {"field": "plan.q1"}, "二季度", {"field": "plan.q2"},
                                     "合计", {"field": "funds.amount"}]],
                           "indicators": {"columns": [
                               {"key": "level1", "merge": True}, {"key": "level2", "merge": True},
                               {"key": "indicator"}, {"key": "direction_words"}, {"key": "target_value"},
                               {"key": "measure"}]}},
                  "widths": [1, 1, 1, 1, 1, 1]})
    project = sample_model.performance.projects[0].model_copy(deep=True)
    from generator.model.report import Plan
    project.plan = Plan(shares=[Decimal("40"), Decimal("60"), Decimal("0"), Decimal("0")])
    table = form(decl, project, sample_model, "表", {"indicator": {"label": "三级指标"}})
    assert [c.text for c in table.body[1]] == ["一季度", "40%", "二季度", "60%", "合计", "5699.00"]
    assert [c.text for c in table.body[2]][2:] == ["三级指标", "direction_words", "target_value", "measure"]
    first = [c.text for c in table.body[3]]
    assert first == ["成本指标", "经济成本指标", "提前下达2024年中央财政城乡医疗救助补助资金金额", "小于等于", "5699", "万元"]


def test_a_field_that_is_not_the_projects_is_a_profile_error(sample_model):
    decl = _decl({"rows": {"by": "project", "form": [[{"field": "budget"}]],
                           "indicators": {"columns": [{"key": "indicator"}]}}})
    with pytest.raises(ProfileError, match="budget"):
        form(decl, sample_model.performance.projects[0], sample_model, "表", {})


def test_a_form_needs_its_indicator_block_and_known_columns():
    from generator.tables.projects import check
    with pytest.raises(ProfileError, match="indicators"):
        check(_decl({"rows": {"by": "project", "form": []}}), "x.yaml")
    with pytest.raises(ProfileError, match="wages"):
        check(_decl({"rows": {"by": "project", "indicators": {"columns": [{"key": "wages"}]}}}), "x.yaml")


def test_wide_table_spans_project_cells_over_their_indicators(sample_model):
    from generator.profile import load_profile
    from generator.tables.engine import Layout
    from generator.tables.projects import wide
    from generator.tables.values import Values
    profile = load_profile("fujian-budget")
    decl = _decl({"rows": {"by": "projects"}, "columns": [
        {"key": "unit_code"}, {"key": "unit_name"}, {"key": "project_name"}, {"key": "amount"}, {"key": "goal"},
        {"key": "level1", "label": "一级指标", "merge": True}, {"key": "level2", "label": "二级指标", "merge": True},
        {"key": "indicator"}, {"key": "direction"}, {"key": "target_value"}, {"key": "measure"}]})
    projects = sample_model.performance.projects[:2]
    table = wide(Layout(decl, None, Values({}), profile), projects, "表", "单位：万元")
    assert [c.text for c in table.header[0]][:5] == ["单位编码", "单位名称", "项目名称", "预算数", "年度目标"]
    n0, n1 = (len(p.indicators) for p in projects)
    assert len(table.body) == n0 + n1
    assert table.body[0][2].text == projects[0].name and table.body[0][2].rowspan == n0
    assert table.body[0][3].text == "5699.00" and table.body[0][3].align == "right"
    assert table.body[n0][2].text == projects[1].name and table.body[n0][2].rowspan == n1
    grid = place(table.body, 11)
    assert {c for _, c, _ in grid} == set(range(11))
    # the second row holds only the indicator's own cells (the 一级 cell of the first row spans one row)
    assert [c.text for c in table.body[1]] == ["产出指标", "时效指标", "项目完成时限", "≤", "12", "个月"]


def _findings(raw, mutate):
    data, sources = raw
    d = copy.deepcopy(data)
    mutate(d)
    return load_data(d, sources, SAMPLE).findings


def test_plan_checks_are_silent_when_the_plan_adds_up(sample_raw):
    def plans(d):
        projects = d["performance"]["projects"]
        projects[0]["plan"] = {"shares": ["33.33", "33.33", "33.34", "0"]}
        projects[1]["plan"] = {"amounts": ["50000.00", "50000.00", "2162.00", "0.00"]}
    found = [f for f in _findings(sample_raw, plans) if f.rule.startswith("R-PERF-QUARTER")]
    assert found == []


def test_plan_checks_fire_located(sample_raw):
    def plans(d):
        projects = d["performance"]["projects"]
        projects[0]["plan"] = {"shares": ["30", "30", "30", "30"]}
        projects[1]["plan"] = {"amounts": ["50000.00", "50000.00", "2000.00", "0.00"]}
    found = {f.rule: f for f in _findings(sample_raw, plans) if f.rule.startswith("R-PERF-QUARTER")}
    assert set(found) == {"R-PERF-QUARTER-SHARE", "R-PERF-QUARTER-AMOUNT"}
    assert "120.00" in found["R-PERF-QUARTER-SHARE"].message and found["R-PERF-QUARTER-SHARE"].severity == "error"
    assert "102162.00" in found["R-PERF-QUARTER-AMOUNT"].message
    assert "performance.yaml:" in str(found["R-PERF-QUARTER-AMOUNT"].location)


def test_a_plan_is_shares_or_amounts(sample_raw):
    def both(d):
        d["performance"]["projects"][0]["plan"] = {"shares": ["100"], "amounts": ["5699.00"]}
    found = [f for f in _findings(sample_raw, both) if f.severity == "error"]
    assert found and "投入计划" in found[0].message


def test_indicator_entered_in_parts_validates_from_yaml(sample_raw):
    def parts(d):
        ind = d["performance"]["projects"][0]["indicators"][7]
        del ind["target"]
        ind.update({"direction": "大于等于", "value": "85", "measure": "%"})
    assert _findings(sample_raw, parts) == []


def test_convert_carries_parts_units_and_plans(tmp_path):
    """What the 绩效目标表 now hold goes through the workbook and back (convert refuses any loss)."""
    import shutil

    from typer.testing import CliRunner

    from generator.cli import app
    from generator.inputs import read_input
    city = tmp_path / "in"
    shutil.copytree(SAMPLE, city)
    perf = city / "performance.yaml"
    text = perf.read_text(encoding="utf-8")
    text = text.replace("  - name: 提前下达2024年中央财政城乡医疗救助补助资金\n",
                        "  - name: 提前下达2024年中央财政城乡医疗救助补助资金\n    unit_code: \"315001\"\n    unit: 宁德市医疗保障局\n"
                        "    plan: {shares: [25, 25, 30, 20]}\n    scope: 医疗救助对象参保资助\n"
                        "    total_goal: 应救尽救\n    department: 宁德市医疗保障局\n", 1)
    text = text.replace('name: "救助对象政策满意度", target: "≥85%"}',
                        'name: "救助对象政策满意度", direction: 大于等于, value: 85, measure: "%", polarity: 正向, detail: 问卷}', 1)
    text = text.replace('name: "项目完成时限", target: "≤12个月"}', 'name: "项目完成时限", direction: "≥", value: 上年水平}', 1)
    perf.write_text(text, encoding="utf-8")
    original = Report.model_validate(read_input(city)[0])
    project = original.performance.projects[0]
    assert project.plan.shares[2] == Decimal(30) and project.unit_code == "315001" and project.scope == "医疗救助对象参保资助"
    book, back = tmp_path / "c.xlsx", tmp_path / "back"
    for args in (["convert", str(city), str(book)], ["convert", str(book), str(back)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    assert Report.model_validate(read_input(book)[0]).performance == original.performance
    assert Report.model_validate(read_input(back)[0]).performance == original.performance


def test_workbook_plan_kind_is_checked(tmp_path):
    import openpyxl
    from typer.testing import CliRunner

    from generator.cli import app
    from generator.inputs import read_input
    from generator.errors import InputError
    book = tmp_path / "c.xlsx"
    assert CliRunner().invoke(app, ["convert", str(SAMPLE), str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["绩效目标项目"]
    heads = [c.value for c in ws[3]]
    ws.cell(4, heads.index("投入计划填法（占比或金额，可不填）") + 1).value = "比例"
    wb.save(book)
    with pytest.raises(InputError, match="投入计划填法"):
        read_input(book)
    ws.cell(4, heads.index("投入计划填法（占比或金额，可不填）") + 1).value = "金额"
    ws.cell(4, heads.index("一季度（可不填）") + 1).value = 5699
    wb.save(book)
    assert Report.model_validate(read_input(book)[0]).performance.projects[0].plan.amounts[0] == Decimal("5699")


def test_a_form_row_that_does_not_fill_the_widths_is_a_profile_error(sample_model):
    decl = _decl({"rows": {"by": "project", "form": [[{"text": "项目名称"}, {"field": "name", "colspan": 2}]],
                           "indicators": {"label": "指标", "columns": [{"key": "level1"}, {"key": "indicator"}]}},
                  "widths": [1, 1, 1, 1]})
    with pytest.raises(ProfileError, match="form 第1行 占 3 列"):
        form(decl, sample_model.performance.projects[0], sample_model, "表", {})
    decl = _decl({"rows": {"by": "project", "form": [[{"text": "项目名称"}, {"field": "name", "colspan": 2}]],
                           "indicators": {"label": "指标", "columns": [{"key": "indicator"}]}},
                  "widths": [1, 1, 1]})
    with pytest.raises(ProfileError, match="指标块 占 2 列"):
        form(decl, sample_model.performance.projects[0], sample_model, "表", {})


def test_missing_performance_declaration_is_a_profile_error(sample_model):
    from generator.profile import load_profile
    from generator.report.tables import TableBuilder
    profile = load_profile("fujian-budget")
    builder = TableBuilder(None, sample_model, profile, profile.layout_file(), None)
    with pytest.raises(ProfileError, match="no_such"):
        builder.performance(sample_model.performance.projects[0], "表", "no_such")


def test_self_evaluation_is_a_declaration_with_repeated_blocks():
    """The 决算 自评表 (final.yaml self_evaluation): rows, repeated goal/indicator/problem blocks, formats, a map."""
    from generator.pipeline import load
    from generator.report.tables import TableBuilder
    from tests.conftest import FINAL_SAMPLE
    loaded = load(FINAL_SAMPLE)
    builder = TableBuilder(loaded.figures, loaded.report, loaded.profile, loaded.profile.layout_file(), loaded.catalog)
    ev = loaded.figures.evaluations[0]
    table = builder.evaluation(ev, "专项资金绩效自评表", "单位：万元")
    p = ev.project
    goals_at = 9
    assert table.body[goals_at][0].text == "年度总体目标" and table.body[goals_at][0].rowspan == 1 + len(p.goals)
    ind_at = goals_at + 1 + len(p.goals)
    assert table.body[ind_at][0].text == "绩效指标" and table.body[ind_at][0].rowspan == 1 + len(p.indicators)
    first = table.body[ind_at + 1]
    run = next((i for i, ind in enumerate(p.indicators) if ind.level1 != p.indicators[0].level1), len(p.indicators))
    assert first[0].text == p.indicators[0].level1 and first[0].rowspan == run
    ind = p.indicators[0]
    assert f"{ind.op}{ind.target}{ind.unit}" in [c.text for c in first]
    grade = table.body[ind_at + 1 + len(p.indicators) + 1]
    assert grade[1].text.startswith(ev.grade + " (") and grade[1].colspan == 8
    assert {c for _, c, _ in place(table.body, 9)} == set(range(9))


def test_rate_score_and_map_formats(sample_model):
    decl = _decl({"rows": {"by": "project", "form": [
        [{"field": "r", "format": "rate"}, {"field": "none", "format": "rate"}, {"field": "s", "format": "score"},
         {"field": "g", "map": {"优": "优 (S≥90)"}}],
        {"each": "items", "label": {"text": "列表"}, "header": ["a", "b", "c"],
         "cells": [{"field": "k", "merge": True}, {"field": "v"}, {"field": ["k", "v"]}]}]},
        "widths": [1, 1, 1, 1]})

    class Item:
        def __init__(self, k, v):
            self.k, self.v = k, v

    class Ev:
        r, none, s, g = Decimal("98.5"), None, Decimal("7.50"), "优"
        items = [Item("x", "1"), Item("x", "2"), Item("y", "3")]
    table = form(decl, Ev(), sample_model, "表", {})
    assert [c.text for c in table.body[0]] == ["98.50", "—", "7.5", "优 (S≥90)"]
    assert table.body[1][0].rowspan == 4
    assert [(c.text, c.rowspan) for c in table.body[2]] == [("x", 2), ("1", 1), ("x1", 1)]
    assert [c.text for c in table.body[3]] == ["2", "x2"]
