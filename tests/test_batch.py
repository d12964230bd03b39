"""Many departments at once: `disclosure build IN1 IN2 … --out DIR` and generator.batch (the shared engine)."""

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.batch import Builder, build_many, build_one
from generator.cli import app
from tests.conftest import ROOT, SAMPLE

runner = CliRunner()
SAMPLES = sorted((ROOT / "sample_inputs").iterdir())
NINGDE = "2024年度宁德市医疗保障局部门预算"
SANMING = "2024年度三明市医疗保障局部门决算"
SUZHOU = "宿州市医疗保障局2024年部门预算"


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def summary_row(output: str, title: str) -> list[str]:
    """The summary table's row for a report, split into its cells."""
    return next(line for line in output.splitlines() if line.startswith(title) and "：" not in line).split()


@pytest.fixture
def broken(tmp_path):
    """宁德's input with a total that no longer matches its rows: a validation error (exit 1 class)."""
    target = tmp_path / "broken-nd"
    shutil.copytree(SAMPLE, target)
    tables = target / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("1676.48", "1776.48", 1), encoding="utf-8")
    return target


@pytest.fixture
def unreadable(tmp_path):
    """An input whose YAML cannot be parsed at all (exit 2 class)."""
    target = tmp_path / "unreadable"
    shutil.copytree(SAMPLE, target)
    (target / "glossary.yaml").write_text("- {term: 甲, definition: [未闭合\n", encoding="utf-8")
    return target


def test_three_samples_in_parallel(tmp_path):
    out = tmp_path / "out"
    result = invoke("build", *SAMPLES, "--out", out, "--to", "docx", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert names(out) == sorted([f"{NINGDE}.docx", f"{SANMING}.docx", f"{SANMING}.校验结果.txt",
                                 f"{SUZHOU}.docx", f"{SUZHOU}.校验结果.txt"])
    assert all((out / n).stat().st_size > 10_000 for n in names(out) if n.endswith(".docx"))
    # the summary: one row per department with its counts, then the totals
    assert summary_row(result.stdout, NINGDE) == [NINGDE, "0", "0", "0", "已生成"]
    assert summary_row(result.stdout, SANMING)[:4] == [SANMING, "0", "8", "0"]
    assert summary_row(result.stdout, SUZHOU)[:4] == [SUZHOU, "0", "26", "0"]
    assert "共 3 份输入：3 份已生成" in result.stdout
    # progress on stderr, one line per finished input when stderr is not a terminal
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in progress] == ["[1/3", "[2/3", "[3/3"]
    assert "生成 3 份报告" in result.stderr


def test_broken_input_among_good_ones(tmp_path, broken):
    out = tmp_path / "out"
    result = invoke("build", SAMPLES[1], broken, SAMPLES[2], "--out", out, "--to", "html")
    assert result.exit_code == 1
    assert names(out) == sorted([f"{SANMING}.html", f"{SANMING}.校验结果.txt",
                                 f"{SUZHOU}.html", f"{SUZHOU}.校验结果.txt"])
    # the broken department is named in the table, and its located errors are printed
    row = summary_row(result.stdout, "宁德市医疗保障局")
    assert int(row[1]) >= 1 and row[-1] == "有错误，未生成"
    assert f"校验 {broken}" in result.stderr and "tables.yaml:" in result.stderr
    assert "1 份有错误未生成" in result.stdout


def test_unreadable_input_gives_exit_2(tmp_path, broken, unreadable):
    out = tmp_path / "out"
    result = invoke("build", unreadable, SAMPLES[2], broken, "--out", out, "--to", "html")
    assert result.exit_code == 2   # the worst of: unusable (2), errors (1), built (0)
    assert names(out) == [f"{SUZHOU}.html", f"{SUZHOU}.校验结果.txt"]
    assert f"{unreadable}：无法读取输入" in result.stderr and "glossary.yaml:" in result.stderr
    assert summary_row(result.stdout, "unreadable")[-1] == "无法使用"


def test_folder_of_inputs(tmp_path, broken):
    inputs = tmp_path / "city"
    inputs.mkdir()
    shutil.copytree(SAMPLES[2], inputs / "suzhou")
    shutil.move(broken, inputs / "broken-nd")
    assert invoke("convert", SAMPLES[1], inputs / "sanming.xlsx").exit_code == 0   # a workbook too
    (inputs / "说明.txt").write_text("不是输入", encoding="utf-8")          # other files are skipped
    (inputs / "~$sanming.xlsx").write_bytes(b"")                           # Excel's lock file too
    (inputs / "notes").mkdir()                                             # and folders without report.yaml
    out = tmp_path / "out"
    result = invoke("build", inputs, "--out", out, "--to", "html")
    assert result.exit_code == 1
    assert "生成 3 份报告" in result.stderr
    assert names(out) == sorted([f"{SANMING}.html", f"{SANMING}.校验结果.txt",
                                 f"{SUZHOU}.html", f"{SUZHOU}.校验结果.txt"])


def test_folder_without_inputs_is_unusable(tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke("build", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "无法读取输入" in result.output
    assert not (tmp_path / "out").exists()


def test_same_report_twice_is_written_once(tmp_path):
    out = tmp_path / "out"
    result = invoke("build", SAMPLE, SAMPLE, "--out", out, "--to", "html")
    assert result.exit_code == 2
    assert names(out) == [f"{NINGDE}.html"]
    assert "同名" in result.stderr and "1 份无法使用" in result.stdout


def test_build_one_results(tmp_path, broken, unreadable):
    out = tmp_path / "out"
    ok = build_one(SAMPLE, out, targets=("html",))
    assert (ok.status, ok.title, ok.counts, ok.exit_code) == ("ok", NINGDE, {"error": 0, "warning": 0, "info": 0}, 0)
    assert ok.outputs == [out / f"{NINGDE}.html"] and ok.outputs[0].is_file()
    warned = build_one(SAMPLES[2], out, targets=["html"])
    assert warned.status == "findings" and warned.counts["warning"] == 26
    assert {f["severity"] for f in warned.findings} == {"warning"} and all(f["location"] for f in warned.findings)
    assert warned.outputs[-1].name == f"{SUZHOU}.校验结果.txt"
    error = build_one(broken, out, targets=("html",))
    assert (error.status, error.title, error.outputs, error.exit_code) == ("error", None, [], 1)
    assert error.department == "宁德市医疗保障局" and error.counts["error"] >= 1
    assert error.message == "有错误，未生成报告。"
    bad = build_one(unreadable, out)
    assert bad.status == "unusable" and bad.exit_code == 2 and bad.message.startswith("无法读取输入：")
    for result in (ok, warned, error, bad):
        assert "\n" not in result.message
    assert names(out) == sorted([f"{NINGDE}.html", f"{SUZHOU}.html", f"{SUZHOU}.校验结果.txt"])


def test_internal_error_is_a_result_not_a_traceback(tmp_path):
    # A target the renderers do not know is a programming error in the caller: exit 3 class, one line.
    result = build_one(SAMPLE, tmp_path / "out", targets=("odt",))
    assert result.status == "unusable" and result.internal and result.exit_code == 3
    assert result.message.startswith("内部错误") and "\n" not in result.message
    assert not (tmp_path / "out").exists()


def test_build_many_order_and_progress(tmp_path, unreadable):
    seen = []
    inputs = [SAMPLES[2], unreadable, SAMPLE]
    results = build_many(inputs, tmp_path / "out", workers=2, targets=("html",),
                         on_progress=lambda r, done, total: seen.append((r.input, done, total)))
    assert [r.input for r in results] == inputs
    assert [r.status for r in results] == ["findings", "unusable", "ok"]
    assert sorted(i for i, _, _ in seen) == sorted(inputs)
    assert [(d, t) for _, d, t in seen] == [(1, 3), (2, 3), (3, 3)]


def test_builder_keeps_its_workers_between_builds(tmp_path):
    with Builder(workers=1) as builder:
        first = builder.build_one(SAMPLE, tmp_path / "one", targets=("html",))
        pids = {builder.pool.submit(os.getpid).result() for _ in range(3)}
        again = builder.build_many([SAMPLES[2], SAMPLE], tmp_path / "two", targets=("html",))
        assert {builder.pool.submit(os.getpid).result() for _ in range(3)} == pids   # the same warm worker
    assert len(pids) == 1 and os.getpid() not in pids
    assert first.status == "ok" and [r.status for r in again] == ["findings", "ok"]
    assert names(tmp_path / "two") == sorted([f"{NINGDE}.html", f"{SUZHOU}.html", f"{SUZHOU}.校验结果.txt"])
