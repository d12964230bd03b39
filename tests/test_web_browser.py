"""End to end in a real browser: Debian's chromium driven by Playwright, against `disclosure serve --demo`.

An officer logs in, downloads a blank workbook, uploads a broken sample, sees the located finding,
uploads the fixed one and downloads the PDF; the bureau builds all and downloads the zip.
Screenshots (1366×768) go to $WEB_SCREENSHOTS when set (docs/web/ for docs/web.md), else to a temp folder.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect, sync_playwright

from web_helpers import NINGDE, ROOT, broken, convert, descendants

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
PASSWORD = "demo-2024-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {**os.environ, "DISCLOSURE_WORKERS": "2"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "disclosure"), "serve", "--demo", "--port", str(port),
                             "--data", str(data)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "服务已启动" in line or (not line and proc.poll() is not None):
            break
    assert "服务已启动" in "".join(lines), "".join(lines)
    assert "caizheng" in "".join(lines) and "ningde" in "".join(lines)  # demo accounts printed
    yield f"http://127.0.0.1:{port}"
    children = descendants(proc.pid)
    assert children, "the build worker's pool processes"
    proc.terminate()
    assert proc.wait(timeout=60) == 0  # SIGTERM stops the server cleanly
    deadline = time.time() + 20
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()], "pool processes left behind"


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("WEB_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def login(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_officer_and_bureau_in_a_browser(server, browser, shots, tmp_path):
    good = convert(NINGDE, tmp_path / "宁德2024.xlsx")
    bad = broken(good, tmp_path / "宁德2024-有误.xlsx")

    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.goto(server)
    expect(page.locator("h1")).to_have_text("登录")
    page.screenshot(path=shots / "login.png")
    login(page, server, "ningde")
    expect(page.locator("h1")).to_contain_text("宁德市医疗保障局")
    page.screenshot(path=shots / "department.png")

    page.select_option("select[name=year] >> nth=0", "2025")
    with page.expect_download() as download:
        page.click("button:has-text('下载空白工作簿')")
    blank = tmp_path / "blank.xlsx"
    download.value.save_as(blank)
    assert "收入预算总表" in openpyxl.load_workbook(blank).sheetnames

    page.set_input_files("form[action$='/upload'] input[type=file]", str(bad))
    page.click("text=上传并校验")
    expect(page.locator(".g-error h2")).to_contain_text("错误")
    hit = page.locator(".finding", has_text="收入预算总表!D5").first
    expect(hit).to_be_visible()
    expect(hit.locator("td.hit")).to_have_text("9999")
    page.screenshot(path=shots / "findings.png")
    with page.expect_download() as download:
        page.click("text=下载标注版工作簿")
    marked = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert marked["收入预算总表"]["D5"].comment is not None

    page.click(f"text={page.locator('.crumbs a').inner_text()}")
    page.set_input_files("form[action$='/upload'] input[type=file]", str(good))
    page.click("text=上传并校验")
    expect(page.locator(".good-card")).to_contain_text("校验通过")
    expect(page.frame_locator("iframe.preview").locator("body")).to_contain_text("宁德市医疗保障局")
    page.screenshot(path=shots / "report.png")
    with page.expect_download() as download:
        page.click("text=下载 PDF")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == "2024年度宁德市医疗保障局部门预算.pdf"

    page.click("text=与第 2 版对比")
    expect(page.locator("table.compare")).to_contain_text("已改正")
    page.screenshot(path=shots / "compare.png")
    context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    login(page, server, "caizheng")
    expect(page.locator("h1")).to_contain_text("2024 年各部门")
    page.screenshot(path=shots / "bureau.png")
    page.click("text=生成全部可生成的报告")
    expect(page.locator(".progress-box")).to_contain_text(re.compile("正在生成|最近一次生成"))
    expect(page.locator(".progress-box")).to_contain_text("完成 3/3", timeout=180_000)
    page.screenshot(path=shots / "bureau-built.png")
    with page.expect_download() as download:
        page.click("text=下载全部报告（zip）")
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names if not n.endswith(".txt")) == ["docx"] * 3 + ["pdf"] * 3, names
    assert "三明市医疗保障局/2024年度三明市医疗保障局部门决算.pdf" in names
    page.click(".progress-box >> text=详情")
    expect(page.locator("h1")).to_contain_text("3/3")
    page.screenshot(path=shots / "job.png")
    page.click("text=模板配置 >> nth=0")
    city = (ROOT / "templates" / "profiles" / "fujian-budget.yaml").read_text(encoding="utf-8").replace(
        "description: 福建省部门预算公开格式", "description: 本市部门预算公开格式（基于福建）", 1)
    profile = tmp_path / "city-profile.zip"
    with zipfile.ZipFile(profile, "w") as archive:
        archive.writestr("city/fujian-budget.yaml", city)
    page.set_input_files("input[type=file]", str(profile))
    page.click("button:has-text('上传并检查')")
    expect(page.locator(".messages")).to_contain_text("第 1 版")
    expect(page.locator("table.list").first).to_contain_text("本市部门预算公开格式")
    page.screenshot(path=shots / "profiles.png")
    page.goto(f"{server}/bureau/?year=2024")
    page.click("text=三明市医疗保障局")
    page.click("text=查看校验结果")
    page.fill("form.accept input[name=reason] >> nth=0", "决算原表尾差，按公开稿保留")
    page.click("form.accept button >> nth=0")
    expect(page.locator(".accepted-note").first).to_contain_text("决算原表尾差")
    page.screenshot(path=shots / "accept.png")
    context.close()
