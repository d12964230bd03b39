"""`validate` renders the text templates in memory: a broken template is reported before `build`, the prose
checks run, and nothing is written."""

import shutil

from typer.testing import CliRunner

from generator.cli import app
from tests.conftest import ROOT, SAMPLE

CITY = "name: test-city\nextends: fujian-budget\ndescription: 测试\ntext: [city, budget]\n"


def city_input(tmp_path, part1: str):
    """The 宁德 sample under a city profile whose part1.j2 is `part1`."""
    src = tmp_path / "input"
    shutil.copytree(SAMPLE, src)
    report = src / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("profile: fujian-budget", "profile: test-city"),
                      encoding="utf-8")
    (src / "profiles" / "text" / "city").mkdir(parents=True)
    (src / "profiles" / "test-city.yaml").write_text(CITY, encoding="utf-8")
    (src / "profiles" / "text" / "city" / "part1.j2").write_text(part1, encoding="utf-8")
    return src


def files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


def test_template_error_is_reported_by_validate(tmp_path):
    src = city_input(tmp_path, "# 第一部分\n{{ department }}的概况\n{{ f.no_such_figure|amt }}\n")
    before = files(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(src)])
    assert result.exit_code == 2, result.output
    assert "模板错误" in result.output and "part1.j2:3" in result.output
    assert "Traceback" not in result.output
    assert files(tmp_path) == before  # a dry run writes nothing


def test_template_that_renders_is_silent(tmp_path):
    part1 = (ROOT / "templates" / "text" / "budget" / "part1.j2").read_text(encoding="utf-8")
    src = city_input(tmp_path, part1)
    result = CliRunner().invoke(app, ["validate", str(src)])
    assert result.exit_code == 0, result.output
    assert "校验通过：没有错误，0 个警告" in result.output


def test_validate_runs_the_prose_checks(tmp_path):
    # a city template that prints last year's figure where this year's belongs
    part1 = ("# 第一部分 部门预算情况说明\n## 一、概况\n"
             "本部门2024年一般公共预算拨款支出{{ (f.general_budget.shown.total + 1)|amt }}万元。\n")
    src = city_input(tmp_path, part1)
    result = CliRunner().invoke(app, ["validate", str(src), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "R-NARR-SUM" in result.output


def test_incomplete_data_is_not_reported_as_a_template_error(tmp_path):
    # without overview.structure the template could not print it, but that is the data's S-REQUIRED error
    src = tmp_path / "input"
    shutil.copytree(SAMPLE, src)
    overview = src / "overview.yaml"
    lines = overview.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("structure:"))
    overview.write_text("\n".join(lines[:start] + lines[start + 3:]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(src)])
    assert result.exit_code == 1, result.output
    assert "S-REQUIRED" in result.output and "模板错误" not in result.output
