"""The Django admin, for the bureau's staff: accounts, departments, and a read-only look at the rest."""

from django.contrib import admin

from generator.web.models import Acceptance, Account, Build, Department, Job, ProfileVersion, Upload


class AccountInline(admin.TabularInline):
    model = Account
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "profile", "created")
    search_fields = ("name",)
    inlines = [AccountInline]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "department")
    list_filter = ("department",)


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("department", "version", "year", "kind", "errors", "warnings", "created", "uploaded_by")
    list_filter = ("year", "department")
    readonly_fields = [f.name for f in Upload._meta.fields]


@admin.register(Acceptance)
class AcceptanceAdmin(admin.ModelAdmin):
    list_display = ("department", "rule", "location", "by", "at")


@admin.register(ProfileVersion)
class ProfileVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "kind", "created", "uploaded_by")
    readonly_fields = [f.name for f in ProfileVersion._meta.fields]


@admin.register(Build)
class BuildAdmin(admin.ModelAdmin):
    list_display = ("upload", "state", "profile_label", "seconds", "finished")
    list_filter = ("state",)


admin.site.register(Job)
