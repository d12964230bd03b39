"""The web's only door to the toolkit: check an input, preview it, render it, start a workbook, check a profile.

Everything here uses the toolkit's public calls (pipeline.load, report.build, the renderers, rules.prose,
the `init` command of cli_xlsx), so the model underneath can change without touching the web.
Results are plain data (dicts of str/int) that the database and templates keep.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
from pathlib import Path

from generator.errors import DisclosureError, ProfileError

SEVERITIES = ("error", "warning", "info")
log = logging.getLogger(__name__)


def _location(loc) -> dict:
    """Where a finding is, for people: `表名!D7` in a workbook, `tables.yaml:12` in a folder."""
    cell = getattr(loc, "cell", None)
    name = Path(loc.file).name if getattr(loc, "file", "") else ""
    if cell:
        return {"where_text": cell, "cell": cell, "file": name, "line": None}
    line = getattr(loc, "line", None)
    return {"where_text": f"{name}:{line}" if line else name, "cell": None, "file": name, "line": line}


def finding_dict(f) -> dict:
    data = f.as_dict()
    data.update(_location(f.location))
    data["location"] = data["where_text"]
    data["severity_name"] = {"error": "错误", "warning": "警告", "info": "提示"}[f.severity]
    return data


def _loaded(path: Path, profile_dirs):
    from generator.pipeline import load
    return load(Path(path), profile_dirs)


def _document(loaded):
    """The report tree plus the prose findings that only exist once the text is written."""
    from generator.report.build import build_document
    from generator.rules.prose import check_document

    doc = build_document(loaded)
    loaded.findings += check_document(doc, loaded.figures, loaded.report)
    return doc


def check_input(path: Path, profile_dirs=None) -> dict:
    """Validate an uploaded input completely (schema, rules, and the prose when the tables pass)."""
    start = time.perf_counter()
    out = {"usable": True, "message": "", "year": None, "title": "", "profile_name": "", "findings": []}
    try:
        loaded = _loaded(path, profile_dirs)
        if loaded.report is not None:
            out["year"] = loaded.report.year
            out["profile_name"] = loaded.report.profile
            out["title"] = f"{loaded.report.year}年度{loaded.report.department}"
        if loaded.ok:
            out["title"] = _document(loaded).title
    except ProfileError as exc:
        out.update(usable=False, message=f"模板配置错误：{exc}")
        loaded = None
    except DisclosureError as exc:
        out.update(usable=False, message=f"无法读取输入：{_short(exc, path)}")
        loaded = None
    except Exception as exc:  # a bug in the toolkit: the officer gets one line, the log the traceback
        log.exception("checking %s failed", path)
        out.update(usable=False, message=f"内部错误（请报告财政局）：{type(exc).__name__}")
        loaded = None
    if loaded is not None:
        out["findings"] = [finding_dict(f) for f in loaded.findings]
    out["seconds"] = time.perf_counter() - start
    return out


def _short(exc: Exception, path: Path) -> str:
    """Messages name the server's storage path; the officer should see only the file's own name."""
    return str(exc).replace(str(Path(path).parent) + "/", "")


def counts(findings: list[dict], accepted: set[tuple[str, str]] = frozenset()) -> dict:
    n = dict.fromkeys(SEVERITIES, 0)
    n["accepted"] = 0
    for f in findings:
        if (f["rule"], f["location"]) in accepted and f["severity"] != "error":
            n["accepted"] += 1
        else:
            n[f["severity"]] += 1
    return n


def document(path: Path, profile_dirs=None):
    """(report tree, loaded) of an input without errors; DisclosureError otherwise."""
    loaded = _loaded(path, profile_dirs)
    if not loaded.ok:
        raise DisclosureError("输入有错误，不能生成报告")
    doc = _document(loaded)
    if not loaded.ok:
        raise DisclosureError("正文与表格不一致，不能生成报告")
    return doc, loaded


def render(doc, loaded, target: str) -> bytes:
    if target == "docx":
        from generator.render.docx import render_docx
        return render_docx(doc, loaded.profile.word_template_file())
    if target == "pdf":
        from generator.render.pdf import render_pdf
        return render_pdf(doc)
    from generator.render.html import render_html
    return render_html(doc).encode("utf-8")


# --- starting an input: the `init` command itself, its messages captured ----------------------

_CLI_LOCK = threading.Lock()  # the command prints to sys.stdout/stderr, which are global


def _run_command(func, **options) -> tuple[int, str]:
    import typer

    out = io.StringIO()
    with _CLI_LOCK, contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            func(**options)
            code = 0
        except typer.Exit as exc:
            code = exc.exit_code
    return code, out.getvalue().strip()


def start_workbook(out: Path, year: int, profile: str | None, dept: str | None, previous: Path | None = None,
                   profile_dirs=None) -> tuple[bool, str]:
    """`disclosure init OUT --year --profile --dept [--from previous]` → (written, message)."""
    from generator.cli_xlsx import init

    code, text = _run_command(init, out=Path(out), year=year, profile=profile, dept=dept, from_=previous,
                              format=None, force=True, profiles=list(profile_dirs or []))
    if previous is not None:
        text = text.replace(str(Path(previous).parent) + "/", "")
    return code == 0, text.replace(str(Path(out).parent) + "/", "")


def available_profiles(profile_dirs=None) -> list[tuple[str, str, str]]:
    """(name, kind, description) of every profile the service can use."""
    from generator.profile import available, load_profile

    found = []
    for name in available(list(profile_dirs or []) or None):
        try:
            p = load_profile(name, profile_dirs)
            found.append((name, p.kind, p.description))
        except DisclosureError:
            continue
    return found


SAMPLES = Path(__file__).resolve().parents[2] / "sample_inputs"
SAMPLE_OF_KIND = {"budget": "ningde-2024-budget", "final": "sanming-2024-final"}


def check_profile_folder(folder: Path, name: str, sample: Path | None = None) -> object:
    """Accept a city's profile only if it loads, passes check_profile, and renders a sample of its kind
    (its text templates run in the toolkit's Jinja sandbox, so a profile cannot run code)."""
    from generator.inputs import read_input
    from generator.pipeline import load_data
    from generator.profile import load_profile
    from generator.report.build import check_profile

    profile = load_profile(name, [folder])
    if Path(profile.source).parent != Path(folder):
        raise ProfileError(f"压缩包里没有 {name}.yaml")
    check_profile(profile)
    sample = sample or SAMPLES / SAMPLE_OF_KIND.get(profile.kind, "ningde-2024-budget")
    data, sources = read_input(sample)
    data["profile"] = name
    loaded = load_data(data, sources, sample, [folder])
    if loaded.report is None:
        raise ProfileError("用示例数据试生成失败：" + "；".join(f.message for f in loaded.findings[:3]))
    try:
        doc = _document(loaded)
        render(doc, loaded, "html")
        render(doc, loaded, "docx")
    except DisclosureError:
        raise
    except Exception as exc:  # a sandbox refusal, a broken Word file, a template error: the profile's fault
        raise ProfileError(f"用示例数据试生成失败（{type(exc).__name__}：{str(exc)[:200]}）") from None
    return profile


def describe(path: Path) -> tuple[str, str]:
    """(department, profile) named by an input, without checking it."""
    from generator.inputs import read_input

    data, _ = read_input(Path(path))
    return str(data.get("department", "")), str(data.get("profile", ""))

