"""The finance bureau's pages: every department's status, build all in the background, one zip, profiles,
and accepting a finding with a reason."""

from __future__ import annotations

import datetime
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from generator.errors import DisclosureError
from generator.web import engine, services, storage, worker
from generator.web.access import bureau_only, upload_for
from generator.web.models import STATUSES, Acceptance, Build, Department, Job, ProfileVersion, Upload

KINDS = {"budget": "部门预算", "final": "部门决算"}
SORTS = {"name": "部门", "status": "状态", "errors": "错误数", "uploaded": "最近上传"}


def _year(request) -> int:
    years = _known_years()
    try:
        return int(request.GET.get("year") or request.POST.get("year") or years[0])
    except ValueError:
        return years[0]


def _known_years() -> list[int]:
    years = sorted(set(Upload.objects.exclude(year=None).values_list("year", flat=True)), reverse=True)
    return years or [datetime.date.today().year]


def department_rows(year: int) -> list[dict]:
    rows = []
    for dept in Department.objects.prefetch_related("acceptances"):
        upload = services.latest_upload(dept, year)
        status, counts = services.status(dept, upload)
        build = upload.builds.filter(state=Build.OK).first() if upload else None
        rows.append({"department": dept, "upload": upload, "status": status, "counts": counts, "build": build})
    return rows


@bureau_only
@require_GET
def overview(request):
    year = _year(request)
    rows = department_rows(year)
    tally = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
    wanted = request.GET.get("status", "")
    if wanted in STATUSES:
        rows = [r for r in rows if r["status"] == wanted]
    query = request.GET.get("q", "").strip()
    if query:
        rows = [r for r in rows if query in r["department"].name]
    sort = request.GET.get("sort", "status")
    keys = {"name": lambda r: r["department"].name,
            "status": lambda r: (STATUSES.index(r["status"]), r["department"].name),
            "errors": lambda r: (-r["counts"]["error"], -r["counts"]["warning"], r["department"].name),
            "uploaded": lambda r: (-(r["upload"].created.timestamp() if r["upload"] else 0), r["department"].name)}
    rows.sort(key=keys.get(sort, keys["status"]))
    job = Job.objects.filter(year=year).first()
    progress = job.progress() if job else None
    return render(request, "web/bureau.html", {
        "rows": rows, "year": year, "years": _known_years(), "statuses": STATUSES, "tally": tally,
        "wanted": wanted, "q": query, "sort": sort, "sorts": SORTS, "job": job, "progress": progress,
        "ready": tally["有警告"] + tally["可生成"]})


@bureau_only
@require_POST
def build_all(request):
    year = _year(request)
    job = worker.enqueue(year, request.user, again=request.POST.get("again") == "1")
    if job is None:
        messages.info(request, "没有待生成的部门（没有错误且尚未生成的部门才会生成）。")
    else:
        messages.success(request, f"已开始生成 {job.builds.count()} 个部门的报告。")
    return redirect(f"/bureau/?year={year}")


@bureau_only
@require_GET
def job_status(request, pk):
    job = get_object_or_404(Job, pk=pk)
    builds = job.builds.select_related("upload__department").order_by("upload__department__name")
    return render(request, "web/job.html", {"job": job, "builds": builds, "progress": job.progress()})


@bureau_only
@require_GET
def reports_zip(request):
    """Every department's latest built report of the year, in one zip (a folder per department)."""
    year = _year(request)
    buffer = tempfile.TemporaryFile()  # on disk, streamed out: a city's reports need not fit in memory
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in department_rows(year):
            build = Build.objects.filter(upload__department=row["department"], upload__year=year,
                                         state=Build.OK).order_by("-finished").first()
            for rel in (build.outputs.values() if build else []):
                archive.write(services.path_of(rel), f"{row['department'].name}/{Path(rel).name}")
                count += 1
    if not count:
        buffer.close()
        messages.error(request, f"{year} 年还没有生成的报告。")
        return redirect(f"/bureau/?year={year}")
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{year}年部门公开报告.zip",
                        content_type="application/zip")


@bureau_only
@require_POST
def accept(request, pk):
    upload = upload_for(request.user, pk)
    rule, location = request.POST.get("rule", ""), request.POST.get("location", "")
    reason = request.POST.get("reason", "").strip()
    finding = next((f for f in upload.findings if f["rule"] == rule and f["location"] == location), None)
    if finding is None:
        raise Http404("这个版本没有该项校验结果")
    if finding["severity"] == "error":
        messages.error(request, "错误不能接受，只能改正；可接受的是警告和提示。")
    elif not reason:
        messages.error(request, "请写明接受的理由。")
    else:
        try:
            with transaction.atomic():
                Acceptance.objects.create(department=upload.department, rule=rule, location=location,
                                          reason=reason[:2000], by=request.user)
            messages.success(request, f"已接受 [{rule}] {location}。")
        except IntegrityError:
            messages.info(request, "这一项已经接受过。")
    return redirect("upload", pk=upload.pk)


@bureau_only
def profiles(request):
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            messages.error(request, "请选择模板配置的 .zip 压缩包")
        else:
            _accept_profile(request, file)
        return redirect("profiles")
    versions = ProfileVersion.objects.select_related("uploaded_by")
    built_in = [(name, KINDS.get(kind, kind), desc) for name, kind, desc in engine.available_profiles()]
    return render(request, "web/profiles.html", {"versions": versions, "built_in": built_in, "kinds": KINDS})


def _accept_profile(request, file) -> None:
    try:
        folder, rel = storage.save_profile(storage.read_upload(file))
    except storage.Refused as exc:
        messages.error(request, f"未接收：{exc}")
        return
    names = [p.stem for p in folder.glob("*.yaml")]
    if len(names) != 1 or not storage.PART.match(names[0]):
        storage.remove(rel)
        messages.error(request, "压缩包的最上层应当正好有一个 <名称>.yaml 模板配置文件。")
        return
    name = names[0]
    try:
        profile = engine.check_profile_folder(folder, name)
    except DisclosureError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        messages.error(request, f"模板配置“{name}”未通过检查：{str(exc).replace(str(folder) + '/', '')}")
        return
    for _ in range(10):
        try:
            with transaction.atomic():
                last = ProfileVersion.objects.filter(name=name).aggregate(m=Max("version"))["m"] or 0
                version = ProfileVersion.objects.create(name=name, version=last + 1, kind=profile.kind,
                                                        description=profile.description[:255], stored=rel,
                                                        uploaded_by=request.user)
            break
        except IntegrityError:
            continue
    messages.success(request, f"已接收模板配置“{name}”第 {version.version} 版（已用示例数据试生成）。")
