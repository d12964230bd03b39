"""Spreadsheet input: the workbook writer and reader, `disclosure init` and `disclosure convert`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.inputs import read_input
from generator.inputs.xlsx_reader import number_text
from generator.model.report import Report
from generator.xlsx import layout as L

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "ningde-2024-budget"
runner = CliRunner()


def model(path: Path) -> Report:
    data, _ = read_input(path)
    return Report.model_validate(data)


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result, result.output + (getattr(result, "stderr", "") or "")


@pytest.fixture(scope="module")
def sample_model() -> Report:
    return model(SAMPLE)


@pytest.fixture
def workbook(tmp_path) -> Path:
    out = tmp_path / "nd.xlsx"
    result, text = run("convert", SAMPLE, out)
    assert result.exit_code == 0, text
    return out


def converted(src: Path, out: Path) -> Path:
    """`disclosure convert SRC OUT`, which must succeed; returns OUT."""
    result, text = run("convert", src, out)
    assert result.exit_code == 0, text
    return out


def edited(src: Path, dst: Path, edit) -> Path:
    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    return dst


def no_traceback(result, text):
    assert "Traceback" not in text
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- round trips ---------------------------------------------------------------------------

def test_yaml_to_xlsx_gives_the_same_model(workbook, sample_model):
    assert model(workbook) == sample_model


def test_xlsx_to_yaml_gives_the_same_model(workbook, sample_model, tmp_path):
    folder = tmp_path / "back"
    result, text = run("convert", workbook, folder)
    assert result.exit_code == 0, text
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["report.yaml", "overview.yaml", "tables.yaml", "explanations.yaml", "other_matters.yaml",
         "performance.yaml", "glossary.yaml"])
    assert "overview: !include overview.yaml" in (folder / "report.yaml").read_text(encoding="utf-8")
    tables = (folder / "tables.yaml").read_text(encoding="utf-8")
    assert '{code: "2101501", name: 行政运行, total: 1676.48, general_budget: 1676.48}' in tables
    assert model(folder) == sample_model


def test_convert_is_deterministic(workbook, tmp_path):
    again = tmp_path / "again.xlsx"
    assert run("convert", SAMPLE, again)[0].exit_code == 0
    assert again.read_bytes() == workbook.read_bytes()
    props = openpyxl.load_workbook(workbook).properties
    assert props.created == props.modified and props.created.year == 2024


def test_validate_accepts_the_workbook(workbook):
    result, text = run("validate", workbook)
    assert result.exit_code == 0, text


def test_convert_refuses_to_overwrite(workbook, tmp_path):
    before = workbook.read_bytes()
    result, text = run("convert", SAMPLE, workbook)
    assert result.exit_code == 2 and "--force" in text
    assert workbook.read_bytes() == before


# --- init ----------------------------------------------------------------------------------

def test_init_blank_workbook(tmp_path):
    out = tmp_path / "blank.xlsx"
    result, text = run("init", "--profile", "fujian-budget", "--year", "2025", "--dept", "测试市测试局", out)
    assert result.exit_code == 0, text
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == L.GUIDE
    for spec, _ in L.ORDER:
        assert spec.name in wb.sheetnames
        assert wb[spec.name].freeze_panes, spec.name
    assert wb[L.LISTS].sheet_state == "hidden"
    assert "万元" in "".join(str(c.value) for c in wb[L.GUIDE]["A"] if c.value)

    def sources(sheet):
        return {dv.formula1: str(dv.sqref) for dv in wb[sheet].data_validations.dataValidation}

    income = sources("收入预算总表")
    assert any(f.startswith(f"'{L.LISTS}'!$D$2") for f in income)  # 项 codes, by range reference
    assert any(f.startswith(f"'{L.LISTS}'!$F$2") for f in sources("基本支出经济分类表"))
    assert '"财政核拨,财政补助,经费自理"' in sources("预算单位构成")
    assert '"≥,≤,=,>,<"' in sources("绩效目标指标")
    assert wb["收入预算总表"]["D5"].number_format == "0.00"
    assert str(wb["收入预算总表"]["B5"].value).startswith("=")  # catalogue name by formula
    overview = {r[0].value: r[1].value for r in wb["部门概况"].iter_rows(min_row=4) if r[0].value}
    assert overview["部门名称"] == "测试市测试局" and overview["年度"] == 2025

    # the blank reads back: only what is missing is reported, located by sheet and cell
    result, text = run("validate", out)
    assert result.exit_code == 1
    assert "部门概况!B8" in text and "主要职责!" in text


def test_init_blank_yaml(tmp_path):
    out = tmp_path / "blank"
    result, text = run("init", "--profile", "fujian-budget", "--year", "2025", "--dept", "测试市测试局",
                       "--format", "yaml", out)
    assert result.exit_code == 0, text
    data, _ = read_input(out)
    assert data["department"] == "测试市测试局" and data["tables"]["income"] == {"rows": []}


def test_init_needs_profile_and_dept(tmp_path):
    result, text = run("init", "--year", "2025", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "--profile" in text
    result, text = run("init", "--profile", "nope", "--year", "2025", "--dept", "d", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "nope" in text
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_init_from_last_year(tmp_path, sample_model, suffix):
    out = tmp_path / f"next{suffix}"
    result, text = run("init", "--from", SAMPLE, "--year", "2025", out)
    assert result.exit_code == 0, text
    data, _ = read_input(out)
    assert data["year"] == "2025" and data["department"] == "宁德市医疗保障局"
    assert data["overview"]["duties"]["items"] == sample_model.overview.duties.items
    assert data["overview"]["units"][1]["name"] == "宁德市医疗保障稽核与信息中心"
    assert len(data["overview"]["tasks"]["items"]) == 7
    assert len(data["glossary"]) == len(sample_model.glossary)
    assert data["explanations"]["item_purposes"]["2101202"] == "补助城乡居民医疗保险支出"
    previous = data["explanations"]["previous"]
    assert Decimal(previous["income_total"]) == Decimal("207172.81")
    assert Decimal(previous["expenditure_total"]) == Decimal("207172.81")
    assert Decimal(previous["general_budget_total"]) == Decimal("207150.81")
    assert Decimal(previous["three_public"]["reception"]) == Decimal("21.00")
    costs = data["other_matters"]["operating_costs"]
    assert Decimal(costs["previous"]) == Decimal("204.73") and costs.get("amount") is None
    project = data["performance"]["projects"][0]
    assert project["basis"] == sample_model.performance.projects[0].basis
    assert not project["funds"].get("fiscal")  # this year's amounts are to fill
    assert data["tables"]["income"]["rows"] == []


# --- what officers do to a workbook --------------------------------------------------------

def _officer(wb):
    income = wb["收入预算总表"]
    # numbers pasted as text, with thousands separators and stray spaces
    for row in range(5, 20):
        for col in (3, 4, 13):
            value = income.cell(row, col).value
            if value is not None:
                income.cell(row, col).value = f" {Decimal(str(value)):,.2f} "
    income["A5"] = 2080501.0  # a code read as a number
    income["A6"] = 2080502
    income.insert_rows(8, 2)  # blank rows between data
    income.insert_cols(3)  # an extra column, headers move right
    income["C3"] = "备注"
    income["C10"] = "不读取"
    expenditure = wb["支出预算总表"]
    expenditure.cell(5, 1).value = "  2080501 "
    expenditure["A4"] = "合  计"  # as in a pasted table
    wb["三公经费表"]["B3"] = "因公出国(境)费用"  # half-width parentheses
    # 绩效指标: the project name merged over its indicator rows, as in the printed table
    ind = wb["绩效目标指标"]
    ind.merge_cells("A4:A12")
    ind.merge_cells("B5:B6")  # 产出指标 twice


def test_hand_edited_workbook_reads_the_same(workbook, sample_model, tmp_path):
    path = edited(workbook, tmp_path / "edited.xlsx", _officer)
    assert model(path) == sample_model
    result, text = run("validate", path)
    assert result.exit_code == 0, text


def test_blank_amounts_are_zero_and_spare_rows_ignored(workbook, tmp_path):
    def edit(wb):
        ws = wb["一般公共预算支出经济分类表"]
        ws["C6"] = None  # 302 … blank now
        ws["A40"] = "30201"  # a row far below, after many blank rows
        ws["C40"] = "1.5"
    data, _ = read_input(edited(workbook, tmp_path / "e.xlsx", edit))
    rows = data["tables"]["economic_general_budget"]["rows"]
    assert rows[1] == {"code": "302", "name": "商品和服务支出"}
    assert rows[-1] == {"code": "30201", "amount": "1.5"}


def test_wrong_value_is_located(workbook, tmp_path):
    path = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["收入预算总表"].__setitem__("D7", "12x.5"))
    result, text = run("validate", path)
    assert result.exit_code == 1
    assert "收入预算总表!D7" in text and "12x.5" in text
    no_traceback(result, text)


def test_wrong_code_is_located(workbook, tmp_path):
    path = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["支出预算总表"].__setitem__("A6", "208O501"))
    result, text = run("validate", path)
    assert result.exit_code == 1
    assert "支出预算总表!A6" in text


def _delete_sheet(wb):
    del wb["三公经费表"]


def _rename_sheet(wb):
    wb["科目用途"].title = "用途"


def _rename_header(wb):
    wb["支出预算总表"]["E3"] = "项目支出数"


def _rename_label(wb):
    wb["其他重要事项"]["A4"] = "运行经费"


def _formula_without_value(wb):
    wb["收入预算总表"]["D7"] = "=D6*2"


@pytest.mark.parametrize("edit, words", [
    (_delete_sheet, ["三公经费表", "找不到工作表"]),
    (_rename_sheet, ["科目用途", "找不到工作表"]),
    (_rename_header, ["支出预算总表!A3", "项目支出"]),
    (_rename_label, ["其他重要事项!", "机关运行经费"]),
    (_formula_without_value, ["收入预算总表!D7", "公式"]),
])
def test_unusable_workbook_exit_2(workbook, tmp_path, edit, words):
    path = edited(workbook, tmp_path / "u.xlsx", edit)
    result, text = run("validate", path)
    assert result.exit_code == 2, text
    for word in words:
        assert word in text
    no_traceback(result, text)


@pytest.mark.parametrize("content, word", [
    (b"just some text, not a workbook", "不是 Excel 工作簿"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "加密"),
    (b"PK\x03\x04broken zip", "不是有效的 Excel 工作簿"),
])
def test_not_a_workbook_exit_2(tmp_path, content, word):
    path = tmp_path / "f.xlsx"
    path.write_bytes(content)
    result, text = run("validate", path)
    assert result.exit_code == 2
    assert word in text
    no_traceback(result, text)


def test_convert_of_bad_input_writes_nothing(tmp_path, workbook):
    bad = edited(workbook, tmp_path / "bad.xlsx", lambda wb: wb["部门概况"].__setitem__("B6", "十"))
    result, text = run("convert", bad, tmp_path / "out")
    assert result.exit_code == 1 and "部门概况!B" in text
    result, text = run("convert", tmp_path / "missing.xlsx", tmp_path / "out")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_number_text():
    assert number_text(2080501.0) == "2080501"
    assert number_text(207172.81) == "207172.81"
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(1e-6) == "0.000001"


def test_build_from_workbook_is_identical(workbook, tmp_path):
    outputs = []
    for name, src in (("yaml", SAMPLE), ("xlsx", workbook)):
        out = tmp_path / name
        result, text = run("build", src, "--out", out, "--to", "html")
        assert result.exit_code == 0, text
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] and outputs[0] == outputs[1]


def test_budget_duty_with_sub_paragraphs_round_trips_and_renders(tmp_path):
    """A duty with numbered sub-paragraphs: one 主要职责 row per sub-paragraph, read back as the same duty."""
    import shutil

    from generator.pipeline import load
    from generator.report.build import build_document

    src = tmp_path / "nd"
    shutil.copytree(SAMPLE, src)
    overview = src / "overview.yaml"
    overview.write_text(overview.read_text(encoding="utf-8").replace(
        "    - 承办市委、市政府交办的其他任务。",
        "    - text: 承办市委、市政府交办的其他任务。\n      details: [与市卫健委的职责分工。, 与市市场监管局的职责分工。]"),
        encoding="utf-8")
    book = tmp_path / "nd.xlsx"
    assert run("convert", src, book)[0].exit_code == 0
    assert run("convert", book, tmp_path / "back")[0].exit_code == 0
    assert model(tmp_path / "back") == model(src)
    text = build_document(load(book)).text()
    assert "（八）承办市委、市政府交办的其他任务。\n1.与市卫健委的职责分工。\n2.与市市场监管局的职责分工。" in text
