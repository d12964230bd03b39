"""One build engine for the CLI, batches and the web service: input in, report files and a result out.

`build_one` is the whole single-input sequence (read, check, build the document, check its prose, render,
write); `disclosure build X` prints its result. `build_many` runs it over many inputs in a process pool
whose workers import the toolkit once, so each department costs its own work only, not a new interpreter.
Nothing here raises for a bad input or a bug in one input: every outcome is a BuildResult.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Sequence

OK, FINDINGS, ERROR_STATUS, UNUSABLE = "ok", "findings", "error", "unusable"
STATUS_ZH = {OK: "已生成", FINDINGS: "已生成（有警告/提示）", ERROR_STATUS: "有错误，未生成", UNUSABLE: "无法使用"}
TARGETS = ("docx", "pdf", "html")


@dataclass
class BuildResult:
    """What became of one input. `findings` are Finding.as_dict() (plain data: picklable, JSON-ready).

    status: "ok" built, no findings; "findings" built, with warnings or info; "error" validation errors,
    nothing written; "unusable" the input cannot be read or its profile is broken (exit 2), or the build
    failed inside the toolkit (`internal`, exit 3).
    """

    input: Path
    title: str | None = None
    status: str = UNUSABLE
    counts: dict = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    outputs: list[Path] = field(default_factory=list)
    message: str = ""
    findings: list[dict] = field(default_factory=list)
    department: str | None = None   # the input's department, when it could be read (for tables of results)
    internal: bool = False          # an unexpected exception (a bug), not the input's fault: exit 3

    @property
    def exit_code(self) -> int:
        if self.internal:
            return 3
        return {OK: 0, FINDINGS: 0, ERROR_STATUS: 1}.get(self.status, 2)

    @property
    def name(self) -> str:
        """How a person recognises this input: its report title, else its department, else its file name."""
        return self.title or self.department or self.input.name


def _render(doc, loaded, targets: Sequence[str], out_dir: Path) -> dict[Path, bytes]:
    outputs: dict[Path, bytes] = {}
    for target in dict.fromkeys(str(getattr(t, "value", t)) for t in targets):
        if target == "docx":
            from generator.render.docx import render_docx
            outputs[out_dir / f"{doc.title}.docx"] = render_docx(doc, loaded.profile.word_template_file())
        elif target == "pdf":
            from generator.render.pdf import render_pdf
            outputs[out_dir / f"{doc.title}.pdf"] = render_pdf(doc)
        elif target == "html":
            from generator.render.html import render_html
            outputs[out_dir / f"{doc.title}.html"] = render_html(doc).encode("utf-8")
        else:
            raise ValueError(f"unknown target {target!r}")
    return outputs


def prepare(input: Path, out_dir: Path, targets=("docx", "pdf"), profile_dirs=None) -> tuple[BuildResult, dict]:
    """Everything build_one does except writing: the result and the files it would write (path → bytes).

    Rendering completes in memory before anything is written, so a failure leaves nothing half-written.
    """
    from generator.errors import DisclosureError, ProfileError
    from generator.findings import findings_text
    from generator.pipeline import load
    from generator.rules import ERROR, count

    input, out_dir = Path(input), Path(out_dir)
    result = BuildResult(input)
    heading = f"校验 {input}"
    try:
        try:
            loaded = load(input, list(profile_dirs) if profile_dirs else None)
        except DisclosureError as exc:
            prefix = "模板配置错误" if isinstance(exc, ProfileError) else "无法读取输入"
            result.message = one_line(f"{prefix}：{exc}")
            return result, {}
        if loaded.report is not None:
            result.department = getattr(loaded.report, "department", None)
        if not loaded.ok:
            return _blocked(result, loaded.findings, "有错误，未生成报告。"), {}
        from generator.report.build import build_document

        try:
            doc = build_document(loaded)
        except ProfileError as exc:
            result.message = one_line(f"模板错误：{exc}")
            return result, {}
        from generator.rules.prose import check_document

        loaded.findings += check_document(doc, loaded.figures, loaded.report)
        if any(f.severity == ERROR for f in loaded.findings):
            return _blocked(result, loaded.findings, "正文与表格不一致，未生成报告。"), {}
        try:
            outputs = _render(doc, loaded, targets, out_dir)
        except ProfileError as exc:
            result.message = one_line(f"模板错误：{exc}")
            return result, {}
        result.title = doc.title
        result.findings = [f.as_dict() for f in loaded.findings]
        result.counts = count(loaded.findings)
        if loaded.findings:
            outputs[out_dir / f"{doc.title}.校验结果.txt"] = findings_text(loaded.findings, heading).encode("utf-8")
            result.status = FINDINGS
            n = result.counts
            result.message = f"已生成，{n['warning']} 个警告，{n['info']} 个提示。"
        else:
            result.status = OK
            result.message = "已生成，没有发现问题。"
        result.outputs = list(outputs)
        return result, outputs
    except Exception as exc:  # a bug in the toolkit, not the input's fault: one line, no traceback
        return internal_error(input, exc), {}


def one_line(text: str) -> str:
    """A message for one line of a table or a log (an exception's text may hold a multi-line excerpt)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _blocked(result: BuildResult, findings, message: str) -> BuildResult:
    from generator.rules import count

    result.status = ERROR_STATUS
    result.findings = [f.as_dict() for f in findings]
    result.counts = count(findings)
    result.message = message
    return result


def internal_error(input: Path, exc: BaseException) -> BuildResult:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return BuildResult(Path(input), message=f"内部错误（请报告此问题）：{type(exc).__name__}"
                       + (f"：{detail}" if detail else ""), internal=True)


def write(result: BuildResult, outputs: dict[Path, bytes]) -> BuildResult:
    """Write a prepared result's files (each atomically); a disk error makes the result unusable."""
    from generator.output import write_all

    try:
        write_all(outputs)
    except OSError as exc:
        result.status, result.outputs = UNUSABLE, []
        result.message = f"无法写入输出：{exc.strerror or exc}（{getattr(exc, 'filename', '') or ''}）"
    return result


def build_one(input: Path, out_dir: Path, targets=("docx", "pdf"), profile_dirs=None, accepted=()) -> BuildResult:
    """Check and build one input into out_dir: `<title>.docx`/`.pdf`/`.html`, and `<title>.校验结果.txt` when
    there are warnings or info. With errors nothing is written.

    `accepted` is reserved for findings the bureau accepted (rule id + location); it is not applied yet.
    """
    result, outputs = prepare(input, out_dir, targets, profile_dirs)
    return write(result, outputs)


# ---------------------------------------------------------------- many inputs

HEAVY = ("generator.pipeline", "generator.report.build", "generator.rules.prose", "generator.render.docx",
         "generator.render.html", "generator.render.pdf", "generator.findings")


def warm() -> None:
    """A worker's initializer: import the toolkit (WeasyPrint included) once, not per input."""
    import importlib

    for name in HEAVY:
        importlib.import_module(name)


def cores() -> int:
    """The CPUs this process may use (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Builder:
    """A pool of warm workers, for callers that build again and again (a web service's background builds):
    the workers import the toolkit once and stay. `with Builder() as b: b.build_many(...)`.

    forkserver, not fork: the caller may run threads (a web server, a progress bar), which fork copies badly.
    """

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or cores())
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("forkserver"),
                                        initializer=warm)

    def __enter__(self) -> "Builder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def build_one(self, input: Path, out_dir: Path, targets=("docx", "pdf"), profile_dirs=None,
                  accepted=()) -> BuildResult:
        """build_one in a warm worker (this process writes the files)."""
        return self.build_many([input], out_dir, targets, profile_dirs)[0]

    def build_many(self, inputs: Iterable[Path], out_dir: Path, targets=("docx", "pdf"), profile_dirs=None,
                   on_progress: Callable[[BuildResult, int, int], None] | None = None) -> list[BuildResult]:
        """See build_many()."""
        inputs = [Path(p) for p in inputs]
        out_dir, total = Path(out_dir), len(inputs)
        results: list[BuildResult | None] = [None] * total
        written: dict[Path, int] = {}   # output path → index of the input that wrote it
        futures = {self.pool.submit(prepare, p, out_dir, tuple(targets), profile_dirs): i
                   for i, p in enumerate(inputs)}
        try:
            for done, future in enumerate(as_completed(futures), 1):
                i = futures[future]
                try:
                    result, outputs = future.result()
                except Exception as exc:  # the worker died or could not send its result back
                    result, outputs = internal_error(inputs[i], exc), {}
                results[i] = _write_unique(i, result, outputs, results, written)
                if on_progress is not None:
                    on_progress(results[i], done, total)
        except BaseException:  # Ctrl-C, or on_progress failed: start nothing new; what was written stays
            for future in futures:
                future.cancel()
            raise
        return results  # type: ignore[return-value]


def build_many(inputs: Iterable[Path], out_dir: Path, workers: int | None = None, targets=("docx", "pdf"),
               profile_dirs=None, on_progress: Callable[[BuildResult, int, int], None] | None = None
               ) -> list[BuildResult]:
    """Build every input into out_dir in a pool of `workers` processes (default: one per core).

    Workers render in memory; this process writes the files, so two inputs that would write the same file
    name cannot overwrite each other (the one earlier in `inputs` wins, the other becomes "unusable"; when
    the later one finished first, its on_progress report said built and its result changes afterwards).
    `on_progress(result, done, total)` is called here, in the calling process, as each input finishes.
    Results are in input order. A pool lives for this call; Builder keeps one for many calls.
    """
    inputs = [Path(p) for p in inputs]
    if not inputs:
        return []
    with Builder(min(workers or cores(), len(inputs))) as builder:
        return builder.build_many(inputs, out_dir, targets, profile_dirs, on_progress)


def _write_unique(i: int, result: BuildResult, outputs: dict, results: list, written: dict) -> BuildResult:
    """Write unless another input of this batch produced the same file name; then the earlier input wins."""
    clash = {written[p] for p in outputs if p in written}
    if clash and min(clash) < i:
        other = results[min(clash)]
        result.status, result.outputs = UNUSABLE, []
        result.message = f"与 {other.input} 的报告同名（{result.title}），未写入：请检查两份输入的部门和年度"
        return result
    for j in clash:  # written by a later input that finished first: it yields to this one
        loser = results[j]
        for path in loser.outputs:
            if path not in outputs:
                path.unlink(missing_ok=True)
        loser.status, loser.outputs = UNUSABLE, []
        loser.message = f"与 {result.input} 的报告同名（{loser.title}），未写入：请检查两份输入的部门和年度"
        for p in [p for p, k in written.items() if k == j]:
            del written[p]
    result = write(result, outputs)
    for path in result.outputs:
        written[path] = i
    return result
