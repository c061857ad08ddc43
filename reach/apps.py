from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Campaign reach")

    def ready(self):
        from reach import codes

        codes.connect()  # drop the cached poster codes after every change to one
