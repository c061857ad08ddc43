"""Give a staff member an authenticator (TOTP) and show its QR code once.

    python manage.py setup_totp <username>

Any authenticator the user had before stops working. The secret is printed once, as an
otpauth:// link and a QR code to scan; it is not shown again (run the command again to
replace it).
"""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create (or replace) a user's authenticator and print its QR code and otpauth:// link once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--no-qr", action="store_true", help="Print only the otpauth:// link.")

    @transaction.atomic
    def handle(self, *args, username, no_qr=False, **options):
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user called {username!r}. Create one first: manage.py create_editor")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff, so cannot use the admin.")
        replaced = TOTPDevice.objects.filter(user=user).delete()[0]
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        uri = device.config_url
        out = self.stdout
        if replaced:
            out.write(f"The previous authenticator for {username} no longer works.")
        out.write(
            f"Scan this with an authenticator app on {username}'s phone (shown once; anyone "
            "who sees it can make sign-in codes):\n"
        )
        if not no_qr:
            picture = io.StringIO()
            segno.make(uri, error="m").terminal(out=picture, compact=True)
            out.write(picture.getvalue())
        out.write(uri)
        out.write("\nThen sign in at the admin with username, password and the six-digit code.")
