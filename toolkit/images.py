"""Social media cards and the email-signature banner, drawn with Pillow.

Same fonts and colours as the posters, text only (no pictures of anyone). Each comes back
as an `ImageAsset`: the PNG, its alt text, every piece of text drawn on it (so a caller or
a test can see what the image says without reading pixels) and, for cards, suggested posts.

Cards: a navy panel with the headline and "It is not too late to stop.", then on white the
call to action, the number (always the largest text), the self-help website and the site.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from toolkit import copy
from toolkit.pdf import ACCENT, CAP_HEIGHT, DESCENT, FONT_FILES, NAVY, WHITE
from toolkit.text import fill, in_language, suggested_posts

CARD_SIZES = {
    "1080x1080": (1080, 1080),  # square: Instagram, Facebook, LinkedIn
    "1080x1350": (1080, 1350),  # portrait: Instagram feed
    "1080x1920": (1080, 1920),  # stories and reels
    "1200x675": (1200, 675),  # landscape: X, LinkedIn, Facebook link posts
}
BANNER_SIZE = (600, 150)
# Type sizes start at this multiple of the design size and step down until all fits.
CARD_SCALES = tuple(round(1.5 - 0.04 * i, 2) for i in range(21))


@dataclass(frozen=True)
class DrawnText:
    """One line of text as drawn: its words, its size in pixels and weight."""

    text: str
    size_px: int
    bold: bool


@dataclass(frozen=True)
class ImageAsset:
    png: bytes
    width: int
    height: int
    #: For the <img alt> or the alt-text box of a social network: everything the image says.
    alt_text: str
    #: Every line drawn, top to bottom.
    drawn: tuple[DrawnText, ...]
    #: Ready-to-paste post texts to go with a card (empty for the banner).
    posts: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The image's text, one drawn line per line."""
        return "\n".join(d.text for d in self.drawn)


@lru_cache(maxsize=64)
def _font(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same glyph positions whether or not libraqm is installed.
    return ImageFont.truetype(str(FONT_FILES["B" if bold else ""]), px, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for word in str(text).split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Block:
    """A paragraph to lay out: text, size, weight, colour, line spacing, space after (px)."""

    text: str
    px: int
    bold: bool
    color: tuple[int, int, int]
    leading: float = 1.2
    gap: int = 0

    def lines(self, width: float) -> list[str]:
        return _wrap(self.text, _font(self.px, self.bold), width)

    def height(self, width: float) -> float:
        return self.px * (CAP_HEIGHT + DESCENT + self.leading * (len(self.lines(width)) - 1))


def _stack_height(blocks, width) -> float:
    return sum(b.height(width) + b.gap for b in blocks)


def _draw_stack(draw, blocks, x, y, width, drawn, align="left") -> float:
    """Draw blocks from cap line y downwards; record each line; return the y below."""
    for b in blocks:
        font = _font(b.px, b.bold)
        for i, line in enumerate(b.lines(width)):
            dx = (width - font.getlength(line)) / 2 if align == "center" else 0
            baseline = y + b.px * (CAP_HEIGHT + b.leading * i)
            draw.text((round(x + dx), round(baseline)), line, font=font, fill=b.color, anchor="ls")
            drawn.append(DrawnText(line, b.px, b.bold))
        y += b.height(width) + b.gap
    return y


def _fit_px(text: str, width: float, max_px: int, bold: bool = True) -> int:
    """The largest size up to max_px at which text fits on one line of `width` pixels."""
    natural = _font(max_px, bold).getlength(str(text))
    return max_px if natural <= width else max(8, int(max_px * width / natural))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No metadata is written, so equal pixels give equal bytes.
    image.save(buffer, format="PNG", compress_level=9)
    return buffer.getvalue()


def _card_layout(c, w: int, h: int, f: float):
    """The card's two stacks of blocks at type scale f.

    Returns (message blocks, help blocks, margin, message width, help width). Landscape
    cards put the two side by side; the others put the message above the help.
    """
    side_by_side = w > 1.3 * h
    unit = min(w, h * 1.5)  # the landscape card is sized by its height
    margin = round(0.075 * unit)
    if side_by_side:
        panel_w = round(0.42 * w)
        top_w, bottom_w = panel_w - 2 * margin, w - panel_w - 2 * margin
    else:
        top_w = bottom_w = w - 2 * margin
    number_px = _fit_px(c.phone_display, bottom_w, round(0.2 * unit * f))
    # The number stays clearly the largest text: nothing else is above 62% of it.
    cap = round(0.62 * number_px)

    def px(share, text=None, bold=True):
        size = min(cap, round(share * unit * f))
        return size if text is None else min(size, _fit_px(text, bottom_w, size, bold))

    top = [
        _Block(str(copy.HEADLINE), px(0.08), True, WHITE, 1.12, round(0.03 * unit * f)),
        _Block(str(copy.NOT_TOO_LATE), px(0.058), True, ACCENT, 1.15),
    ]
    bottom = [
        _Block(fill(copy.CARD_CALL_LEAD, c), px(0.042), True, NAVY, 1.2, round(0.03 * unit * f)),
        _Block(c.phone_display, number_px, True, NAVY, 1.0, round(0.05 * unit * f)),
        _Block(str(copy.CARD_SELFHELP_LEAD), px(0.036), False, NAVY, 1.2, round(0.014 * unit * f)),
        _Block(c.selfhelp_address, px(0.05, c.selfhelp_address), True, NAVY, 1.0, round(0.045 * unit * f)),
        _Block(c.site_address, px(0.034, c.site_address, False), False, NAVY),
    ]
    return top, bottom, margin, top_w, bottom_w


@in_language
def social_card(c, size: str = "1080x1080") -> ImageAsset:
    """A social media card. `size` is one of CARD_SIZES ("1080x1080", "1080x1350",
    "1080x1920", "1200x675")."""
    if size not in CARD_SIZES:
        raise ValueError(f"Unknown card size {size!r}; expected one of {sorted(CARD_SIZES)}.")
    w, h = CARD_SIZES[size]
    side_by_side = w > 1.3 * h
    # Stories: apps draw their own buttons over the top and bottom seventh of the picture.
    clear = round(0.14 * h) if h > 1.6 * w else 0
    for f in CARD_SCALES:
        top, bottom, margin, top_w, bottom_w = _card_layout(c, w, h, f)
        top_h, bottom_h = _stack_height(top, top_w), _stack_height(bottom, bottom_w)
        # Keep some air: a card filled to the edges reads as a wall of text.
        if side_by_side and max(top_h, bottom_h) <= h - 2.4 * margin:
            break
        if not side_by_side and top_h + bottom_h <= h - 4.4 * margin - 2 * clear:
            break
    else:
        raise ValueError("The card text does not fit even at the smallest type size.")
    image = Image.new("RGB", (w, h), WHITE)
    draw = ImageDraw.Draw(image)
    drawn: list[DrawnText] = []
    rule = max(6, min(w, h) // 160)
    if side_by_side:
        panel_w = w - bottom_w - 2 * margin
        draw.rectangle((0, 0, panel_w, h), fill=NAVY)
        draw.rectangle((panel_w, 0, panel_w + rule, h), fill=ACCENT)
        _draw_stack(draw, top, margin, (h - top_h) / 2, top_w, drawn)
        _draw_stack(draw, bottom, panel_w + margin, (h - bottom_h) / 2, bottom_w, drawn)
    else:
        # The panel takes its text plus margins, growing to at most 45% of the card; the
        # help below is centred in what is left.
        spare = h - top_h - bottom_h - 4 * margin - 2 * clear
        panel_h = round(
            max(top_h + 2 * margin + clear, min(top_h + 2 * margin + clear + spare / 2, 0.45 * h))
        )
        draw.rectangle((0, 0, w, panel_h), fill=NAVY)
        draw.rectangle((margin, panel_h, margin + round(0.18 * w), panel_h + rule), fill=ACCENT)
        _draw_stack(draw, top, margin, clear + (panel_h - clear - top_h) / 2, top_w, drawn)
        _draw_stack(draw, bottom, margin, panel_h + (h - clear - panel_h - bottom_h) / 2, bottom_w, drawn)
    return ImageAsset(_png(image), w, h, fill(copy.CARD_ALT, c), tuple(drawn), suggested_posts(c))


@in_language
def email_banner(c) -> ImageAsset:
    """A 600x150 banner for email signatures: the message on the left, the number and the
    self-help website on the right, on navy."""
    w, h = BANNER_SIZE
    margin = 20
    left_w, right_x = 240, 290
    right_w = w - right_x - margin
    number_px = _fit_px(c.phone_display, right_w, 44)
    line_px = min(19, round(0.6 * number_px))

    def message(px):
        return [
            _Block(str(copy.HEADLINE), px, True, WHITE, 1.2, 6),
            _Block(str(copy.NOT_TOO_LATE), px, True, ACCENT, 1.2),
        ]

    left = message(line_px)
    while _stack_height(left, left_w) > h - 2 * margin and line_px > 12:
        line_px -= 1
        left = message(line_px)
    right = [
        _Block(
            fill(copy.BANNER_CALL, c),
            min(14, _fit_px(fill(copy.BANNER_CALL, c), right_w, 14, False)),
            False,
            WHITE,
            1.2,
            9,
        ),
        _Block(c.phone_display, number_px, True, WHITE, 1.0, 10),
        _Block(c.selfhelp_address, min(16, _fit_px(c.selfhelp_address, right_w, 16)), True, ACCENT),
    ]
    image = Image.new("RGB", (w, h), NAVY)
    draw = ImageDraw.Draw(image)
    drawn: list[DrawnText] = []
    _draw_stack(draw, left, margin, (h - _stack_height(left, left_w)) / 2, left_w, drawn)
    draw.rectangle((right_x - 18, margin, right_x - 15, h - margin), fill=ACCENT)
    _draw_stack(draw, right, right_x, (h - _stack_height(right, right_w)) / 2, right_w, drawn)
    return ImageAsset(_png(image), w, h, fill(copy.BANNER_ALT, c), tuple(drawn))


@in_language
def lockup(c) -> ImageAsset:
    """The campaign's name as a logo for journalists: "Get help to stop" over "West Yorkshire"
    on white, with the accent rule. Text only."""
    w, h = 1200, 400
    margin = 80
    name, place = str(copy.LOCKUP_NAME), str(copy.LOCKUP_PLACE)
    name_px = _fit_px(name, w - 2 * margin, 140)
    place_px = round(0.55 * name_px)
    image = Image.new("RGB", (w, h), WHITE)
    draw = ImageDraw.Draw(image)
    drawn: list[DrawnText] = []
    blocks = [_Block(name, name_px, True, NAVY, 1.1, 18), _Block(place, place_px, True, NAVY, 1.1)]
    top = (h - _stack_height(blocks, w - 2 * margin)) / 2
    draw.rectangle((margin - 36, top, margin - 24, h - top), fill=ACCENT)
    _draw_stack(draw, blocks, margin, top, w - 2 * margin, drawn)
    return ImageAsset(_png(image), w, h, str(copy.LOCKUP_ALT), tuple(drawn))
