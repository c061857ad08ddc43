"""Backup and restore of all content: lossless, and refusing anything damaged or foreign."""

import hashlib
import io
import json
import tarfile
from io import StringIO

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from content import backup
from content.models import Closure, Figure, GlossaryTerm, Helpline, HelpService, Partner
from tests.admin_helpers import public
from tests.conftest import wipe_content
from tests.images import png_bytes

# Fixtures: later, media_root, second_editor.


def everything() -> str:
    """Every content record, fields and primary keys, as JSON."""
    objects = [obj for model in backup.content_models() for obj in model.objects.order_by("pk")]
    return serializers.serialize("json", objects, indent=1)


def files() -> dict:
    found = {}
    for name in default_storage.listdir("logos")[1]:
        with default_storage.open(f"logos/{name}", "rb") as handle:
            found[f"logos/{name}"] = handle.read()
    return found


def wipe_site(media):
    """An empty site: content rows gone (the glossary is seeded by migration), no uploads."""
    wipe_content()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.fixture
def rich_content(seeded, media_root):
    """Seed content plus a logo, a closure, an edited number and a glossary term."""
    helpline = Helpline.load()
    helpline.phone_display = ""
    helpline.phone = "+448001234567"
    helpline.hours_last_verified = "2026-11-01"
    helpline.save()
    Closure.objects.create(
        helpline=helpline, start_date="2026-12-25", end_date="2026-12-26", reason="Christmas"
    )
    partner = Partner.objects.get(order=1)
    partner.logo.save("wyp.png", ContentFile(png_bytes(colour=(0, 40, 120))), save=False)
    partner.alt_text = "West Yorkshire Police"
    partner.save()
    hidden = Partner.objects.get(order=2)
    hidden.logo.save("lff.png", ContentFile(png_bytes(size=(60, 30))), save=False)
    hidden.alt_text = "The Lucy Faithfull Foundation"
    hidden.visible = False
    hidden.save()
    GlossaryTerm.objects.create(term="predator", kind="warn", preferred="someone who has offended")
    return media_root


def export_to(tmp_path, name="content.tar.gz"):
    path = tmp_path / name
    out = StringIO()
    call_command("export_content", str(path), stdout=out)
    return path, out.getvalue()


def test_export_then_restore_into_an_empty_site_is_lossless(rich_content, tmp_path):
    records_before, files_before = everything(), files()
    pages_before = {p: public(p) for p in ("/", "/get-help/", "/accessibility/")}
    archive, said = export_to(tmp_path)
    assert "Exported 1 helpline details, 5 opening hours, 1 closure" in said
    assert "2 logo file(s)" in said

    wipe_site(rich_content)
    assert not Helpline.objects.exists() and files() == {}

    out = StringIO()
    call_command("restore_content", str(archive), stdout=out)
    assert "Restored 1 helpline details" in out.getvalue()
    assert everything() == records_before
    assert files() == files_before
    assert {p: public(p) for p in pages_before} == pages_before
    # The restore is in each record's history.
    assert Helpline.history.latest().history_change_reason.startswith("Restored from a backup made ")
    # New records get fresh primary keys after a restore (sequences were reset).
    figure = Figure.objects.create(value=1, label="x", year=2026, source="test")
    assert figure.pk > Figure.objects.exclude(pk=figure.pk).order_by("-pk").first().pk


def test_restore_refuses_a_site_with_content_unless_replacing(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    records = everything()
    helpline = Helpline.load()
    helpline.phone_note = "Changed after the backup."
    helpline.save()
    HelpService.objects.create(slug="new", name="New service", group="other")

    with pytest.raises(CommandError, match="already has content.*--replace"):
        call_command("restore_content", str(archive))
    assert Helpline.load().phone_note == "Changed after the backup."

    call_command("restore_content", str(archive), "--replace", stdout=StringIO())
    assert everything() == records
    assert not HelpService.objects.filter(slug="new").exists()
    # The replaced records' history records the replacement.
    assert HelpService.history.filter(slug="new", history_type="-").exists()


def rewrite(archive, tmp_path, change, name="changed.tar.gz"):
    """Copy an archive, letting `change(members)` edit the {name: bytes} it holds."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar}
    change(members)
    path = tmp_path / name
    with tarfile.open(path, "w:gz") as tar:
        for member, body in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def resign(members):
    """Recompute the manifest's checksums, as a careful forger would."""
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = {n: hashlib.sha256(b).hexdigest() for n, b in members.items() if n != "manifest.json"}
    members["manifest.json"] = json.dumps(manifest).encode()


def assert_refused_and_nothing_changed(archive, message, *extra):
    records, stored = everything(), files()
    with pytest.raises(CommandError, match=message):
        call_command("restore_content", str(archive), *extra, stdout=StringIO())
    assert everything() == records
    assert files() == stored


def test_an_archive_from_a_newer_schema_is_refused(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)

    def newer(members):
        manifest = json.loads(members["manifest.json"])
        manifest["schema"] = "0099_from_the_future"
        members["manifest.json"] = json.dumps(manifest).encode()

    wipe_site(rich_content)
    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, newer), r"newer version of the site \(content schema 0099_from_the_future"
    )

    def newer_format(members):
        manifest = json.loads(members["manifest.json"])
        manifest["format"] = 2
        members["manifest.json"] = json.dumps(manifest).encode()

    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, newer_format, "f.tar.gz"), "archive format 2"
    )


def test_a_damaged_archive_is_refused(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    wipe_site(rich_content)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[:-400])
    assert_refused_and_nothing_changed(cut, "is damaged or is not a content backup")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive at all")
    assert_refused_and_nothing_changed(junk, "could not be read as a .tar.gz archive")
    assert_refused_and_nothing_changed(tmp_path / "missing.tar.gz", "does not exist")


def test_a_checksum_mismatch_is_refused(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    wipe_site(rich_content)

    def tamper(members):
        members["content.json"] = members["content.json"].replace(b"Christmas", b"Xmas!!!!!")

    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, tamper), "checksum of content.json does not match"
    )

    def swap_logo(members):
        name = next(n for n in members if n.startswith("media/logos/"))
        members[name] = png_bytes(colour=(255, 0, 0))

    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, swap_logo, "logo.tar.gz"), "checksum of media/logos/"
    )


def test_records_other_than_content_are_refused(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    wipe_site(rich_content)

    def add_user(members):
        data = json.loads(members["content.json"])
        data.append(
            {
                "model": "auth.user",
                "pk": 99,
                "fields": {"username": "intruder", "is_superuser": True, "password": "x"},
            }
        )
        members["content.json"] = json.dumps(data).encode()
        resign(members)

    assert_refused_and_nothing_changed(rewrite(archive, tmp_path, add_user), "holds records of “auth.user”")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="intruder").exists()


def test_a_file_that_is_not_a_logo_is_refused(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    wipe_site(rich_content)

    def smuggle(members):
        name = next(n for n in members if n.startswith("media/logos/"))
        members[name] = b"<svg onload=alert(1)></svg>"
        resign(members)

    assert_refused_and_nothing_changed(rewrite(archive, tmp_path, smuggle), "is not a usable logo")

    def escape(members):
        members["media/../../etc/cron.d/x"] = b"* * * * * root true"
        resign(members)

    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, escape, "escape.tar.gz"), "not an allowed file name"
    )


def test_a_restore_that_fails_half_way_leaves_no_records_and_no_files(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    wipe_site(rich_content)

    def bad_closure(members):
        data = json.loads(members["content.json"])
        for record in data:
            if record["model"] == "content.closure":
                record["fields"]["end_date"] = "2026-12-01"  # before it starts
        members["content.json"] = json.dumps(data).encode()
        resign(members)

    assert_refused_and_nothing_changed(
        rewrite(archive, tmp_path, bad_closure), "could not be loaded.*Nothing was restored"
    )
    assert not Helpline.objects.exists()
    assert files() == {}


def test_export_refuses_to_overwrite_or_to_leave_out_a_logo(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_content", str(archive))
    partner = Partner.objects.get(order=1)
    default_storage.delete(partner.logo.name)
    with pytest.raises(CommandError, match="is missing from storage"):
        call_command("export_content", str(tmp_path / "second.tar.gz"))
    assert not (tmp_path / "second.tar.gz").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_files_written_before_a_failure_are_removed_again(rich_content, tmp_path):
    archive, _said = export_to(tmp_path)
    names = sorted(files())
    wipe_site(rich_content)
    # A different file already sits under the second logo's name: the first logo is
    # written, then the clash stops the restore, which must take the first one back out.
    default_storage.save(names[1], ContentFile(png_bytes(colour=(1, 2, 3))))
    with pytest.raises(CommandError, match=f"A different file named {names[1]} is already stored"):
        call_command("restore_content", str(archive), stdout=StringIO())
    assert sorted(files()) == [names[1]]
    assert not Helpline.objects.exists()
