"""A restart loses no job: the server is killed (SIGKILL, as in a crash) while builds run, started again on the
same data folder, and the interrupted builds finish."""

from __future__ import annotations

import os
import re
import signal
import time

from web_helpers import Session, descendants, start_server


def progress(bureau: Session) -> tuple[int, int] | None:
    page = bureau.request("GET", "/bureau/?year=2024")[2].decode()
    found = re.search(r'<progress max="(\d+)" value="(\d+)"', page)
    return (int(found[2]), int(found[1])) if found else None


def test_builds_survive_a_killed_server(tmp_path):
    server, port = start_server(tmp_path / "site")
    bureau = Session(port)
    assert bureau.login("caizheng") == "/bureau/"
    status, _, _ = bureau.post_form("/bureau/build", {"csrfmiddlewaretoken": bureau.token("/bureau/"),
                                                      "year": "2024"}, referer="/bureau/")
    assert status == 302
    deadline = time.time() + 60
    while time.time() < deadline and "生成中" not in bureau.request("GET", "/bureau/jobs/1/")[2].decode():
        time.sleep(0.1)
    done, total = progress(bureau)
    assert total == 3 and done < 3  # killed with builds running
    pool = descendants(server.pid)
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=30)
    for pid in pool:  # a crash takes the machine's processes with it; here they are ended by hand
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    server, port = start_server(tmp_path / "site")
    try:
        bureau = Session(port)
        bureau.login("caizheng")
        deadline = time.time() + 240
        while time.time() < deadline and progress(bureau) != (3, 3):
            time.sleep(1)
        assert progress(bureau) == (3, 3)
        page = bureau.request("GET", "/bureau/jobs/1/")[2].decode()
        assert page.count("<td>已生成</td>") == 3 and "<td>失败</td>" not in page
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0
