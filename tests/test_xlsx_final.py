"""The final-accounts (部门决算) workbook: writer, reader, `init` and `convert` for kind: final."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.inputs import read_input
from generator.model.final import FinalReport
from generator.model.report import DutyItem
from generator.xlsx import layout as L
from generator.xlsx import layout_final as F
from tests.test_xlsx import edited, no_traceback, run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "sanming-2024-final"


def model(path: Path) -> FinalReport:
    data, _ = read_input(path)
    return FinalReport.model_validate(data)


@pytest.fixture(scope="module")
def sample_model() -> FinalReport:
    return model(SAMPLE)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("final") / "sm.xlsx"
    result, text = run("convert", SAMPLE, out)
    assert result.exit_code == 0, text
    return out


# --- round trips ---------------------------------------------------------------------------

def test_yaml_to_xlsx_gives_the_same_model(workbook, sample_model):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == [L.GUIDE] + [spec.name for spec, _ in F.ORDER] + [L.LISTS]
    assert model(workbook) == sample_model


def test_xlsx_to_yaml_gives_the_same_model(workbook, sample_model, tmp_path):
    folder = tmp_path / "back"
    result, text = run("convert", workbook, folder)
    assert result.exit_code == 0, text
    assert "部门决算" in (folder / "report.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert model(folder) == sample_model


def test_round_trip_beyond_the_sample(sample_model, tmp_path):
    """Values the sample does not have: filled 公开08/09 rows, a stated zero, no stated totals, blank
    上年“三公”, zero 全年预算, texts that look like numbers or formulas, zero weights, no goals or problems."""
    d = sample_model.model_dump()
    t, e = d["tables"], d["explanations"]
    t["government_fund"]["rows"] = [{"code": "2296002", "name": None, "opening": Decimal("1.5"), "income": Decimal(2),
                                     "basic": Decimal(0), "project": Decimal("3.25"), "closing": Decimal("0.25")}]
    t["state_capital"] = {"total": None, "rows": [{"code": "2230199", "name": None, "total": None,
                                                    "basic": Decimal("0.1"), "project": Decimal(0)}]}
    t["income"]["total"] = None
    t["summary"]["stated"] = {"income_total": None, "expenditure_total": Decimal(0), "total": None}
    e["previous"]["items"]["2101102"] = Decimal(0)
    e["reasons"]["items"]["2296002"] = "新增科目"
    e["previous"]["three_public"] = None
    e["budget"]["three_public"] = dict.fromkeys(("outbound", "reception", "vehicle_purchase", "vehicle_operation"),
                                                Decimal(0))
    project = d["performance"]["projects"][0]
    project["indicators"][0].update(target="1.70", actual="=100%")
    project["indicators"][1].update(target="05", op="", deviation="无偏差")
    project["indicators"][2]["weight"] = Decimal(0)
    project["funds"].update(weight=Decimal(0), score=Decimal(0))
    project["goals"], project["problems"] = [], []
    d["other_matters"]["operating_costs"]["previous"] = None
    d["other_matters"]["assets"]["vehicles"]["principal"] = 2
    d["overview"]["duties"]["items"][0] = {"text": "甲", "details": ["乙"]}
    varied = FinalReport.model_validate(d)
    src = tmp_path / "varied"
    result, text = run("convert", SAMPLE, src)
    assert result.exit_code == 0, text
    from generator.inputs.yaml_writer import report_data, yaml_files
    for name, body in yaml_files(report_data(varied)).items():
        (src / name).write_text(body, encoding="utf-8")
    assert model(src) == varied
    out = tmp_path / "varied.xlsx"
    result, text = run("convert", src, out)  # convert itself re-reads its output and compares
    assert result.exit_code == 0, text
    assert model(out) == varied


def test_convert_is_deterministic(workbook, tmp_path):
    again = tmp_path / "again.xlsx"
    assert run("convert", SAMPLE, again)[0].exit_code == 0
    assert again.read_bytes() == workbook.read_bytes()


def test_duty_sub_paragraphs_one_row_each(workbook, sample_model):
    ws = openpyxl.load_workbook(workbook)["主要职责"]
    last = sample_model.overview.duties.items[-1]
    assert isinstance(last, DutyItem) and len(last.details) == 2
    n = len(sample_model.overview.duties.items)
    first = 3 + n  # header on row 3, one row per duty, the last duty has two sub-paragraph rows
    assert [ws.cell(first, c).value for c in (1, 2, 3)] == [n, last.text, last.details[0]]
    assert [ws.cell(first + 1, c).value for c in (1, 2, 3)] == [None, None, last.details[1]]


def test_validate_locates_findings_in_sheets(workbook):
    result, text = run("validate", workbook)
    assert result.exit_code == 0, text
    # the sample's published rounding tails, now located by sheet and cell (收入决算表 21015 row)
    for where in ("收入决算表!C18", "基本支出决算表!C", "三公经费决算表!A4", "总表数字!B"):
        assert where in text, where
    assert "7 个警告" in text


def test_build_from_workbook_is_identical(workbook, tmp_path):
    pages = []
    for name, src in (("yaml", SAMPLE), ("xlsx", workbook)):
        out = tmp_path / name
        result, text = run("build", src, "--out", out, "--to", "html")
        assert result.exit_code == 0, text
        pages.append({p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".html"})
    assert pages[0] and pages[0] == pages[1]


# --- init ----------------------------------------------------------------------------------

def test_init_blank_final_workbook(tmp_path):
    out = tmp_path / "blank.xlsx"
    result, text = run("init", "--profile", "fujian-final", "--year", "2025", "--dept", "测试市测试局", out)
    assert result.exit_code == 0, text
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == L.GUIDE and wb[L.LISTS].sheet_state == "hidden"
    for spec, _ in F.ORDER:
        assert wb[spec.name].freeze_panes, spec.name
    assert "部门决算" in wb[L.GUIDE]["A1"].value

    def sources(sheet):
        return {dv.formula1 for dv in wb[sheet].data_validations.dataValidation}

    assert any(f.startswith(f"'{L.LISTS}'!$A$2") for f in sources("收入决算表"))  # 类/款/项 codes
    assert any(f.startswith(f"'{L.LISTS}'!$F$2") for f in sources("基本支出决算表"))
    assert '"优,良,中,差"' in sources("绩效自评项目")
    assert '"≥,≤,=,>,<"' in sources("自评指标")
    overview = {r[0].value: r[1].value for r in wb["部门概况"].iter_rows(min_row=4) if r[0].value}
    assert overview["报告类型"] == "部门决算" and overview["模板配置"] == "fujian-final"

    result, text = run("validate", out)
    assert result.exit_code == 1, text
    for where in ("部门概况!B8", "主要职责!", "决算单位构成!", "总表数字!B4", "其他重要事项!B4"):
        assert where in text, where
    no_traceback(result, text)


def test_init_blank_final_yaml(tmp_path):
    out = tmp_path / "blank"
    result, text = run("init", "--profile", "fujian-final", "--year", "2025", "--dept", "测试市测试局", out)
    assert result.exit_code == 0, text
    data, _ = read_input(out)
    assert data["kind"] == "final" and data["tables"]["income"] == {"rows": []}
    result, text = run("validate", out)
    assert result.exit_code == 1 and "tables.yaml:" in text
    no_traceback(result, text)


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_init_from_last_final(tmp_path, sample_model, suffix):
    out = tmp_path / f"next{suffix}"
    result, text = run("init", "--from", SAMPLE, "--year", "2025", out)
    assert result.exit_code == 0, text
    data, _ = read_input(out)
    assert data["kind"] == "final" and data["year"] == "2025" and data["department"] == "三明市医疗保障局"
    duties = data["overview"]["duties"]["items"]
    assert duties[:-1] == sample_model.overview.duties.items[:-1]
    assert duties[-1]["details"] == sample_model.overview.duties.items[-1].details
    assert len(data["glossary"]) == 13
    # last year's 年末 become this year's 年初
    assert Decimal(data["tables"]["summary"]["opening_balance"]) == Decimal("9.03")
    assert Decimal(data["tables"]["fiscal_summary"]["opening"]["general_budget"]) == Decimal("0.09")
    assert not data["tables"]["income"]["rows"] and not data["tables"]["summary"].get("closing_balance")
    # last year's figures become 上年决算数, as printed (stated totals)
    previous = data["explanations"]["previous"]
    assert Decimal(previous["total"]) == Decimal("6210.66")
    assert Decimal(previous["income_total"]) == Decimal("6097.78")
    assert Decimal(previous["expenditure_total"]) == Decimal("6201.62")
    assert Decimal(previous["fiscal_total"]) == Decimal("6064.02")
    assert Decimal(previous["general_budget_total"]) == Decimal("6063.92")
    assert Decimal(previous["three_public"]["reception"]) == Decimal("18.26")
    assert Decimal(previous["items"]["2101550"]) == Decimal("3016.47")
    assert not (data["explanations"].get("budget") or {}).get("three_public", {}).get("reception")
    assert not (data["explanations"].get("reasons") or {}).get("items")
    costs = data["other_matters"]["operating_costs"]
    assert Decimal(costs["previous"]) == Decimal("177.08") and not costs.get("amount")
    project = data["performance"]["projects"][0]
    last = sample_model.performance.projects[0]
    assert project["name"] == last.name and project["summary"] == last.summary
    assert [g["expected"] for g in project["goals"]] == [g.expected for g in last.goals]
    ind = project["indicators"][0]
    assert ind["name"] == last.indicators[0].name and ind["target"] == last.indicators[0].target
    assert not ind.get("score") and not ind.get("actual") and not project.get("problems")


def test_init_from_with_profile_of_other_kind(tmp_path):
    result, text = run("init", "--from", SAMPLE, "--profile", "fujian-budget", "--year", "2025", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "部门决算" in text
    assert not list(tmp_path.iterdir())


# --- what officers do to a workbook --------------------------------------------------------

def _officer(wb):
    duties = wb["主要职责"]
    last = duties.max_row
    while duties.cell(last, 3).value is None:
        last -= 1
    duties.merge_cells(start_row=last - 1, start_column=2, end_row=last, end_column=2)  # duty over its parts
    income = wb["收入决算表"]
    income["A4"] = "类"  # the published total row's label
    income["D6"] = " 301.82 "  # a number as text
    income.insert_rows(5)
    income["A5"] = "栏次"  # the numbering row of a pasted table
    ind = wb["自评指标"]
    ind.merge_cells("A4:A10")  # the project name over its seven indicators, as printed
    wb["科目变动原因"]["A4"] = 2010550.0  # a code read as a number


def test_hand_edited_final_workbook_reads_the_same(workbook, sample_model, tmp_path):
    path = edited(workbook, tmp_path / "edited.xlsx", _officer)
    assert model(path) == sample_model


def test_blank_kind_still_final(workbook, sample_model, tmp_path):
    path = edited(workbook, tmp_path / "k.xlsx", lambda wb: wb["部门概况"].__setitem__("B4", None))
    assert model(path) == sample_model


def test_text_in_amount_cell_is_located(workbook, tmp_path):
    path = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["支出决算表"].__setitem__("D7", "12x.5"))
    result, text = run("validate", path)
    assert result.exit_code == 1
    assert "支出决算表!D7" in text and "12x.5" in text
    no_traceback(result, text)


def test_wrong_pair_value_is_located(workbook, tmp_path):
    path = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["其他重要事项"].__setitem__("B4", "一百"))
    result, text = run("validate", path)
    assert result.exit_code == 1 and "其他重要事项!B4" in text
    no_traceback(result, text)


def _delete_sheet(wb):
    del wb["自评指标"]


def _rename_header(wb):
    wb["政府性基金决算表"]["C3"] = "年初结余"


def _rename_label(wb):
    wb["总表数字"]["A9"] = "年初结余"


def _unknown_project(wb):
    wb["问题与建议"]["A4"] = "没有这个项目"


def _detail_without_duty(wb):
    ws = wb["主要职责"]
    for row in range(4, ws.max_row + 1):
        ws.cell(row, 2).value = ws.cell(row, 3).value = None
    ws["C4"] = "一个分项"


@pytest.mark.parametrize("edit, words", [
    (_delete_sheet, ["自评指标", "找不到工作表"]),
    (_rename_header, ["政府性基金决算表!A3", "年初结转和结余"]),
    (_rename_label, ["总表数字!", "年初结转和结余"]),
    (_unknown_project, ["问题与建议!A4", "没有这个项目", "绩效自评项目"]),
    (_detail_without_duty, ["主要职责!C4", "职责内容"]),
])
def test_unusable_final_workbook_exit_2(workbook, tmp_path, edit, words):
    path = edited(workbook, tmp_path / "u.xlsx", edit)
    result, text = run("validate", path)
    assert result.exit_code == 2, text
    for word in words:
        assert word in text, word
    no_traceback(result, text)


def test_convert_of_bad_final_writes_nothing(workbook, tmp_path):
    bad = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["自评指标"].__setitem__("J4", "十"))
    result, text = run("convert", bad, tmp_path / "out")
    assert result.exit_code == 1 and "自评指标!J4" in text
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_kind_that_does_not_match_the_sheets(workbook, tmp_path):
    path = edited(workbook, tmp_path / "k.xlsx", lambda wb: wb["部门概况"].__setitem__("B4", "部门预算"))
    result, text = run("validate", path)
    assert result.exit_code == 2 and "部门概况!B4" in text and "改为“部门决算”" in text
    no_traceback(result, text)
    budget = tmp_path / "nd.xlsx"
    assert run("convert", SAMPLE.parent / "ningde-2024-budget", budget)[0].exit_code == 0
    path = edited(budget, tmp_path / "b.xlsx", lambda wb: wb["部门概况"].__setitem__("B4", "部门决算"))
    result, text = run("validate", path)
    assert result.exit_code == 2 and "部门概况!B4" in text and "改为“部门预算”" in text
