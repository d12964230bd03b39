"""Who may see what: an officer only their own department (others are 404), the bureau everything."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from generator.web.models import Build, Department, Upload


def is_bureau(user) -> bool:
    return user.is_authenticated and user.is_staff


def own_department(user) -> Department | None:
    account = getattr(user, "account", None)
    return account.department if account else None


def department_for(user, pk: int) -> Department:
    department = get_object_or_404(Department, pk=pk)
    if is_bureau(user) or (own_department(user) and own_department(user).pk == department.pk):
        return department
    raise Http404("没有这个部门")


def upload_for(user, pk: int) -> Upload:
    upload = get_object_or_404(Upload.objects.select_related("department"), pk=pk)
    department_for(user, upload.department_id)
    return upload


def build_for(user, pk: int) -> Build:
    build = get_object_or_404(Build.objects.select_related("upload"), pk=pk)
    department_for(user, build.upload.department_id)
    return build


def bureau_only(view):
    @login_required
    @wraps(view)
    def check(request, *args, **kwargs):
        if not is_bureau(request.user):
            raise PermissionDenied("仅财政局账号可用")
        return view(request, *args, **kwargs)
    return check
