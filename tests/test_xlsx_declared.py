"""The workbook follows the table declarations: `init` and `convert` write one sheet per declared table that
takes input, the reader reads them back (cells located) and checks them against the declarations, and
`convert` is lossless for every sample and for the second walkthrough's input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.inputs import read_input
from generator.inputs.declared import comparable, declared_data
from generator.model.kinds import model_for
from generator.xlsx import declared as D
from generator.xlsx import layout as L
from tests.test_customizing import ROOT, blocks
from tests.test_xlsx import edited, no_traceback, run

SAMPLES = sorted(p for p in (ROOT / "sample_inputs").iterdir() if (p / "report.yaml").is_file())
DECLARED_SHEETS = ["收入预算总表（按单位）", "支出预算总表（按单位和科目）", "一般公共预算支出表", "市对区转移支付支出预算表"]
OVERALL_SHEETS = ["整体支出绩效目标", "整体支出预算", "整体支出绩效指标"]  # the walkthrough's profile declares `overall`


def model(path: Path, dirs=None):
    data, _ = read_input(path, dirs)
    return model_for(data).model_validate(data)


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    """The second walkthrough's input and profile (its blocks up to the build), in a fresh folder."""
    tmp = tmp_path_factory.mktemp("city")
    for name in ("sample_inputs", "templates", "generator"):
        (tmp / name).symlink_to(ROOT / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for step in blocks(second=True):
        if "disclosure " in step:
            continue  # checking and building: tests/test_tables_walkthrough.py runs those
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"step failed:\n{step}\n{proc.stderr}"
    return tmp / "my-city"


@pytest.fixture(scope="module")
def dirs(city) -> list[Path]:
    return [city / "profiles"]


@pytest.fixture(scope="module")
def city_book(city, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "my-city.xlsx"
    result, text = run("convert", city, out)
    assert result.exit_code == 0, text
    return out


def headers(ws, row: int = 3) -> list[str]:
    return [c.value for c in ws[row] if c.value is not None]


# --- every sample, and the walkthrough's input ---------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_every_sample_round_trips(sample, tmp_path):
    book, back = tmp_path / "s.xlsx", tmp_path / "back"
    for src, dst in ((sample, book), (book, back)):
        result, text = run("convert", src, dst)
        assert result.exit_code == 0, text
    original = model(sample)
    profile = D.for_profile(original.profile)  # declared tables (安徽 表1, 表9–表11) compare typed
    assert comparable(model(book), profile) == comparable(original, profile)
    assert comparable(model(back), profile) == comparable(original, profile)


def test_walkthrough_input_round_trips(city, city_book, dirs, tmp_path):
    back = tmp_path / "back"
    result, text = run("convert", city_book, back, "--profiles", dirs[0])
    assert result.exit_code == 0, text
    original = model(city)
    profile = D.for_profile(original.profile, dirs)
    for copy in (model(city_book, dirs), model(back)):
        # the same model, and the same declared tables, typed (an empty sheet is a table without rows)
        assert comparable(copy, profile) == comparable(original, profile)
        typed = declared_data(copy, profile)[0]
        assert {k: v for k, v in typed.items() if v["rows"]} == declared_data(original, profile)[0]
    # the declared tables' figures, one by one: the detail rows as entered, typed
    rows = declared_data(model(back), profile)[0]["general_budget_split"]["rows"]
    assert rows[9] == {"code": "2101501", "personnel": Decimal("1496.48"), "public": Decimal("180.00")}
    assert model(back).department_code == "315"
    assert run("validate", back, "--profiles", dirs[0])[0].exit_code == 0


# --- the sheets ---------------------------------------------------------------------------------

def test_init_writes_a_sheet_per_declared_table(city, dirs, tmp_path):
    out = tmp_path / "blank.xlsx"
    result, text = run("init", out, "--year", 2025, "--profile", "xiapu-budget", "--dept", "测试局",
                       "--profiles", dirs[0])
    assert result.exit_code == 0, text
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    # after the standard sheets (and the 整体表's, and a row for the profile's own 上年人员支出), in the
    # profile's table order; the computed tables have none
    assert names[names.index(L.GLOSSARY.name) + 1:] == OVERALL_SHEETS + ["其他填报项"] + DECLARED_SHEETS + [L.LISTS]
    income = wb["收入预算总表（按单位）"]
    assert income["A1"].value == "收入预算总表"
    assert headers(income) == ["单位编码", "单位名称", "合计（可不填）", "本年收入·小计（可不填）", "本年收入·一般公共预算拨款",
                               "本年收入·政府性基金预算拨款", "本年收入·财政专户管理资金", "本年收入·其他收入", "上年结转结余"]
    assert income["A4"].value == "合计" and income["E5"].number_format == "0.00" and income["A5"].number_format == "@"
    split = wb["一般公共预算支出表"]
    assert headers(split) == ["科目编码", "科目名称", "合计（可不填）", "基本支出·小计（可不填）", "基本支出·人员支出",
                              "基本支出·公用支出", "项目支出"]
    assert headers(wb["市对区转移支付支出预算表"]) == ["部门（单位）编码", "名称", "功能科目编码", "功能科目名称", "资金性质",
                                                  "转移支付类型", "转移支付项目名称", "预算数"]
    # function codes get the drop-down (by function, by unit × function); unit codes do not
    for name, column in (("一般公共预算支出表", "A"), ("支出预算总表（按单位和科目）", "A")):
        ranges = [str(dv.sqref) for dv in wb[name].data_validations.dataValidation if "代码表" in dv.formula1]
        assert ranges == [f"{column}5:{column}1000"], name
    assert not wb["收入预算总表（按单位）"].data_validations.dataValidation
    guide = [c.value for c in wb[L.GUIDE]["A"] if c.value]
    assert {"收入预算总表（按单位）", "市对区转移支付支出预算表"} <= set(guide)
    assert any("组·列" in line for line in guide)
    # the blank reads back: the declared tables are there, empty, and nothing about them is reported
    data, _ = read_input(out, dirs)
    assert data["tables"]["income_by_unit"] == {"rows": []}
    result, text = run("validate", out, "--profiles", dirs[0])
    assert "S-TABLE" not in text and "R-TAB" not in text


def test_convert_writes_the_rows_and_totals(city_book):
    wb = openpyxl.load_workbook(city_book)
    by_unit = wb["支出预算总表（按单位和科目）"]
    assert headers(by_unit) == ["功能科目编码", "单位编码", "单位名称（科目）", "单位名称", "合计（可不填）", "基本支出", "项目支出"]
    assert [c.value for c in by_unit[5]][:4] == [None, "315001", None, "宁德市医疗保障局"]  # the unit's own row
    assert [c.value for c in by_unit[6]][:2] == ["2080501", "315001"]
    split = wb["一般公共预算支出表"]
    assert split["A14"].value == "2101501" and split["E14"].value == 1496.48 and split["F14"].value == 180
    assert str(split["B14"].value).startswith("=")  # the catalogue name, as in the standard sheets


# --- reading back: located, checked against the declarations -------------------------------------

def test_findings_point_at_cells(city_book, dirs, tmp_path):
    def edit(wb):
        wb["一般公共预算支出表"]["C14"] = 1776.48  # 2101501: 人员 1496.48 + 公用 180.00 = 1676.48
        wb["收入预算总表（按单位）"]["E5"] = "12x"
    result, text = run("validate", edited(city_book, tmp_path / "e.xlsx", edit), "--profiles", dirs[0])
    assert result.exit_code == 1
    assert "[R-TAB-ROW] e.xlsx:一般公共预算支出表!C14" in text
    assert "[S-AMOUNT] e.xlsx:收入预算总表（按单位）!E5" in text


def test_cross_relation_points_at_the_total_cell(city_book, dirs, tmp_path):
    def edit(wb):
        wb["收入预算总表（按单位）"]["E5"] = 207100.81
    result, text = run("validate", edited(city_book, tmp_path / "e.xlsx", edit), "--profiles", dirs[0])
    assert "[R-TAB-CROSS] e.xlsx:收入预算总表（按单位）!C4" in text


def test_unknown_header_is_a_located_error_in_the_profiles_words(city_book, dirs, tmp_path):
    def edit(wb):
        wb["一般公共预算支出表"]["H3"] = "工资"
    result, text = run("validate", edited(city_book, tmp_path / "e.xlsx", edit), "--profiles", dirs[0])
    no_traceback(result, text)
    assert result.exit_code == 2
    assert "一般公共预算支出表!H3" in text and "未知的列“工资”" in text and "基本支出·人员支出" in text


def test_remark_column_after_a_blank_one_is_ignored(city_book, dirs, tmp_path):
    def edit(wb):
        wb["一般公共预算支出表"]["I3"] = "备注"
        wb["一般公共预算支出表"]["I5"] = "按2024年口径"
    out = edited(city_book, tmp_path / "e.xlsx", edit)
    assert model(out, dirs) == model(city_book, dirs)


def test_missing_sheet_is_an_error_naming_the_table(city_book, dirs, tmp_path):
    out = edited(city_book, tmp_path / "e.xlsx", lambda wb: wb.remove(wb["一般公共预算支出表"]))
    result, text = run("validate", out, "--profiles", dirs[0])
    assert result.exit_code == 2
    assert "找不到工作表“一般公共预算支出表”" in text and "tables.general_budget_split" in text and "xiapu-budget" in text


def test_missing_declared_column_is_an_error(city_book, dirs, tmp_path):
    def edit(wb):
        wb["一般公共预算支出表"]["F3"] = None
    result, text = run("validate", edited(city_book, tmp_path / "e.xlsx", edit), "--profiles", dirs[0])
    assert result.exit_code == 2 and "基本支出·公用支出" in text


def test_columns_found_by_label_wherever_they_are(city_book, dirs, tmp_path):
    def edit(wb):
        ws = wb["一般公共预算支出表"]
        ws.move_range("E3:G100", cols=2)  # 人员支出, 公用支出, 项目支出 two columns to the right: a gap
    out = edited(city_book, tmp_path / "e.xlsx", edit)
    assert model(out, dirs) == model(city_book, dirs)


# --- what convert cannot carry, and what it must ----------------------------------------------

def city_copy(city, tmp_path, extra: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(city, src)
    with open(src / "tables.yaml", "a", encoding="utf-8") as f:
        f.write(extra)
    return src


def test_undeclared_table_cannot_go_into_the_workbook(city, tmp_path):
    src = city_copy(city, tmp_path, "no_such_table:\n  rows: []\n")
    result, text = run("convert", src, tmp_path / "o.xlsx")
    assert result.exit_code == 2 and "tables.no_such_table" in text and "收入预算总表（income_by_unit）" in text
    assert not (tmp_path / "o.xlsx").exists()
    result, text = run("convert", src, tmp_path / "o")  # a YAML folder carries it as entered
    assert result.exit_code == 0, text
    assert "no_such_table" in (tmp_path / "o" / "tables.yaml").read_text(encoding="utf-8")


def test_unknown_column_cannot_go_into_the_workbook(city, tmp_path):
    src = city_copy(city, tmp_path, "transfers:\n  rows:\n    - {region: 蕉城区, wages: 1.00}\n")
    result, text = run("convert", src, tmp_path / "o.xlsx")
    assert result.exit_code == 1 and "“wages”" in text and "tables.yaml:" in text
    assert not (tmp_path / "o.xlsx").exists()


def test_stated_zeros_totals_and_computed_rows_are_carried(city, dirs, tmp_path):
    src = city_copy(city, tmp_path, """\
expenditure_by_function:
  rows:
    - {code: "2080501", total: 127.66, basic: 127.66, project: 0}
transfers:
  rows:
    - {unit_code: "315001", unit_name: 宁德市医疗保障局, code: "2101501", fund_nature: 一般公共预算, transfer_kind: 专项, amount: 0.00}
  total: {amount: 0.00}
""")
    book, back = tmp_path / "o.xlsx", tmp_path / "back"
    assert run("convert", src, book)[0].exit_code == 0  # convert reads its output back and compares
    assert run("convert", book, back, "--profiles", dirs[0])[0].exit_code == 0
    wb = openpyxl.load_workbook(book)
    assert "支出预算总表（按功能分类）" in wb.sheetnames  # a computed table, stated: its sheet is there
    assert wb["市对区转移支付支出预算表"]["H5"].value == 0 and wb["市对区转移支付支出预算表"]["H4"].value == 0
    profile = D.for_profile("xiapu-budget", dirs)
    typed = declared_data(model(back), profile)[0]
    assert typed["transfers"] == {"rows": [{"unit_code": "315001", "unit_name": "宁德市医疗保障局", "code": "2101501",
                                            "fund_nature": "一般公共预算", "transfer_kind": "专项", "amount": Decimal("0")}],
                                  "total": {"amount": Decimal("0")}}
    assert typed["expenditure_by_function"]["rows"][0]["project"] == 0


def test_sheet_names_are_valid_unique_and_short():
    from generator.tables.declare import TableDecl
    decls = [TableDecl.model_validate({"key": k, "rows": {"by": "free"}, "columns": [{"key": "amount"}]})
             for k in ("a", "b", "c")]
    titles = {"a": "收入预算总表", "b": "一个很长的标题: 城市对区县转移支付/支出预算表（按地区和项目列示）共计多少", "c": "收入预算总表"}
    names = D.sheet_names(decls, titles, {"收入预算总表"})
    assert names["a"] == "收入预算总表（逐项）" and names["c"] == "收入预算总表（2）"
    assert len(names["b"]) <= 31 and not set(":/ ") & set(names["b"]) and names["b"].startswith("一个很长的标题城市")


def test_final_accounts_workbook_has_declared_sheets_too(tmp_path):
    """A 决算 profile that declares a table of its own: the 决算 workbook gets its sheet, and convert round-trips."""
    from ruamel.yaml import YAML
    src = tmp_path / "final"
    shutil.copytree(ROOT / "sample_inputs" / "sanming-2024-final", src)
    (src / "profiles" / "tables").mkdir(parents=True)
    parent = YAML(typ="safe").load((ROOT / "templates" / "profiles" / "fujian-final.yaml").read_text(encoding="utf-8"))
    tables = "".join(f"  - {{key: {t['key']}, title: {t['title']}}}\n" for t in parent["tables"])
    (src / "profiles" / "city-final.yaml").write_text(
        "name: city-final\nextends: fujian-final\ntables:\n" + tables + "  - {key: by_region, title: 分地区项目支出决算表}\n",
        encoding="utf-8")
    (src / "profiles" / "tables" / "by_region.yaml").write_text(
        "rows: {by: free}\ncolumns: [{key: region}, {key: project_name}, {key: amount, label: 决算数}]\n", encoding="utf-8")
    report = (src / "report.yaml").read_text(encoding="utf-8")
    (src / "report.yaml").write_text(report.replace("profile: fujian-final", "profile: city-final"), encoding="utf-8")
    with open(src / "tables.yaml", "a", encoding="utf-8") as f:
        f.write("by_region:\n  rows:\n    - {region: 梅列区, project_name: 医疗救助, amount: 12.50}\n  total: {amount: 12.50}\n")
    book, back = tmp_path / "f.xlsx", tmp_path / "back"
    result, text = run("convert", src, book)
    assert result.exit_code == 0, text
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[-2] == "分地区项目支出决算表" and headers(wb["分地区项目支出决算表"]) == ["地区", "项目名称", "决算数"]
    assert [c.value for c in wb["分地区项目支出决算表"][5]] == ["梅列区", "医疗救助", 12.5]
    result, text = run("convert", book, back, "--profiles", src / "profiles")
    assert result.exit_code == 0, text
    profile = D.for_profile("city-final", [src / "profiles"])
    assert comparable(model(back), profile) == comparable(model(src), profile)
    assert declared_data(model(back), profile)[0]["by_region"]["total"] == {"amount": Decimal("12.50")}


def test_init_yaml_has_a_place_for_each_declared_table(city, city_book, dirs, tmp_path):
    out = tmp_path / "blank"
    result, text = run("init", out, "--year", 2025, "--profile", "xiapu-budget", "--dept", "测试局", "--profiles", dirs[0])
    assert result.exit_code == 0, text
    tables = (out / "tables.yaml").read_text(encoding="utf-8")
    assert "income_by_unit:\n  rows: []" in tables and "transfers:\n  rows: []" in tables
    assert "expenditure_by_function" not in tables  # computed: nothing to enter
    # next year's workbook from this year's: the declared sheets empty, the department code kept
    nxt = tmp_path / "next.xlsx"
    result, text = run("init", nxt, "--year", 2025, "--from", city_book, "--profiles", dirs[0])
    assert result.exit_code == 0, text
    data, _ = read_input(nxt, dirs)
    assert data["department_code"] == "315" and data["tables"]["general_budget_split"] == {"rows": []}


def test_a_broken_declaration_is_a_profile_error_not_a_traceback(city, city_book, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(city, src)
    path = src / "profiles" / "tables" / "transfers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - {key: amount}", "  - {key: amount}\n  - {key: bogus_col}"),
                    encoding="utf-8")
    for args in (("convert", src, tmp_path / "o.xlsx"), ("convert", city_book, tmp_path / "o", "--profiles", src / "profiles"),
                 ("validate", city_book, "--profiles", src / "profiles")):
        result, text = run(*args)
        no_traceback(result, text)
        assert result.exit_code == 2 and "模板配置错误" in text and "bogus_col" in text, args
    assert not (tmp_path / "o.xlsx").exists() and not (tmp_path / "o").exists()
