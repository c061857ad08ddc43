"""History and undo: every change is recorded with its editor, reads plainly, and each one
change can be undone on its own, after a preview, through the same rules as a normal save."""

import re
from html import unescape

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
    client_for,
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

UNDO_LINK = re.compile(r'href="(/admin/content/\w+/\d+/history/\d+/)"')


def public_text(path="/get-help/") -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", public(path))).split())


def history_rows(client, url) -> list[tuple[str, str]]:
    """(the row as text, its "Undo this change" link or "") for each row, newest first."""
    html = client.get(url).content.decode()
    rows = []
    for row in re.findall(r'<tr class="history-entry">(.*?)</tr>', html, re.S):
        link = UNDO_LINK.search(row)
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split())
        rows.append((text, link.group(1) if link else ""))
    return rows


def undo_link(client, url, *words) -> str:
    """The undo link of the newest row of a history page that mentions all these words."""
    for text, link in history_rows(client, url):
        if all(word in text for word in words):
            assert link, f"no undo link on: {text}"
            return link
    raise AssertionError(f"no history row with {words}: {history_rows(client, url)}")


def undo(client, link, **extra):
    """Open the preview and press "Undo this change" (with any boxes ticked in `extra`)."""
    preview = client.get(link)
    assert preview.status_code == 200
    return post(client, link, {**form_values(preview.content.decode(), "undo_form"), **extra})


def add_row(data, prefix, **fields):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for name, value in {"helpline": "1", **fields}.items():
        data[f"{prefix}-{total}-{name}"] = value
    return data


def row_index(data, prefix, pk) -> str:
    return next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith(prefix) and k.endswith("-id") and v == str(pk)
    )


def save_helpline(client, change):
    data = form_of(client, HELPLINE_URL, "helpline_form")
    change(data)
    response = save(client, HELPLINE_URL, data)
    assert response.status_code == 302, errors_in(response)


def upload_partner(client, name="Safer Yorkshire", colour=(10, 120, 40)):
    data = form_of(client, "/admin/content/partner/add/", "partner_form")
    data.update({"name_en_gb": name, "alt_text": f"{name} logo", "url": "https://example.org/", "order": "9"})
    data["visible"] = "on"
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
    friday = OpeningPeriod.objects.get(weekday=4)

    def change(data):
        data["phone_note_en_gb"] = "Free from UK phones."
        add_row(data, "opening_periods", weekday="5", opens="10am", closes="2pm")
        add_row(data, "closures", start_date="2030-12-24", end_date="2030-12-26", reason_en_gb="Christmas")
        data[f"opening_periods-{row_index(data, 'opening_periods', friday.pk)}-DELETE"] = "on"

    save_helpline(client, change)
    assert latest(Helpline).history_user.username == username
    assert OpeningPeriod.history.filter(history_type="+", weekday=5).get().history_user.username == username
    assert (
        OpeningPeriod.history.filter(history_type="-", id=friday.pk).get().history_user.username == username
    )
    assert latest(Closure).history_user.username == username and latest(Closure).history_type == "+"

    # Every other kind of content, through its own admin page.
    edits = [
        (
            HelpService.objects.get(slug="shore"),
            "helpservice_form",
            {"name_en_gb": "Shore (for 13 to 18 year olds)"},
        ),
        (Figure.objects.get(), "figure_form", {"label_en_gb": "people sought help"}),
        (LegalPoint.objects.first(), "legalpoint_form", {"body_en_gb": "Waiting for a lawyer's review."}),
        (SiteSettings.load(), "sitesettings_form", {"accessibility_contact_email": "access@example.org"}),
        (GlossaryTerm.objects.get(term="beast"), "glossaryterm_form", {"note": "Edited."}),
    ]
    for obj, form_id, changes in edits:
        data = form_of(client, change_url(obj), form_id)
        data.update(changes)
        response = save(client, change_url(obj), data)
        assert response.status_code == 302, (obj, errors_in(response))
        assert latest(type(obj)).history_user.username == username, obj
        assert latest(type(obj)).history_type == "~"
    partner = upload_partner(client)
    assert latest(Partner).history_user.username == username
    assert latest(Partner).logo == partner.logo.name

    figure = Figure.objects.get()
    assert post(client, f"/admin/content/figure/{figure.pk}/delete/", {"post": "yes"}).status_code == 302
    assert latest(Figure).history_type == "-" and latest(Figure).history_user.username == username


def test_the_history_page_says_what_changed_in_plain_words(later, editor_client):
    figure = Figure.objects.get()
    data = form_of(editor_client, change_url(figure), "figure_form")
    data.update({"value": "1400", "last_verified": "2030-01-09", "show_on_home": ""})
    assert save(editor_client, change_url(figure), data).status_code == 302
    newest, *_older = history_rows(editor_client, history_url(figure))
    text, link = newest
    assert "Number: 1,365 → 1,400" in text
    assert "Last checked: (empty) → 9 January 2030" in text
    assert "Shown on the home page: Yes → No" in text
    assert "9 Jan 2030, 12:00" in text and "editor" in text
    assert "Undo this change" in text and link


def test_hours_and_closures_are_rows_of_their_own_on_the_helpline_history(later, editor_client):
    save_helpline(
        editor_client, lambda d: add_row(d, "opening_periods", weekday="5", opens="10", closes="14:00")
    )
    rows = [text for text, _link in history_rows(editor_client, history_url(Helpline.load()))]
    assert rows[0].startswith("9 Jan 2030")
    assert "Opening period: Saturday 10am to 2pm. Created" in rows[0]
    assert "Opens: 10am" in rows[0] and "Closes: 2pm" in rows[0]


def test_undoing_fridays_hours_keeps_the_christmas_closure_added_later(later, editor_client, editor):
    """The case that went wrong: reverting a version also deleted a later closure."""
    friday = OpeningPeriod.objects.get(weekday=4)
    save_helpline(
        editor_client,
        lambda d: d.update({f"opening_periods-{row_index(d, 'opening_periods', friday.pk)}-closes": "4pm"}),
    )
    save_helpline(
        editor_client,
        lambda d: add_row(
            d, "closures", start_date="2030-12-24", end_date="2030-12-31", reason_en_gb="Christmas"
        ),
    )
    assert "Friday 9am to 4pm" in public_text() and "Christmas" in public_text()

    link = undo_link(editor_client, history_url(Helpline.load()), "Opening period: Friday", "Changed")
    preview = editor_client.get(link)
    page = text_of(preview)
    assert "Closes 4pm 5pm" in page  # field, now, after the undo
    assert "Christmas" not in page
    assert str(OpeningPeriod.objects.get(pk=friday.pk).closes) == "16:00:00"  # nothing changed yet

    response = undo(editor_client, link)
    assert response.status_code == 302
    assert str(OpeningPeriod.objects.get(pk=friday.pk).closes) == "17:00:00"
    assert Closure.objects.get().reason == "Christmas"
    assert "Friday 9am to 5pm" in public_text() and "Christmas" in public_text()
    record = OpeningPeriod.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == "Undid the change of 9 Jan 2030, 12:00 by editor"
    newest = history_rows(editor_client, history_url(Helpline.load()))[0][0]
    assert "Undid the change of 9 Jan 2030, 12:00 by editor" in newest and "Closes: 4pm → 5pm" in newest


def test_undoing_a_helpline_change_leaves_the_hours_saved_with_it(later, editor_client):
    def change(data):
        data["languages_note_en_gb"] = "English only."
        add_row(data, "opening_periods", weekday="5", opens="10am", closes="2pm")

    save_helpline(editor_client, change)
    link = undo_link(
        editor_client, history_url(Helpline.load()), "Languages: You can talk in English or Welsh."
    )
    assert undo(editor_client, link).status_code == 302
    assert Helpline.load().languages_note == "You can talk in English or Welsh."
    assert OpeningPeriod.objects.filter(weekday=5).exists()


def test_the_preview_says_when_a_field_changed_again_since(later, editor_client, second_editor):
    for note in ("Calls are free.", "Calls are free from UK phones."):
        save_helpline(editor_client, lambda d, note=note: d.update({"phone_note_en_gb": note}))
    original = "Free to call from UK phones."
    link = undo_link(editor_client, history_url(Helpline.load()), f"Note about calls: {original} →")
    page = text_of(editor_client.get(link))
    assert (
        "Changed again since: this change set it to “Calls are free.”, and it has been changed again" in page
    )
    assert "Calls are free from UK phones." in page  # what it is now
    assert undo(editor_client, link).status_code == 302
    assert Helpline.load().phone_note == original


def test_an_undo_that_would_break_a_rule_says_so_and_changes_nothing(later, editor_client):
    monday = OpeningPeriod.objects.get(weekday=0)
    save_helpline(
        editor_client,
        lambda d: d.update({f"opening_periods-{row_index(d, 'opening_periods', monday.pk)}-closes": "12:00"}),
    )
    save_helpline(
        editor_client, lambda d: add_row(d, "opening_periods", weekday="0", opens="1pm", closes="3pm")
    )
    link = undo_link(
        editor_client, history_url(Helpline.load()), "Opening period: Monday 9am to midday", "Changed"
    )
    preview = editor_client.get(link)
    page = text_of(preview)
    assert "This change cannot be undone as it stands. Nothing has changed." in page
    assert "Monday has periods that overlap (1pm to 3pm and one starting 9am)" in page
    assert 'type="submit"' not in preview.content.decode().split('id="undo_form"')[1]
    versions = OpeningPeriod.history.count()
    response = post(editor_client, link, form_values(preview.content.decode(), "undo_form"))
    assert response.status_code == 200
    assert str(OpeningPeriod.objects.get(pk=monday.pk).closes) == "12:00:00"
    assert OpeningPeriod.history.count() == versions


def test_undoing_an_addition_deletes_it(later, editor_client):
    save_helpline(
        editor_client,
        lambda d: add_row(
            d, "closures", start_date="2030-01-10", end_date="2030-01-10", reason_en_gb="Staff training"
        ),
    )
    assert "Staff training" in public("/get-help/")
    link = undo_link(editor_client, history_url(Helpline.load()), "Closure: Staff training", "Created")
    page = text_of(editor_client.get(link))
    assert "Undoing it deletes it" in page
    assert undo(editor_client, link).status_code == 302
    assert not Closure.objects.exists()
    assert "Staff training" not in public("/get-help/")
    assert Closure.history.latest().history_type == "-"


def test_a_deleted_partner_comes_back_with_its_logo_from_recently_deleted(later, editor_client, media_root):
    partner = upload_partner(editor_client)
    logo = partner.logo.name
    assert (
        post(editor_client, f"/admin/content/partner/{partner.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert default_storage.exists(logo)  # logo files are kept
    assert "Safer Yorkshire" not in public("/")

    listing = editor_client.get("/admin/content/partner/")
    assert "Recently deleted" in text_of(listing) and "Safer Yorkshire" in text_of(listing)
    assert history_url(Partner, partner.pk) in listing.content.decode()
    link = undo_link(editor_client, history_url(Partner, partner.pk), "Deleted")
    page = editor_client.get(link)
    assert "Undoing it brings it back as it was" in text_of(page)
    assert f'src="/media/{logo}"' in page.content.decode()  # the logo that comes back, as a picture
    assert undo(editor_client, link).status_code == 302
    restored = Partner.objects.get(pk=partner.pk)  # the same record
    assert restored.logo.name == logo and restored.logo_width == 40
    assert f'src="/media/{logo}"' in public("/")
    assert "Recently deleted" not in text_of(editor_client.get("/admin/content/partner/"))


def test_the_history_shows_each_logo_as_a_picture_and_a_logo_change_can_be_undone(
    later, editor_client, media_root
):
    partner = upload_partner(editor_client, colour=(200, 0, 0))
    first = partner.logo.name
    data = form_of(editor_client, change_url(partner), "partner_form")
    data["logo"] = SimpleUploadedFile(
        "new.png", png_bytes(size=(80, 20), colour=(0, 0, 200)), content_type="image/png"
    )
    assert save(editor_client, change_url(partner), data).status_code == 302
    second = Partner.objects.get(pk=partner.pk).logo.name
    html = editor_client.get(history_url(partner)).content.decode()
    assert f'src="/media/{first}"' in html and f'src="/media/{second}"' in html
    assert first.split("/")[-1][:8] not in text_of(
        editor_client.get(history_url(partner))
    )  # no hashes to read

    link = undo_link(editor_client, history_url(partner), "Logo:")
    assert undo(editor_client, link).status_code == 302
    back = Partner.objects.get(pk=partner.pk)
    assert (back.logo.name, back.logo_width, back.logo_height) == (first, 40, 20)
    assert f'src="/media/{first}"' in public("/")


def test_an_undo_whose_logo_file_is_missing_is_refused(later, editor_client, media_root):
    partner = upload_partner(editor_client, colour=(200, 0, 0))
    first = partner.logo.name
    data = form_of(editor_client, change_url(partner), "partner_form")
    data["logo"] = SimpleUploadedFile("new.png", png_bytes(colour=(0, 0, 200)), content_type="image/png")
    assert save(editor_client, change_url(partner), data).status_code == 302
    second = Partner.objects.get(pk=partner.pk).logo.name
    default_storage.delete(first)
    link = undo_link(editor_client, history_url(partner), "Logo:")
    response = undo(editor_client, link)
    assert response.status_code == 200
    assert f"The file of this version ({first}) is missing from storage" in text_of(response)
    assert Partner.objects.get(pk=partner.pk).logo.name == second


def test_restoring_a_record_that_now_clashes_is_refused(later, editor_client):
    shore = HelpService.objects.get(slug="shore")
    assert (
        post(editor_client, f"/admin/content/helpservice/{shore.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    HelpService.objects.create(slug="shore", name="Shore (new)", group="young")
    response = undo(editor_client, undo_link(editor_client, history_url(HelpService, shore.pk), "Deleted"))
    assert response.status_code == 200
    assert "already exists" in text_of(response)
    assert HelpService.objects.get(slug="shore").name == "Shore (new)"
    assert not HelpService.objects.filter(pk=shore.pk).exists()


def test_undo_meets_the_wording_rules_of_a_normal_save(later, editor_client):
    GlossaryTerm.objects.filter(term="child porn").delete()  # text written before the term was listed
    point = LegalPoint.objects.first()
    for body in ("Possessing child porn is a crime.", "Possessing indecent images of children is a crime."):
        data = form_of(editor_client, change_url(point), "legalpoint_form")
        data["body_en_gb"] = body
        assert save(editor_client, change_url(point), data).status_code == 302
    GlossaryTerm.objects.create(term="child porn", kind="banned", preferred="indecent images of children")
    link = undo_link(editor_client, history_url(point), "Text: Possessing child porn")
    response = undo(editor_client, link)
    assert response.status_code == 200
    assert "“child porn” must never be used on this site" in text_of(response)
    assert LegalPoint.objects.get(pk=point.pk).body == "Possessing indecent images of children is a crime."

    # A stigmatising word needs the same "I have checked this wording" as a save.
    for body in ("Someone who is a beast.", "Someone who has viewed images."):
        data = form_of(editor_client, change_url(point), "legalpoint_form")
        data.update({"body_en_gb": body, "wording_checked": "beast"})
        assert save(editor_client, change_url(point), data).status_code == 302
    link = undo_link(editor_client, history_url(point), "Text: Someone who is a beast.")
    preview = editor_client.get(link)
    assert "Check the wording" in text_of(preview)
    assert undo(editor_client, link).status_code == 200  # box not ticked
    assert LegalPoint.objects.get(pk=point.pk).body == "Someone who has viewed images."
    assert undo(editor_client, link, wording_checked="beast").status_code == 302
    assert LegalPoint.objects.get(pk=point.pk).body == "Someone who is a beast."


def test_a_deleted_closure_is_restored_from_the_helpline_history(later, editor_client):
    save_helpline(
        editor_client,
        lambda d: add_row(
            d, "closures", start_date="2030-12-24", end_date="2030-12-24", reason_en_gb="Christmas Eve"
        ),
    )
    closure = Closure.objects.get()
    save_helpline(
        editor_client, lambda d: d.update({f"closures-{row_index(d, 'closures', closure.pk)}-DELETE": "on"})
    )
    assert "Christmas Eve" in text_of(editor_client.get("/admin/content/closure/"))  # recently deleted
    link = undo_link(editor_client, history_url(Helpline.load()), "Closure: Christmas Eve", "Deleted")
    assert undo(editor_client, link).status_code == 302
    assert Closure.objects.get().pk == closure.pk
    assert "Christmas Eve" in public("/get-help/")


def test_only_editors_who_may_make_the_change_can_undo_it(later, editor_client, client, django_user_model):
    save_helpline(editor_client, lambda d: d.update({"phone_note_en_gb": "Changed."}))
    link = undo_link(editor_client, history_url(Helpline.load()), "Note about calls")
    viewer = django_user_model.objects.create_user(
        "viewer", "v@example.org", "a-long-test-password-789", is_staff=True
    )
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_helpline"))
    viewer_client = client_for(viewer)
    preview = viewer_client.get(link)
    assert preview.status_code == 200 and 'value="Undo this change"' not in preview.content.decode()
    assert post(viewer_client, link, {}).status_code == 403
    assert Helpline.load().phone_note == "Changed."


def test_change_forms_link_to_the_public_page(editor_client):
    html = editor_client.get(HELPLINE_URL).content.decode()
    assert 'href="/get-help/"' in html and "View on site" in html
    assert 'href="/"' in editor_client.get(change_url(Figure.objects.get())).content.decode()


def test_uploading_the_same_logo_again_reuses_the_stored_file(editor_client, media_root):
    partner = upload_partner(editor_client)
    data = form_of(editor_client, change_url(partner), "partner_form")
    data["logo"] = SimpleUploadedFile("again.png", png_bytes(colour=(10, 120, 40)), content_type="image/png")
    assert save(editor_client, change_url(partner), data).status_code == 302
    assert Partner.objects.get(pk=partner.pk).logo.name == partner.logo.name
    assert sorted(p.name for p in (media_root / "logos").iterdir()) == [partner.logo.name.split("/")[-1]]
