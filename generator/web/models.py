"""What the service keeps: departments, accounts, every upload (a version), accepted findings, city
profiles (versioned), and the background build jobs (state in the database, so a restart loses nothing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ERROR, WARNING, INFO = "error", "warning", "info"

# Department statuses, in the order a bureau sorts them by urgency.
NOT_SUBMITTED, HAS_ERRORS, HAS_WARNINGS, READY, BUILT = "未提交", "有错误", "有警告", "可生成", "已生成"
STATUSES = (NOT_SUBMITTED, HAS_ERRORS, HAS_WARNINGS, READY, BUILT)


class Department(models.Model):
    name = models.CharField("部门名称", max_length=200, unique=True)
    profile = models.CharField("默认模板配置", max_length=100)  # chosen for each department (no city is the default)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "部门"

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """An officer is bound to one department; a bureau account (is_staff) to none."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="accounts", verbose_name="所属部门")

    class Meta:
        verbose_name = verbose_name_plural = "账号所属部门"


class Upload(models.Model):
    """One uploaded input, kept as it came (server-named file); never overwritten."""
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="uploads")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # xlsx | yaml
    original_name = models.CharField(max_length=255)  # shown only, never used as a path
    stored = models.CharField(max_length=255)  # relative to FILES, chosen by the server
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    usable = models.BooleanField(default=True)
    message = models.TextField(blank=True)  # why an unusable input could not be read
    year = models.IntegerField(null=True)
    title = models.CharField(max_length=255, blank=True)
    profile_name = models.CharField(max_length=100, blank=True)
    errors = models.IntegerField(default=0)
    warnings = models.IntegerField(default=0)
    infos = models.IntegerField(default=0)
    findings = models.JSONField(default=list)
    seconds = models.FloatField(default=0)  # server-side validation time

    class Meta:
        ordering = ["department", "-version"]
        constraints = [models.UniqueConstraint(fields=["department", "version"], name="one_version")]
        verbose_name = verbose_name_plural = "上传版本"

    def __str__(self) -> str:
        return f"{self.department} 第{self.version}版"


class Acceptance(models.Model):
    """The bureau accepts a finding (rule id + location) with a reason; shown to the officer."""
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="acceptances")
    rule = models.CharField(max_length=50)
    location = models.CharField(max_length=255)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "rule", "location"], name="one_acceptance")]
        verbose_name = verbose_name_plural = "已接受的提示"


class ProfileVersion(models.Model):
    """A city's profile folder as uploaded, checked and test-rendered before it was accepted."""
    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    description = models.CharField(max_length=255, blank=True)
    stored = models.CharField(max_length=255)  # folder relative to FILES holding <name>.yaml
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="one_profile_version")]
        verbose_name = verbose_name_plural = "模板配置版本"

    def __str__(self) -> str:
        return f"{self.name} 第{self.version}版"


class Job(models.Model):
    """“Build every ready department”: one Build per department; the worker picks queued builds."""
    year = models.IntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = verbose_name_plural = "生成任务"

    def progress(self) -> dict:
        states = list(self.builds.values_list("state", flat=True))
        done = sum(s in (Build.OK, Build.FAILED) for s in states)
        return {"total": len(states), "done": done, "failed": states.count(Build.FAILED),
                "finished": done == len(states)}


class Build(models.Model):
    QUEUED, RUNNING, OK, FAILED = "queued", "running", "ok", "failed"
    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="builds")
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.CASCADE, related_name="builds")
    state = models.CharField(max_length=10, default=QUEUED, db_index=True)
    profile_label = models.CharField(max_length=150, blank=True)  # the profile's name with “第N版”, or “（内置）”
    profile_version = models.ForeignKey(ProfileVersion, null=True, blank=True, on_delete=models.SET_NULL)
    outputs = models.JSONField(default=dict)  # {"docx": relative path, "pdf": …}
    message = models.TextField(blank=True)
    seconds = models.FloatField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = verbose_name_plural = "生成的报告"


class LoginFailure(models.Model):
    """Failed logins, counted per user name and per address (in the database, so every process sees them)."""
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
