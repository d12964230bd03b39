"""Findings placed back where the officer typed: the rows around each one, and a highlighted copy of the workbook."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter

CELL = re.compile(r"^(?P<sheet>.+)!(?P<col>[A-Z]{1,3})(?P<row>\d+)$")
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
AROUND = 2  # rows shown above and below a finding
MAX_COLUMNS = 14


def _cell(text: str | None):
    m = CELL.match(text or "")
    if not m:
        return None
    return m["sheet"], column_index_from_string(m["col"]), int(m["row"])


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    return str(value)


def add_context(findings: list[dict], input_path: Path) -> None:
    """Give each finding `context`: header-less rows of its sheet (or lines of its YAML file) around it."""
    input_path = Path(input_path)
    if input_path.suffix == ".xlsx":
        located = [(f, _cell(f.get("cell"))) for f in findings]
        if not any(c for _, c in located):
            return
        book = load_workbook(input_path, data_only=True, read_only=True)  # parses only the rows asked for
        try:
            for f, c in located:
                if c and c[0] in book.sheetnames:
                    f["context"] = _sheet_rows(book[c[0]], c[1], c[2])
        finally:
            book.close()
        return
    for f in findings:
        if f.get("file") and f.get("line"):
            path = input_path / f["file"]
            if path.is_file() and path.parent == input_path:
                f["context"] = _yaml_lines(path, f["line"])


def _sheet_rows(sheet, col: int, row: int) -> dict:
    last = min(max(sheet.max_column or col, col), MAX_COLUMNS)
    first_row = max(1, row - AROUND)
    rows = []
    found = sheet.iter_rows(min_row=first_row, max_row=row + AROUND, max_col=last, values_only=True)
    for r, values in enumerate(found, first_row):
        values = list(values) + [None] * (last - len(values))
        rows.append({"n": r, "here": r == row,
                     "cells": [{"v": _show(v), "here": r == row and c == col} for c, v in enumerate(values, 1)]})
    return {"kind": "sheet", "columns": [get_column_letter(c) for c in range(1, last + 1)], "rows": rows}


def _yaml_lines(path: Path, line: int) -> dict:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    first = max(1, line - AROUND)
    return {"kind": "lines", "rows": [{"n": n, "here": n == line, "text": lines[n - 1]}
                                       for n in range(first, min(len(lines), line + AROUND) + 1)]}


def marked_workbook(input_path: Path, findings: list[dict]) -> bytes:
    """The officer's own workbook with each located cell filled by severity and a comment saying why."""
    book = load_workbook(input_path)
    notes: dict[tuple[str, int, int], list[dict]] = {}
    for f in findings:
        c = _cell(f.get("cell"))
        if c and c[0] in book.sheetnames:
            notes.setdefault(c, []).append(f)
    for (sheet, col, row), group in notes.items():
        cell = book[sheet].cell(row, col)
        worst = min(group, key=lambda f: ("error", "warning", "info").index(f["severity"]))["severity"]
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n".join(_note(f) for f in group)
        cell.comment = Comment(text, "校验")
        cell.comment.width, cell.comment.height = 420, 40 + 60 * len(group)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _note(f: dict) -> str:
    extra = []
    if f.get("found") is not None:
        extra.append(f"填报 {f['found']}")
    if f.get("expected") is not None:
        extra.append(f"应为 {f['expected']}")
    tail = f"（{'，'.join(extra)}）" if extra else ""
    return f"{LABEL[f['severity']]} [{f['rule']}] {f['message']}{tail}"
