"""Readers: turn an input (YAML folder or workbook) into plain data plus source locations."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError
from generator.inputs.locations import SourceMap


def read_input(path: Path, profile_dirs=None) -> tuple[dict, SourceMap]:
    """profile_dirs: where a city's own profile may be (a workbook's declared sheets follow it)."""
    path = Path(path)
    if not path.exists():
        raise InputError("输入不存在", str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from generator.inputs.xlsx_reader import read_workbook
        return read_workbook(path, profile_dirs)
    if path.is_dir() or path.suffix.lower() in (".yaml", ".yml"):
        from generator.inputs.yaml_reader import read_yaml_folder
        return read_yaml_folder(path)
    raise InputError("无法识别的输入：应为含 report.yaml 的文件夹或 .xlsx 工作簿", str(path))
