"""The web service through Django's test client: every route, every permission boundary, the upload limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from generator.web import worker
from generator.web.models import Acceptance, Account, Build, Department, ProfileVersion, Upload
from web_helpers import ROOT, NINGDE, SANMING, broken, convert, zip_of, zipped_folder

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    good = convert(NINGDE, folder / "ningde.xlsx")
    return {"good": good.read_bytes(), "bad": broken(good, folder / "bad.xlsx").read_bytes()}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA = tmp_path / "data"
    settings.BUILD_TARGETS = ("docx",)  # the PDF renderer is exercised once, in test_report_downloads
    return settings.DATA


@pytest.fixture
def world(db):
    User = get_user_model()
    ningde = Department.objects.create(name="宁德市医疗保障局", profile="fujian-budget")
    sanming = Department.objects.create(name="三明市医疗保障局", profile="fujian-final")
    users = {"bureau": User.objects.create_user("bureau", password=PASSWORD, is_staff=True)}
    for key, dept in (("ningde", ningde), ("sanming", sanming)):
        users[key] = User.objects.create_user(key, password=PASSWORD)
        Account.objects.create(user=users[key], department=dept)
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return {"ningde": ningde, "sanming": sanming, "users": users, "c": clients}


def post_file(client, url, name, data, follow=False, **extra):
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra}, follow=follow)


def upload(world, who, name, data) -> Upload:
    dept = world[who]
    response = post_file(world["c"][who], f"/dept/{dept.pk}/upload", name, data)
    assert response.status_code == 302, response.content[:500]
    return dept.uploads.order_by("-version").first()


# --- accounts, login, CSRF ------------------------------------------------------------------

def test_passwords_are_hashed_with_argon2(world):
    assert world["users"]["ningde"].password.startswith("argon2")


def test_login_sends_each_role_to_its_start_page(world):
    client = Client()
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "ningde", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == f"/dept/{world['ningde'].pk}/"
    bureau = Client()
    bureau.post("/login/", {"username": "bureau", "password": PASSWORD})
    assert bureau.get("/").url == "/bureau/"


def test_login_is_rate_limited(world):
    client = Client()
    for _ in range(5):
        assert client.post("/login/", {"username": "ningde", "password": "wrong"}).status_code == 200
    response = client.post("/login/", {"username": "ningde", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    other = Client()
    assert other.post("/login/", {"username": "sanming", "password": PASSWORD}).status_code == 302


def test_every_form_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["bureau"])
    dept = world["ningde"].pk
    for url in (f"/dept/{dept}/upload", f"/dept/{dept}/next-year", "/bureau/build", "/bureau/profiles/",
                "/logout/"):
        assert client.post(url, {}).status_code == 403, url
    page = client.get(f"/dept/{dept}/").content.decode()
    assert page.count("csrfmiddlewaretoken") >= 3


def test_pages_need_a_login(world, books):
    up = upload(world, "ningde", "good.xlsx", books["good"])
    for url in ("/", f"/dept/{up.department_id}/", f"/upload/{up.pk}/", f"/upload/{up.pk}/marked.xlsx",
                f"/upload/{up.pk}/report.pdf", "/bureau/", "/bureau/profiles/", "/bureau/reports.zip"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response.url, url


def test_officer_without_department(world):
    user = get_user_model().objects.create_user("loose", password=PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 403


# --- the officer's flow ----------------------------------------------------------------------

def test_blank_workbook_for_a_year_and_profile(world):
    response = world["c"]["ningde"].get(f"/dept/{world['ningde'].pk}/blank.xlsx?year=2025&profile=fujian-budget")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "收入预算总表" in book.sheetnames
    assert any("宁德市医疗保障局" in str(c.value) for row in book["部门概况"].iter_rows() for c in row if c.value)


def test_blank_workbook_unknown_profile_is_a_message(world):
    client = world["c"]["ningde"]
    response = client.get(f"/dept/{world['ningde'].pk}/blank.xlsx?year=2025&profile=nowhere", follow=True)
    assert "未能生成工作簿" in response.content.decode() and "nowhere" in response.content.decode()


def test_next_year_from_last_years_workbook(world, books, tmp_path, data_dir):
    response = post_file(world["c"]["ningde"], f"/dept/{world['ningde'].pk}/next-year", "2024.xlsx",
                         books["good"], year="2025")
    assert response.status_code == 200, response.content[:300]
    from generator.inputs import read_input
    path = tmp_path / "next.xlsx"
    path.write_bytes(response.content)
    data, _ = read_input(path)
    assert str(data["year"]) == "2025"
    assert str(data["explanations"]["previous"]["income_total"]) == "207172.81"  # last year's total, carried
    assert list((data_dir / "files" / "uploads").rglob("*.xlsx")) == []  # the uploaded input is not kept


def test_broken_workbook_findings_are_located(world, books):
    up = upload(world, "ningde", "我的表.xlsx", books["bad"])
    assert up.errors > 0 and up.usable and up.version == 1
    page = world["c"]["ningde"].get(f"/upload/{up.pk}/").content.decode()
    assert "收入预算总表!D5" in page and "R-CROSS-CODE" in page
    assert "填报值" in page and "应为" in page and "9999" in page
    assert 'class="hit"' in page  # the table rows around it, the cell marked
    assert "下载 PDF" not in page
    assert world["c"]["ningde"].get(f"/upload/{up.pk}/report.pdf").status_code == 404
    assert world["c"]["ningde"].get(f"/upload/{up.pk}/preview").status_code == 404


def test_marked_workbook_has_fill_and_comment(world, books):
    up = upload(world, "ningde", "bad.xlsx", books["bad"])
    response = world["c"]["ningde"].get(f"/upload/{up.pk}/marked.xlsx")
    assert response.status_code == 200
    cell = openpyxl.load_workbook(io.BytesIO(response.content))["收入预算总表"]["D5"]
    assert cell.value == 9999
    assert "R-CROSS-CODE" in cell.comment.text and cell.fill.fgColor.rgb.endswith("FFC7CE")
    original = world["c"]["ningde"].get(f"/upload/{up.pk}/original")
    assert b"".join(original.streaming_content) == books["bad"]


def test_report_downloads_when_no_errors(world, books, settings):
    up = upload(world, "ningde", "good.xlsx", books["good"])
    assert up.errors == 0 and up.title == "2024年度宁德市医疗保障局部门预算"
    client = world["c"]["ningde"]
    page = client.get(f"/upload/{up.pk}/").content.decode()
    assert "校验通过" in page and "下载 PDF" in page and "iframe" in page
    preview = client.get(f"/upload/{up.pk}/preview")
    assert preview.status_code == 200 and up.title in preview.content.decode()
    pdf = b"".join(client.get(f"/upload/{up.pk}/report.pdf").streaming_content)
    docx = b"".join(client.get(f"/upload/{up.pk}/report.docx").streaming_content)
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
    assert client.get(f"/upload/{up.pk}/report.exe").status_code == 404


def test_versions_are_kept_and_compared(world, books):
    first = upload(world, "ningde", "v1.xlsx", books["bad"])
    second = upload(world, "ningde", "v2.xlsx", books["good"])
    assert (first.version, second.version) == (1, 2)
    assert Path(world["ningde"].uploads.get(version=1).stored) != Path(second.stored)
    page = world["c"]["ningde"].get(f"/dept/{world['ningde'].pk}/compare?a=1&b=2").content.decode()
    assert "已改正" in page and "新出现" not in page.split("<tbody>")[1]
    assert "收入预算总表!D5" in page
    home = world["c"]["ningde"].get(f"/dept/{world['ningde'].pk}/").content.decode()
    assert "第 1 版" in home and "第 2 版" in home


def test_zipped_yaml_folder_upload(world):
    up = upload(world, "ningde", "ningde.zip", zipped_folder(NINGDE, "ningde-2024-budget"))
    assert up.kind == "yaml" and up.usable and up.errors == 0
    assert world["c"]["ningde"].get(f"/upload/{up.pk}/marked.xlsx").status_code == 404


def test_yaml_findings_show_file_and_lines(world):
    up = upload(world, "sanming", "sanming.zip", zipped_folder(SANMING))
    assert up.errors == 0 and up.warnings > 0
    page = world["c"]["sanming"].get(f"/upload/{up.pk}/").content.decode()
    assert "tables.yaml:" in page and 'class="lines"' in page
    assert "/work" not in page and str(worker.settings.DATA) not in page  # no server paths shown


# --- upload limits --------------------------------------------------------------------------

def refused(world, name, data) -> str:
    dept = world["ningde"]
    before = dept.uploads.count()
    response = post_file(world["c"]["ningde"], f"/dept/{dept.pk}/upload", name, data, follow=True)
    assert dept.uploads.count() == before
    return response.content.decode()


def test_too_large_upload_is_refused(world, settings, books):
    settings.MAX_UPLOAD = 1000
    assert "文件过大" in refused(world, "big.xlsx", books["good"])


def test_not_a_workbook_is_refused(world):
    assert "不是工作簿或压缩包" in refused(world, "x.xlsx", b"hello, this is text")


def test_zip_with_too_many_entries(world, settings):
    settings.MAX_ZIP_ENTRIES = 10
    assert "文件过多" in refused(world, "many.zip", zip_of({f"f{i}.yaml": b"a: 1" for i in range(11)}))


def test_zip_bomb_is_refused(world):
    assert "压缩比异常" in refused(world, "bomb.zip", zip_of({"report.yaml": b"0" * (20 * 1024 * 1024)}))


def test_xlsx_bomb_is_refused(world, books):
    source = zipfile.ZipFile(io.BytesIO(books["good"]))
    entries = {i.filename: source.read(i) for i in source.infolist()}
    entries["xl/worksheets/sheet99.xml"] = b"<row/>" * (5 * 1024 * 1024)
    assert "压缩比异常" in refused(world, "bomb.xlsx", zip_of(entries))


def test_names_in_a_zip_are_never_paths(world, data_dir):
    data = zipped_folder(NINGDE)
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = {f"../../../escape/{i.filename}": archive.read(i) for i in archive.infolist()}
    entries["/etc/evil.yaml"] = b"x: 1"
    up = upload(world, "ningde", "../../evil.zip", zip_of(entries))
    assert up.usable and up.errors == 0
    assert not (data_dir.parent / "escape").exists()
    stored = sorted(p.name for p in (data_dir / "files" / up.stored).iterdir())
    assert "report.yaml" in stored and "evil.yaml" in stored  # kept by base name, inside the upload only


def test_zip_without_report_yaml(world):
    assert "没有 report.yaml" in refused(world, "x.zip", zip_of({"notes.txt": b"hi"}))


# --- isolation ------------------------------------------------------------------------------

def test_officer_sees_only_their_department(world, books):
    mine = upload(world, "ningde", "good.xlsx", books["good"])
    theirs = upload(world, "sanming", "s.zip", zipped_folder(SANMING))
    world["c"]["bureau"].post("/bureau/build", {"year": 2024})
    worker.run_pending()
    build = Build.objects.get(upload=theirs)
    assert build.state == Build.OK
    client = world["c"]["ningde"]
    other = world["sanming"].pk
    for url in (f"/dept/{other}/", f"/dept/{other}/compare?a=1&b=1", f"/dept/{other}/blank.xlsx?year=2025",
                f"/upload/{theirs.pk}/", f"/upload/{theirs.pk}/original", f"/upload/{theirs.pk}/marked.xlsx",
                f"/upload/{theirs.pk}/preview", f"/upload/{theirs.pk}/report.pdf", f"/build/{build.pk}/report.docx"):
        assert client.get(url).status_code == 404, url
    assert post_file(client, f"/dept/{other}/upload", "x.xlsx", books["good"]).status_code == 404
    assert post_file(client, f"/dept/{other}/next-year", "x.xlsx", books["good"], year=2025).status_code == 404
    assert world["sanming"].uploads.count() == 1
    for url in ("/bureau/", "/bureau/profiles/", "/bureau/reports.zip", f"/bureau/jobs/{build.job_id}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/upload/{mine.pk}/accept", {"rule": "x", "location": "y", "reason": "z"}).status_code == 403
    assert client.post("/bureau/build", {"year": 2024}).status_code == 403
    assert client.get("/admin/").status_code == 302  # to the admin's own login: not staff
    assert client.get(f"/upload/{mine.pk}/").status_code == 200
    sanming = world["c"]["sanming"]
    assert sanming.get(f"/build/{build.pk}/report.docx").status_code == 200


# --- the bureau -----------------------------------------------------------------------------

def test_bureau_overview_status_filter_sort(world, books):
    Department.objects.create(name="未交部门")
    upload(world, "ningde", "bad.xlsx", books["bad"])
    upload(world, "sanming", "s.zip", zipped_folder(SANMING))
    client = world["c"]["bureau"]
    page = client.get("/bureau/?year=2024").content.decode()
    for text in ("宁德市医疗保障局", "三明市医疗保障局", "未交部门", "有错误", "有警告", "未提交"):
        assert text in page
    only = client.get("/bureau/?year=2024&status=有错误").content.decode().split("<tbody>")[1]
    assert "宁德市医疗保障局" in only and "三明市医疗保障局" not in only
    by_name = client.get("/bureau/?year=2024&sort=name").content.decode().split("<tbody>")[1]
    assert by_name.index("三明") < by_name.index("宁德")  # Unicode order of the names
    by_errors = client.get("/bureau/?year=2024&sort=errors").content.decode().split("<tbody>")[1]
    assert by_errors.index("宁德") < by_errors.index("三明")
    found = client.get("/bureau/?year=2024&q=三明").content.decode().split("<tbody>")[1]
    assert "三明" in found and "宁德" not in found


def test_build_all_in_the_background_and_zip(world, books):
    upload(world, "ningde", "good.xlsx", books["good"])
    upload(world, "sanming", "s.zip", zipped_folder(SANMING))
    client = world["c"]["bureau"]
    upload(world, "ningde", "bad.xlsx", books["bad"])  # the latest version decides: 宁德 has errors again
    assert client.post("/bureau/build", {"year": 2024}).status_code == 302
    assert Build.objects.filter(state=Build.QUEUED).count() == 1  # 三明 (with warnings) only
    page = client.get("/bureau/?year=2024").content.decode()
    assert "正在生成：0/1" in page and 'http-equiv="refresh"' in page
    assert worker.run_pending() == 1
    build = Build.objects.get()
    assert build.state == Build.OK and build.profile_label == "fujian-final（内置）"
    page = client.get("/bureau/?year=2024").content.decode()
    assert "已生成" in page and "完成 1/1" in page
    assert client.get(f"/bureau/jobs/{build.job_id}/").status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get("/bureau/reports.zip?year=2024").streaming_content)))
    assert sorted(archive.namelist()) == ["三明市医疗保障局/2024年度三明市医疗保障局部门决算.docx",
                                          "三明市医疗保障局/2024年度三明市医疗保障局部门决算.校验结果.txt"]
    assert client.post("/bureau/build", {"year": 2024}, follow=True).content.decode().count("没有待生成的部门") == 1
    client.post("/bureau/build", {"year": 2024, "again": "1"})  # e.g. after a new profile version
    assert Build.objects.filter(state=Build.QUEUED).count() == 1 and worker.run_pending() == 1
    assert Build.objects.filter(state=Build.OK).count() == 2


def test_zip_with_nothing_built(world):
    response = world["c"]["bureau"].get("/bureau/reports.zip?year=2024", follow=True)
    assert "还没有生成的报告" in response.content.decode()


def test_a_restart_requeues_running_builds(world, books):
    up = upload(world, "ningde", "good.xlsx", books["good"])
    Build.objects.create(upload=up, state=Build.RUNNING)
    assert worker.recover() == 1
    assert worker.run_pending() == 1 and Build.objects.get().state == Build.OK


def test_accept_a_warning_with_reason(world):
    up = upload(world, "sanming", "s.zip", zipped_folder(SANMING))
    warning = next(f for f in up.findings if f["severity"] == "warning")
    client = world["c"]["bureau"]
    response = client.post(f"/upload/{up.pk}/accept",
                           {"rule": warning["rule"], "location": warning["location"], "reason": "尾差，原表如此"})
    assert response.status_code == 302
    accepted = Acceptance.objects.get()
    assert (accepted.rule, accepted.location, accepted.by.username) == (warning["rule"], warning["location"], "bureau")
    officer = world["c"]["sanming"]
    page = officer.get(f"/upload/{up.pk}/").content.decode()
    same_place = sum((f["rule"], f["location"]) == (warning["rule"], warning["location"]) for f in up.findings)
    assert "尾差，原表如此" in page and f"已接受 {same_place}" in page
    assert "尾差，原表如此" in officer.get(f"/dept/{world['sanming'].pk}/").content.decode()
    no_reason = client.post(f"/upload/{up.pk}/accept", {"rule": warning["rule"], "location": warning["location"]},
                            follow=True)
    assert "这一项已经接受过" in no_reason.content.decode() or "请写明接受的理由" in no_reason.content.decode()
    assert client.post(f"/upload/{up.pk}/accept", {"rule": "R-NONE", "location": "x", "reason": "r"}).status_code == 404


def test_an_error_cannot_be_accepted(world, books):
    up = upload(world, "ningde", "bad.xlsx", books["bad"])
    error = next(f for f in up.findings if f["severity"] == "error")
    response = world["c"]["bureau"].post(f"/upload/{up.pk}/accept", {"rule": error["rule"],
                                         "location": error["location"], "reason": "不管"}, follow=True)
    assert "错误不能接受" in response.content.decode() and not Acceptance.objects.exists()


# A city's own copy of the 福建 profile (same name, so it takes the built-in one's place), described anew.
CITY_PROFILE = (ROOT / "templates" / "profiles" / "fujian-budget.yaml").read_text(encoding="utf-8").replace(
    "description: 福建省部门预算公开格式", "description: 本市格式（基于福建）", 1).encode()


def profile_zip(text: bytes, name="fujian-budget") -> bytes:
    return zip_of({f"city/{name}.yaml": text})


def test_profile_upload_is_checked_versioned_and_recorded(world, books, tmp_path):
    client = world["c"]["bureau"]
    page = post_file(client, "/bureau/profiles/", "p.zip", profile_zip(CITY_PROFILE), follow=True).content.decode()
    assert "第 1 版" in page, page[:2000]
    post_file(client, "/bureau/profiles/", "p.zip", profile_zip(CITY_PROFILE))
    assert list(ProfileVersion.objects.values_list("version", flat=True)) == [2, 1]
    upload(world, "ningde", "good.xlsx", books["good"])
    client.post("/bureau/build", {"year": 2024})
    worker.run_pending()
    build = Build.objects.get()
    assert build.profile_label == "fujian-budget 第2版" and build.profile_version.version == 2
    assert "fujian-budget 第2版" in client.get("/bureau/?year=2024").content.decode()


def test_broken_profile_is_refused(world):
    client = world["c"]["bureau"]
    bad = CITY_PROFILE + b"colour: red\n"
    page = post_file(client, "/bureau/profiles/", "p.zip", profile_zip(bad), follow=True).content.decode()
    assert "未通过检查" in page and "colour" in page and not ProfileVersion.objects.exists()
    page = post_file(client, "/bureau/profiles/", "p.zip", zip_of({"../x.yaml": CITY_PROFILE}),
                     follow=True).content.decode()
    assert "不合规" in page
    page = post_file(client, "/bureau/profiles/", "p.zip", zip_of({"a/run.py": b"import os"}),
                     follow=True).content.decode()
    assert "不是模板配置的文件" in page and not ProfileVersion.objects.exists()


def test_profile_template_cannot_run_code(world, tmp_path):
    """Text templates render in the toolkit's Jinja sandbox: reaching for Python internals fails the check."""
    from generator.profile import load_profile
    base = load_profile("fujian-budget")
    first = base.outline[0]
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    own = CITY_PROFILE.replace(b"text: [budget]", b"text: [city, budget]")
    entries = {"city/fujian-budget.yaml": own}
    entries[f"city/text/city/{first}.j2"] = evil.encode()
    page = post_file(world["c"]["bureau"], "/bureau/profiles/", "p.zip", zip_of(entries), follow=True).content.decode()
    assert "未通过检查" in page and not ProfileVersion.objects.exists()


def test_profile_word_template_cannot_run_code(world):
    """The Word template of a profile is filled by docxtpl in a Jinja sandbox too."""
    base = ROOT / "templates" / "word" / "base.docx"
    source = zipfile.ZipFile(base)
    entries = {i.filename: source.read(i) for i in source.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        b"{{ cover1 }}", b"{{ cover1.__class__.__mro__[1].__subclasses__() }}")
    word = zip_of(entries)
    profile = CITY_PROFILE.replace(b"name: fujian-budget", b"name: fujian-budget\nword_template: word/city.docx")
    archive = zip_of({"city/fujian-budget.yaml": profile, "city/word/city.docx": word})
    page = post_file(world["c"]["bureau"], "/bureau/profiles/", "p.zip", archive, follow=True).content.decode()
    assert "未通过检查" in page and "SecurityError" in page and not ProfileVersion.objects.exists()


def test_admin_for_bureau_staff(world):
    client = world["c"]["bureau"]
    world["users"]["bureau"].is_superuser = True
    world["users"]["bureau"].save()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/web/department/").status_code == 200


def test_serve_command_is_registered():
    from typer.testing import CliRunner
    from generator.cli import app
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--database" in result.output


def test_unreadable_workbook_is_kept_as_a_version_with_its_reason(world):
    up = upload(world, "ningde", "broken.xlsx", zip_of({"[Content_Types].xml": b"<Types/>"}))
    assert not up.usable and up.errors == 1 and up.version == 1
    page = world["c"]["ningde"].get(f"/upload/{up.pk}/").content.decode()
    assert "无法读取" in page and "/work" not in page
    assert "有错误" in world["c"]["bureau"].get("/bureau/?year=2024").content.decode()


def test_database_urls():
    from generator.web.settings import database
    assert database(None)["ENGINE"].endswith("sqlite3")
    pg = database("postgresql://tax%40ly:p%2Fw@db.local:5433/reports")
    assert (pg["ENGINE"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql", "tax@ly", "p/w", "db.local", "5433", "reports")
    assert database("sqlite:////srv/site.db")["NAME"] == "/srv/site.db"
    with pytest.raises(ValueError, match="不支持的数据库地址"):
        database("mysql://x/y")


def test_an_accepted_warning_is_listed_as_accepted_in_the_built_report(world):
    """The bureau's acceptances reach the build as the toolkit's own (generator.rules.accept): the report's
    findings file lists the finding as accepted, with the reason and who accepted it."""
    up = upload(world, "sanming", "s.zip", zipped_folder(SANMING))
    warning = next(f for f in up.findings if f["severity"] == "warning")
    client = world["c"]["bureau"]
    client.post(f"/upload/{up.pk}/accept", {"rule": warning["rule"], "location": warning["location"],
                                            "reason": "尾差，原表如此"})
    assert client.post("/bureau/build", {"year": 2024}).status_code == 302
    assert worker.run_pending() == 1
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get("/bureau/reports.zip?year=2024").streaming_content)))
    text = archive.read("三明市医疗保障局/2024年度三明市医疗保障局部门决算.校验结果.txt").decode()
    assert "已接受" in text and "尾差，原表如此" in text and "bureau" in text
