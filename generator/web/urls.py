from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from generator.web import views_auth, views_bureau, views_officer

admin.site.site_header = admin.site.site_title = "部门预决算公开 · 管理"

urlpatterns = [
    path("", views_auth.home, name="home"),
    path("login/", views_auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("static/web/style.css", views_auth.stylesheet, name="stylesheet"),
    path("dept/<int:pk>/", views_officer.department, name="department"),
    path("dept/<int:pk>/upload", views_officer.upload, name="upload_new"),
    path("dept/<int:pk>/blank.xlsx", views_officer.blank_workbook, name="blank"),
    path("dept/<int:pk>/next-year", views_officer.next_year, name="next_year"),
    path("dept/<int:pk>/compare", views_officer.compare, name="compare"),
    path("upload/<int:pk>/", views_officer.findings, name="upload"),
    path("upload/<int:pk>/original", views_officer.original, name="original"),
    path("upload/<int:pk>/marked.xlsx", views_officer.marked, name="marked"),
    path("upload/<int:pk>/preview", views_officer.preview, name="preview"),
    path("upload/<int:pk>/report.<str:target>", views_officer.report, name="report"),
    path("upload/<int:pk>/accept", views_bureau.accept, name="accept"),
    path("build/<int:pk>/report.<str:target>", views_officer.built, name="built"),
    path("bureau/", views_bureau.overview, name="bureau"),
    path("bureau/build", views_bureau.build_all, name="build_all"),
    path("bureau/jobs/<int:pk>/", views_bureau.job_status, name="job"),
    path("bureau/reports.zip", views_bureau.reports_zip, name="reports_zip"),
    path("bureau/profiles/", views_bureau.profiles, name="profiles"),
    path("admin/", admin.site.urls),
]
