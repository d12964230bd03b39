"""Catalogue years told honestly: a report is checked against its own year's catalogue where one is shipped or
supplied, else the nearest year, and says which; `disclosure catalog import` brings a year's code list in."""

import copy
import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.catalog import load_catalog, nearest
from generator.cli import app
from generator.inputs import read_input
from generator.pipeline import load_data
from tests.conftest import SAMPLE

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def sample_copy(tmp_path, year=None, replace=()):
    """The 宁德 sample as a folder of its own, its year and some texts changed."""
    src = tmp_path / "input"
    shutil.copytree(SAMPLE, src)
    for name in ("report.yaml", "tables.yaml", "explanations.yaml"):
        path = src / name
        text = path.read_text(encoding="utf-8")
        if year and name == "report.yaml":
            text = text.replace("year: 2024", f"year: {year}")
        for old, new in replace:
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return src


def write_list(path, rows, header=("科目编码", "科目名称")):
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


# --- which year -----------------------------------------------------------------------------------------

def test_nearest_year_prefers_its_own_then_the_closest_then_the_earlier():
    assert nearest([2020, 2024], 2024) == 2024
    assert nearest([2020, 2024], 2023) == 2024
    assert nearest([2020, 2024], 2022) == 2020  # a tie goes to the earlier year
    assert nearest([2024], 2020) == 2024


def test_a_2020_input_names_the_catalogue_year_it_was_checked_against(tmp_path):
    src = sample_copy(tmp_path, year=2020)
    result = invoke("validate", src)
    assert "科目目录：2024 年科目目录（没有 2020 年的目录，按最近的年度检查）" in result.output
    assert "[R-CATALOG-YEAR]" in result.output and "按最近的 2024 年目录检查" in result.output
    data = json.loads(invoke("validate", src, "--format", "json").output)
    assert data["catalog"]["year"] == 2024 and data["catalog"]["report_year"] == 2020
    assert [f["severity"] for f in data["findings"] if f["rule"] == "R-CATALOG-YEAR"] == ["info"]


def test_an_unknown_code_names_the_year_used(tmp_path):
    raw = read_input(SAMPLE)
    data = copy.deepcopy(raw[0])
    data["year"] = 2020
    data["tables"]["economic_basic"]["rows"][1]["code"] = "30198"
    findings = load_data(data, raw[1], SAMPLE).findings
    assert any(f.rule == "R-CODE-VALID" and "不在2024 年科目目录（没有 2020 年的目录" in f.message for f in findings)


def test_a_report_of_a_shipped_year_is_silent_about_the_year(check):
    assert [f for f in check() if f.rule == "R-CATALOG-YEAR"] == []


def test_the_findings_file_names_the_catalogue(tmp_path):
    src = sample_copy(tmp_path, year=2020)
    out = tmp_path / "out"
    result = invoke("build", src, "--out", out, "--to", "html")
    assert result.exit_code == 0, result.output
    findings = next(out.glob("*.校验结果.txt")).read_text(encoding="utf-8")
    assert "科目目录：2024 年科目目录（没有 2020 年的目录" in findings and "R-CATALOG-YEAR" in findings


# --- a supplied catalogue -------------------------------------------------------------------------------

RENAMED = ("机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴费")  # a name as an older list might print it


def test_an_input_folder_catalogue_of_the_reports_year_is_used(tmp_path):
    src = sample_copy(tmp_path, year=2020, replace=[(f"name: {RENAMED[0]}", f"name: {RENAMED[1]}")])
    before = invoke("validate", src).output
    assert "2080505 名称“机关事业单位基本养老保险缴费”与 2024 年目录名称" in before  # a false warning without it
    write_list(tmp_path / "list.csv", [("2080505", RENAMED[1])])
    assert invoke("catalog", "import", tmp_path / "list.csv", "--year", 2020, "--into", src).exit_code == 0
    after = invoke("validate", src).output
    assert "R-CODE-VALID" not in after and "R-CATALOG-YEAR" not in after
    assert "科目目录：2020 年科目目录（catalog/2020/functional.csv；其中未列出的科目按随工具提供的 2024 年目录）" in after


def test_an_input_folder_catalogue_makes_a_code_valid(tmp_path):
    src = sample_copy(tmp_path, replace=[("2130599", "2130598")])
    assert "科目编码 2130598 不在2024 年科目目录的支出功能分类中" in invoke("validate", src).output
    write_list(tmp_path / "list.csv", [("2130598", "其他巩固脱贫攻坚成果衔接乡村振兴支出")])
    result = invoke("catalog", "import", tmp_path / "list.csv", "--year", 2024, "--into", src)
    assert result.exit_code == 0 and "新增 1 个科目" in result.output and "2130598 其他巩固脱贫攻坚成果衔接乡村振兴支出" in result.output
    after = invoke("validate", src)
    assert after.exit_code == 0 and "R-CODE-VALID" not in after.output, after.output


def test_a_profile_folder_catalogue_is_used(tmp_path):
    src = sample_copy(tmp_path, replace=[("2130599", "2130598"), ("profile: fujian-budget", "profile: test-city")])
    (src / "profiles").mkdir()
    (src / "profiles" / "test-city.yaml").write_text("name: test-city\nextends: fujian-budget\ndescription: 测试\n",
                                                     encoding="utf-8")
    write_list(tmp_path / "list.csv", [("2130598", "其他巩固脱贫攻坚成果衔接乡村振兴支出")])
    assert invoke("catalog", "import", tmp_path / "list.csv", "--year", 2024, "--into", src / "profiles").exit_code == 0
    assert "R-CODE-VALID" not in invoke("validate", src).output


def test_the_shipped_catalogue_is_untouched_by_a_supplied_one(tmp_path):
    write_list(tmp_path / "list.csv", [("2130598", "测试")])
    invoke("catalog", "import", tmp_path / "list.csv", "--year", 2024, "--into", tmp_path)
    assert load_catalog(2024, [tmp_path]).function_name("2130598") == "测试"
    assert load_catalog(2024).function_name("2130598") is None


# --- import ---------------------------------------------------------------------------------------------

def test_import_reports_added_and_renamed(tmp_path):
    rows = [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080505", RENAMED[1]),
            ("2080598", "测试新项")]
    result = invoke("catalog", "import", write_list(tmp_path / "l.csv", rows), "--year", 2021, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    assert "新增 1 个科目，更名 1 个，未变 2 个" in result.output
    assert f"2080505 {RENAMED[0]} → {RENAMED[1]}" in result.output
    written = (tmp_path / "catalog" / "2021" / "functional.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "code,name" and "2080598,测试新项" in written and written[1:] == sorted(written[1:])
    assert load_catalog(2021, [tmp_path]).year == 2021


def test_import_rejects_orphans_with_located_messages_and_writes_nothing(tmp_path):
    rows = [("2089950", "孤项"), ("2379901", "没有类的项"), ("20805", "行政事业单位养老支出")]
    result = invoke("catalog", "import", write_list(tmp_path / "l.csv", rows), "--year", 2024, "--into", tmp_path)
    assert result.exit_code == 1
    assert "l.csv:2  科目 2089950 的上级科目 20899（款）" not in result.output  # 20899 is in the 2024 catalogue
    assert "l.csv:3  科目 2379901 的上级科目 237（类）不在文件中" in result.output
    assert "l.csv:3  科目 2379901 的上级科目 23799（款）不在文件中" in result.output
    assert "没有写入任何文件" in result.output and not (tmp_path / "catalog").exists()


def test_import_reads_a_workbook_and_checks_formats(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "功能科目"
    sheet.append(["2024年支出功能分类科目"])
    sheet.append(["科目代码", "科目名称"])
    sheet.append([2130598, "其他巩固脱贫攻坚成果衔接乡村振兴支出"])
    sheet.append(["21305x", "坏编码"])
    sheet.append(["2130598", "另一个名字"])
    book.save(tmp_path / "list.xlsx")
    result = invoke("catalog", "import", tmp_path / "list.xlsx", "--year", 2024, "--into", tmp_path)
    assert result.exit_code == 1
    assert "list.xlsx:功能科目!A4  支出功能分类科目编码“21305x”格式错误" in result.output
    assert "list.xlsx:功能科目!A5  科目 2130598 重复出现" in result.output
    book.remove(sheet)
    sheet = book.create_sheet("s")
    sheet.append(["科目代码", "科目名称"])
    sheet.append([2130598, "其他巩固脱贫攻坚成果衔接乡村振兴支出"])
    book.save(tmp_path / "list.xlsx")
    assert invoke("catalog", "import", tmp_path / "list.xlsx", "--year", 2024, "--into", tmp_path).exit_code == 0


def test_import_of_an_economic_list(tmp_path):
    rows = [("30299", "其他商品和服务支出"), ("30298", "测试款"), ("3029", "短")]
    args = ("catalog", "import", write_list(tmp_path / "e.csv", rows), "--year", 2024, "--kind", "economic", "--into", tmp_path)
    result = invoke(*args)
    assert result.exit_code == 1 and "e.csv:4  支出经济分类科目编码“3029”格式错误：应为3位（类）、5位（款）数字" in result.output
    write_list(tmp_path / "e.csv", rows[:2])
    assert invoke(*args).exit_code == 0
    assert load_catalog(2024, [tmp_path]).economic_name("30298") == "测试款"


@pytest.mark.parametrize("name,content", [("list.pdf", b"%PDF"), ("list.xlsx", b"not a zip"), ("list.csv", b"")])
def test_import_of_an_unusable_file_exits_2(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    result = invoke("catalog", "import", tmp_path / name, "--year", 2024, "--into", tmp_path)
    assert result.exit_code == 2 and "无法读取代码表" in result.output


def test_import_into_a_missing_folder_exits_2(tmp_path):
    write_list(tmp_path / "l.csv", [("2130598", "x")])
    assert invoke("catalog", "import", tmp_path / "l.csv", "--year", 2024, "--into", tmp_path / "nope").exit_code == 2
