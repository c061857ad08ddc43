"""A4 and A3 posters: print-ready PDFs with 3 mm bleed, embedded fonts and a QR code.

The layout is drawn once in A4 millimetres and scaled for A3, so both sizes look alike:

    navy panel (runs into the bleed): headline, "It is not too late to stop.", harm, law
    amber band: "Call the ... helpline", the number (the largest text), note and hours
    white: the self-help website on the left, the QR code and site address on the right
    footer: "A campaign by ..." and the placement reference

Text stays at least SAFE_MM inside the trim; only the panels' colour reaches the bleed.
"""

from __future__ import annotations

from toolkit import copy
from toolkit.pdf import ACCENT, NAVY, PT, WHITE, TaggedPDF
from toolkit.qr import qr_image
from toolkit.text import fill, in_language, join_names, note_and_hours

SIZES = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # trim size, mm
BLEED_MM = 3.0
SAFE_MM = 12.0  # text keeps this far inside the trim at A4 (printers ask for at least 10 mm)
QR_MM = 52.0  # the code with its quiet zone, at A4
QR_PX_PER_MODULE = 10
# Smaller and smaller type until everything fits, for long translations or partner lists.
TEXT_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64)


def page_size_mm(size: str) -> tuple[float, float]:
    """The PDF page (MediaBox) for a poster size: the trim plus the bleed on every side."""
    width, height = SIZES[size]
    return width + 2 * BLEED_MM, height + 2 * BLEED_MM


@in_language
def poster_pdf(c, size: str = "A4") -> bytes:
    """The poster as PDF bytes. `size` is "A4" or "A3"."""
    if size not in SIZES:
        raise ValueError(f"Unknown poster size {size!r}; expected one of {sorted(SIZES)}.")
    for k in TEXT_SCALES:
        pdf = _draw(c, size, k)
        if pdf is not None:
            return pdf.to_bytes()
    raise ValueError("The poster text does not fit even at the smallest type size; shorten it.")


def _draw(c, size: str, k: float) -> TaggedPDF | None:
    """Draw the poster with type scaled by k; None if it does not fit."""
    trim_w, trim_h = SIZES[size]
    s = trim_w / 210.0  # A4 millimetres -> this size
    b = BLEED_MM
    pdf = TaggedPDF(
        page_mm=page_size_mm(size),
        bleed_mm=BLEED_MM,
        title=fill(copy.POSTER_TITLE, c),
        lang=c.language,
    )
    pdf.add_print_page()
    x0 = b + SAFE_MM * s
    width = trim_w - 2 * SAFE_MM * s
    page_w = trim_w + 2 * b

    # Navy panel: measure the text first, so the panel is drawn underneath it.
    panel = [
        (copy.HEADLINE, 40, True, WHITE, 1.1, 7, "H1"),
        (copy.NOT_TOO_LATE, 28, True, ACCENT, 1.15, 10, "P"),
        (copy.HARM, 16, False, WHITE, 1.3, 4, "P"),
        (copy.LAW, 16, False, WHITE, 1.3, 0, "P"),
    ]
    pad = 14 * s
    y = b + SAFE_MM * s + 4 * s
    panel_h = (
        y
        + pad
        + sum(
            pdf.block_height(str(t), width, pt * s * k, bold, lead) + gap * s
            for t, pt, bold, _c, lead, gap, _t in panel
        )
    )
    pdf.rect_fill(0, 0, page_w, panel_h, NAVY)
    for text, pt, bold, color, lead, gap, tag in panel:
        y = pdf.paragraph(str(text), x0, y, width, pt * s * k, bold=bold, color=color, leading=lead, tag=tag)
        y += gap * s

    # Amber band: how to call. The number is sized to fill the width, so it is the
    # largest text on the poster whatever its length.
    lead_pt, note_pt = 18 * s * k, 14 * s * k
    number_pt = pdf.fit_size(c.phone_display, width, 86 * s)
    band_top = panel_h
    y = band_top + 12 * s
    band_h = (
        12 * s
        + pdf.block_height(fill(copy.CALL_LEAD, c), width, lead_pt, True, 1.2)
        + 6 * s
        + number_pt * PT * 0.714
        + 7 * s
        + pdf.block_height(note_and_hours(c), width, note_pt, False, 1.3)
        + 11 * s
    )
    pdf.rect_fill(0, band_top, page_w, band_h, ACCENT)
    y = pdf.paragraph(fill(copy.CALL_LEAD, c), x0, y, width, lead_pt, bold=True, leading=1.2)
    y += 6 * s
    pdf.use(number_pt, bold=True)
    with pdf.tag("P"):
        pdf.text(x0, y + number_pt * PT * 0.714, c.phone_display)
    y += number_pt * PT * 0.714 + 7 * s
    pdf.paragraph(note_and_hours(c), x0, y, width, note_pt, leading=1.3)
    y = band_top + band_h

    # Footer, anchored to the bottom of the safe area.
    foot_pt, ref_pt = 10.5 * s * k, 8.5 * s * k
    footer = []
    if c.partner_names:
        footer.append((f"{copy.PARTNERS_LEAD} {join_names(c.partner_names)}.", foot_pt))
    if c.placement_label:
        footer.append((fill(copy.PLACEMENT, c), ref_pt))
    foot_h = sum(pdf.block_height(t, width, pt, False, 1.3) + 2.5 * s for t, pt in footer)
    foot_top = b + trim_h - SAFE_MM * s - foot_h

    # Self-help (left) and the QR code (right), centred in the space left.
    qr_w = QR_MM * s
    col_w = width - qr_w - 10 * s
    lead_h = pdf.block_height(fill(copy.SELFHELP_LEAD, c), col_w, 16 * s * k, False, 1.3)
    address_pt = pdf.fit_size(c.selfhelp_address, col_w, 26 * s * k)
    left_h = lead_h + 5 * s + address_pt * PT * (0.714 + 0.24)
    caption_pt, site_pt = 13 * s * k, 11 * s * k
    site_pt = min(site_pt, pdf.fit_size(c.site_address, qr_w + 8 * s, site_pt, bold=False))
    right_h = qr_w + 1 * s + caption_pt * PT * 0.95 + 2 * s + site_pt * PT * 0.95
    block_h = max(left_h, right_h)
    space = foot_top - 6 * s - y
    if block_h > space:
        return None
    top = y + (space - block_h) / 2
    y_left = top + (block_h - left_h) / 2
    y_left = pdf.paragraph(fill(copy.SELFHELP_LEAD, c), x0, y_left, col_w, 16 * s * k, leading=1.3)
    pdf.paragraph(c.selfhelp_address, x0, y_left + 5 * s, col_w, address_pt, bold=True)

    qr_x = x0 + width - qr_w
    pdf.image(
        qr_image(c.qr_url, QR_PX_PER_MODULE, dark=NAVY).convert("RGB"),
        x=qr_x,
        y=top,
        w=qr_w,
        h=qr_w,
        alt_text=fill(copy.QR_ALT, c),
    )
    y_qr = top + qr_w + 1 * s
    y_qr = pdf.paragraph(
        str(copy.QR_CAPTION), qr_x - 4 * s, y_qr, qr_w + 8 * s, caption_pt, bold=True, align="C"
    )
    pdf.paragraph(c.site_address, qr_x - 4 * s, y_qr + 2 * s, qr_w + 8 * s, site_pt, align="C")

    if footer:
        with pdf.artifact():
            pdf.set_draw_color(*NAVY)
            pdf.set_line_width(0.3 * s)
            pdf.line(x0, foot_top - 3 * s, x0 + width, foot_top - 3 * s)
        y = foot_top + 0.5 * s
        for text, pt in footer:
            y = pdf.paragraph(text, x0, y, width, pt, leading=1.3) + 2.5 * s
    return pdf
