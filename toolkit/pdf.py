"""A small layer over fpdf2 for the toolkit's PDFs: tagged, print-ready, reproducible.

fpdf2 was chosen over ReportLab because it writes the accessibility parts of a tagged PDF:
a structure tree (/StructTreeRoot, /MarkInfo), the document language (/Lang), a title the
viewer shows (/DisplayDocTitle) and alt text for images (a /Figure with /Alt). ReportLab's
open-source edition writes no structure tree at all.

fpdf2 tags only images and outline entries itself. Text that is not in the structure tree
of a tagged PDF can be skipped by screen readers, so `TaggedPDF.tag` puts each heading and
paragraph in the tree too (/H1, /H2, /P), and `artifact` marks the decoration (panels,
rules, bullets) as not content. Two things fpdf2 has no public API for are done here
through its internals, and both are checked by tests/test_toolkit_assets.py so an upgrade
that breaks them fails loudly:

* the marked-content tags for text (`FPDF._add_marked_content`, `FPDF._out`);
* the TrimBox and BleedBox of a page with bleed (a `PDFPage` subclass, see `_PrintPage`).
"""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF, ViewerPreferences
from fpdf.output import PDFPage

# fontTools logs every step of subsetting a font at INFO: dozens of lines per PDF, which
# would drown the site's own log lines. Its warnings still show.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "NotoSans-Regular.ttf", "B": FONT_DIR / "NotoSans-Bold.ttf"}
FAMILY = "NotoSans"

NAVY = (0x17, 0x35, 0x5F)
ACCENT = (0xFF, 0xC8, 0x45)  # warm amber: on navy only (8:1); never as text on white (1.6:1)
WHITE = (0xFF, 0xFF, 0xFF)

PT = 25.4 / 72  # millimetres in a point
# Noto Sans metrics, in ems: the height of a capital and the depth below the baseline.
CAP_HEIGHT = 0.714
DESCENT = 0.24
# A fixed creation date (the campaign's launch), so the same content always gives the
# same bytes; fpdf2 would otherwise stamp the current time. It is not the print date.
FIXED_DATE = datetime.datetime(2019, 3, 14, tzinfo=datetime.UTC)


def language_tag(code: str) -> str:
    """A Django language code as a BCP 47 tag for /Lang: 'en-gb' -> 'en-GB', 'pl' -> 'pl'."""
    lang, _sep, region = code.partition("-")
    if len(region) == 2:
        region = region.upper()
    elif len(region) == 4:  # a script, as in sr-latn
        region = region.title()
    return f"{lang.lower()}-{region}" if region else lang.lower()


class _PrintPage(PDFPage):
    """A page whose MediaBox includes the bleed, with TrimBox (the finished size) and
    BleedBox (where the background may run to) for the printer.

    fpdf2 serialises every public attribute of a page object, so these properties become
    /TrimBox and /BleedBox. `__slots__ = ()` keeps the layout of PDFPage, which lets
    `TaggedPDF.add_print_page` switch an existing page to this class.
    """

    __slots__ = ()
    _bleed_pt = 0.0  # set on the subclass made for each bleed size; private, so not written

    def _box(self, inset: float) -> str:
        width, height = self.dimensions()
        return f"[{inset:.2f} {inset:.2f} {width - inset:.2f} {height - inset:.2f}]"

    @property
    def trim_box(self) -> str:
        return self._box(self._bleed_pt)

    @property
    def bleed_box(self) -> str:
        return self._box(0)


@lru_cache(maxsize=4)
def _print_page_class(bleed_mm: float):
    return type("PrintPage", (_PrintPage,), {"__slots__": (), "_bleed_pt": bleed_mm / PT})


class TaggedPDF(FPDF):
    """An fpdf2 document in millimetres with Noto Sans, a title, a language and a fixed date."""

    def __init__(self, *, page_mm: tuple[float, float], title: str, lang: str, bleed_mm: float = 0):
        super().__init__(unit="mm", format=page_mm)
        self.bleed_mm = bleed_mm
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_creation_date(FIXED_DATE)
        self.set_title(title)
        self.set_lang(language_tag(lang))
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        for style, path in FONT_FILES.items():
            self.add_font(FAMILY, style, str(path))

    def add_print_page(self) -> None:
        self.add_page()
        if self.bleed_mm:
            self.pages[self.page].__class__ = _print_page_class(self.bleed_mm)

    # --- tagging ---------------------------------------------------------------------
    @contextmanager
    def tag(self, struct_type: str):
        """Put what is drawn inside into the structure tree as one element (H1, H2, P)."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")

    @contextmanager
    def artifact(self):
        """Mark what is drawn inside as decoration, which screen readers skip."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def rect_fill(self, x, y, w, h, color) -> None:
        with self.artifact():
            self.set_fill_color(*color)
            self.rect(x, y, w, h, style="F")

    # --- text ------------------------------------------------------------------------
    def use(self, size_pt: float, bold: bool = False, color=NAVY) -> None:
        self.set_font(FAMILY, "B" if bold else "", size_pt)
        self.set_text_color(*color)

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap with the current font; a single over-long word stays whole."""
        lines, line = [], ""
        for word in str(text).split():
            candidate = f"{line} {word}" if line else word
            if line and self.get_string_width(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines

    def fit_size(self, text: str, width: float, max_pt: float, bold: bool = True) -> float:
        """The largest size, up to max_pt, at which `text` fits on one line of `width` mm."""
        self.set_font(FAMILY, "B" if bold else "", max_pt)
        natural = self.get_string_width(str(text))
        return max_pt if natural <= width else round(max_pt * width / natural - 0.05, 1)

    def block_height(self, text, width, size_pt, bold=False, leading=1.25) -> float:
        """Height of a wrapped paragraph from its cap line to below its last descender."""
        self.set_font(FAMILY, "B" if bold else "", size_pt)
        lines = self.wrap(text, width)
        size = size_pt * PT
        return size * (CAP_HEIGHT + DESCENT + leading * (len(lines) - 1))

    def paragraph(
        self,
        text,
        x,
        y,
        width,
        size_pt,
        *,
        bold=False,
        color=NAVY,
        leading=1.25,
        align="L",
        tag="P",
    ) -> float:
        """Draw a wrapped paragraph with its cap line at `y`; return the y below it."""
        self.use(size_pt, bold, color)
        size = size_pt * PT
        lines = self.wrap(text, width)
        with self.tag(tag):
            for i, line in enumerate(lines):
                dx = 0.0
                if align == "C":
                    dx = (width - self.get_string_width(line)) / 2
                elif align == "R":
                    dx = width - self.get_string_width(line)
                self.text(x + dx, y + size * (CAP_HEIGHT + leading * i), line)
        return y + size * (CAP_HEIGHT + DESCENT + leading * (len(lines) - 1))

    def to_bytes(self) -> bytes:
        return bytes(self.output())
