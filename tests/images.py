"""Small images made on the fly for upload tests."""

import io

from PIL import Image


def png_bytes(size=(40, 20), colour=(29, 63, 114)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()
