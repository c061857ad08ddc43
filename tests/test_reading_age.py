"""Plain English: every public page's own text stays at a reading age of about 9 to 11."""

import pytest
from django.test import Client
from django.urls import reverse

from content.site_pages import PAGES
from scripts.reading_age import MAX_GRADE, grade, main_text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_page_reads_at_grade_6_or_below(seeded, page):
    text = main_text(Client().get(reverse(page.url_name)).content.decode())
    assert len(text.split()) > 100
    assert grade(text) <= MAX_GRADE, f"{page.name} reads at grade {grade(text):.1f}"


def test_the_measure_can_fail():
    dense = (
        "Notwithstanding the aforementioned considerations, comprehensive institutional "
        "accountability necessitates multidisciplinary collaboration between organisations. "
    ) * 5
    assert grade(dense) > MAX_GRADE
