from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "generator.web"
    label = "web"
    verbose_name = "部门预决算公开"
    default_auto_field = "django.db.models.BigAutoField"
