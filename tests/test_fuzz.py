"""Property: whatever a YAML folder or a workbook contains, the command ends with 0, 1 or 2, shows no
traceback, and stays within a time and memory bound.

The inputs are mutations of the samples (wrong types, deleted keys, random bytes, deep nesting,
aliases, broken zips, huge dimensions). `make test` runs a small fixed-seed budget; set
DISCLOSURE_FUZZ_EXAMPLES (e.g. 2000) for a longer, randomly seeded run.
"""

from __future__ import annotations

import atexit
import functools
import io
import os
import re
import resource
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from typer.testing import CliRunner

from generator.cli import app
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "sample_inputs").iterdir())
EXPLAINED = "ningde-explained"  # the 宁德 sample with 项 in parts, described projects and counts (test_explained)
LONG = int(os.environ.get("DISCLOSURE_FUZZ_EXAMPLES", "0"))
SECONDS = 30.0  # per example; a sample validates in well under one
MEMORY = 1536 * 1024  # KiB of peak resident memory for the whole test process
runner = CliRunner()


def budget(small: int):
    # no shrinking: a workbook example takes a second, and a failure prints its seed to rerun
    return settings(max_examples=LONG or small, deadline=None, derandomize=not LONG, database=None,
                    suppress_health_check=list(HealthCheck), print_blob=True,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])


def check(*args) -> None:
    started = time.monotonic()
    result = runner.invoke(app, [str(a) for a in args])
    elapsed = time.monotonic() - started
    text = result.output
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), text
    event(f"{args[0]}: exit {result.exit_code}")  # --hypothesis-show-statistics shows how far inputs got
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MEMORY


# --- values an officer or an attacker might type --------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["", "-1", "1e999999", "NaN", "0x10", "１２３", "1,2,3", "2080501",
                                           "9" * 60, "=1/0", "\x00", "合计", "≥5699万元", "null", "~"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)

HOSTILE_YAML = [
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    "a: " + "[" * 5000 + "]" * 5000, "- " * 3000 + "x", "a: &x [1, *x]", "!include report.yaml",
    "x: !include ../report.yaml", "x: !include /dev/zero", "x: !include .", "? [a]\n: b", "a: 1\na: 2",
    "\t- bad", "a: *nowhere", "%YAML 9.9\n---\na: 1", "--- a\n--- b", "!!python/object:os.system x",
    "a: !!binary AAAA", "a: !!timestamp 2024-99-99", "\ufeffa: 1", "a: '\\x00'",
]


NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
extreme_numbers = st.one_of(
    st.sampled_from(["1e999999", "-1e-999999", "9" * 40, "9" * 5000, "NaN", "Infinity", "-0", "0.0000001",
                     "999999999999.99", "1E+3", "0x1F", "1_000", "12.345678901234567890"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers().map(str))


def _at(node, path):
    for part in path:
        node = node[part]
    return node


def _paths(node, at=()):
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, at + (i,))


def _to_yaml(value):
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _to_yaml(v)
        return out
    if isinstance(value, list):
        return CommentedSeq([_to_yaml(v) for v in value])
    return value


@functools.cache
def explained_sample() -> Path:
    """tests/test_explained.py's input, once per run: the shapes no published sample has."""
    from tests.test_explained import write
    tmp = tempfile.mkdtemp(prefix="fuzz-")
    atexit.register(shutil.rmtree, tmp, True)
    return write(Path(tmp))


@st.composite
def yaml_folders(draw):
    """(sample, {file name: new bytes}) for one mutated file of one sample."""
    sample = draw(st.sampled_from(SAMPLES + [EXPLAINED]))
    sample = explained_sample() if sample == EXPLAINED else sample
    files = sorted(p.name for p in sample.glob("*.yaml"))
    name = draw(st.sampled_from(files))
    raw = (sample / name).read_bytes()
    how = draw(st.sampled_from(["value", "number", "delete", "insert", "bytes", "truncate", "hostile", "splice"]))
    if how == "bytes":
        pos = draw(st.integers(0, len(raw)))
        return sample, {name: raw[:pos] + draw(st.binary(max_size=40)) + raw[pos:]}
    if how == "truncate":
        return sample, {name: raw[:draw(st.integers(0, len(raw)))]}
    if how == "hostile":
        return sample, {name: draw(st.sampled_from(HOSTILE_YAML)).encode()}
    if how == "splice":  # a piece of text moved elsewhere: unbalanced indentation, keys out of place
        lines = raw.decode().splitlines(keepends=True)
        i, j = sorted(draw(st.lists(st.integers(0, len(lines)), min_size=2, max_size=2)))
        k = draw(st.integers(0, len(lines)))
        chunk = lines[i:j]
        return sample, {name: "".join(lines[:k] + chunk + lines[k:]).encode()}
    yaml = YAML(typ="rt")
    doc = yaml.load(raw.decode())
    paths = [p for p in _paths(doc) if p]
    if how == "number":  # a figure replaced by an extreme one: the arithmetic must not break
        paths = [p for p in paths if NUMBER.match(str(_at(doc, p)))] or paths
    if not paths:
        return sample, {name: b"- " + raw}
    path = draw(st.sampled_from(paths))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "number":
        parent[last] = draw(extreme_numbers)
    elif how == "insert" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=10))] = _to_yaml(draw(values))
    else:
        parent[last] = _to_yaml(draw(values))
    out = io.StringIO()
    yaml.dump(doc, out)
    return sample, {name: out.getvalue().encode()}


@given(yaml_folders(), st.sampled_from(["validate", "json", "build", "convert"]))
@budget(30)
def test_mutated_yaml_folders(case, command):
    sample, files = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / sample.name
        shutil.copytree(sample, folder)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        if command == "validate":
            check("validate", folder)
        elif command == "json":
            check("validate", folder, "--format", "json")
        elif command == "build":
            check("build", folder, "--out", Path(tmp) / "out", "--to", "html")
        else:
            check("convert", folder, Path(tmp) / "out.xlsx")


# --- workbooks -----------------------------------------------------------------------------

@functools.cache
def workbooks() -> dict[str, bytes]:
    """The samples as workbooks (not a fixture: Hypothesis would print them with every failure)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES[:2] + [explained_sample()]:  # the last with 部分 rows and 项目情况说明
            target = Path(tmp) / f"{sample.name}.xlsx"
            result = runner.invoke(app, ["convert", str(sample), str(target)])
            assert result.exit_code == 0, result.output
            out[sample.name] = target.read_bytes()
    return out


def _rezip(raw: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    return out.getvalue()


cell_values = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(max_size=20).filter(lambda t: not any(ord(c) < 32 for c in t)),
                        st.sampled_from(["=1/0", "=SUM(A1:A3)", "合计", "2080501 行政单位离退休", "abc", "-5"]))


@st.composite
def workbook_mutations(draw):
    how = draw(st.sampled_from(["cells", "sheets", "rows", "bytes", "entry", "dimension", "xml"]))
    return how, draw(st.data())


def _mutate_workbook(raw: bytes, how: str, data) -> bytes:
    if how == "bytes":
        buf = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 8))):
            buf[data.draw(st.integers(0, len(buf) - 1))] = data.draw(st.integers(0, 255))
        if data.draw(st.booleans()):
            buf = buf[: data.draw(st.integers(0, len(buf)))]
        return bytes(buf)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = z.namelist()
    if how == "entry":  # an entry removed or replaced by garbage
        victim = data.draw(st.sampled_from(names))
        garbage = data.draw(st.one_of(st.none(), st.binary(max_size=200)))
        return _rezip(raw, lambda n, d: (garbage if n == victim else d))
    if how in ("dimension", "xml"):
        sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
        victim = data.draw(st.sampled_from(sheets))
        if how == "dimension":
            row, col = data.draw(st.integers(1, 2_000_000)), data.draw(st.sampled_from(["A", "Z", "AAA", "XFD", "ZZZZ"]))
            extra = f'<row r="{row}"><c r="{col}{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
            merge = data.draw(st.sampled_from([b"", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                                               b'<mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>']))
            return _rezip(raw, lambda n, d: d.replace(b"</sheetData>", extra + b"</sheetData>" + merge, 1) if n == victim else d)
        cut = data.draw(st.integers(0, 5000))
        return _rezip(raw, lambda n, d: d[:cut] + data.draw(st.binary(max_size=30)) + d[cut:] if n == victim else d)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    names = [ws.title for ws in wb.worksheets]
    if how == "sheets":
        victim = wb[data.draw(st.sampled_from(names))]
        if data.draw(st.booleans()):
            wb.remove(victim)
        else:
            victim.title = data.draw(st.text(alphabet="收入支出表合计abc ", min_size=1, max_size=10))
    elif how == "rows":
        ws = wb[data.draw(st.sampled_from(names))]
        ws.delete_rows(data.draw(st.integers(1, 12)), data.draw(st.integers(1, 5)))
    else:
        for _ in range(data.draw(st.integers(1, 6))):
            ws = wb[data.draw(st.sampled_from(names))]
            cell = ws.cell(data.draw(st.integers(1, 40)), data.draw(st.integers(1, 12)))
            if not isinstance(cell, MergedCell):
                cell.value = data.draw(cell_values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@given(workbook_mutations(), st.sampled_from(["validate", "convert"]))
@budget(12)
def test_mutated_workbooks(mutation, command):
    how, data = mutation
    name = data.draw(st.sampled_from(sorted(workbooks())))
    raw = _mutate_workbook(workbooks()[name], how, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        path.write_bytes(raw)
        if command == "validate":
            check("validate", path)
        else:
            check("convert", path, Path(tmp) / "back")
