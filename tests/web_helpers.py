"""Inputs for the web tests: the sample as a workbook (made by `disclosure convert`), a broken copy, zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inputs"
NINGDE = SAMPLES / "ningde-2024-budget"
SANMING = SAMPLES / "sanming-2024-final"
BROKEN_CELL = ("收入预算总表", "D5")  # 2080501 一般公共预算拨款收入, 127.66 in the sample


def convert(sample: Path, out: Path) -> Path:
    result = CliRunner().invoke(app, ["convert", str(sample), str(out)])
    assert result.exit_code == 0, result.output
    return out


def broken(good: Path, out: Path, value=9999) -> Path:
    book = openpyxl.load_workbook(good)
    sheet, cell = BROKEN_CELL
    book[sheet][cell].value = value
    book.save(out)
    return out


def zipped_folder(folder: Path, prefix: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                archive.write(path, f"{prefix}/{name}" if prefix else name)
    return buffer.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
