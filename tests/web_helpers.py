"""Inputs for the web tests: the sample as a workbook (made by `disclosure convert`), a broken copy, zips."""

from __future__ import annotations

import http.client
import io
import os
import re
import socket
import subprocess
import sys
import threading
import uuid
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


def start_server(data: Path, *options: str) -> tuple[subprocess.Popen, int]:
    """`disclosure serve --demo` on a free loopback port; returns once it accepts connections."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "disclosure"), "serve", "--demo", "--port", str(port),
                               "--data", str(data), *options], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in server.stdout:
        seen.append(line)
        if "服务已启动" in line:
            break
    else:
        raise AssertionError("the server did not start:\n" + "".join(seen))
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()  # keep the pipe drained
    return server, port


class Session:
    """A browser's cookies and CSRF token over http.client (no extra dependency)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.headers, data

    def token(self, path: str) -> str:
        _, _, page = self.request("GET", path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    def post_form(self, path: str, fields: dict, file: tuple[str, bytes] | None = None, referer: str = ""):
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        if file:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file[0]}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + file[1] + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 "Referer": f"http://127.0.0.1:{self.port}{referer or path}"})

    def login(self, username: str, password: str = "demo-2024-pass") -> str:
        """Log in; returns the path of the start page (the officer's department)."""
        token = self.token("/login/")
        status, _, _ = self.post_form("/login/", {"csrfmiddlewaretoken": token, "username": username,
                                                  "password": password})
        assert status == 302, status
        return self.request("GET", "/")[1]["Location"]


def descendants(pid: int) -> list[int]:
    """Every process under pid (from /proc), e.g. the forkserver and the warm build workers."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        here = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == here]
        found += kids
        frontier += kids
    return found

