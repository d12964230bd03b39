"""Bounds of a workbook, checked on the raw zip before openpyxl opens it (generator/limits.py).

First the central directory (entries, unpacked size, each entry's expansion ratio), then one streaming
pass over the XML that counts what openpyxl would build: cells and merged ranges per sheet, the highest
row and column. A DTD is refused (Excel never writes one; it is how XML entity bombs start). A zip
reads no more than the sizes its directory declares, so the streaming pass is bounded by them too.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile

from generator import limits
from generator.errors import InputError

CHUNK = 1 << 20
ATTRS = r"[^<>]{0,1500}"
TAG = re.compile(rb"<(?:\w+:)?(row|c|mergeCell)[\s/>]" + ATTRS.encode())
DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
R_ATTR = re.compile(rb"\sr=\"([A-Za-z]*)(\d*)\"")
REF = re.compile(rb"\sref=\"\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?\"")
SHEET_ENTRY = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def check_workbook(raw: bytes, file: str) -> None:
    if len(raw) > limits.WORKBOOK_BYTES:
        raise InputError(f"工作簿文件过大（{limits.size_text(len(raw))}，上限 {limits.size_text(limits.WORKBOOK_BYTES)}）", file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except Exception:  # BadZipFile, and what a damaged directory makes zipfile raise
        raise InputError("不是有效的 Excel 工作簿（.xlsx），文件可能已损坏：请在 Excel 或 WPS 中另存为 .xlsx", file) from None
    _check_directory(infos, file)
    names = _sheet_names(archive)
    sheets = [i for i in infos if SHEET_ENTRY.match(i.filename)]
    if len(sheets) > limits.SHEETS:
        raise InputError(f"工作表过多（{len(sheets)} 个，上限 {limits.SHEETS} 个）", file)
    cells = 0
    try:
        for info in infos:
            if info.is_dir() or not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            if SHEET_ENTRY.match(info.filename):
                cells += _scan_sheet(archive, info, f"{file}:{names.get(info.filename, info.filename)}", cells)
            else:
                _scan(archive, info, file)
    except InputError:
        raise
    except Exception:  # a damaged entry (bad CRC, unsupported compression): never a traceback
        raise InputError("工作簿内容已损坏，无法读取：请在 Excel 或 WPS 中打开后另存为 .xlsx", file) from None


def _check_directory(infos: list, file: str) -> None:
    if len(infos) > limits.ZIP_ENTRIES:
        raise InputError(f"工作簿内的文件过多（{len(infos)} 个，上限 {limits.ZIP_ENTRIES} 个）", file)
    total = sum(i.file_size for i in infos)
    if total > limits.UNCOMPRESSED_BYTES:
        raise InputError(f"工作簿解压后过大（{limits.size_text(total)}，上限 {limits.size_text(limits.UNCOMPRESSED_BYTES)}）", file)
    for i in infos:
        if i.flag_bits & 0x1:
            raise InputError("工作簿已加密：请在 Excel 中取消密码，另存为 .xlsx 后再导入", file)
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.EXPANSION_RATIO:
            raise InputError(f"工作簿压缩比异常（{i.filename} 解压后是压缩时的 {ratio:.0f} 倍，上限 {limits.EXPANSION_RATIO} 倍），"
                             "可能是恶意文件", file)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Entry name → sheet name, for the messages; a workbook without them is named by entry."""
    try:
        book = archive.read("xl/workbook.xml")[:limits.MB].decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels")[:limits.MB].decode("utf-8", "replace")
    except Exception:
        return {}
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\s[^>]*>", rels):
        attrs = dict(re.findall(r"(\w+)=\"([^\"]*)\"", tag))
        target = attrs.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[attrs.get("Id")] = target
    out = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\s[^>]*>", book):
        attrs = dict(re.findall(r"([\w:]+)=\"([^\"]*)\"", tag))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets and "name" in attrs:
            out[targets[rid]] = html.unescape(attrs["name"])
    return out


def _bodies(archive: zipfile.ZipFile, info):
    """The entry's bytes in pieces that each end just before a '<', so that no tag is split."""
    pending = b""
    with archive.open(info) as f:
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                if pending:
                    yield pending
                return
            data = pending + chunk
            cut = data.rfind(b"<")
            if cut <= 0:  # no tag starts in this piece (or one very long tag): hand it over whole
                cut = len(data)
            yield data[:cut]
            pending = data[cut:]


def _scan(archive, info, file: str) -> None:
    for body in _bodies(archive, info):
        if DTD.search(body):
            raise InputError("工作簿中含有 DTD 或实体声明（Excel 不会写入），拒绝读取", file)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _scan_sheet(archive, info, where: str, before: int) -> int:
    """Cells of one sheet (merged ranges counted cell by cell); raises past a bound."""
    cells, row, col, high_row, high_col = 0, 0, 0, 0, 0
    for body in _bodies(archive, info):
        if DTD.search(body):
            raise InputError("工作簿中含有 DTD 或实体声明（Excel 不会写入），拒绝读取", where)
        for m in TAG.finditer(body):
            tag, text = m.group(1), m.group(0)
            if tag == b"row":
                r = R_ATTR.search(text)
                row = int(r.group(2)) if r and r.group(2) else row + 1
                col = 0
            elif tag == b"c":
                r = R_ATTR.search(text)
                if r and r.group(1) and r.group(2):
                    col, cell_row = _column(r.group(1)), int(r.group(2))
                else:
                    col, cell_row = col + 1, row
                cells += 1
                high_row, high_col = max(high_row, cell_row), max(high_col, col)
            else:
                ref = REF.search(text)
                if ref:
                    c1, r1 = _column(ref.group(1)), int(ref.group(2))
                    c2, r2 = (_column(ref.group(3)), int(ref.group(4))) if ref.group(3) else (c1, r1)
                    cells += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                    high_row, high_col = max(high_row, r1, r2), max(high_col, c1, c2)
            if high_row > limits.ROWS:
                raise InputError(f"工作表行数过多（用到第 {high_row} 行，上限 {limits.ROWS} 行）", where)
            if high_col > limits.COLUMNS:
                raise InputError(f"工作表列数过多（用到第 {high_col} 列，上限 {limits.COLUMNS} 列）", where)
            if before + cells > limits.CELLS:
                raise InputError(f"工作簿单元格过多（超过 {limits.CELLS} 个，合并单元格逐格计）", where)
    return cells
