"""Checks for what comms staff upload. Every upload is treated as hostile."""

import io
import re
import unicodedata
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

# A print-quality logo (up to 8,000 pixels a side) is accepted and made smaller. Pillow
# refuses to decode more pixels than this (and warns between this and twice it): a
# decompression bomb can be a few kilobytes on disk and gigabytes once decoded.
MAX_LOGO_PIXELS = 8000 * 8000
Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS
LOGO_MAX_BOX = (480, 160)  # pixels; the footer shows logos at most 240 x 80 CSS px
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 10 * 1024 * 1024 else f"{size / (1024 * 1024):.1f}"


def inspect_image(fileobj):
    """Open an upload with Pillow and return (format, width, height), or raise ValidationError.

    Refuses anything that is not really a PNG, JPEG or WebP (whatever its name says),
    anything over MAX_STAFF_UPLOAD_BYTES, and images with more than MAX_LOGO_PIXELS.
    """
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
    if size > settings.MAX_STAFF_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; the limit is %(limit)s MB. Save a smaller copy and upload that."),
            code="too_big",
            params={"size": megabytes(size), "limit": megabytes(settings.MAX_STAFF_UPLOAD_BYTES)},
        )
    fileobj.seek(0)
    head = fileobj.read(512)
    fileobj.seek(0)
    if b"<svg" in head.lower() or b"<?xml" in head.lower():
        raise ValidationError(
            _("SVG files cannot be used. Upload the logo as a PNG, JPEG or WebP image."),
            code="svg",
        )
    too_many = ValidationError(
        _(
            "This image has too many pixels to process safely (at most %(mp)d megapixels, for "
            "example 8,000 × 8,000). Save a smaller copy and upload that."
        ),
        code="too_many_pixels",
        params={"mp": MAX_LOGO_PIXELS // 1_000_000},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the three decoders we accept are even tried, whatever the file says.
            with Image.open(fileobj, formats=list(ALLOWED_FORMATS)) as img:
                fmt = img.format
                width, height = img.size
                if width * height > MAX_LOGO_PIXELS:
                    raise too_many
                img.verify()  # checks the data is a complete, undamaged image
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except Exception:
        raise ValidationError(
            _("This file is not a PNG, JPEG or WebP image, or it is damaged."), code="invalid"
        ) from None
    finally:
        fileobj.seek(0)
    return fmt, width, height


def validate_logo(fieldfile):
    """Model-field validator: only check new uploads (stored files were checked already)."""
    # Check _committed first: touching .file on a stored logo opens it, which fails if
    # the file has gone missing.
    if getattr(fieldfile, "_committed", True):
        return
    upload = getattr(fieldfile, "file", None)
    if upload is not None:
        inspect_image(upload)


def reencode_logo(fileobj):
    """Decode and re-save an image, dropping metadata and anything appended to it.

    Returns (bytes, extension, width, height). Logos become PNG (keeping transparency)
    unless they were JPEG photos, which stay JPEG.
    """
    fmt, _w, _h = inspect_image(fileobj)
    fileobj.seek(0)
    with Image.open(fileobj, formats=[fmt]) as img:
        # For a JPEG, draft() decodes at a fraction of the size (much less memory and time).
        img.draft("RGB", (LOGO_MAX_BOX[0] * 2, LOGO_MAX_BOX[1] * 2))
        img.load()
        # Logos are shown small in the footer: keep twice the largest displayed size (for
        # high-density screens) and no more, so five logos stay a few kilobytes each.
        img.thumbnail(LOGO_MAX_BOX, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            ext = "jpg"
        else:
            mode = "RGBA" if img.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            img.convert(mode).save(out, "PNG", optimize=True)
            ext = "png"
        width, height = img.size
    return out.getvalue(), ext, width, height


# --- Text that people read ----------------------------------------------------------

GROUPING = re.compile(r"[0-9 +()\-]*")


# The zero-width joiner and non-joiner shape letters in Urdu and Gurmukhi text, so they are
# allowed in those languages' fields. Bidi controls never are.
JOINERS = frozenset("\u200c\u200d")


def format_characters(text: str, allowed: frozenset = frozenset()) -> list[str]:
    """Invisible format characters (Unicode category Cf) in a text, named for the editor:
    bidi controls such as U+202E reorder what is shown (a number can read backwards while its
    link stays right), and zero-width characters hide inside words."""
    found = []
    for char in dict.fromkeys(text):
        if unicodedata.category(char) == "Cf" and char not in allowed:
            found.append(f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}")
    return found


def validate_no_format_characters(value, allowed: frozenset = frozenset()):
    found = format_characters(str(value or ""), allowed)
    if found:
        raise ValidationError(
            _(
                "This text contains invisible formatting characters (%(chars)s), which can change "
                "how it is shown. Delete the text and type it again rather than pasting it."
            ),
            code="format_characters",
            params={"chars": ", ".join(found)},
        )


def validate_grouping(value):
    """How a dialled number is grouped on the page: digits, spaces and + ( ) - only."""
    if not GROUPING.fullmatch(value or ""):
        raise ValidationError(
            _("Use only digits and spaces (and + ( ) -), for example 0808 1000 900."),
            code="grouping",
        )
