"""`disclosure build IN1 IN2 … --out DIR` (or a folder of inputs): many departments at once.

The work is generator.batch.build_many (the same engine as a single build and the web service's builds);
this module finds the inputs, shows progress on stderr and prints a summary table. Exit code by the worst
result: 0 all built, 1 some had errors, 2 some could not be used, 3 an internal error.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import typer

from generator.batch import ERROR_STATUS, FINDINGS, OK, STATUS_ZH, UNUSABLE, BuildResult, build_many

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_input(path: Path) -> bool:
    """A single input: a workbook, a folder with report.yaml (or a YAML file) — or something that is not
    there, which the reader then reports as it always has."""
    if not path.exists() or path.is_file():
        return True
    return (path / "report.yaml").is_file()


def inputs_in(folder: Path) -> list[Path]:
    """The inputs directly inside a folder of inputs: folders with report.yaml, and workbooks (not Excel's
    ~$ lock files or hidden files). Sorted by name, so a batch runs and reports in a stable order."""
    found = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if child.name.startswith((".", "~$")):
            continue
        if child.is_dir() and (child / "report.yaml").is_file():
            found.append(child)
        elif child.is_file() and child.suffix.lower() in WORKBOOK_SUFFIXES:
            found.append(child)
    return found


def batch_inputs(args: list[Path]) -> list[Path] | None:
    """None when the arguments are one ordinary input (the single build); else the inputs of the batch."""
    if len(args) == 1 and is_input(args[0]):
        return None
    expanded: list[Path] = []
    for arg in args:
        inner = [] if is_input(arg) else inputs_in(arg)
        expanded += inner or [arg]   # a folder without inputs stays, and is reported as unreadable
    if len(args) == 1 and expanded == args:
        return None
    return expanded


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def summary_table(results: list[BuildResult]) -> str:
    head = ["部门 / 报告", "错误", "警告", "提示", "结果"]
    rows = [[r.name, str(r.counts["error"]), str(r.counts["warning"]), str(r.counts["info"]),
             STATUS_ZH[r.status] if not r.internal else "内部错误"] for r in results]
    widths = [max(display_width(row[i]) for row in [head] + rows) for i in range(len(head))]

    def line(cells):
        return "  ".join(pad(c, w, right=0 < i < 4) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule] + [line(r) for r in rows])


def totals_line(results: list[BuildResult], out: Path) -> str:
    built = sum(r.status in (OK, FINDINGS) for r in results)
    errors = sum(r.status == ERROR_STATUS for r in results)
    unusable = sum(r.status == UNUSABLE for r in results)
    parts = [f"共 {len(results)} 份输入：{built} 份已生成"]
    if errors:
        parts.append(f"{errors} 份有错误未生成")
    if unusable:
        parts.append(f"{unusable} 份无法使用")
    return "，".join(parts) + f"。输出文件夹：{out}"


class Progress:
    """A progress bar on a terminal; on anything else (a log, a pipe) one plain line per finished input."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            self.bar = Bar(TextColumn("生成报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           TextColumn("{task.description}"), console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task("", total=total)

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        else:
            typer.echo(f"生成 {self.total} 份报告……", err=True)
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()

    def update(self, result: BuildResult, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, description=result.name)
        else:
            typer.echo(f"[{done}/{total}] {result.name}：{result.message}", err=True)


def build_batch(inputs: list[Path], out: Path, targets: list[str], profiles: list[Path] | None,
                workers: int | None) -> None:
    from generator.findings import as_findings, findings_text

    if not inputs:
        typer.echo("没有找到输入：应为含 report.yaml 的文件夹或 .xlsx 工作簿", err=True)
        raise typer.Exit(2)
    try:
        with Progress(len(inputs)) as progress:
            results = build_many(inputs, out, workers=workers, targets=targets, profile_dirs=profiles,
                                 on_progress=progress.update)
    except KeyboardInterrupt:
        typer.echo("已中断：已生成的报告保留在输出文件夹，其余未生成。", err=True)
        raise typer.Exit(130)
    # The details first (what to fix, per input), the table last, where the eye lands.
    for r in results:
        if r.status == ERROR_STATUS:
            typer.echo("", err=True)
            typer.echo(findings_text(as_findings(r.findings), f"校验 {r.input}"), err=True)
            typer.echo(r.message, err=True)
        elif r.status == UNUSABLE:
            typer.echo("", err=True)
            typer.echo(f"{r.input}：{r.message}", err=True)
    typer.echo("")
    typer.echo(summary_table(results))
    typer.echo(totals_line(results, out))
    raise typer.Exit(max(r.exit_code for r in results))
