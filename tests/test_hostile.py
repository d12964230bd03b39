"""Hostile and careless inputs: each refused fast, with exit 2 and a located message naming the bound
(generator/limits.py); an internal error is one line and exit 3; nothing is half-written."""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator import limits
from generator.cli import app
from tests.conftest import ROOT, SAMPLE

runner = CliRunner()
FAST = 5.0  # seconds: every refusal here takes well under one on the samples' machine


def run(*args):
    started = time.monotonic()
    result = runner.invoke(app, [str(a) for a in args])
    elapsed = time.monotonic() - started
    text = result.output + (getattr(result, "stderr", "") or "")
    assert "Traceback" not in text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, text, elapsed


def refused(path, *words, command="validate"):
    code, text, elapsed = run(command, path)
    assert code == 2, text
    for word in words:
        assert word in text, text
    assert elapsed < FAST, f"{elapsed:.1f} s"
    return text


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "nd"
    shutil.copytree(SAMPLE, target)
    return target


# --- YAML ----------------------------------------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_fast(folder):
    text = billion_laughs()
    assert len(text.encode()) < 600  # a few hundred bytes that expand to 9**9 values
    (folder / "glossary.yaml").write_text(text, encoding="utf-8")
    out = refused(folder, "YAML 别名展开过多", f"上限 {limits.YAML_NODES}", "nd/glossary.yaml:")
    assert "glossary.yaml:6:" in out  # a5, the first anchor whose expansion (9**6 values) passes the bound


def test_too_many_aliases(folder):
    body = "a: &a x\nb: [" + ", ".join(["*a"] * (limits.YAML_ALIASES + 1)) + "]\n"
    (folder / "glossary.yaml").write_text(body, encoding="utf-8")
    refused(folder, "YAML 别名过多", f"上限 {limits.YAML_ALIASES}", "nd/glossary.yaml:2")


def test_an_alias_that_contains_itself(folder):
    (folder / "glossary.yaml").write_text("a: &x [1, *x]\n", encoding="utf-8")
    refused(folder, "循环引用", "nd/glossary.yaml:1")


@pytest.mark.parametrize("deep", ["a: " + "[" * 20000 + "]" * 20000, "- " * 20000 + "x",
                                  "a: " + "{b: " * 20000 + "c" + "}" * 20000])
def test_twenty_thousand_levels_is_a_clean_message(folder, deep):
    (folder / "other_matters.yaml").write_text(deep + "\n", encoding="utf-8")
    refused(folder, "嵌套层数过多", f"上限 {limits.DEPTH} 层", "nd/other_matters.yaml:1")


def test_depth_counts_across_aliases(folder):
    levels = limits.DEPTH - 4
    body = "a: &a " + "[" * levels + "]" * levels + "\nb: &b " + "[" * levels + "*a" + "]" * levels + "\n"
    (folder / "other_matters.yaml").write_text(body, encoding="utf-8")
    refused(folder, "嵌套层数过多", "别名展开后")


def test_include_cycle_is_located(folder):
    (folder / "glossary.yaml").write_text("terms: !include more.yaml\n", encoding="utf-8")
    (folder / "more.yaml").write_text("x: 1\nback: !include glossary.yaml\n", encoding="utf-8")
    refused(folder, "!include 形成循环引用", "nd/more.yaml:2")


def test_include_fan_out_is_bounded(folder):
    # each file includes the next one twice: 2**20 reads from 21 small files
    for i in range(20):
        (folder / f"f{i}.yaml").write_text(f"- !include f{i + 1}.yaml\n- !include f{i + 1}.yaml\n", encoding="utf-8")
    (folder / "f20.yaml").write_text("- x\n", encoding="utf-8")
    (folder / "glossary.yaml").write_text("!include f0.yaml\n", encoding="utf-8")
    refused(folder, "!include 引入的文件过多", f"上限 {limits.YAML_FILES} 个")


def test_include_stays_inside_the_input_folder(folder, tmp_path):
    (tmp_path / "secret.yaml").write_text("password: x\n", encoding="utf-8")
    (folder / "glossary.yaml").write_text("!include ../secret.yaml\n", encoding="utf-8")
    refused(folder, "只能引用输入文件夹内的文件", "nd/glossary.yaml:1")
    (folder / "glossary.yaml").write_text("!include /etc/hostname\n", encoding="utf-8")
    refused(folder, "只能引用输入文件夹内的文件")


def test_include_of_a_folder(folder):
    (folder / "sub").mkdir()
    (folder / "glossary.yaml").write_text("!include sub\n", encoding="utf-8")
    refused(folder, "不是文件", "nd/sub")


def test_a_file_past_the_size_bound(folder):
    (folder / "glossary.yaml").write_text("# " + "x" * limits.YAML_FILE_BYTES + "\n", encoding="utf-8")
    refused(folder, "文件过大", "上限 2 MB", "nd/glossary.yaml")


def test_a_key_that_is_a_list(folder):
    (folder / "glossary.yaml").write_text("? [a, b]\n: c\n", encoding="utf-8")
    refused(folder, "键应为文字", "nd/glossary.yaml:1")


# --- workbooks -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("wb") / "nd.xlsx"
    code, text, _ = run("convert", SAMPLE, out)
    assert code == 0, text
    return out.read_bytes()


def rezip(raw: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def first_sheet_entry(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[1]


def test_zip_bomb_entry_ratio(workbook_bytes, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(rezip(workbook_bytes, add={"xl/media/zeros.bin": b"\0" * (20 * limits.MB)}, level=9))
    assert bomb.stat().st_size < 200_000
    refused(bomb, "压缩比异常", f"上限 {limits.EXPANSION_RATIO} 倍", "bomb.xlsx")


def test_zip_bomb_total_size(workbook_bytes, tmp_path):
    # many entries, each of a modest ratio, adding up past the bound
    noise = os.urandom(1024) * 40  # repeats: compresses about 40×, under the ratio bound
    bomb = tmp_path / "big.xlsx"
    bomb.write_bytes(rezip(workbook_bytes, add={f"xl/media/n{i}.bin": noise * 30 for i in range(48)}))
    refused(bomb, "工作簿解压后过大", f"上限 {limits.size_text(limits.UNCOMPRESSED_BYTES)}")


def test_too_many_zip_entries(workbook_bytes, tmp_path):
    many = tmp_path / "many.xlsx"
    many.write_bytes(rezip(workbook_bytes, add={f"customXml/i{i}.xml": b"<a/>" for i in range(limits.ZIP_ENTRIES)}))
    refused(many, "工作簿内的文件过多", f"上限 {limits.ZIP_ENTRIES} 个")


def test_too_many_sheets(tmp_path):
    wb = openpyxl.Workbook()
    for i in range(limits.SHEETS + 1):
        wb.create_sheet(f"S{i}")
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    refused(path, "工作表过多", f"上限 {limits.SHEETS} 个")


def test_too_many_rows_names_the_sheet(workbook_bytes, tmp_path):
    src = tmp_path / "nd.xlsx"
    src.write_bytes(workbook_bytes)
    wb = openpyxl.load_workbook(src)
    wb["收入预算总表"].cell(limits.ROWS + 1, 1).value = "x"
    wb.save(tmp_path / "rows.xlsx")
    refused(tmp_path / "rows.xlsx", "工作表行数过多", f"上限 {limits.ROWS} 行", "rows.xlsx:收入预算总表")


def test_a_lone_cell_at_the_last_row_is_refused_before_openpyxl(workbook_bytes, tmp_path):
    entry = first_sheet_entry(workbook_bytes)
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as z:
        xml = z.read(entry)
    xml = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    path = tmp_path / "far.xlsx"
    path.write_bytes(rezip(workbook_bytes, replace={entry: xml}))
    refused(path, "工作表行数过多", "第 1048576 行")


def test_a_huge_merged_range(workbook_bytes, tmp_path):
    entry = first_sheet_entry(workbook_bytes)
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as z:
        xml = z.read(entry)
    merge = b'<mergeCells count="1"><mergeCell ref="A100:ZZ9000"/></mergeCells>'
    xml = xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    path = tmp_path / "merged.xlsx"
    path.write_bytes(rezip(workbook_bytes, replace={entry: xml}))
    refused(path, "工作簿单元格过多", f"超过 {limits.CELLS} 个")


def test_xml_entities_are_refused(workbook_bytes, tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                         for i in range(1, 10))
              + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as z:
        has_sst = "xl/sharedStrings.xml" in z.namelist()
    raw = rezip(workbook_bytes, replace={"xl/sharedStrings.xml": laughs}) if has_sst else \
        rezip(workbook_bytes, add={"xl/sharedStrings.xml": laughs})
    path.write_bytes(raw)
    refused(path, "DTD")


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage_entry", "not_zip"])
def test_broken_zips(workbook_bytes, tmp_path, damage):
    raw = bytearray(workbook_bytes)
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "flip":
        for i in range(200, len(raw), 997):
            raw[i] ^= 0xFF
    elif damage == "garbage_entry":
        raw = bytearray(rezip(workbook_bytes, replace={"xl/workbook.xml": os.urandom(3000)}))
    else:
        raw = b"PK" + os.urandom(5000)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(raw))
    code, text, elapsed = run("validate", path)
    assert code == 2 and "broken.xlsx" in text and elapsed < FAST, text


def test_a_workbook_past_the_file_size_bound(tmp_path):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as f:
        f.write(b"PK")
        f.truncate(limits.WORKBOOK_BYTES + 1)  # sparse: no disk used
    refused(path, "工作簿文件过大", "上限 20 MB")


# --- memory, measured in a process of its own ---------------------------------------------------

def test_hostile_inputs_stay_within_memory(folder, workbook_bytes, tmp_path):
    """Billion laughs and a zip bomb, each validated by the installed command under a 1 GB address
    space limit and a time limit: refused (exit 2), not killed."""
    (folder / "glossary.yaml").write_text(billion_laughs(), encoding="utf-8")
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(rezip(workbook_bytes, add={"xl/media/zeros.bin": b"\0" * (20 * limits.MB)}, level=9))

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for target in (folder, bomb):
        done = subprocess.run([str(Path(sys.executable).parent / "disclosure"), "validate", str(target)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, preexec_fn=limit)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stdout + done.stderr


# --- internal errors and outputs -----------------------------------------------------------

def test_internal_error_is_one_line_and_exit_3(monkeypatch, tmp_path):
    import generator.pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(generator.pipeline, "load", broken)
    monkeypatch.setenv("DISCLOSURE_LOG_DIR", str(tmp_path / "logs"))
    code, text, _ = run("validate", SAMPLE)
    assert code == 3
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})  # the runner may show stderr twice
    assert len(lines) == 1 and lines[0].startswith("内部错误：disclosure validate 未能完成（ZeroDivisionError）")
    logs = list((tmp_path / "logs").iterdir())
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert "Traceback" in logs[0].read_text(encoding="utf-8") and "a bug" in logs[0].read_text(encoding="utf-8")


def test_outputs_are_all_or_nothing(tmp_path):
    from generator.inputs.save import write_files

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    first = tmp_path / "out" / "report.docx"
    with pytest.raises(OSError):
        write_files({first: b"docx", blocker / "report.pdf": b"pdf"})
    assert not first.exists() and list((tmp_path / "out").iterdir()) == []
    write_files({first: b"docx", tmp_path / "out" / "report.pdf": b"pdf"})
    assert first.read_bytes() == b"docx" and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.docx", "report.pdf"]


def test_an_amount_too_large_for_the_arithmetic(folder):
    tables = folder / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("127.66", "9" * 40, 1).replace("36.91", "1e999999", 1),
                      encoding="utf-8")
    code, text, _ = run("validate", folder)
    assert code == 1 and text.count("金额过大（上限 1,000,000,000,000 万元）") >= 2, text


# --- code lists (a year's catalogue supplied in the input folder, `disclosure catalog import`) -------

@pytest.mark.parametrize("content, words", [
    (b"a,b\n1,2\n", ["catalog/2024/functional.csv:1", "第一行应为列名 code,name"]),
    (b"\xff\xfe\x00bad", ["catalog/2024/functional.csv", "不是 UTF-8"]),
    (b'code,name\n"' + b"x" * 200_000 + b'",y\n', ["catalog/2024/functional.csv", "无法按 CSV 读取"]),
    (b"code,name\n" + b"1" * (limits.CATALOG_BYTES + 1), ["科目代码表过大", "上限 5 MB"]),
])
def test_a_supplied_code_list_that_cannot_be_read(folder, content, words):
    (folder / "catalog" / "2024").mkdir(parents=True)
    (folder / "catalog" / "2024" / "functional.csv").write_bytes(content)
    refused(folder, *words)


def test_a_supplied_code_list_with_a_bom_and_short_rows(folder):
    (folder / "catalog" / "2024").mkdir(parents=True)
    (folder / "catalog" / "2024" / "functional.csv").write_bytes(
        "\ufeffcode,name\n2080501,行政单位离退休\n2080502\n,\n".encode("utf-8"))
    code, text, _ = run("validate", folder)
    assert code == 0, text


def test_catalog_import_checks_the_workbook_first(workbook_bytes, tmp_path):
    bomb = tmp_path / "codes.xlsx"
    bomb.write_bytes(rezip(workbook_bytes, add={"xl/media/zeros.bin": b"\0" * (20 * limits.MB)}, level=9))
    code, text, elapsed = run("catalog", "import", bomb, "--year", "2020", "--into", tmp_path)
    assert code == 2 and "压缩比异常" in text and elapsed < FAST, text
