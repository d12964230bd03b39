"""The web service on PostgreSQL (`disclosure serve --database postgresql://…`): a throwaway cluster of the
machine's PostgreSQL (initdb in a temp folder, its own port, stopped afterwards); migrations, logins,
an upload with its located finding, and concurrent uploads numbered without gaps."""

from __future__ import annotations

import glob
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from web_helpers import NINGDE, Session, broken, convert, start_server


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    assert found, "make test installs Debian's postgresql"
    return found[-1]


def _as_postgres(*cmd: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def postgres():
    folder = Path(tempfile.mkdtemp(prefix="web-pg-"))  # pytest's temp folders are root's only
    data = folder / "data"
    shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _as_postgres(_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
    _as_postgres(_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                 f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        _as_postgres(_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "web")
        yield f"postgresql://postgres@127.0.0.1:{port}/web"
    finally:
        _as_postgres(_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_serve_on_postgresql(postgres, tmp_path):
    good = convert(NINGDE, tmp_path / "ningde.xlsx")
    bad = broken(good, tmp_path / "bad.xlsx")
    server, port = start_server(tmp_path / "site", "--database", postgres, "--no-worker")
    try:
        officer = Session(port)
        home = officer.login("ningde")
        status, headers, _ = officer.post_form(f"{home}upload", {"csrfmiddlewaretoken": officer.token(home)},
                                               ("bad.xlsx", bad.read_bytes()), referer=home)
        assert status == 302
        _, _, page = officer.request("GET", headers["Location"])
        assert "收入预算总表!D5".encode() in page and b"R-CROSS-CODE" in page

        sessions = [Session(port) for _ in range(6)]
        paths = [s.login("ningde") for s in sessions]
        tokens = [s.token(p) for s, p in zip(sessions, paths)]

        def one(i):
            return sessions[i].post_form(f"{paths[i]}upload", {"csrfmiddlewaretoken": tokens[i]},
                                         (f"{i}.xlsx", good.read_bytes()), referer=paths[i])[0]

        with ThreadPoolExecutor(6) as pool:
            assert list(pool.map(one, range(6))) == [302] * 6
        _, _, page = officer.request("GET", home)
        assert all(f"<td>第 {v} 版</td>".encode() in page for v in range(1, 9))  # demo's, the broken one, six
        assert b"<td>\xe7\xac\xac 9 \xe7\x89\x88</td>" not in page
        bureau = Session(port)
        assert bureau.login("caizheng") == "/bureau/"
        assert "宁德市医疗保障局".encode() in bureau.request("GET", "/bureau/?year=2024")[2]
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0
