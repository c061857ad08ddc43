"""Back up all content to one archive and restore it (`export_content`, `restore_content`).

The archive is a .tar.gz holding:

* `manifest.json`: the archive format, the content schema (the latest content migration),
  when it was made, how many records of each kind, and the SHA-256 of every other file;
* `content.json`: every content record (Django's JSON serialisation, primary keys kept;
  no user accounts, no history);
* `media/logos/...`: the partner logo files those records use.

A restore checks everything before writing anything: a damaged archive, a checksum
mismatch, an archive from a newer schema, records of anything other than content, or a
logo that is missing or is not an image are each refused with a clear message. The
database work is one transaction; logo files are written inside it and removed again
if it fails, so nothing is half-applied. History is not copied: each restored record
gets a new history entry saying it was restored, and with --replace the replaced
records get a "deleted" entry, so the site's own audit trail stays intact.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "content.json"
MEDIA = "media/"
MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024


def content_models():
    """Every model comms staff edit, parents before children (content.models.ContentModel)."""
    from content.models import content_models

    return content_models()


def public_models():
    """The models whose rows make a site "not empty" (the glossary is seeded by a migration)."""
    from content.models import GlossaryTerm

    return [m for m in content_models() if m is not GlossaryTerm]


def _graph():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).graph


def schema_version() -> str:
    leaves = _graph().leaf_nodes("content")
    return leaves[0][1]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Export -------------------------------------------------------------------------


def export(path) -> dict:
    """Write every content record and its logo files to a new archive at `path`."""
    from content.models import Partner

    path = Path(path)
    if path.exists():
        raise CommandError(f"{path} already exists. Choose a new file name; nothing was written.")
    if not path.parent.is_dir():
        raise CommandError(f"The folder {path.parent} does not exist; nothing was written.")
    with transaction.atomic():  # one consistent view of the content
        objects, counts = [], {}
        for model in content_models():
            rows = list(model.objects.order_by("pk"))
            objects.extend(rows)
            counts[model._meta.label_lower] = len(rows)
        data = serializers.serialize("json", objects, indent=1).encode()
        files = {}
        for partner in Partner.objects.exclude(logo="").order_by("pk"):
            name = partner.logo.name
            try:
                with default_storage.open(name, "rb") as handle:
                    files[MEDIA + name] = handle.read()
            except (FileNotFoundError, OSError):
                raise CommandError(
                    f"The logo of partner “{partner}” ({name}) is missing from storage, so the backup "
                    "would be incomplete. Upload the logo again (or remove it) and export again; "
                    "nothing was written."
                ) from None
    created = timezone.now()
    manifest = {
        "format": FORMAT,
        "schema": schema_version(),
        "created": created.isoformat(),
        "counts": counts,
        "files": {DATA: _sha256(data), **{name: _sha256(body) for name, body in files.items()}},
    }
    members = [
        (MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode()),
        (DATA, data),
        *sorted(files.items()),
    ]
    handle, temp = tempfile.mkstemp(prefix=".export-", suffix=".tar.gz", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, body in members:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                info.mtime = int(created.timestamp())
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(body))
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return {"counts": counts, "files": len(files), "schema": manifest["schema"], "path": str(path)}


# --- Reading an archive -------------------------------------------------------------


@dataclass
class Archive:
    path: str
    manifest: dict
    data: bytes
    files: dict  # storage name ("logos/x.png") -> bytes


def _damaged(path, why) -> CommandError:
    return CommandError(f"{path} is damaged or is not a content backup: {why}. Nothing was restored.")


def _safe_member_name(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name:
        return False
    normal = posixpath.normpath(name)
    return normal == name and not normal.startswith("..") and "/../" not in f"/{normal}/"


def read(path) -> Archive:
    """Open and check an archive completely, without writing anything."""
    path = str(path)
    if not os.path.isfile(path):
        raise CommandError(f"{path} does not exist. Nothing was restored.")
    members = {}
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            total = 0
            for count, member in enumerate(tar, start=1):
                if count > MAX_MEMBERS:
                    raise _damaged(path, "it holds far more files than a content backup does")
                if not member.isfile():
                    raise _damaged(path, f"“{member.name}” is not a plain file")
                if not _safe_member_name(member.name):
                    raise _damaged(path, f"“{member.name}” is not an allowed file name")
                if member.name in members:
                    raise _damaged(path, f"“{member.name}” appears twice")
                if member.size > MAX_MEMBER_BYTES or total + member.size > MAX_TOTAL_BYTES:
                    raise _damaged(path, f"“{member.name}” is far larger than a content backup holds")
                total += member.size
                body = tar.extractfile(member).read()
                if len(body) != member.size:
                    raise _damaged(path, f"“{member.name}” is cut short")
                members[member.name] = body
    except CommandError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as error:
        raise _damaged(path, f"it could not be read as a .tar.gz archive ({error})") from None

    if MANIFEST not in members:
        raise _damaged(path, "it has no manifest.json")
    try:
        manifest = json.loads(members.pop(MANIFEST))
    except (ValueError, UnicodeDecodeError):
        raise _damaged(path, "its manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise _damaged(path, "its manifest.json is not a backup manifest")

    format_version = manifest.get("format")
    if not isinstance(format_version, int):
        raise _damaged(path, "its manifest has no archive format")
    if format_version > FORMAT:
        raise CommandError(
            f"{path} was made by a newer version of the site (archive format {format_version}; this "
            f"site reads format {FORMAT}). Update this site first. Nothing was restored."
        )
    schema = manifest.get("schema")
    graph = _graph()
    current = schema_version()
    if not isinstance(schema, str) or not schema:
        raise _damaged(path, "its manifest does not say which content schema it was made with")
    if ("content", schema) not in graph.nodes:
        raise CommandError(
            f"{path} was made by a newer version of the site (content schema {schema}; this site is at "
            f"{current} and does not know {schema}). Update this site's code and run migrate, then "
            "restore again. Nothing was restored."
        )

    listed = manifest["files"]
    if set(listed) != set(members):
        missing = sorted(set(listed) - set(members))
        extra = sorted(set(members) - set(listed))
        if missing:
            raise _damaged(path, f"{', '.join(missing)} is listed in the manifest but missing")
        raise _damaged(path, f"{', '.join(extra)} is not listed in the manifest")
    for name, body in members.items():
        if _sha256(body) != listed[name]:
            raise _damaged(path, f"the checksum of {name} does not match the manifest")
    if DATA not in members:
        raise _damaged(path, "it has no content.json")
    files = {}
    for name, body in members.items():
        if name == DATA:
            continue
        if not name.startswith(MEDIA + "logos/"):
            raise _damaged(path, f"“{name}” is not a logo file")
        files[name[len(MEDIA) :]] = body
    return Archive(path, manifest, members[DATA], files)


# --- Restore ------------------------------------------------------------------------


def _records(archive: Archive) -> list[dict]:
    allowed = {m._meta.label_lower for m in content_models()}
    try:
        records = json.loads(archive.data)
    except (ValueError, UnicodeDecodeError):
        raise _damaged(archive.path, "its content.json is not valid JSON") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise _damaged(archive.path, "its content.json is not a list of records")
    for record in records:
        label = str(record.get("model", "")).lower()
        if label not in allowed:
            raise CommandError(
                f"{archive.path} holds records of “{label}”, which a content backup never holds. "
                "Nothing was restored."
            )
    return records


def _check_logos(archive: Archive, records: list[dict]) -> None:
    from content.validators import inspect_image

    used = {r["fields"].get("logo") for r in records if r.get("model", "").lower() == "content.partner"}
    used.discard("")
    used.discard(None)
    for name in sorted(used):
        if name not in archive.files:
            raise _damaged(archive.path, f"the logo {name} used by a partner is not in the archive")
    for name, body in archive.files.items():
        try:
            inspect_image(ContentFile(body, name=name))
        except ValidationError as error:
            raise _damaged(
                archive.path, f"{name} is not a usable logo ({' '.join(error.messages)})"
            ) from None


def restore(archive: Archive, *, replace: bool = False) -> dict:
    """Load an archive that `read()` has checked. All or nothing."""
    from content import snapshot

    records = _records(archive)
    _check_logos(archive, records)
    models = content_models()
    made = archive.manifest.get("created", "")[:10] or "an unknown date"
    reason = f"Restored from a backup made {made}"[:100]
    stamp = timezone.now()
    written = []
    try:
        with transaction.atomic():
            occupied = [str(m._meta.verbose_name_plural) for m in public_models() if m.objects.exists()]
            if occupied and not replace:
                raise CommandError(
                    "This site already has content (" + ", ".join(occupied) + "). Restore only into an "
                    "empty site, or add --replace to replace all content in one step. Nothing was restored."
                )
            for model in reversed(models):
                for obj in model.objects.all():
                    obj._change_reason = "Replaced by a restore from backup"
                    obj._history_date = stamp
                    obj.delete()
            try:
                objects = list(serializers.deserialize("json", archive.data))
                for obj in objects:
                    # Logo files are checked as images above (the field's own validator
                    # would open a file that is only written below).
                    obj.object.full_clean(exclude=["logo"], validate_unique=False, validate_constraints=False)
                    obj.save()
            except (DeserializationError, ValidationError, IntegrityError, DatabaseError) as error:
                raise CommandError(
                    f"The content in {archive.path} could not be loaded ({error}). Nothing was restored."
                ) from None
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            counts = {}
            for model in models:
                rows = list(model.objects.all())
                counts[model._meta.label_lower] = len(rows)
                model.history.bulk_history_create(rows, default_change_reason=reason, default_date=stamp)
            for name, body in sorted(archive.files.items()):
                if default_storage.exists(name):
                    with default_storage.open(name, "rb") as handle:
                        if _sha256(handle.read()) == _sha256(body):
                            continue
                    raise CommandError(
                        f"A different file named {name} is already stored. Nothing was restored."
                    )
                saved = default_storage.save(name, ContentFile(body))
                written.append(saved)
                if saved != name:
                    raise CommandError(
                        f"The logo {name} could not be stored under its own name. Nothing was restored."
                    )
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except OSError:
                pass
        raise
    snapshot.publish()
    return {"counts": counts, "files": len(written), "schema": archive.manifest.get("schema"), "made": made}


def describe(counts: dict) -> str:
    from django.apps import apps

    nouns = {"content.glossaryterm": ("glossary term", "glossary terms")}
    parts = []
    for label, n in counts.items():
        meta = apps.get_model(label)._meta
        one, many = nouns.get(label, (meta.verbose_name, meta.verbose_name_plural))
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
