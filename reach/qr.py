"""QR codes for poster codes, made with segno (pure Python, no network)."""

import io

import segno
from django.conf import settings
from django.urls import reverse

# Quartile error correction: a poster can lose a quarter of its code to dirt or damage.
ERROR = "q"
BORDER = 4  # the quiet zone the QR standard asks for, in modules
PNG_SCALE = 20  # pixels per module: about 2 mm at 300 dpi, ample for print
PNG_DPI = 300


def code_url(code: str) -> str:
    """The absolute address a poster's QR code leads to, from SITE_URL (never the Host header)."""
    return settings.SITE_URL + reverse("reach:code", args=[code])


def make(code: str) -> segno.QRCode:
    return segno.make_qr(code_url(code), error=ERROR, boost_error=False)


def png(code: str) -> bytes:
    buffer = io.BytesIO()
    make(code).save(buffer, kind="png", scale=PNG_SCALE, border=BORDER, dpi=PNG_DPI)
    return buffer.getvalue()


def svg(code: str) -> bytes:
    buffer = io.BytesIO()
    make(code).save(
        buffer,
        kind="svg",
        scale=10,
        border=BORDER,
        title=code_url(code),
        xmldecl=True,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue()
