"""The QR code printed on posters: the same settings as the site's poster codes (reach.qr)."""

import segno
from PIL import Image

from reach.qr import BORDER, ERROR


def qr_code(url: str) -> segno.QRCode:
    """The QR code for `url`, with quartile error correction (survives a damaged poster)."""
    return segno.make_qr(url, error=ERROR, boost_error=False)


def qr_image(url: str, scale: int, dark=(0, 0, 0), light=(255, 255, 255)) -> Image.Image:
    """The code as an image, `scale` pixels per module, with the standard 4-module quiet zone.

    Drawn from segno's matrix rather than through its PNG writer, so the pixels are exactly
    the matrix (tests compare them) and the image is a two-colour palette image.
    """
    rows = list(qr_code(url).matrix_iter(scale=scale, border=BORDER))
    image = Image.new("P", (len(rows[0]), len(rows)), 0)
    image.putpalette([*light, *dark])
    image.putdata([1 if dark_module else 0 for row in rows for dark_module in row])
    return image
