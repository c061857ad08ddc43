"""Every visitor served, every fact right (issue 12): the numbered facts, the new routes,
and the editable records behind them."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from content import snapshot
from content.models import FaqEntry, Figure, Helpline, HelpService, LegalPoint, Partner, SiteSettings
from content.site_pages import PAGES, page_paths
from tests.admin_helpers import change_url, errors_in, form_of, save, text_of

SEED_NUMBER = "0808 1000 900"


def page_text(path: str) -> str:
    return text_of(Client().get(path))


def main_text(path: str) -> str:
    html = Client().get(path).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def republish():
    snapshot.publish()


# --- 1. The 1,365 figure: its year and source, in short sentences --------------------------


def test_the_figure_is_shown_with_its_year_and_a_linked_source_in_short_sentences(seeded):
    html = Client().get("/").content.decode()
    text = page_text("/")
    assert "In 2018, 1,365 people from West Yorkshire asked the charity for help" in text
    figure = Figure.objects.get()
    assert f'href="{figure.source_url}"' in html and "The Lucy Faithfull Foundation" in text
    sentence = re.search(r"In 2018, 1,365 [^.]*\.", text).group(0)
    assert len(sentence.split()) <= 20


# --- 2. Police activity: editable, and "increasing" only when two years show it -------------


def arrests(year, value):
    return Figure.objects.create(
        topic="arrests",
        year=year,
        value=value,
        label="people were arrested in West Yorkshire for indecent images of children offences",
        source="West Yorkshire Police",
    )


def test_without_police_figures_the_site_says_only_what_the_brief_supports(seeded):
    text = page_text("/")
    assert "Every year, West Yorkshire Police arrests hundreds of people" in text
    assert "Source: West Yorkshire Police" in text
    assert "increasing" not in text
    assert "increasing" not in page_text("/consequences/")


def test_one_year_of_arrests_is_shown_with_its_year_and_source_but_no_trend(seeded):
    arrests(2025, 410)
    republish()
    text = page_text("/")
    assert "In 2025, 410 people were arrested" in text and "increasing" not in text


def test_a_later_year_that_is_higher_is_called_increasing(seeded):
    arrests(2024, 380)
    arrests(2025, 410)
    republish()
    text = page_text("/")
    assert "In 2025, 410 people were arrested" in text
    assert "up from 380 in 2024" in text
    assert "Police activity against this crime is increasing across West Yorkshire." in text


def test_a_later_year_that_is_lower_is_not_called_increasing(seeded):
    arrests(2024, 410)
    arrests(2025, 380)
    republish()
    text = page_text("/")
    assert "In 2025, 380 people were arrested" in text and "increasing" not in text


# --- 3 and 4. The register and what the law covers ---------------------------------------------


def test_the_register_follows_a_conviction_or_a_caution_with_three_days_to_notify(seeded):
    text = page_text("/consequences/")
    assert "a conviction or a caution for these crimes usually puts you on the register by law" in text
    assert "within 3 days" in text
    assert "depends on your sentence" in text
    assert "made to sign" not in text


def test_no_grey_areas_shows_the_briefs_law_until_legal_review_approves_more(seeded):
    text = page_text("/consequences/")
    assert "No grey areas" in text
    assert "opening or streaming it counts as making it" in text
    assert "Drawn, cartoon and other images" in text
    assert "AI" not in main_text("/consequences/")  # only once a lawyer has approved it
    point = LegalPoint.objects.get(section="grey")
    point.status, point.reviewed_by, point.reviewed_on = "approved", "A lawyer", datetime.date(2026, 11, 1)
    point.save()
    republish()
    text = page_text("/consequences/")
    assert "images made by computer or AI" in text
    assert point.review_note not in text  # the reviewer's note never reaches the page


def test_legal_details_waiting_for_review_are_never_shown(seeded):
    register = LegalPoint.objects.get(section="register")
    assert register.status == "review"
    assert register.body not in page_text("/consequences/")


# --- 5. The harm, without overreaching ---------------------------------------------------------


def test_the_harm_line_stays_strong_and_covers_ai_and_edited_photos(seeded):
    text = page_text("/awareness/")
    assert "Behind these images are real children" in text
    assert "made from photos of real children, or made with computers or AI" in text
    assert "They are all illegal, and they all feed the demand for more." in text
    assert "Every image shows a real child" not in text
    assert "or made with AI" in page_text("/")


# --- 6, 7, 8. The services: anonymous or not, tap-to-call, text, the mental health option -----


def test_ceop_says_it_cannot_take_anonymous_reports_beside_the_iwfs_anonymous_route(seeded):
    text = page_text("/get-help/")
    assert "CEOP is part of the National Crime Agency. It cannot take anonymous reports." in text
    assert "You do not have to give your name." in text  # the IWF card


def test_childline_is_a_tap_to_call_number_wherever_it_appears(seeded):
    for path in page_paths():
        html = Client().get(path).content.decode()
        if "Childline" in html:
            assert 'href="tel:08001111"' in html, path
    assert "Chat or email without giving your name" in page_text("/young-people/")


def test_nhs_111_says_choose_the_mental_health_option_and_shout_is_a_text_link(seeded):
    html = Client().get("/arrested/").content.decode()
    assert "choose the mental health option" in html and "option 2" not in html
    assert 'href="sms:85258"' in html and "Text SHOUT to" in text_of(Client().get("/arrested/"))


@pytest.mark.parametrize("path", page_paths() + ["/no-such-page/"])
def test_the_crisis_lines_are_in_the_footer_of_every_page(seeded, path):
    html = Client().get(path).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    for tel in ('href="tel:116123"', 'href="sms:85258"', 'href="tel:111"', 'href="tel:999"'):
        assert tel in footer, (path, tel)
    assert SEED_NUMBER in html


def test_help_service_descriptions_are_edited_in_the_admin(superuser_client):
    service = HelpService.objects.get(slug="samaritans")
    data = form_of(superuser_client, change_url(service), "helpservice_form")
    data["description_en_gb"] = "A friendly voice, whatever you are going through."
    assert save(superuser_client, change_url(service), data).status_code == 302
    assert "A friendly voice, whatever you are going through." in page_text("/arrested/")


def test_a_new_service_appears_in_its_group_without_a_template_change(superuser_client):
    HelpService.objects.create(
        slug="new-line",
        name="A new crisis line",
        group="crisis",
        phone="0800 000 0000",
        description="Open late.",
    )
    republish()
    for path in ("/", "/get-help/"):
        assert "A new crisis line" in page_text(path)


# --- 9. Partners: today's names, and the campaign described from the records ------------------


def test_about_this_campaign_is_built_from_the_partner_records(seeded):
    text = page_text("/")
    assert "This campaign is run by West Yorkshire Police and The Lucy Faithfull Foundation" in text
    assert "The Mayor of West Yorkshire (Policing and Crime)" in text
    assert "safeguarding children partnerships (Bradford, Calderdale, Kirklees, Leeds and Wakefield)" in text
    assert "Police and Crime Commissioner" not in text and "safeguarding boards" not in text
    Partner.objects.filter(name__startswith="West Yorkshire's local").update(name="Five councils")
    republish()
    assert "and Five councils." in page_text("/")


# --- 10. Confidentiality: both halves ---------------------------------------------------------


def test_the_confidentiality_wording_says_both_halves(seeded):
    text = page_text("/get-help/")
    assert "You do not have to give your name" in text
    for condition in ("has been harmed or is at risk of harm", "anyone else is at risk", "concerns a crime"):
        assert condition in text


# --- 11. Hours not yet confirmed are never stated as fact -------------------------------------


TUESDAY_10AM = "2026-12-01 10:00:00+00:00"


def test_unconfirmed_hours_are_usually_open_and_confirmed_hours_are_open(seeded, time_machine):
    time_machine.move_to(TUESDAY_10AM)
    strip = re.search(r'id="helpline-status">(.*?)</p>', Client().get("/").content.decode(), re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", strip).split())
    assert text == "Usually open now until 9pm (hours being confirmed)"
    Helpline.objects.update(hours_last_verified=datetime.date(2026, 11, 20))
    republish()
    strip = re.search(r'id="helpline-status">(.*?)</p>', Client().get("/").content.decode(), re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", strip).split()) == "Open now until 9pm"


SATURDAY_NOON = "2026-12-05 12:00:00+00:00"


def test_the_get_help_page_says_usually_closed_until_the_hours_are_confirmed(seeded, time_machine):
    time_machine.move_to(SATURDAY_NOON)
    text = main_text("/get-help/")
    assert "The Stop It Now! helpline is usually closed at this time." in text
    assert "closed right now" not in text
    Helpline.objects.update(hours_last_verified=datetime.date(2026, 11, 20))
    republish()
    assert "The Stop It Now! helpline is closed right now." in main_text("/get-help/")


# --- 12. Discreet titles; the quick exit's copy is true (the Back journey: browser test) ------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_title_is_discreet_and_the_heading_says_what_the_page_is(seeded, page):
    html = Client().get(reverse(page.url_name)).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title == f"{page.title} – West Yorkshire"
    for word in ("sexual", "images", "abuse", "offend", "child", "police", "arrest"):
        assert word not in title.lower(), title
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == str(page.heading)


def test_staying_safe_says_only_the_current_page_is_swapped(seeded):
    text = page_text("/staying-safe-online/")
    assert "Only the page you are on is swapped" in text
    assert "pressing Back from the weather page can show them" in text
    assert "will not bring you back here" not in text
    assert "will not draw attention" not in text and "a weather website" in text


# --- 13. Phone calls leave traces -------------------------------------------------------------


def test_staying_safe_says_calls_stay_in_the_call_log_and_may_be_on_a_bill(seeded):
    text = page_text("/staying-safe-online/")
    assert "the number stays in your phone's list of recent calls" in text
    assert "find the call in your recent calls, and delete it" in text
    assert "A call may also appear on a phone bill. We cannot promise it will not." in text


# --- 14. The privacy notice: controller, contact, basis, retention, rights, ICO ----------------


def test_the_privacy_notice_names_the_controller_and_rights_from_site_settings(seeded):
    text = page_text("/privacy/")
    assert "We are confirming which organisation is legally responsible" in text
    assert "ico.org.uk" in text and "0303 123 1113" in text
    assert "Your internet provider" in text
    for right in ("ask for a copy of it", "ask us to correct it", "ask us to delete it"):
        assert right in text
    SiteSettings.objects.update(
        privacy_controller="West Yorkshire Police, Laburnum Road, Wakefield",
        privacy_contact_email="data@example.org",
        privacy_dpo="The Data Protection Officer, data@example.org",
        log_retention_days=14,
        privacy_updated_on=datetime.date(2026, 11, 28),
    )
    republish()
    text = page_text("/privacy/")
    assert "West Yorkshire Police, Laburnum Road, Wakefield" in text
    assert "email data@example.org" in text and "Data protection officer: The Data Protection Officer" in text
    assert "These records are deleted after 14 days." in text
    assert "Last updated: 28 November 2026" in text


# --- 15. The accessibility contact is not the police -------------------------------------------


def test_the_accessibility_statement_never_sends_people_to_the_police(seeded):
    text = page_text("/accessibility/")
    assert "101" not in text and "Call West Yorkshire Police" not in text
    assert "We are setting up an email address for accessibility problems" in text
    assert "partner logos" not in text  # none are shown
    SiteSettings.objects.update(accessibility_contact_email="access@example.org")
    republish()
    assert (
        'Email <a href="mailto:access@example.org">access@example.org</a>.'
        in Client().get("/accessibility/").content.decode()
    )


def test_a_police_address_is_refused_as_the_accessibility_contact(superuser_client):
    url = "/admin/content/sitesettings/1/change/"
    data = form_of(superuser_client, url, "sitesettings_form")
    data["accessibility_contact_email"] = "web@westyorkshire.police.uk"
    response = save(superuser_client, url, data)
    assert response.status_code == 200
    assert "not the police" in errors_in(response)


# --- 16 and 17. Addresses as published; promises the site can keep ----------------------------


def test_report_remove_links_to_childlines_current_page(seeded):
    assert HelpService.objects.get(slug="report-remove").url.endswith("/online-mobile-safety/report-remove/")


def test_outcomes_are_not_promised(seeded):
    text = " ".join(page_text(path) for path in page_paths())
    assert "They can help you stop" in text
    assert "will help you stop" not in text.lower()


# --- The new routes ----------------------------------------------------------------------------


def test_home_reaches_each_audience_in_one_tap(seeded):
    html = Client().get("/").content.decode()
    for href in ('href="/get-help/#own-behaviour"', 'href="/someone-else/"', 'href="/young-people/"',
                 'href="/get-help/#report"', 'href="/arrested/"'):  # fmt: skip
        assert href in html, href
    text = page_text("/")
    assert "Having sexual thoughts about children is not a crime. Acting on them is." in text
    assert "Help can stop that happening." in text


def test_worried_about_someone_covers_signs_choices_children_nspcc_and_arrest(seeded):
    html = Client().get("/someone-else/").content.decode()
    text = page_text("/someone-else/")
    for part in ("Signs people notice", "What you can do", "Keeping children safe", "NSPCC helpline",
                 "is for you too", "If someone in your family has been arrested"):  # fmt: skip
        assert part in text, part
    assert 'href="tel:08088005000"' in html


def test_under_18_covers_shore_report_remove_childline_and_police(seeded):
    text = page_text("/young-people/")
    for part in ("Shore", "Report Remove", "Childline", "the police deal with young people differently"):
        assert part in text, part


def test_arrested_puts_the_crisis_lines_first(seeded):
    text = main_text("/arrested/")
    crisis = text.index("Samaritans")
    for later in ("What usually happens next", "free legal advice", "not too late", "Help for your family"):
        assert text.index(later) > crisis, later


def test_numbers_in_editor_text_are_tap_to_call_only_when_the_site_knows_them(seeded):
    html = Client().get("/faq/").content.decode()
    assert 'Childline is free on <a href="tel:08001111">0800 1111</a>.' in html
    entry = FaqEntry.objects.first()
    entry.answer = "Call 0808 1000 900 or Samaritans on 116 123, not 0800 11112 or <b>0800 1111</b>."
    entry.save()
    republish()
    html = Client().get("/faq/").content.decode()
    assert '<a href="tel:+448081000900">0808 1000 900</a>' in html
    assert '<a href="tel:116123">116 123</a>' in html
    assert "0800 11112" in html and 'href="tel:080011112"' not in html  # a longer number is not linked
    assert '&lt;b&gt;<a href="tel:08001111">0800 1111</a>&lt;/b&gt;' in html  # still escaped
    # The Urdu answer keeps the number together with a no-break space, and reads it left to right.
    urdu = Client().get("/ur/faq/").content.decode()
    assert '<a href="tel:08001111"><bdi dir="ltr">0800\u00a01111</bdi></a>' in urdu


def test_the_faq_answers_the_questions_people_ask(seeded):
    text = page_text("/faq/")
    for question in (
        "Will the police know I visited this website or called the helpline?",
        "What will the helpline pass on?",
        "Can I stay anonymous on live chat?",
        "Is having these thoughts a crime?",
        "What happens when I call?",
        "I am under 18. What now?",
        "Is it too late if I have been arrested?",
    ):
        assert question in text, question
    assert "The Stop It Now! helpline is run by a charity" in text


def test_faq_entries_are_edited_in_the_admin_and_pass_the_wording_guard(superuser_client):
    entry = FaqEntry.objects.get(order=1)
    url = change_url(entry)
    data = form_of(superuser_client, url, "faqentry_form")
    data["answer_en_gb"] = "Never call it child pornography."
    response = save(superuser_client, url, data)
    assert response.status_code == 200 and "child pornography" not in page_text("/faq/")
    assert "child sexual abuse images" in errors_in(response)
    data["answer_en_gb"] = "First paragraph.\n\n- one point\n- another <b>point</b>"
    data["visible"] = "on"
    assert save(superuser_client, url, data).status_code == 302
    html = Client().get("/faq/").content.decode()
    assert "<p>First paragraph.</p>" in html
    assert "<ul><li>one point</li><li>another &lt;b&gt;point&lt;/b&gt;</li></ul>" in html
    data.pop("visible")
    assert save(superuser_client, url, data).status_code == 302
    assert entry.question not in page_text("/faq/")
