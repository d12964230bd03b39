"""What the views share: record an upload as a new version, a department's status, the city's profiles."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max

from generator.web import engine, marking, storage
from generator.web.models import (BUILT, HAS_ERRORS, HAS_WARNINGS, NOT_SUBMITTED, READY, Build,
                                  Department, ProfileVersion, Upload)


log = logging.getLogger(__name__)


def path_of(rel: str) -> Path:
    return storage.files_root() / rel


def profile_dirs() -> list[Path]:
    """The latest version of each city profile; they come before the built-in ones."""
    latest = {}
    for p in ProfileVersion.objects.order_by("name", "-version"):
        latest.setdefault(p.name, p)
    return [path_of(p.stored) for p in latest.values()]


def current_profile(name: str) -> ProfileVersion | None:
    return ProfileVersion.objects.filter(name=name).order_by("-version").first()


def accepted(department: Department) -> set[tuple[str, str]]:
    return set(department.acceptances.values_list("rule", "location"))


def acceptances(department: Department) -> tuple:
    """The bureau's acceptances as the toolkit takes them (generator.rules.accept): a build marks those
    findings accepted, with the reason, who and when, in its findings file — as an input's accepted.yaml does."""
    from generator.rules.accept import Acceptance
    return tuple(Acceptance(a.rule, a.location, a.reason, a.by.username if a.by else None,
                            a.at.strftime("%Y-%m-%d") if a.at else None)
                 for a in department.acceptances.select_related("by").order_by("id"))


def record_upload(department: Department, data: bytes, original_name: str, user) -> Upload:
    """Store, validate and keep an upload as the department's next version (never overwriting one)."""
    kind, rel = storage.save_input(data, department.id)
    started = time.perf_counter()
    result = engine.check_input(path_of(rel), profile_dirs())
    if result["findings"]:
        try:
            marking.add_context(result["findings"], path_of(rel))
        except Exception:  # the rows around a finding are a help; the findings stand without them
            log.exception("no context for %s", rel)
    n = engine.counts(result["findings"])
    fields = dict(kind=kind, original_name=original_name[:255], stored=rel, uploaded_by=user,
                  usable=result["usable"], message=result["message"], year=result["year"],
                  title=result["title"][:255], profile_name=result["profile_name"][:100],
                  errors=n["error"] + (0 if result["usable"] else 1), warnings=n["warning"], infos=n["info"],
                  findings=result["findings"], seconds=time.perf_counter() - started)
    for _ in range(20):  # two uploads at once both want the next number: the constraint decides
        try:
            with transaction.atomic():
                last = department.uploads.aggregate(m=Max("version"))["m"] or 0
                return Upload.objects.create(department=department, version=last + 1, **fields)
        except IntegrityError:
            time.sleep(0.05)
    raise RuntimeError("无法分配版本号")


def latest_upload(department: Department, year: int | None = None) -> Upload | None:
    uploads = department.uploads.all()
    if year is not None:
        uploads = uploads.filter(year__in=[year]) | department.uploads.filter(year__isnull=True)
    return uploads.order_by("-version").first()


def status(department: Department, upload: Upload | None, acc: set | None = None) -> tuple[str, dict]:
    """(status, counts) for the bureau's list: counts leave out what the bureau accepted."""
    if upload is None:
        return NOT_SUBMITTED, {"error": 0, "warning": 0, "info": 0, "accepted": 0}
    n = engine.counts(upload.findings, acc if acc is not None else accepted(department))
    if not upload.usable:
        n["error"] += 1
    if n["error"]:
        return HAS_ERRORS, n
    if upload.builds.filter(state=Build.OK).exists():
        return BUILT, n
    return (HAS_WARNINGS if n["warning"] else READY), n


def ready(upload: Upload | None) -> bool:
    return upload is not None and upload.usable and upload.errors == 0
