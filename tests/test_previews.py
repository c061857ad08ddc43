"""The README's poster and card previews (docs/previews/) are what `make previews` draws from
today's seed content: when the copy, the partners or the layout change, the pictures a reader
of the README sees must change with them."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from toolkit import previews

COMMITTED = Path(previews.ROOT) / "docs" / "previews"


@pytest.mark.parametrize("name", ["poster-a4.png", "card-1080x1080.png"])
def test_the_readme_previews_are_up_to_date(tmp_path, name, capsys):
    previews.main(["--out", str(tmp_path)])
    fresh = Image.open(tmp_path / name).convert("RGB")
    committed = Image.open(io.BytesIO((COMMITTED / name).read_bytes())).convert("RGB")
    assert fresh.size == committed.size, "run `make previews` and commit docs/previews/"
    difference = ImageChops.difference(fresh, committed).convert("L")
    changed = sum(difference.histogram()[49:]) / (fresh.width * fresh.height)  # pixels clearly changed
    assert changed < 0.002, f"{changed:.1%} of {name} differs: run `make previews` and commit docs/previews/"
