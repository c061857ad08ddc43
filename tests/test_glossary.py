"""The wording guard: banned terms are refused, stigmatising ones need acknowledging."""

import pytest

from content import glossary
from content.models import Closure, Figure, GlossaryTerm, Helpline, LegalPoint
from tests.admin_forms import form_values
from tests.admin_helpers import HELPLINE_URL, change_url, errors_in, form_of, public, save, text_of

PREFERRED = (
    "sexual images of children, child sexual abuse images or, for the legal term, indecent images of children"
)


def test_the_glossary_migration_seeds_the_briefs_terms(db):
    import importlib

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    GlossaryTerm.objects.all().delete()
    migration = importlib.import_module("content.migrations.0005_seed_glossary")
    state = MigrationLoader(connection).project_state(("content", "0005_seed_glossary"))
    migration.seed(state.apps, None)
    terms = {(t.term, t.kind) for t in GlossaryTerm.objects.all()}
    assert terms == {
        ("child pornography", "banned"),
        ("child porn", "banned"),
        ("kiddie porn", "banned"),
        ("paedo", "warn"),
        ("monster", "warn"),
        ("beast", "warn"),
        ("nonce", "warn"),
    }
    assert GlossaryTerm.objects.get(term="child porn").preferred == PREFERRED
    editors = Group.objects.get(name="Comms editors")
    assert {p.codename for p in editors.permissions.filter(codename__endswith="glossaryterm")} == {
        "view_glossaryterm",
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
    }
    # Reversible: going back removes the seeded terms.
    migration.unseed(state.apps, None)
    assert not GlossaryTerm.objects.exists()


@pytest.mark.parametrize(
    "text, found",
    [
        ("Viewing child pornography is a crime.", ["child pornography"]),
        ("CHILD PORN", ["child porn"]),
        ("so-called child-porn sites", ["child porn"]),
        ("child\nporn", ["child porn"]),
        ("kiddie porn", ["kiddie porn"]),
        ("He is not a monster.", ["monster"]),
        ("Monsters and beasts", ["beast", "monster"]),
        ("a paedo's excuses", ["paedo"]),
        ("Call us, nonce.", ["nonce"]),
        # Whole words only.
        ("We announce new opening hours on Sunday.", []),
        ("The Beastie Boys", []),
        ("beastly weather", []),
        ("paedophile", []),
        ("pornographic", []),
        ("childporn", []),
        ("", []),
    ],
)
def test_terms_match_whole_words_in_any_case(db, text, found):
    hits = glossary.find(text, glossary.load_terms())
    assert sorted(h.term.term for h in hits) == sorted(found)


@pytest.mark.parametrize("who", ["editor_client", "superuser_client"])
@pytest.mark.parametrize("typed", ["Child Pornography", "child porn", "kiddie porn"])
def test_banned_terms_are_refused_with_the_preferred_wording(request, who, typed):
    client = request.getfixturevalue(who)
    figure = Figure.objects.get()
    data = form_of(client, change_url(figure), "figure_form")
    data["label_en_gb"] = f"reports of {typed} online"
    response = save(client, change_url(figure), data)
    assert response.status_code == 200
    assert f"“{typed}” must never be used on this site. Use “{PREFERRED}” instead." in errors_in(response)
    assert Figure.objects.get().label.startswith("people from West Yorkshire")
    # Acknowledging does not help: banned means banned.
    data["wording_checked"] = typed.lower()
    response = save(client, change_url(figure), data)
    assert response.status_code == 200
    assert "must never be used" in errors_in(response)
    assert typed.lower() not in public("/").lower()


def test_banned_terms_are_refused_in_the_closure_rows_too(editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    total = int(data["closures-TOTAL_FORMS"])
    data.update(
        {
            "closures-TOTAL_FORMS": str(total + 1),
            f"closures-{total}-start_date": "2030-12-25",
            f"closures-{total}-end_date": "2030-12-25",
            f"closures-{total}-reason_en_gb": "Child porn awareness day",
            f"closures-{total}-helpline": "1",
        }
    )
    response = save(editor_client, HELPLINE_URL, data)
    assert response.status_code == 200
    assert "“Child porn” must never be used" in errors_in(response)
    assert not Closure.objects.exists()


def test_stigmatising_terms_need_the_editor_to_confirm(editor_client):
    point = LegalPoint.objects.first()
    url = change_url(point)
    data = form_of(editor_client, url, "legalpoint_form")
    data["body_en_gb"] = "Do not think of yourself as a monster. Help is there."
    response = save(editor_client, url, data)
    assert response.status_code == 200
    errors = errors_in(response)
    assert "“monster” is stigmatising" in errors
    assert "someone who has viewed sexual images of children" in errors
    page = text_of(response)
    assert "Check the wording" in page and "I have checked this wording" in page
    assert "monster" not in LegalPoint.objects.get(pk=point.pk).body

    # A crafted acknowledgement of some other word does not count.
    response = save(editor_client, url, {**data, "wording_checked": "beast"})
    assert "“monster” is stigmatising" in errors_in(response)

    # Ticking the box shown on the page does.
    ack = form_values(response.content.decode(), "legalpoint_form")
    assert "wording_checked" not in ack  # not ticked for the editor
    response = save(editor_client, url, {**data, "wording_checked": "monster"})
    assert response.status_code == 302, errors_in(response)
    assert LegalPoint.objects.get(pk=point.pk).body == data["body_en_gb"]


def test_an_acknowledged_word_does_not_wave_through_a_new_one(editor_client):
    helpline = Helpline.load()
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data["phone_note_en_gb"] = "No one here will call you a beast or a nonce."
    response = save(editor_client, HELPLINE_URL, {**data, "wording_checked": "beast"})
    assert response.status_code == 200
    errors = errors_in(response)
    assert "“nonce” is stigmatising" in errors and "“beast”" not in errors
    response = save(editor_client, HELPLINE_URL, {**data, "wording_checked": "beast|nonce"})
    assert response.status_code == 302, errors_in(response)
    helpline.refresh_from_db()
    assert "nonce" in helpline.phone_note
    # Saving again without touching that text does not ask again.
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data["languages_note_en_gb"] = "English or Welsh."
    assert save(editor_client, HELPLINE_URL, data).status_code == 302


def test_comms_staff_can_extend_the_glossary(editor_client):
    data = form_of(editor_client, "/admin/content/glossaryterm/add/", "glossaryterm_form")
    data.update({"term": "Predator", "kind": "banned", "preferred": "someone who has offended"})
    response = save(editor_client, "/admin/content/glossaryterm/add/", data)
    assert response.status_code == 302, errors_in(response)
    # A second entry for the same word in other capitals is refused.
    data["term"] = "predator"
    response = save(editor_client, "/admin/content/glossaryterm/add/", data)
    assert "already in the glossary" in errors_in(response)

    figure = Figure.objects.get()
    form = form_of(editor_client, change_url(figure), "figure_form")
    form["label_en_gb"] = "online predators were arrested"
    response = save(editor_client, change_url(figure), form)
    assert (
        "“predators” must never be used on this site. Use “someone who has offended” instead."
        in errors_in(response)
    )


def test_links_and_numbers_are_not_checked_as_prose(editor_client):
    figure = Figure.objects.get()
    data = form_of(editor_client, change_url(figure), "figure_form")
    data["source_url"] = "https://example.org/reports/monster-report"
    response = save(editor_client, change_url(figure), data)
    assert response.status_code == 302, errors_in(response)
