"""QR codes for poster codes, made with segno (pure Python, no network)."""

import io

import segno
from django.conf import settings
from django.urls import reverse

# Quartile error correction: a poster can lose a quarter of its code to dirt or damage.
ERROR = "q"
BORDER = 4  # the quiet zone the QR standard asks for, in modules
PNG_DPI = 300
# How wide the code prints (quiet zone included) on each poster size, in millimetres. A
# phone reads a code from about ten times its width away; 3 cm is the smallest to print.
PRINT_WIDTH_MM = {"a4": 60, "a3": 90}
MIN_WIDTH_MM = 30


def code_url(code: str) -> str:
    """The absolute address a poster's QR code leads to, from SITE_URL (never the Host header)."""
    return settings.SITE_URL + reverse("reach:code", args=[code])


def make(code: str) -> segno.QRCode:
    return segno.make_qr(code_url(code), error=ERROR, boost_error=False)


def png(code: str, size: str = "a4") -> bytes:
    """A PNG that prints PRINT_WIDTH_MM[size] wide at 300 dpi (whole pixels per module)."""
    symbol = make(code)
    modules = symbol.symbol_size(scale=1, border=BORDER)[0]
    scale = max(1, round(PRINT_WIDTH_MM[size] / 25.4 * PNG_DPI / modules))
    buffer = io.BytesIO()
    symbol.save(buffer, kind="png", scale=scale, border=BORDER, dpi=PNG_DPI)
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
