"""Accepted findings in an input: accepted.yaml next to report.yaml, or the sheet 已接受的校验结果.

The readers put them under the data key "accepted" (a list of {rule, where, reason, by, at}, with
their locations); pipeline.load_data takes them out before the model sees the data
(generator/rules/accept.py). Here: the sheet's layout, and writing both forms for `convert`.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from generator.errors import InputError
from generator.xlsx import layout as L

SHEET = L.TableSheet("已接受的校验结果", "已接受的校验结果", ("accepted",), (
    L.Column("规则编号", "rule", "text", 16),
    L.Column("位置", "where", "text", 30),
    L.Column("理由", "reason", "text", 50),
    L.Column("接受人", "by", "text", 12, required=False),
    L.Column("日期", "at", "text", 12, required=False),
))
NOTE = ("每行接受一条校验结果：规则编号和位置照抄 validate 的输出（位置也可写数据路径，如 tables.income.total），"
        "理由必须填写。接受后 build 照常生成，校验结果文件列出接受的理由。")
YAML_HEAD = ("# 已接受的校验结果：rule（规则编号）、where（validate 显示的位置、说明或数据路径）、reason（理由，必填），\n"
             "# 可选 by（接受人）、at（日期）。build 照常生成，校验结果文件列出接受的理由。\n")


def yaml_text(acceptances) -> str:
    from generator.inputs.yaml_writer import scalar

    lines = [YAML_HEAD.rstrip("\n")]
    for a in acceptances:
        items = list(a.as_dict().items())
        for i, (key, value) in enumerate(items):
            lines.append(f"{'- ' if i == 0 else '  '}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def workbook_bytes(data: dict, profile_dirs, acceptances) -> bytes:
    """The workbook of `data`, with the sheet of acceptances when there are any (same bytes each time)."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.writer.excel import ExcelWriter

    from generator.xlsx.writer import workbook_bytes as plain

    raw = plain(data, profile_dirs)
    if not acceptances:
        return raw
    wb = load_workbook(io.BytesIO(raw))
    ws = wb.create_sheet(SHEET.name, index=len(wb.sheetnames) - 1 if L.LISTS in wb.sheetnames else None)
    ws.cell(1, 1).value = NOTE
    ws.cell(1, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SHEET.columns))
    ws.row_dimensions[1].height = 45
    for col, column in enumerate(SHEET.columns, 1):
        ws.cell(2, col).value = column.header
        ws.cell(2, col).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = column.width
    for row, a in enumerate(acceptances, 3):
        for col, column in enumerate(SHEET.columns, 1):
            cell = ws.cell(row, col)
            try:
                cell.value = getattr(a, column.key)
            except IllegalCharacterError:
                raise InputError("文字中含有 Excel 不允许的控制字符", f"{SHEET.name}!{chr(64 + col)}{row}") from None
            cell.data_type = "s" if cell.value is not None else cell.data_type
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    stamp = datetime(int(data.get("year") or 2000), 1, 1)
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    from generator.xlsx.writer import _fixed_zip_times  # one way to make a workbook's bytes repeatable
    return _fixed_zip_times(out.getvalue())
