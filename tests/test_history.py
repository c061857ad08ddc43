"""History and revert: every change is recorded with its editor, reads plainly, and can be undone."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from content.models import (
    Closure,
    Figure,
    GlossaryTerm,
    Helpline,
    HelpService,
    LegalPoint,
    OpeningPeriod,
    Partner,
    SiteSettings,
)
from tests.admin_forms import form_values
from tests.admin_helpers import (
    HELPLINE_URL,
    change_url,
    confirm_numbers,
    errors_in,
    form_of,
    history_url,
    post,
    public,
    save,
    text_of,
)
from tests.images import png_bytes

# Fixtures: later, media_root, second_editor.
# Data migrations' rows (editors group, glossary) even after a transactional test elsewhere.
pytestmark = pytest.mark.usefixtures("migration_data")


def revert_links(client, obj_or_model, pk=None) -> list[str]:
    html = client.get(history_url(obj_or_model, pk)).content.decode()
    return re.findall(r'href="(/admin/content/\w+/\d+/history/\d+/)"', html)


def add_row(data, prefix, **fields):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for name, value in {"helpline": "1", **fields}.items():
        data[f"{prefix}-{total}-{name}"] = value
    return data


def upload_partner(client, name="Safer Yorkshire", colour=(10, 120, 40)):
    data = form_of(client, "/admin/content/partner/add/", "partner_form")
    data.update(
        {
            "name": name,
            "alt_text": f"{name} logo",
            "url": "https://example.org/",
            "order": "9",
            "visible": "on",
        }
    )
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(colour=colour), content_type="image/png")
    response = save(client, "/admin/content/partner/add/", data)
    assert response.status_code == 302, errors_in(response)
    return Partner.objects.get(name=name)


@pytest.mark.parametrize("who, username", [("editor_client", "editor"), ("superuser_client", "lead")])
def test_every_content_change_lands_in_history_with_its_user(request, who, username, media_root):
    client = request.getfixturevalue(who)

    def latest(model):
        return model.history.order_by("-history_date", "-history_id").first()

    # Helpline details, with an opening period and a closure added and one period removed
    # on the same page (the inlines).
    data = form_of(client, HELPLINE_URL, "helpline_form")
    data["phone_note"] = "Free from UK phones."
    add_row(data, "opening_periods", weekday="5", opens="10:00", closes="14:00")
    add_row(data, "closures", start_date="2030-12-24", end_date="2030-12-26", reason="Christmas")
    friday = OpeningPeriod.objects.get(weekday=4)
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.endswith("-id") and k.startswith("opening_periods") and v == str(friday.pk)
    )
    data[f"opening_periods-{index}-DELETE"] = "on"
    assert save(client, HELPLINE_URL, data).status_code == 302
    assert latest(Helpline).history_user.username == username
    added = OpeningPeriod.history.filter(history_type="+", weekday=5).get()
    assert added.history_user.username == username
    removed = OpeningPeriod.history.filter(history_type="-", id=friday.pk).get()
    assert removed.history_user.username == username
    assert latest(Closure).history_user.username == username and latest(Closure).history_type == "+"

    # Every other kind of content, through its own admin page.
    service = HelpService.objects.get(slug="shore")
    edits = [
        (service, "helpservice_form", {"name": "Shore (for 13 to 18 year olds)"}),
        (Figure.objects.get(), "figure_form", {"label": "people sought help"}),
        (LegalPoint.objects.first(), "legalpoint_form", {"body": "Waiting for a lawyer's review."}),
        (SiteSettings.load(), "sitesettings_form", {"accessibility_contact_email": "access@example.org"}),
        (GlossaryTerm.objects.get(term="beast"), "glossaryterm_form", {"note": "Edited."}),
    ]
    for obj, form_id, changes in edits:
        data = form_of(client, change_url(obj), form_id)
        data.update(changes)
        response = save(client, change_url(obj), data)
        assert response.status_code == 302, (obj, errors_in(response))
        record = latest(type(obj))
        assert record.history_user.username == username, obj
        assert record.history_type == "~"
    partner = upload_partner(client)
    assert latest(Partner).history_user.username == username
    assert latest(Partner).logo == partner.logo.name

    # A deletion is recorded too, with who did it.
    figure = Figure.objects.get()
    response = post(client, f"/admin/content/figure/{figure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert latest(Figure).history_type == "-" and latest(Figure).history_user.username == username


def test_the_history_page_says_what_changed_in_plain_words(later, editor_client):
    figure = Figure.objects.get()
    data = form_of(editor_client, change_url(figure), "figure_form")
    data.update({"value": "1400", "last_verified": "2030-01-09", "show_on_home": ""})
    assert save(editor_client, change_url(figure), data).status_code == 302
    page = text_of(editor_client.get(history_url(figure)))
    assert "Number: 1,365 → 1,400" in page
    assert "Last checked: (empty) → 9 January 2030" in page
    assert "Shown on the home page: Yes → No" in page
    assert "editor" in page and "9 Jan 2030, 12:00" in page
    assert "This is the current version." in page
    assert "Revert to this version…" in page


def test_the_helpline_history_lists_hours_and_closures_changed_in_the_same_save(later, editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    add_row(data, "opening_periods", weekday="5", opens="10:00", closes="14:00")
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    page = text_of(editor_client.get(history_url(Helpline.load())))
    assert "Opening period added: Saturday 10:00–14:00" in page


def test_revert_restores_the_exact_earlier_public_page(later, editor_client, editor):
    before = {path: public(path) for path in ("/", "/get-help/")}

    # A bad save: new number, new wording, an extra period, changed hours and a closure.
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data.update(
        {"phone": "0800 123 4567", "phone_display": "", "confidentiality_text": "Everything is secret."}
    )
    add_row(data, "opening_periods", weekday="5", opens="10:00", closes="14:00")
    monday = OpeningPeriod.objects.get(weekday=0)
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("opening_periods") and k.endswith("-id") and v == str(monday.pk)
    )
    data[f"opening_periods-{index}-closes"] = "17:00"
    add_row(data, "closures", start_date="2030-01-10", end_date="2030-01-10", reason="Staff training")
    response = save(editor_client, HELPLINE_URL, data)
    assert confirm_numbers(editor_client, HELPLINE_URL, response, data).status_code == 302
    after = public("/get-help/")
    assert after != before["/get-help/"] and "0800 123 4567" in after and "Staff training" in after

    # Click 1: the history page, the version before the bad save.
    links = revert_links(editor_client, Helpline.load())
    assert len(links) == 1
    page = editor_client.get(links[0])
    assert page.status_code == 200
    text = text_of(page)
    assert "Helpline number 0800 123 4567 0808 1000 900" in text
    assert "Opening period removed: Saturday 10:00–14:00" in text
    assert "Closure removed: Staff training (10 Jan 2030)" in text
    assert "Monday 09:00–17:00 → Monday 09:00–21:00" in text
    assert Helpline.load().phone.as_e164 == "+448001234567"  # nothing changed yet

    # Click 2: revert (with the hours, and confirming the number it puts back).
    values = form_values(page.content.decode(), "revert_form")
    values.update({"with_related": "on", "confirm_number": "on"})
    response = post(editor_client, links[0], values)
    assert response.status_code == 302
    assert {path: public(path) for path in before} == before

    # The revert is itself recorded, with who and why, on each record it touched.
    reverted = Helpline.history.latest()
    assert reverted.history_user == editor
    assert reverted.history_change_reason.startswith("Reverted to version of ")
    assert OpeningPeriod.history.filter(history_type="-", weekday=5).latest().history_user == editor
    assert "Reverted to version of" in text_of(editor_client.get(history_url(Helpline.load())))


def test_revert_without_the_hours_keeps_them(later, editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data["languages_note"] = "English only."
    add_row(data, "opening_periods", weekday="5", opens="10:00", closes="14:00")
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    link = revert_links(editor_client, Helpline.load())[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 302
    assert Helpline.load().languages_note == "You can talk in English or Welsh."
    assert OpeningPeriod.objects.filter(weekday=5).exists()


def test_a_deleted_partner_keeps_its_history_and_logo_and_can_be_restored(later, editor_client, media_root):
    partner = upload_partner(editor_client)
    logo = partner.logo.name
    assert f'src="/media/{logo}"' in public("/")
    response = post(editor_client, f"/admin/content/partner/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert default_storage.exists(logo)
    assert "Safer Yorkshire" not in public("/")

    deleted = editor_client.get("/admin/content/partner/deleted/")
    assert "Safer Yorkshire" in text_of(deleted)
    assert history_url(Partner, partner.pk) in deleted.content.decode()
    links = revert_links(editor_client, Partner, partner.pk)
    assert links
    page = editor_client.get(links[0])
    assert "Restore “Safer Yorkshire” as it was on" in text_of(page)
    response = post(editor_client, links[0], form_values(page.content.decode(), "revert_form"))
    assert response.status_code == 302
    restored = Partner.objects.get(pk=partner.pk)
    assert restored.logo.name == logo and restored.logo_width == 40
    assert f'src="/media/{logo}"' in public("/")
    assert Partner.history.latest().history_type == "+"


def test_reverting_to_a_version_whose_logo_file_is_missing_is_refused(later, editor_client, media_root):
    partner = upload_partner(editor_client, colour=(200, 0, 0))
    first_logo = partner.logo.name
    data = form_of(editor_client, change_url(partner), "partner_form")
    data["logo"] = SimpleUploadedFile("new.png", png_bytes(colour=(0, 0, 200)), content_type="image/png")
    assert save(editor_client, change_url(partner), data).status_code == 302
    second_logo = Partner.objects.get(pk=partner.pk).logo.name
    assert second_logo != first_logo and default_storage.exists(first_logo)
    default_storage.delete(first_logo)
    versions = Partner.history.filter(id=partner.pk).count()

    link = revert_links(editor_client, partner)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 200
    text = text_of(response)
    assert "The revert was not made. Nothing has changed." in text
    assert f"The logo file of this version ({first_logo}) is missing" in text
    assert Partner.objects.get(pk=partner.pk).logo.name == second_logo
    assert Partner.history.filter(id=partner.pk).count() == versions


def test_an_opening_period_and_a_closure_can_be_reverted_on_their_own(later, editor_client, editor):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    add_row(data, "closures", start_date="2030-12-24", end_date="2030-12-24", reason="Christmas Eve")
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    closure = Closure.objects.get()
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("closures") and k.endswith("-id") and v == str(closure.pk)
    )
    data[f"closures-{index}-reason"] = "Training"
    assert save(editor_client, HELPLINE_URL, data).status_code == 302

    link = revert_links(editor_client, closure)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 302
    assert Closure.objects.get().reason == "Christmas Eve"
    assert Closure.history.latest().history_user == editor

    # An opening period whose earlier version would now overlap another is refused.
    monday = OpeningPeriod.objects.get(weekday=0)
    monday.opens, monday.closes = "09:00", "12:00"
    monday._history_user = editor
    monday.save()
    OpeningPeriod.objects.create(helpline_id=1, weekday=0, opens="13:00", closes="15:00")
    link = revert_links(editor_client, monday)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 200
    assert "would overlap Monday 13:00–15:00" in text_of(response)
    assert str(OpeningPeriod.objects.get(pk=monday.pk).closes) == "12:00:00"


def test_restoring_a_record_that_now_clashes_is_refused(later, editor_client):
    shore = HelpService.objects.get(slug="shore")
    response = post(editor_client, f"/admin/content/helpservice/{shore.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    HelpService.objects.create(slug="shore", name="Shore (new)", group="young")
    link = revert_links(editor_client, HelpService, shore.pk)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 200
    assert "already exists" in text_of(response)
    assert HelpService.objects.get(slug="shore").name == "Shore (new)"
    assert not HelpService.objects.filter(pk=shore.pk).exists()


def test_a_version_with_a_banned_term_cannot_be_restored(later, editor_client):
    # Text written before the term was added to the glossary.
    GlossaryTerm.objects.filter(term="child porn").delete()
    point = LegalPoint.objects.first()
    point.body = "Possessing child porn is a crime."
    point.save()
    point.body = "Possessing indecent images of children is a crime."
    point.save()
    GlossaryTerm.objects.create(term="child porn", kind="banned", preferred="indecent images of children")
    link = revert_links(editor_client, point)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 200
    assert (
        "“child porn” must never be used on this site. Use “indecent images of children” instead."
        in text_of(response)
    )
    assert LegalPoint.objects.get(pk=point.pk).body == "Possessing indecent images of children is a crime."


def test_change_forms_link_to_the_public_page(editor_client):
    html = editor_client.get(HELPLINE_URL).content.decode()
    assert 'href="/get-help/"' in html and "View on site" in html
    figure = Figure.objects.get()
    assert 'href="/"' in editor_client.get(change_url(figure)).content.decode()


def test_uploading_the_same_logo_again_reuses_the_stored_file(editor_client, media_root):
    partner = upload_partner(editor_client)
    data = form_of(editor_client, change_url(partner), "partner_form")
    data["logo"] = SimpleUploadedFile("again.png", png_bytes(colour=(10, 120, 40)), content_type="image/png")
    assert save(editor_client, change_url(partner), data).status_code == 302
    assert Partner.objects.get(pk=partner.pk).logo.name == partner.logo.name
    assert sorted(p.name for p in (media_root / "logos").iterdir()) == [partner.logo.name.split("/")[-1]]


def test_a_deleted_closure_can_be_restored_on_its_own(later, editor_client, editor):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    add_row(data, "closures", start_date="2030-12-24", end_date="2030-12-24", reason="Christmas Eve")
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    closure = Closure.objects.get()
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("closures") and k.endswith("-id") and v == str(closure.pk)
    )
    data[f"closures-{index}-DELETE"] = "on"
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    assert not Closure.objects.exists()
    assert "Christmas Eve" in text_of(editor_client.get("/admin/content/closure/deleted/"))
    link = revert_links(editor_client, Closure, closure.pk)[0]
    response = post(editor_client, link, form_values(editor_client.get(link).content.decode(), "revert_form"))
    assert response.status_code == 302
    assert Closure.objects.get().reason == "Christmas Eve"
    assert "Christmas Eve" in public("/get-help/")
