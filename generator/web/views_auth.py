"""Login with a rate limit (failures counted in the database), and the start page by role."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from generator.web.access import is_bureau, own_department
from generator.web.models import LoginFailure


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def locked_out(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    return (recent.filter(username=username).count() >= settings.LOGIN_FAILURES
            or recent.filter(address=address).count() >= 4 * settings.LOGIN_FAILURES)


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        if locked_out(username, _address(request)):
            minutes = settings.LOGIN_WINDOW // 60
            return render(request, self.template_name,
                          {"form": self.get_form(), "locked": f"登录失败次数过多，请 {minutes} 分钟后再试。"}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        old = timezone.now() - timedelta(seconds=settings.LOGIN_WINDOW)
        LoginFailure.objects.filter(at__lt=old).delete()  # only the window counts; keep the table small
        LoginFailure.objects.create(username=self.request.POST.get("username", "")[:150],
                                    address=_address(self.request))
        return super().form_invalid(form)


@login_required
def home(request):
    if is_bureau(request.user):
        return redirect("bureau")
    department = own_department(request.user)
    if department is None:
        return render(request, "web/message.html", {"title": "账号未绑定部门",
                      "text": "这个账号还没有绑定部门，请联系财政局。"}, status=403)
    return redirect("department", pk=department.pk)


def stylesheet(request):
    from pathlib import Path

    css = (Path(__file__).parent / "static" / "web" / "style.css").read_bytes()
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response
