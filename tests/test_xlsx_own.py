"""其他填报项: a city profile that extends a shipped one and names figures and words of its own (`fields`,
`texts`, `required` in the model's open parts) gets a workbook row for each, labelled as the profile labels
it; the workbook reads back without the profile, and a field name outside the open parts is refused."""

import shutil

import openpyxl
import pytest

from generator.errors import InputError
from generator.inputs import read_input
from generator.xlsx.own import FIELD, NAME
from tests.test_xlsx import SAMPLE, converted, edited, model, run

PROFILE = """name: city-budget
extends: fujian-budget
fields:
  explanations.previous.personnel_total: 上年人员支出
  other_matters.assets.buildings: {label: 办公用房（处）, type: count}
  explanations.counts.meetings: {label: 召开医保工作会议（次）, type: count}
texts:
  explanations.reasons.personnel_change: 人员支出变动原因
"""


@pytest.fixture
def city(tmp_path):
    folder = tmp_path / "city"
    shutil.copytree(SAMPLE, folder)
    (folder / "profiles").mkdir()
    (folder / "profiles" / "city-budget.yaml").write_text(PROFILE, encoding="utf-8")
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("profile: fujian-budget", "profile: city-budget"),
                      encoding="utf-8")
    exp = folder / "explanations.yaml"
    text = exp.read_text(encoding="utf-8")
    text = text.replace("\nreasons:", "\n  personnel_total: 5800.00\nreasons:", 1)
    text = text.replace("\nreasons:", "\nreasons:\n  personnel_change: 新增2名在编人员", 1)
    exp.write_text(text + "counts:\n  meetings: 3\n", encoding="utf-8")
    om = folder / "other_matters.yaml"
    om.write_text(om.read_text(encoding="utf-8").replace("\n  equipment_over_1m:", "\n  buildings: 2\n  equipment_over_1m:", 1),
                  encoding="utf-8")
    return folder


@pytest.fixture
def book(city, tmp_path):
    return converted(city, tmp_path / "city.xlsx")


def test_a_profiles_own_figures_get_rows_and_read_back(city, book, tmp_path):
    ws = openpyxl.load_workbook(book)[NAME]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows[0] == ["项目", "填报内容", "说明", FIELD]
    assert [r[0] for r in rows[1:]] == ["人员支出变动原因", "上年人员支出", "办公用房（处）", "召开医保工作会议（次）"]
    assert [r[1] for r in rows[1:]] == ["新增2名在编人员", 5800, 2, 3]
    assert rows[2][3] == "explanations.previous.personnel_total"
    # without the profile at hand the workbook still reads: the field names are in the sheet
    data, _ = read_input(book)
    assert data["explanations"]["previous"]["personnel_total"] == "5800"
    assert model(book) == model(city)
    back = tmp_path / "back"
    assert run("convert", book, back, "--profiles", city / "profiles")[0].exit_code == 0
    assert model(back) == model(city)


def test_a_wrong_figure_on_the_sheet_is_located_there(book, tmp_path):
    """The value is a figure like any other: a text where a figure belongs is S-AMOUNT at its cell."""
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: wb[NAME].__setitem__("B5", "五千八"))
    result, text = run("validate", bad, "--profiles", book.parent / "city" / "profiles")
    assert result.exit_code == 1 and f"{NAME}!B5" in text and "S-AMOUNT" in text


def test_a_field_name_outside_the_open_parts_is_refused(book, tmp_path):
    for hostile in ("profile", "tables.general_budget.rows", "explanations.previous.a.b"):
        bad = edited(book, tmp_path / "bad.xlsx", lambda wb: wb[NAME].__setitem__("D4", hostile))
        with pytest.raises(InputError, match="不是模板配置可以增加的项目") as err:
            read_input(bad)
        assert err.value.location.endswith(f"{NAME}!D4")


def test_the_shipped_profiles_need_no_such_sheet(tmp_path):
    for sample in (SAMPLE, SAMPLE.parent / "suzhou-2024-budget"):
        out = tmp_path / f"{sample.name}.xlsx"
        assert run("convert", sample, out)[0].exit_code == 0
        assert NAME not in openpyxl.load_workbook(out).sheetnames
