from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Site content")

    def ready(self):
        from content import editors, signals

        signals.connect()  # republish the public snapshot after every content save
        post_migrate.connect(editors.grant_permissions, sender=self, dispatch_uid="content-editors")
