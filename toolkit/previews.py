"""Write README previews of the toolkit: an A4 poster and a 1080x1080 card.

    make previews            # or: python -m toolkit.previews [--out docs/previews]

Both are made from the seed content (content/defaults.py), as a fresh site would make them,
with a placeholder site address. The poster preview is the real PDF rendered by PDFium
(pypdfium2, a dev dependency) and cropped to the trim, so it shows exactly what prints.
"""

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREVIEW_WIDTH = 800  # pixels across the poster's trim
SUPERSAMPLE = 2  # render larger, then shrink: smooth edges on the QR code and text


def render_poster_preview(pdf: bytes, trim_mm, bleed_mm):
    """The poster's first page as a PIL image, cropped to the trim, PREVIEW_WIDTH wide."""
    import pypdfium2 as pdfium
    from PIL import Image

    points_per_mm = 72 / 25.4
    scale = SUPERSAMPLE * PREVIEW_WIDTH / (trim_mm[0] * points_per_mm)
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    bleed_px = round(bleed_mm * points_per_mm * scale)
    image = image.crop((bleed_px, bleed_px, image.width - bleed_px, image.height - bleed_px))
    height = round(PREVIEW_WIDTH * trim_mm[1] / trim_mm[0])
    return image.resize((PREVIEW_WIDTH, height), Image.Resampling.LANCZOS)


def small_png(image) -> bytes:
    """A palette PNG: the previews are flat colours, so 64 colours look the same at a third
    of the size."""
    from PIL import Image

    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, format="PNG", optimize=True
    )
    return buffer.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write toolkit previews for the README.")
    parser.add_argument("--out", default=str(ROOT / "docs" / "previews"), help="folder to write to")
    parser.add_argument(
        "--site-url", default="https://campaign.example.org", help="the site address printed on them"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    import django

    django.setup()
    from content.snapshot import default_snapshot
    from toolkit import images, posters
    from toolkit.assets import content_from_snapshot

    content = content_from_snapshot(
        default_snapshot(),
        site_url=args.site_url,
        qr_url=args.site_url.rstrip("/") + "/c/preview/",
        placement_label="Preview",
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    poster = render_poster_preview(posters.poster_pdf(content, "A4"), posters.SIZES["A4"], posters.BLEED_MM)
    written = {
        "poster-a4.png": small_png(poster),
        "card-1080x1080.png": small_png(_open(images.social_card(content, "1080x1080").png)),
    }
    for name, data in written.items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data) / 1024:.0f} KB")


def _open(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


if __name__ == "__main__":
    main()
