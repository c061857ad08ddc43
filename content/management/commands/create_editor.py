"""Create a staff account for the admin.

    python manage.py create_editor                 # a comms editor; asks for the details
    python manage.py create_editor --superuser     # a full administrator
    CREATE_EDITOR_PASSWORD=... python manage.py create_editor --username ann --email ann@example.org --no-input

Passwords must pass the site's password rules (AUTH_PASSWORD_VALIDATORS: at least 14
characters, not common, not all digits, not like the username). Then give the person an
authenticator: manage.py setup_totp <username>.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

PASSWORD_ENV = "CREATE_EDITOR_PASSWORD"  # noqa: S105 (a variable name, not a password)
EDITORS_GROUP = "Comms editors"


class Command(BaseCommand):
    help = "Create a staff user (a comms editor, or with --superuser an administrator)."

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true", help="Full administrator rights.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing; the password comes from the {PASSWORD_ENV} environment variable.",
        )

    def handle(self, *args, username=None, email="", superuser=False, interactive=True, **options):
        User = get_user_model()
        if interactive:
            username = username or input("Username: ").strip()
            email = email or input("Email (optional): ").strip()
        if not username:
            raise CommandError("A username is needed (--username).")
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(f"There is already a user called {username!r}.")
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True, is_superuser=superuser)
        try:
            user.clean_fields(exclude=["password"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        password = self._password(user, interactive)
        user.set_password(password)
        with transaction.atomic():
            user.save()
            if not superuser:
                group = Group.objects.filter(name=EDITORS_GROUP).first()
                if group is None:
                    raise CommandError(f"The {EDITORS_GROUP!r} group is missing: run manage.py migrate.")
                user.groups.add(group)
        role = "administrator" if superuser else "comms editor"
        self.stdout.write(f"Created {role} {username}.")
        self.stdout.write(f"Next, give them an authenticator: python manage.py setup_totp {username}")

    def _password(self, user, interactive):
        if not interactive:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_ENV} to the new password.")
            self._validate(password, user, CommandError)
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            try:
                self._validate(password, user, ValidationError)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password

    @staticmethod
    def _validate(password, user, error_class):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            if error_class is ValidationError:
                raise
            raise CommandError(" ".join(error.messages)) from None
