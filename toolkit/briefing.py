"""The frontline briefing: one A4 page for staff who may hear a disclosure.

For office printers, so no bleed: a navy header with the title, then short sections (what to
say, where to send them, checking they are safe, what not to promise, looking after
yourself) and a footer with the site and partners. The type shrinks a step at a time until
everything fits on the one page.
"""

from __future__ import annotations

from toolkit import copy
from toolkit.pdf import ACCENT, NAVY, PT, WHITE, TaggedPDF
from toolkit.text import fill, in_language, join_names

PAGE_MM = (210.0, 297.0)
MARGIN_MM = 15.0
TEXT_SCALES = (1.0, 0.96, 0.92, 0.88, 0.84, 0.8, 0.76)


@in_language
def briefing_pdf(c) -> bytes:
    """The one-page briefing as PDF bytes."""
    for k in TEXT_SCALES:
        pdf = _draw(c, k)
        if pdf is not None:
            return pdf.to_bytes()
    raise ValueError("The briefing does not fit on one page even at the smallest type size.")


def sections(c) -> list[tuple[str, str, list[str]]]:
    """(heading, opening paragraph or "", bulleted items) in reading order."""
    return [
        (str(copy.BRIEFING_SAY_HEADING), "", [str(t) for t in copy.BRIEFING_SAY]),
        (
            str(copy.BRIEFING_SIGNPOST_HEADING),
            "",
            [
                fill(copy.BRIEFING_HELPLINE, c),
                fill(copy.BRIEFING_SELFHELP, c),
                str(copy.BRIEFING_CHILD_AT_RISK),
                str(copy.BRIEFING_EMERGENCY),
            ],
        ),
        (
            str(copy.BRIEFING_CRISIS_HEADING),
            str(copy.BRIEFING_CRISIS),
            [str(t) for t in copy.BRIEFING_CRISIS_LINES],
        ),
        (str(copy.BRIEFING_PROMISE_HEADING), "", [str(t) for t in copy.BRIEFING_PROMISE]),
        (str(copy.BRIEFING_YOU_HEADING), fill(copy.BRIEFING_YOU, c), []),
    ]


def _draw(c, k: float) -> TaggedPDF | None:
    pdf = TaggedPDF(page_mm=PAGE_MM, title=str(copy.BRIEFING_TITLE), lang=c.language)
    pdf.add_print_page()
    page_w, page_h = PAGE_MM
    x0, width = MARGIN_MM, page_w - 2 * MARGIN_MM
    body_pt, head_pt = 10.5 * k, 13 * k
    bullet_indent = 5.0

    # Header band.
    title_pt = 20 * k
    header_h = MARGIN_MM + pdf.block_height(str(copy.BRIEFING_TITLE), width, title_pt, True, 1.15) + 9
    pdf.rect_fill(0, 0, page_w, header_h, NAVY)
    pdf.rect_fill(0, header_h, page_w, 1.6, ACCENT)
    pdf.paragraph(
        str(copy.BRIEFING_TITLE),
        x0,
        MARGIN_MM,
        width,
        title_pt,
        bold=True,
        color=WHITE,
        leading=1.15,
        tag="H1",
    )

    y = header_h + 7
    y = pdf.paragraph(str(copy.BRIEFING_FOR), x0, y, width, body_pt, bold=True, leading=1.3) + 2.5
    y = pdf.paragraph(str(copy.BRIEFING_INTRO), x0, y, width, body_pt, leading=1.3)

    for heading, opening, items in sections(c):
        y += 6
        y = pdf.paragraph(heading, x0, y, width, head_pt, bold=True, leading=1.2, tag="H2") + 2.5
        if opening:
            y = pdf.paragraph(opening, x0, y, width, body_pt, leading=1.3) + 1.8
        for item in items:
            with pdf.artifact():
                pdf.set_fill_color(*NAVY)
                radius = body_pt * PT * 0.16
                pdf.circle(x=x0 + 1.2, y=y + body_pt * PT * 0.36, radius=radius, style="F")
            y = pdf.paragraph(item, x0 + bullet_indent, y, width - bullet_indent, body_pt, leading=1.3) + 1.8

    # Footer: the site, then the partners.
    foot_pt = 9 * k
    footer = [fill(copy.BRIEFING_FOOTER, c)]
    if c.partner_names:
        footer.append(f"{copy.PARTNERS_LEAD} {join_names(c.partner_names)}.")
    foot_h = sum(pdf.block_height(t, width, foot_pt, False, 1.3) + 1.5 for t in footer)
    foot_top = page_h - MARGIN_MM - foot_h
    if y > foot_top - 6:
        return None
    with pdf.artifact():
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(0.3)
        pdf.line(x0, foot_top - 3, x0 + width, foot_top - 3)
    y = foot_top
    for text in footer:
        y = pdf.paragraph(text, x0, y, width, foot_pt, leading=1.3) + 1.5
    return pdf
