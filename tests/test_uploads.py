"""Partner logos are hostile input: each is refused or neutralised, and a real one is forgiven.

Every upload goes through the real admin add form, signed in with a one-time code.
Accepted logos are decoded and re-saved (dropping metadata and anything hidden after
the image, downscaled), stored under a name made from their content, and served as
images with nosniff and a sandboxing policy. A print-quality file is made smaller rather
than refused; an accepted file is kept while the editor fixes another field.
"""

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from content.models import Partner
from tests.admin_forms import form_values
from tests.admin_helpers import text_of
from tests.images import png_bytes

SCRIPT = b"<script>alert(document.domain)</script>"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def upload(client, filename, data, content_type="image/png", alt_text="Upload test"):
    url = reverse("admin:content_partner_add")
    form = form_values(client.get(url).content.decode(), "partner_form")
    form.update({"name_en_gb": "Upload test", "alt_text": alt_text, "url": "", "order": "9"})
    form["logo"] = SimpleUploadedFile(filename, data, content_type=content_type)
    return client.post(url, form)


def errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side=20000) -> bytes:
    """A real, complete 1-bit PNG of side x side pixels: tens of kilobytes on disk, a
    huge bitmap once decoded."""
    row = b"\x00" + b"\x00" * (side // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()


def noisy_png(side=1100) -> bytes:
    """Random pixels, stored uncompressed: side * side * 3 bytes, a real, decodable PNG."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG", compress_level=0)
    return out.getvalue()


HOSTILE = {
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "svg renamed png": (
        "logo.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image/png",
    ),
    "html renamed png": (
        "logo.png",
        b"<!doctype html><html><body>" + SCRIPT + b"</body></html>",
        "image/png",
    ),
    "gif with script appended": ("logo.gif", gif_bytes() + SCRIPT, "image/gif"),
    "gif renamed png": ("logo.png", gif_bytes(), "image/png"),
    "truncated png": ("logo.png", png_bytes()[:60], "image/png"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_files_are_refused(superuser_client, media, case):
    filename, data, content_type = HOSTILE[case]
    response = upload(superuser_client, filename, data, content_type)
    assert response.status_code == 200, "the form comes back with an error"
    assert errors(response)
    assert not Partner.objects.filter(name="Upload test").exists()
    assert stored_files(media) == []


def test_a_decompression_bomb_is_refused_with_a_clear_message(superuser_client, media):
    data = bomb_png()
    assert len(data) < 200 * 1024  # small on disk...
    response = upload(superuser_client, "logo.png", data)
    assert response.status_code == 200
    assert "too many pixels to process safely (at most 64 megapixels" in errors(response)
    assert not Partner.objects.filter(name="Upload test").exists()
    assert stored_files(media) == []


def test_an_image_just_over_the_pixel_limit_is_refused(superuser_client, media):
    response = upload(superuser_client, "logo.png", bomb_png(side=8200))  # 67 megapixels
    assert "at most 64 megapixels, for example 8,000 × 8,000" in errors(response)
    assert stored_files(media) == []


def test_a_print_quality_logo_is_made_smaller_not_refused(superuser_client, media, client):
    data = noisy_png(side=2100)  # 13 MB, over the public 5 MB limit
    assert len(data) > 12 * 1024 * 1024
    partner, stored = accepted(superuser_client, media, "print-logo.png", data)
    assert len(stored) < len(data) // 4
    assert (partner.logo_width, partner.logo_height) == (160, 160)  # twice the footer's 80 px height
    assert f'src="/media/{partner.logo.name}"' in client.get("/").content.decode()


def test_an_8000_pixel_jpeg_is_accepted(superuser_client, media):
    out = io.BytesIO()
    Image.new("RGB", (8000, 2000), (20, 60, 120)).save(out, "JPEG", quality=70)
    partner, stored = accepted(superuser_client, media, "wide.jpg", out.getvalue(), "image/jpeg")
    assert (partner.logo_width, partner.logo_height) == (480, 120)


def test_an_upload_over_the_staff_limit_gets_the_admins_own_page(superuser_client, media, settings):
    url = reverse("admin:content_partner_add")
    response = superuser_client.generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(26 * 1024 * 1024),
    )
    assert response.status_code == 413
    page = text_of(response)
    assert "This file is 26 MB; the limit is 25 MB." in page
    assert f'href="{url}"' in response.content.decode()  # back to the form it came from
    assert "Campaign website: content" in page  # in the admin's look
    assert response["Cache-Control"] == "no-store, private"
    assert stored_files(media) == []


def test_public_pages_keep_the_small_body_limit(client, seeded, settings):
    response = client.generic(
        "POST", "/", b"x", content_type="text/plain", CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1)
    )
    assert response.status_code == 413
    assert "helpline-strip" in response.content.decode()  # the site's own page, not the admin's


def test_the_browser_is_told_the_limit_before_sending(superuser_client, settings):
    html = superuser_client.get(reverse("admin:content_partner_add")).content.decode()
    assert f'data-max-bytes="{settings.MAX_STAFF_UPLOAD_BYTES}"' in html
    assert re.search(r'<script src="/static/js/admin-upload\.[0-9a-f]+\.js" defer>', html)


def test_an_accepted_upload_is_kept_while_the_editor_fixes_the_form(superuser_client, media):
    response = upload(superuser_client, "Our logo.png", png_bytes(size=(90, 30)), alt_text="")
    assert "Describe the logo" in errors(response)
    assert not Partner.objects.filter(name="Upload test").exists()
    assert "Uploaded: Our logo.png (kept while you fix the form)" in text_of(response)
    # The editor adds the description and saves again, without choosing the file again.
    form = form_values(response.content.decode(), "partner_form")
    form["alt_text"] = "Upload test"
    response = superuser_client.post(reverse("admin:content_partner_add"), form)
    assert response.status_code == 302, errors(response)
    partner = Partner.objects.get(name="Upload test")
    assert (partner.logo_width, partner.logo_height) == (90, 30)
    assert [p.name for p in stored_files(media)] == [partner.logo.name.split("/")[-1]]


def test_a_forged_kept_upload_is_ignored(superuser_client, media):
    url = reverse("admin:content_partner_add")
    form = form_values(superuser_client.get(url).content.decode(), "partner_form")
    form.update(
        {"name_en_gb": "Upload test", "alt_text": "x", "order": "9", "logo_kept": "logos/../../secret.png"}
    )
    assert superuser_client.post(url, form).status_code == 302
    assert not Partner.objects.get(name="Upload test").logo


def accepted(client, media, filename, data, content_type="image/png"):
    response = upload(client, filename, data, content_type)
    assert response.status_code == 302, errors(response)
    partner = Partner.objects.get(name="Upload test")
    files = stored_files(media)
    assert len(files) == 1
    return partner, files[0].read_bytes()


def test_a_png_with_a_script_appended_is_stripped(superuser_client, media):
    partner, stored = accepted(superuser_client, media, "logo.png", png_bytes() + SCRIPT)
    assert SCRIPT not in stored and b"<script" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        img.verify()


def test_a_good_logo_is_re_encoded_under_a_content_name(superuser_client, media):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script> made by someone@example.org")
    out = io.BytesIO()
    Image.new("RGB", (60, 30), (10, 80, 160)).save(out, "PNG", pnginfo=info)
    original = out.getvalue()

    partner, stored = accepted(superuser_client, media, "Our Logo (final) <v2>.png", original)
    assert stored != original
    assert b"someone@example.org" not in stored and b"<script" not in stored
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", partner.logo.name)  # nothing of the uploaded name
    assert (partner.logo_width, partner.logo_height) == (60, 30)
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (60, 30)


def test_jpeg_metadata_is_dropped(superuser_client, media):
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x013B] = "Photographer Name"  # Artist
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    partner, stored = accepted(superuser_client, media, "logo.jpg", out.getvalue(), "image/jpeg")
    assert b"secret description" not in stored and b"Photographer" not in stored
    assert partner.logo.name.endswith(".jpg")


def test_the_logo_is_served_as_an_image_with_nosniff(superuser_client, media, client):
    partner, stored = accepted(superuser_client, media, "logo.png", png_bytes() + SCRIPT)
    url = f"/media/{partner.logo.name}"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.cookies


def test_whatever_is_in_storage_is_only_ever_served_as_an_image(media, client, seeded):
    """Even a file that slipped into storage some other way cannot run as a page."""
    (media / "logos").mkdir()
    (media / "logos" / "evil.png").write_bytes(b"<html>" + SCRIPT)
    (media / "logos" / "evil.html").write_bytes(b"<html>" + SCRIPT)
    (media / "logos" / "evil.svg").write_bytes(b"<svg>" + SCRIPT)
    response = client.get("/media/logos/evil.png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get("/media/logos/evil.html").status_code == 404
    assert client.get("/media/logos/evil.svg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../campaign_site/settings.py",
        "/media/logos/../../manage.py",
        "/media/logos/%2e%2e/%2e%2e/manage.py",
        "/media/logos/..%2f..%2fmanage.py",
        "/media/logos/%00.png",
        "/media/other/x.png",
        "/media/logos/",
    ],
)
def test_media_paths_cannot_escape_the_logo_folder(client, seeded, media, path):
    (media / "logos").mkdir(exist_ok=True)
    (media / "x.png").write_bytes(png_bytes())
    assert client.get(path).status_code == 404
