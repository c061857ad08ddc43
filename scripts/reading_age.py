"""Reading age of every public page's own text (the main content, not the shared strip,
navigation or footer), by the Flesch-Kincaid grade (textstat, syllables from pyphen).

A US grade of 6 is a UK reading age of about 11. The brief asks for a reading age of
about 9 to 11. tests/test_reading_age.py keeps every page at or below MAX_GRADE.

    .venv/bin/python scripts/reading_age.py   (prints each page's figures)
"""

import html
import re

import textstat

MAX_GRADE = 6.0


def main_text(page_html: str) -> str:
    """The <main> element's text, one sentence-like line per paragraph, item or heading."""
    main = page_html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r"<(p|li|h[1-6]|td|th|caption|dt|dd)\b[^>]*>", "\n", main)
    lines = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", line)).split()) for line in main.split("\n")]
    # A heading or list item without a full stop is still a unit of reading.
    return "\n".join(line if line.endswith((".", "?", "!", ":")) else line + "." for line in lines if line)


def grade(text: str) -> float:
    textstat.set_lang("en_GB")
    return textstat.flesch_kincaid_grade(text)


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from content.site_pages import PAGES

    client = Client(HTTP_HOST="127.0.0.1")
    for page in PAGES:
        text = main_text(client.get(reverse(page.url_name)).content.decode())
        print(
            f"{page.name:15} grade {grade(text):4.1f}  reading ease {textstat.flesch_reading_ease(text):5.1f}  "
            f"{textstat.lexicon_count(text):4d} words, {textstat.avg_sentence_length(text):4.1f} a sentence"
        )
