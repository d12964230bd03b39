"""Accepted findings: an accepted error lets build proceed and is listed with its reason; an acceptance
that matches nothing is a warning; a service passes its own; convert keeps them (YAML ⇄ workbook)."""

from __future__ import annotations

import json
import re
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import load
from generator.rules.accept import ACCEPTED, FORM, UNUSED, Acceptance, apply_acceptances
from tests.conftest import SAMPLE

runner = CliRunner()

# (rule id, what makes it fire): the registry test (test_rules.py) asks every rule for a case
CASES = [
    (UNUSED, "an acceptance that matches no finding"),
    (FORM, "an acceptance without a reason"),
]

ACCEPT_3GONG = """\
- rule: R-3GONG-SUM
  where: {where}
  reason: 批复预算合计如此
  by: 张三
  at: 2025-01-10
"""


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.fixture
def flagged(tmp_path):
    """The sample with a stated “三公” total 0.50 off: one error, R-3GONG-SUM at tables.yaml:126."""
    folder = tmp_path / "nd"
    shutil.copytree(SAMPLE, folder)
    tables = folder / "tables.yaml"
    tables.write_text(re.sub(r"(three_public:[\s\S]*?total: )21.00", r"\g<1>21.50", tables.read_text(encoding="utf-8")),
                      encoding="utf-8")
    return folder


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_error_stops_build_without_an_acceptance(flagged, tmp_path):
    code, out = run("build", flagged, "--out", tmp_path / "out", "--to", "html")
    assert code == 1 and "R-3GONG-SUM" in out and not (tmp_path / "out").exists()


def test_an_accepted_error_lets_build_proceed_and_is_listed(flagged, tmp_path):
    line = line_of(flagged / "tables.yaml", "total: 21.50")
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where=f"tables.yaml:{line}"), encoding="utf-8")
    code, out = run("validate", flagged)
    assert code == 0, out
    assert "已接受（1）" in out and "原为错误，已接受：批复预算合计如此（张三，2025-01-10）" in out
    assert "校验通过：没有错误，0 个警告，0 个提示，1 个已接受。" in out
    code, out = run("build", flagged, "--out", tmp_path / "out", "--to", "html")
    assert code == 0, out
    findings = next((tmp_path / "out").glob("*.校验结果.txt")).read_text(encoding="utf-8")
    assert f"[R-3GONG-SUM] nd/tables.yaml:{line}" in findings and "已接受：批复预算合计如此" in findings
    assert list((tmp_path / "out").glob("*.html"))


def test_json_names_the_acceptance(flagged):
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where="tables.three_public.total"), encoding="utf-8")
    code, out = run("validate", flagged, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"] == {"error": 0, "warning": 0, "info": 0, "accepted": 1}
    (finding,) = data["findings"]
    assert finding["severity"] == "accepted" and finding["rule"] == "R-3GONG-SUM"
    assert finding["accepted"] == {"severity": "error", "rule": "R-3GONG-SUM", "where": "tables.three_public.total",
                                   "reason": "批复预算合计如此", "by": "张三", "at": "2025-01-10"}


@pytest.mark.parametrize("where", ["nd/tables.yaml:{line}", "tables.yaml:{line}", "tables.three_public.total",
                                   "tables.three_public", "“三公”经费支出预算表 合计"])
def test_where_may_be_any_name_of_the_finding(flagged, where):
    line = line_of(flagged / "tables.yaml", "total: 21.50")
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where=f'"{where.format(line=line)}"'), encoding="utf-8")
    assert run("validate", flagged)[0] == 0


def test_an_unmatched_acceptance_is_a_located_warning(flagged):
    text = ACCEPT_3GONG.format(where="tables.yaml:1") + "- {rule: R-3GONG-SUM, where: tables.three_public.total, reason: 对}\n"
    (flagged / "accepted.yaml").write_text(text, encoding="utf-8")
    code, out = run("validate", flagged)
    assert code == 0  # the second entry accepts the error; the first matches nothing
    assert f"[{UNUSED}] nd/accepted.yaml:1" in out and "没有对应的校验结果" in out
    assert out.count(UNUSED) == 1


def test_the_wrong_rule_accepts_nothing(flagged):
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where="tables.three_public.total")
                                           .replace("R-3GONG-SUM", "R-3GONG-BASIC"), encoding="utf-8")
    code, out = run("validate", flagged)
    assert code == 1 and "错误（1）" in out and UNUSED in out


def test_a_matched_acceptance_gives_no_warning(flagged):
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where="tables.three_public.total"), encoding="utf-8")
    assert UNUSED not in run("validate", flagged)[1]


@pytest.mark.parametrize("entry, words", [
    ("- {rule: R-3GONG-SUM, where: tables.three_public.total}", ["缺少理由"]),
    ("- {rule: R-3GONG-SUM, where: tables.three_public.total, reason: '  '}", ["缺少理由"]),
    ("- {rule: R-3GONG-SUM, reason: 对, why: x}", ["缺少位置", "未知字段“why”"]),
    ("- R-3GONG-SUM", ["应写明 rule"]),
    ("{rule: R-3GONG-SUM}", ["应是一个列表"]),
])
def test_an_incomplete_acceptance_is_a_located_error(flagged, entry, words):
    (flagged / "accepted.yaml").write_text("# 已接受\n" + entry + "\n", encoding="utf-8")
    code, out = run("validate", flagged)
    assert code == 1 and f"[{FORM}] nd/accepted.yaml:2" in out
    for word in words:
        assert word in out


def test_a_complete_acceptance_is_no_form_error(flagged):
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where="tables.three_public.total"), encoding="utf-8")
    assert FORM not in run("validate", flagged)[1]


def test_acceptances_in_report_yaml_too_but_not_twice(flagged):
    report = flagged / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "accepted:\n"
                      + re.sub(r"^", "  ", ACCEPT_3GONG.format(where="tables.three_public.total"), flags=re.M),
                      encoding="utf-8")
    assert run("validate", flagged)[0] == 0
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where="x"), encoding="utf-8")
    code, out = run("validate", flagged)
    assert code == 2 and "写了两处" in out


def test_a_document_rule_is_matched_once_the_text_is_built(flagged, tmp_path):
    """The prose checks run on the built text (validate's dry run, build): before, an acceptance of one of
    them is not called unused."""
    entry = "- {rule: R-NARR-SUM, where: 一、预算收支总体情况, reason: 正文按明细合计}\n"
    (flagged / "accepted.yaml").write_text(entry, encoding="utf-8")
    code, out = run("validate", flagged)  # an error: the text is not built
    assert code == 1 and UNUSED not in out
    folder = tmp_path / "clean"
    shutil.copytree(SAMPLE, folder)
    (folder / "accepted.yaml").write_text(entry, encoding="utf-8")
    code, out = run("validate", folder)  # built in memory: now known to match nothing
    assert code == 0 and f"[{UNUSED}] clean/accepted.yaml:1" in out


def test_a_service_passes_its_own_acceptances(flagged):
    loaded = load(flagged)
    assert not loaded.ok
    mine = Acceptance("R-3GONG-SUM", "tables.three_public.total", "审核通过", by="王五", at="2025-02-01")
    loaded = load(flagged, accepted=[mine, Acceptance("R-ROW-SUM", "tables.income", "无")])
    assert loaded.ok
    accepted = [f for f in loaded.findings if f.severity == ACCEPTED]
    assert len(accepted) == 1 and accepted[0].acceptance == mine and accepted[0].was == "error"
    (unused,) = [f for f in loaded.findings if f.rule == UNUSED]
    assert str(unused.location) == "（调用方提供）" and "R-ROW-SUM" in unused.message


def test_apply_acceptances_can_be_applied_again(flagged):
    loaded = load(flagged)
    acceptances = [Acceptance("R-3GONG-SUM", "tables.three_public.total", "审核通过"), Acceptance("X", "y", "z")]
    once = apply_acceptances(loaded.findings, acceptances, loaded.sources)
    twice = apply_acceptances(once, acceptances, loaded.sources)
    assert [(f.rule, f.severity) for f in once] == [(f.rule, f.severity) for f in twice] == [
        ("R-3GONG-SUM", ACCEPTED), (UNUSED, "warning")]


def test_convert_keeps_acceptances_both_ways(flagged, tmp_path):
    line = line_of(flagged / "tables.yaml", "total: 21.50")
    (flagged / "accepted.yaml").write_text(ACCEPT_3GONG.format(where=f"tables.yaml:{line}"), encoding="utf-8")
    book = tmp_path / "nd.xlsx"
    code, out = run("convert", flagged, book)
    assert code == 0, out
    ws = openpyxl.load_workbook(book)["已接受的校验结果"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows == [["R-3GONG-SUM", "tables.three_public.total", "批复预算合计如此", "张三", "2025-01-10"]]
    code, out = run("validate", book)
    assert code == 0 and "已接受（1）" in out and "nd.xlsx:" in out
    back = tmp_path / "back"
    code, out = run("convert", book, back)
    assert code == 0, out
    assert "where: tables.three_public.total" in (back / "accepted.yaml").read_text(encoding="utf-8")
    assert run("validate", back)[0] == 0
    same = tmp_path / "same.xlsx"
    assert run("convert", back, same)[0] == 0 and same.read_bytes() == book.read_bytes()


def test_an_acceptance_sheet_by_cell(flagged, tmp_path):
    """An officer fills the sheet by hand, naming the cell that validate printed."""
    book = tmp_path / "nd.xlsx"
    assert run("convert", flagged, book)[0] == 0
    code, out = run("validate", book)
    cell = re.search(r"\[R-3GONG-SUM\] nd\.xlsx:(\S+)", out)[1]
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("已接受的校验结果")
    ws.append(["规则编号", "位置", "理由"])
    ws.append(["R-3GONG-SUM", cell, "批复如此"])
    wb.save(book)
    code, out = run("validate", book)
    assert code == 0 and "已接受：批复如此" in out
