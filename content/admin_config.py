"""django.contrib.admin with the staff sign-in rules (listed in INSTALLED_APPS).

Kept apart from content.staff_security because an AppConfig module is imported before
any model can be.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """The admin, with `admin.site` an OTP-protected StaffAdminSite."""

    default_site = "content.staff_security.StaffAdminSite"

    def ready(self):
        super().ready()
        from content.staff_security import connect_signals

        connect_signals()
