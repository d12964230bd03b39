"""`disclosure serve --demo`: the three samples as three departments (their first upload), and demo accounts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from generator.web import engine, services
from generator.web.models import Account, Department

SAMPLES = {"ningde": "ningde-2024-budget", "sanming": "sanming-2024-final", "suzhou": "suzhou-2024-budget"}
BUREAU = ("caizheng", "财政局")
PASSWORD = "demo-2024-pass"  # printed at start; for a demo on localhost only


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.yaml")):
            archive.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


def load(samples: Path = engine.SAMPLES) -> list[tuple[str, str, str]]:
    """Create what is missing; return (user name, password, role) of the demo accounts."""
    User = get_user_model()
    accounts = []
    with transaction.atomic():
        if not User.objects.filter(username=BUREAU[0]).exists():
            User.objects.create_user(BUREAU[0], password=PASSWORD, first_name=BUREAU[1], is_staff=True,
                                     is_superuser=True)
    accounts.append((BUREAU[0], PASSWORD, "财政局（可进入管理后台）"))
    for username, sample in SAMPLES.items():
        name, profile = engine.describe(samples / sample)
        department, created = Department.objects.get_or_create(name=name, defaults={"profile": profile})
        if not User.objects.filter(username=username).exists():
            user = User.objects.create_user(username, password=PASSWORD)
            Account.objects.create(user=user, department=department)
        if created:
            services.record_upload(department, zipped(samples / sample), f"{sample}.zip",
                                   User.objects.get(username=username))
        accounts.append((username, PASSWORD, name))
    return accounts
