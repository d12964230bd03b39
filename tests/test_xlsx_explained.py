"""The workbook carries the explanations keyed by what they explain (tests/test_explained.py): a 项 explained in
parts (科目用途, one row per part), projects described in words (项目情况说明, one row per funding source) and
the counts (变动原因与上年数); `convert` round-trips them, the rules' findings point at cells, and a
workbook written before these existed still reads."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from generator.errors import InputError
from generator.inputs import read_input
from generator.pipeline import load
from generator.xlsx import layout as L
from generator.xlsx.writer import build_workbook
from tests.test_explained import NOTES, PARTS, write
from tests.test_xlsx import SAMPLE, converted, edited, model, no_traceback, run

ANHUI = SAMPLE.parent / "suzhou-2024-budget"


@pytest.fixture
def folder(tmp_path):
    """The sample with 2101501 and 2101502 explained in parts, two projects described in words, two counts."""
    return write(tmp_path)


@pytest.fixture
def book(folder, tmp_path):
    return converted(folder, tmp_path / "e.xlsx")


def header_col(ws, header: str) -> int:
    return next(c.column for c in ws[3] if L.header_key(c.value) == L.header_key(header))


def rows_of(ws, col: int, value) -> list[int]:
    return [r for r in range(4, ws.max_row + 1) if ws.cell(r, col).value == value]


def findings(path, rule):
    return [f for f in load(path).findings if f.rule == rule]


# --- the round trip ------------------------------------------------------------------------------

def test_parts_notes_and_counts_round_trip(folder, book, tmp_path):
    assert "2101501" in PARTS and "disclosed:" in NOTES  # what the input holds: the other test's snippets
    back = tmp_path / "back"
    result, text = run("convert", book, back)
    assert result.exit_code == 0, text
    original = model(folder)
    assert model(book).explanations == original.explanations
    assert model(book).performance == original.performance
    assert model(back) == original
    parts = original.explanations.item_purposes["2101501"]
    assert [(p.part, str(p.amount)) for p in parts] == [("人员经费", "1496.48"), ("公用经费", "180.00")]
    assert original.explanations.counts.projects_with_targets == 11


def test_parts_are_rows_of_one_code_and_notes_rows_of_one_name(book):
    wb = openpyxl.load_workbook(book)
    ws = wb[L.PURPOSES.name]
    part, amount, purpose = (header_col(ws, h) for h in ("部分", "部分金额", "用途"))
    rows = rows_of(ws, 1, "2101501")
    assert [ws.cell(r, part).value for r in rows] == ["人员经费", "公用经费"]
    assert [ws.cell(r, amount).value for r in rows] == [1496.48, 180]
    assert ws.cell(rows[1], purpose).value == "办公、印刷、水电等日常运转支出"
    plain = rows_of(ws, 1, "2101202")
    assert len(plain) == 1 and ws.cell(plain[0], part).value is None
    notes = wb[L.PROJECT_NOTES.name]
    rows = rows_of(notes, 1, "城乡医疗救助县级财政兜底资金")
    source, money = header_col(notes, "资金来源"), header_col(notes, "来源金额")
    assert [(notes.cell(r, source).value, notes.cell(r, money).value) for r in rows] == [("地方财政资金", 3300),
                                                                                       ("省级资金", 2200)]
    amount = header_col(notes, "年度预算安排")
    assert notes.cell(rows[0], amount).value == 5500 and notes.cell(rows[1], amount).value is None  # first row only
    guide = [c.value for c in wb[L.GUIDE]["A"]]
    assert L.PROJECT_NOTES.name in guide
    pairs = {r[0]: r[1] for r in wb[L.EXPLANATIONS.name].iter_rows(min_row=4, values_only=True)}
    assert pairs["设置绩效目标的项目个数（可不填）"] == 11 and pairs["一级项目个数（可不填）"] == 3


def test_the_sample_has_no_notes_sheet_and_blank_counts_read_as_absent(tmp_path):
    out = tmp_path / "nd.xlsx"
    assert run("convert", SAMPLE, out)[0].exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert L.PROJECT_NOTES.name not in wb.sheetnames
    assert L.PROJECT_NOTES.name not in [c.value for c in wb[L.GUIDE]["A"]]
    data, _ = read_input(out)
    assert "counts" not in data["explanations"] and not data["performance"].get("disclosed")


# --- findings located at cells -------------------------------------------------------------------

def test_a_wrong_part_amount_points_at_its_cell(book, tmp_path):
    ws = openpyxl.load_workbook(book)[L.PURPOSES.name]
    row = rows_of(ws, 1, "2101502")[0]
    cell = f"{L.PURPOSES.name}!{openpyxl.utils.get_column_letter(header_col(ws, '部分金额'))}{row}"
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: wb[L.PURPOSES.name].__setitem__(cell.split("!")[1], 1000.72))
    found = findings(bad, "R-EXPL-PART-AMOUNT")
    assert len(found) == 1 and "1002.72" in found[0].message
    assert str(found[0].location) == f"bad.xlsx:{cell}"
    assert findings(book, "R-EXPL-PART-AMOUNT") == []


def test_a_part_without_its_amount_points_at_the_part(book, tmp_path):
    ws = openpyxl.load_workbook(book)[L.PURPOSES.name]
    row = rows_of(ws, 1, "2101501")[1]
    amount, part = header_col(ws, "部分金额"), header_col(ws, "部分")
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: setattr(wb[L.PURPOSES.name].cell(row, amount), "value", None))
    found = findings(bad, "R-EXPL-PART-AMOUNT")
    assert len(found) == 1 and "须填写金额" in found[0].message
    assert str(found[0].location).endswith(f"{L.PURPOSES.name}!{openpyxl.utils.get_column_letter(part)}{row}")


def test_a_wrong_funding_source_points_at_the_notes_sheet(book, tmp_path):
    ws = openpyxl.load_workbook(book)[L.PROJECT_NOTES.name]
    rows = rows_of(ws, 1, "城乡医疗救助县级财政兜底资金")
    col = header_col(ws, "来源金额")
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: setattr(wb[L.PROJECT_NOTES.name].cell(rows[1], col),
                                                                 "value", 2210))
    found = findings(bad, "R-EXPL-FUNDS")
    assert len(found) == 1 and "5510.00" in found[0].message
    letter = openpyxl.utils.get_column_letter(col)
    assert str(found[0].location) == f"bad.xlsx:{L.PROJECT_NOTES.name}!{letter}{rows[0]}"
    assert findings(book, "R-EXPL-FUNDS") == []


def test_a_wrong_count_points_at_its_row(book, tmp_path):
    ws = openpyxl.load_workbook(book)[L.EXPLANATIONS.name]
    row = rows_of(ws, 1, "设置绩效目标的项目个数（可不填）")[0]
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: setattr(wb[L.EXPLANATIONS.name].cell(row, 2), "value", 10))
    found = findings(bad, "R-EXPL-COUNT")
    assert len(found) == 1 and str(found[0].location) == f"bad.xlsx:{L.EXPLANATIONS.name}!B{row}"


# --- what the reader refuses ---------------------------------------------------------------------

def _append(sheet: str, values: dict):
    """An edit adding a row below the data: header → value."""
    def edit(wb):
        ws = wb[sheet]
        row = max(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value is not None) + 1
        for header, value in values.items():
            ws.cell(row, header_col(ws, header)).value = value
        edit.row = row
    return edit


@pytest.mark.parametrize("values, words", [
    ({"科目编码": "2101202", "用途": "再写一次"}, "第 "),  # a plain code twice
    ({"科目编码": "2101501", "用途": "不分部分的用途"}, "要么都填部分名称"),  # a plain row for a 项 in parts
    ({"科目编码": "2101202", "部分": "基本支出", "用途": "x"}, "要么都填部分名称"),  # a part for a plain 项
    ({"科目编码": "2101599", "部分金额": 5}, "没有填部分名称"),
])
def test_rows_that_do_not_make_one_item_are_located_errors(book, tmp_path, values, words):
    edit = _append(L.PURPOSES.name, values)
    bad = edited(book, tmp_path / "bad.xlsx", edit)
    with pytest.raises(InputError) as err:
        read_input(bad)
    assert words in str(err.value)
    assert err.value.location.startswith(f"bad.xlsx:{L.PURPOSES.name}!") and err.value.location.endswith(str(edit.row))
    result, text = run("validate", bad)
    assert result.exit_code == 2 and f"{L.PURPOSES.name}!" in text
    no_traceback(result, text)


def test_a_previous_figure_given_twice_for_one_item_is_located(book, tmp_path):
    bad = edited(book, tmp_path / "bad.xlsx", _append(L.PURPOSES.name, {"科目编码": "2101501", "部分": "其他",
                                                                       "部分金额": 1, "上年预算数": 5}))
    wb = openpyxl.load_workbook(bad)
    ws = wb[L.PURPOSES.name]
    ws.cell(rows_of(ws, 1, "2101501")[0], header_col(ws, "上年预算数")).value = 4
    wb.save(bad)
    with pytest.raises(InputError, match="一个科目只填一次"):
        read_input(bad)


def test_a_project_amount_given_twice_differently_is_located(book, tmp_path):
    ws = openpyxl.load_workbook(book)[L.PROJECT_NOTES.name]
    row = rows_of(ws, 1, "城乡医疗救助县级财政兜底资金")[1]
    col = header_col(ws, "年度预算安排")
    bad = edited(book, tmp_path / "bad.xlsx", lambda wb: setattr(wb[L.PROJECT_NOTES.name].cell(row, col), "value", 400))
    with pytest.raises(InputError, match="同一项目只填一次") as err:
        read_input(bad)
    assert err.value.location == f"bad.xlsx:{L.PROJECT_NOTES.name}!{openpyxl.utils.get_column_letter(col)}{row}"


def test_a_continuation_row_without_a_name_belongs_to_the_project_above(book, tmp_path, folder):
    ws = openpyxl.load_workbook(book)[L.PROJECT_NOTES.name]
    row = rows_of(ws, 1, "城乡医疗救助县级财政兜底资金")[1]
    same = edited(book, tmp_path / "same.xlsx", lambda wb: setattr(wb[L.PROJECT_NOTES.name].cell(row, 1), "value", None))
    assert model(same).performance == model(folder).performance


# --- older workbooks, next year, and what a workbook has no place for ----------------------------

def test_a_workbook_without_the_new_columns_and_rows_still_reads(tmp_path):
    out = tmp_path / "nd.xlsx"
    assert run("convert", SAMPLE, out)[0].exit_code == 0

    def older(wb):
        ws = wb[L.PURPOSES.name]
        first = header_col(ws, "部分")
        assert ws.cell(3, first + 1).value == "部分金额（可不填）"
        ws.delete_cols(first, 2)
        pairs = wb[L.EXPLANATIONS.name]
        pairs.delete_rows(rows_of(pairs, 1, "设置绩效目标的项目个数（可不填）")[0], 3)
    old = edited(out, tmp_path / "old.xlsx", older)
    headers = [c.value for c in openpyxl.load_workbook(old)[L.PURPOSES.name][3] if c.value]
    assert not any("部分" in h for h in headers)
    assert model(old) == model(SAMPLE)
    result, text = run("validate", old)
    assert result.exit_code == 0, text


def test_next_year_keeps_parts_without_last_years_figures(folder, tmp_path):
    out = tmp_path / "next.xlsx"
    result, text = run("init", "--from", folder, "--year", "2025", out)
    assert result.exit_code == 0, text
    data, _ = read_input(out)
    exp = data["explanations"]
    assert exp["item_purposes"]["2101501"] == [{"part": "人员经费", "purpose": "在职人员基本工资、津贴补贴等支出"},
                                               {"part": "公用经费", "purpose": "办公、印刷、水电等日常运转支出"}]
    assert "counts" not in exp  # to fill: blank rows
    assert not data["performance"].get("disclosed")  # the projects described are chosen anew each year


def test_a_profile_workbook_may_list_the_notes_sheet(tmp_path):
    """`standard: PROJECT_NOTES` in a city's workbook file: the sheet is there, empty, for an input without
    notes, with its 填表说明 line; it reads back as no notes."""
    profiles = tmp_path / "profiles"
    (profiles / "workbook").mkdir(parents=True)
    (profiles / "city-budget.yaml").write_text("extends: fujian-budget\nworkbook: city\n", encoding="utf-8")
    names = ("OVERVIEW", "UNITS", "DUTIES", "TASKS", "TABLES", "THREE_PUBLIC", "EXPLANATIONS", "PURPOSES",
             "PROJECT_NOTES", "OTHER", "PROJECTS", "INDICATORS", "GLOSSARY")
    (profiles / "workbook" / "city.yaml").write_text(
        "sheets:\n" + "".join(f"  - standard: {n}\n" for n in names), encoding="utf-8")
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    report = src / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("profile: fujian-budget", "profile: city-budget"),
                      encoding="utf-8")
    out = tmp_path / "city.xlsx"
    result, text = run("convert", src, out, "--profiles", profiles)
    assert result.exit_code == 0, text
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames.index(L.PROJECT_NOTES.name) == wb.sheetnames.index(L.PURPOSES.name) + 1
    assert dict(L.OPTIONAL)[L.PROJECT_NOTES] in [c.value for c in wb[L.GUIDE]["B"]]
    data, _ = read_input(out, [profiles])
    assert data["performance"]["disclosed"] == []


def test_parts_or_counts_a_profile_workbook_has_no_place_for_are_refused_by_name():
    data = model(ANHUI).model_dump()
    code = next(iter(data["tables"]["general_budget"]["rows"]))["code"]
    data["explanations"]["item_purposes"] = {code: [{"part": "基本支出", "amount": None, "purpose": "x"}]}
    with pytest.raises(InputError, match="部分") as err:
        build_workbook(data)
    assert err.value.location == f"explanations.item_purposes.{code}"
    data["explanations"]["item_purposes"] = {}
    data["explanations"]["counts"]["first_level_projects"] = 3
    with pytest.raises(InputError) as err:
        build_workbook(data)
    assert err.value.location == "explanations.counts.first_level_projects"


def test_neighbouring_notes_of_one_name_are_refused(folder, tmp_path):
    path = folder / "performance.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("project: 城乡医疗救助县级财政兜底资金", "project: 提前下达2024年中央财政城乡医疗救助补助资金"),
                    encoding="utf-8")
    result, text = run("convert", folder, tmp_path / "n.xlsx")
    assert result.exit_code == 2 and "同一个项目" in text and "performance.disclosed[1]" in text
    assert not (tmp_path / "n.xlsx").exists()


def test_what_a_projects_sheet_has_no_column_for_is_refused_by_name(folder):
    """A project described with the 安徽 words in a 福建 workbook (项目情况说明 has no 项目概述 column), or with
    a funding split in the 安徽 workbook (公开项目说明 has no 资金来源): refused by name, not lost."""
    data = model(folder).model_dump(mode="json")
    data["performance"]["disclosed"][0]["summary"] = "项目概述"
    with pytest.raises(InputError) as err:
        build_workbook(data)
    assert err.value.location == "performance.disclosed[0].summary" and L.PROJECT_NOTES.name in str(err.value)
    anhui = model(ANHUI).model_dump(mode="json")
    anhui["performance"]["disclosed"][0]["funds"] = {"中央资金": "10.00"}
    with pytest.raises(InputError) as err:
        build_workbook(anhui)
    assert err.value.location == "performance.disclosed[0].funds"
