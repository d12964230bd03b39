"""The officer's pages: start a workbook, upload, see the findings where they are, preview and download."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from generator.errors import DisclosureError
from generator.web import engine, marking, services, storage
from generator.web.access import department_for, is_bureau, upload_for
from generator.web.models import Build

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _years(department) -> list[int]:
    this = datetime.date.today().year
    return list(range(this + 1, this - 4, -1))


def _default_year(department) -> int:
    last = department.uploads.exclude(year=None).order_by("-version").first()
    return last.year + 1 if last else datetime.date.today().year


@login_required
@require_GET
def department(request, pk):
    dept = department_for(request.user, pk)
    uploads = list(dept.uploads.select_related("uploaded_by").order_by("-version"))
    accepted = services.accepted(dept)
    rows = [(u, services.status(dept, u, accepted)) for u in uploads]
    builds = Build.objects.filter(upload__department=dept, state=Build.OK).select_related("upload")[:10]
    latest = uploads[0] if uploads else None
    return render(request, "web/department.html", {
        "department": dept, "rows": rows, "latest": latest,
        "status": services.status(dept, latest, accepted),
        "acceptances": dept.acceptances.select_related("by").order_by("-at"),
        "builds": builds, "profiles": engine.available_profiles(services.profile_dirs()),
        "years": _years(dept), "year": _default_year(dept), "bureau": is_bureau(request.user)})


@login_required
@require_POST
def upload(request, pk):
    dept = department_for(request.user, pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "请选择要上传的文件（.xlsx 工作簿或 YAML 文件夹的 .zip）")
        return redirect("department", pk=dept.pk)
    try:
        data = storage.read_upload(file)
        record = services.record_upload(dept, data, file.name, request.user)
    except storage.Refused as exc:
        messages.error(request, f"未接收：{exc}")
        return redirect("department", pk=dept.pk)
    return redirect("upload", pk=record.pk)


@login_required
@require_GET
def blank_workbook(request, pk):
    dept = department_for(request.user, pk)
    year, profile = _year(request.GET.get("year")), request.GET.get("profile") or dept.profile
    if year is None:
        messages.error(request, "请选择年度")
        return redirect("department", pk=dept.pk)
    return _start(request, dept, year, profile, None)


@login_required
@require_POST
def next_year(request, pk):
    """`init --from`: last year's input in, this year's workbook out (last year's numbers as 上年数)."""
    dept = department_for(request.user, pk)
    year, file = _year(request.POST.get("year")), request.FILES.get("file")
    if year is None or file is None:
        messages.error(request, "请选择年度和上一年的输入文件")
        return redirect("department", pk=dept.pk)
    try:
        kind, rel = storage.save_input(storage.read_upload(file), dept.pk)
    except storage.Refused as exc:
        messages.error(request, f"未接收：{exc}")
        return redirect("department", pk=dept.pk)
    try:
        return _start(request, dept, year, request.POST.get("profile") or None, services.path_of(rel))
    finally:
        storage.remove(str(Path(rel).parent))


def _year(text) -> int | None:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def _start(request, dept, year, profile, previous):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "start.xlsx"
        ok, text = engine.start_workbook(out, year, profile, dept.name, previous, services.profile_dirs())
        if not ok:
            messages.error(request, f"未能生成工作簿：{text}")
            return redirect("department", pk=dept.pk)
        data = out.read_bytes()
    name = f"{dept.name}-{year}-{'续填' if previous else '空白'}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    from django.utils.http import content_disposition_header
    return content_disposition_header(True, name)


@login_required
@require_GET
def findings(request, pk):
    up = upload_for(request.user, pk)
    dept = up.department
    accepted = {(a.rule, a.location): a for a in dept.acceptances.select_related("by")}
    groups = []
    for severity in ("error", "warning", "info"):
        items = [dict(f, accepted=accepted.get((f["rule"], f["location"]))) for f in up.findings
                 if f["severity"] == severity]
        if items:
            groups.append({"severity": severity, "name": SEVERITY_NAMES[severity], "items": items})
    previous = dept.uploads.filter(version__lt=up.version).order_by("-version").first()
    status, counts = services.status(dept, up, set(accepted))
    return render(request, "web/findings.html", {
        "upload": up, "department": dept, "groups": groups, "previous": previous, "status": status,
        "counts": counts, "ready": services.ready(up), "bureau": is_bureau(request.user)})


@login_required
@require_GET
def original(request, pk):
    up = upload_for(request.user, pk)
    path = services.path_of(up.stored)
    if up.kind == "xlsx":
        return FileResponse(path.open("rb"), as_attachment=True, filename=f"{up.department.name}-第{up.version}版.xlsx")
    raise Http404("YAML 文件夹没有单个原件可下载")


@login_required
@require_GET
def marked(request, pk):
    up = upload_for(request.user, pk)
    if up.kind != "xlsx" or not up.usable:
        raise Http404("只有能读取的工作簿才有标注版")
    data = marking.marked_workbook(services.path_of(up.stored), up.findings)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{up.department.name}-第{up.version}版-标注.xlsx")
    return response


def _rendered(up, target: str) -> tuple[Path, str]:
    """The report of an upload without errors, rendered once and kept beside the upload."""
    if not services.ready(up):
        raise Http404("有错误，不能生成报告")
    place = services.path_of(up.stored).parent / f"report.{target}"
    if not place.exists():
        try:
            doc, loaded = engine.document(services.path_of(up.stored), services.profile_dirs())
            data = engine.render(doc, loaded, target)
        except DisclosureError as exc:
            raise Http404(str(exc)) from None
        from generator.output import write_all
        write_all({place: data})
    return place, up.title or up.department.name


@login_required
@require_GET
@xframe_options_sameorigin
def preview(request, pk):
    place, _ = _rendered(upload_for(request.user, pk), "html")
    response = HttpResponse(place.read_bytes(), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "script-src 'none'; frame-ancestors 'self'"
    return response


@login_required
@require_GET
def report(request, pk, target):
    if target not in ("docx", "pdf"):
        raise Http404()
    place, title = _rendered(upload_for(request.user, pk), target)
    return FileResponse(place.open("rb"), as_attachment=True, filename=f"{title}.{target}")


@login_required
@require_GET
def compare(request, pk):
    """Two versions side by side: what was fixed, what is new, what stays."""
    dept = department_for(request.user, pk)
    versions = list(dept.uploads.order_by("-version"))
    by_version = {u.version: u for u in versions}
    try:
        a = by_version[int(request.GET.get("a", ""))]
        b = by_version[int(request.GET.get("b", ""))]
    except (ValueError, KeyError):
        if len(versions) < 2:
            messages.error(request, "至少要有两个版本才能对比")
            return redirect("department", pk=dept.pk)
        a, b = versions[1], versions[0]
    keys_a = {(f["rule"], f["location"]) for f in a.findings}
    keys_b = {(f["rule"], f["location"]) for f in b.findings}
    rows = []
    for f in a.findings:
        key = (f["rule"], f["location"])
        rows.append({"left": f, "right": next((g for g in b.findings if (g["rule"], g["location"]) == key), None),
                     "change": "仍存在" if key in keys_b else "已改正"})
    rows += [{"left": None, "right": g, "change": "新出现"} for g in b.findings
             if (g["rule"], g["location"]) not in keys_a]
    order = {"新出现": 0, "仍存在": 1, "已改正": 2}
    rows.sort(key=lambda r: order[r["change"]])
    return render(request, "web/compare.html", {"department": dept, "a": a, "b": b, "rows": rows,
                                                "versions": versions, "names": SEVERITY_NAMES})


@login_required
@require_GET
def built(request, pk, target):
    from generator.web.access import build_for

    build = build_for(request.user, pk)
    rel = build.outputs.get(target)
    if build.state != Build.OK or not rel:
        raise Http404("没有这个报告")
    return FileResponse(services.path_of(rel).open("rb"), as_attachment=True, filename=Path(rel).name)
