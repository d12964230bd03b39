"""Uploaded files onto disk safely: limits checked before anything is written, names chosen by the server.

A workbook is a zip too, so every upload passes the same zip checks (entry count, expanded size,
expansion ratio) before openpyxl sees it: an xlsx bomb is refused here. Names inside a zip are
never used as paths: a YAML folder keeps only files whose base name is a plain `word.yaml`, a profile
only entries whose every part is plain ASCII (no `..`, no absolute paths, no links).
"""

from __future__ import annotations

import re
import shutil
import stat
import uuid
import zipfile
from io import BytesIO
from pathlib import Path

from django.conf import settings

from generator.errors import InputError

YAML_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\.ya?ml$")
PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
PROFILE_SUFFIXES = {".yaml", ".yml", ".j2", ".md", ".txt", ".docx", ".css"}


class Refused(InputError):
    """An upload that breaks a limit or is not what the form asks for."""


def files_root() -> Path:
    root = Path(settings.DATA) / "files"
    root.mkdir(parents=True, exist_ok=True)
    return root


def new_place(*parts: str) -> tuple[Path, str]:
    """A fresh folder named by the server: (absolute path, path relative to the files root)."""
    rel = Path(*parts, uuid.uuid4().hex)
    path = files_root() / rel
    path.mkdir(parents=True)
    return path, str(rel)


def read_upload(upload) -> bytes:
    if upload.size > settings.MAX_UPLOAD:
        raise Refused(f"文件过大（{upload.size // 1024} KB）：上限 {settings.MAX_UPLOAD // (1024 * 1024)} MB")
    data = upload.read(settings.MAX_UPLOAD + 1)
    if len(data) > settings.MAX_UPLOAD:
        raise Refused(f"文件过大：上限 {settings.MAX_UPLOAD // (1024 * 1024)} MB")
    return data


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open a zip (or xlsx) only if its directory promises nothing dangerous."""
    if not data.startswith(b"PK"):
        raise Refused(f"不是{what}：请上传 .xlsx 工作簿或 .zip 压缩包")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"{what}已损坏，无法打开") from None
    if len(entries) > settings.MAX_ZIP_ENTRIES:
        raise Refused(f"{what}中的文件过多（{len(entries)} 个，上限 {settings.MAX_ZIP_ENTRIES}）")
    expanded = sum(e.file_size for e in entries)
    if expanded > settings.MAX_EXPANDED:
        raise Refused(f"{what}解压后过大（{expanded // (1024 * 1024)} MB，上限 {settings.MAX_EXPANDED // (1024 * 1024)} MB）")
    packed = max(1, sum(e.compress_size for e in entries))
    if expanded > 1024 * 1024 and expanded / packed > settings.MAX_RATIO:
        raise Refused(f"{what}的压缩比异常（{expanded // packed} 倍），疑为压缩炸弹，已拒收")
    return archive


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """Read no more than the entry claims (a lying header cannot expand further)."""
    with archive.open(entry) as f:
        data = f.read(entry.file_size + 1)
    if len(data) > entry.file_size:
        raise Refused(f"压缩包中 {entry.filename} 的大小与目录不符，已拒收")
    return data


def save_input(data: bytes, department_id: int) -> tuple[str, str]:
    """An officer's upload: a workbook (.xlsx) or a zipped YAML folder → (kind, stored path relative)."""
    archive = open_zip(data, "工作簿或压缩包")
    names = [e.filename for e in archive.infolist()]
    folder, rel = new_place("uploads", str(department_id))
    if "[Content_Types].xml" in names:
        (folder / "input.xlsx").write_bytes(data)
        return "xlsx", str(Path(rel) / "input.xlsx")
    target = folder / "input"
    target.mkdir()
    kept = 0
    for entry in archive.infolist():
        base = entry.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if entry.is_dir() or not YAML_NAME.match(base) or "__MACOSX" in entry.filename:
            continue
        if (target / base).exists():
            shutil.rmtree(folder)
            raise Refused(f"压缩包中有两个 {base}：每个文件只能有一份")
        (target / base).write_bytes(_read_entry(archive, entry))
        kept += 1
    if not (target / "report.yaml").exists():
        shutil.rmtree(folder)
        raise Refused("压缩包中没有 report.yaml：请把整个 YAML 文件夹压缩后上传，或上传 .xlsx 工作簿")
    return "yaml", str(Path(rel) / "input")


def save_profile(data: bytes) -> tuple[Path, str]:
    """A city's profile folder (zipped) → (folder, relative path). One top folder in the zip is dropped."""
    archive = open_zip(data, "模板配置压缩包")
    entries = [e for e in archive.infolist() if not e.is_dir() and "__MACOSX" not in e.filename]
    parts_of = {}
    for entry in entries:
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise Refused(f"压缩包中有链接 {entry.filename}：不接受")
        parts = entry.filename.replace("\\", "/").split("/")
        if not all(PART.match(p) for p in parts) or len(parts) > 6:
            raise Refused(f"压缩包中的文件名“{entry.filename}”不合规：只能用英文字母、数字、_ - .")
        if Path(parts[-1]).suffix.lower() not in PROFILE_SUFFIXES:
            raise Refused(f"压缩包中的 {entry.filename} 不是模板配置的文件（只收 {'、'.join(sorted(PROFILE_SUFFIXES))}）")
        parts_of[entry.filename] = parts
    tops = {p[0] for p in parts_of.values()}
    strip = len(tops) == 1 and all(len(p) > 1 for p in parts_of.values())
    folder, rel = new_place("profiles")
    for entry in entries:
        parts = parts_of[entry.filename][1:] if strip else parts_of[entry.filename]
        path = folder.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_read_entry(archive, entry))
    return folder, rel


def remove(rel: str) -> None:
    """Remove a folder made by new_place (never anything outside the files root)."""
    path = (files_root() / rel).resolve()
    if files_root().resolve() in path.parents:
        shutil.rmtree(path, ignore_errors=True)
