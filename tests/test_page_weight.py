"""Page weight on a phone: every public page, with its CSS, JS, icons and partner logos,
under 60 KB transferred and under 10 requests; no render-blocking script; images sized,
and lazy below the fold.

Each page is fetched as a phone asks for it (Accept-Encoding: gzip, deflate, br) and
every same-origin subresource it pulls in is followed (scripts.page_weight, the same code
`make bench` uses). The partners carry logos like the real ones, so their bytes count.
"""

import pytest
from django.urls import reverse

from content import snapshot
from content.site_pages import PAGES
from scripts.page_weight import give_partners_logos, measure

PAGE_NAMES = [page.name for page in PAGES]
MAX_BYTES = 60 * 1024
MAX_REQUESTS = 10


@pytest.fixture
def partners_with_logos(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    partners = give_partners_logos()
    assert partners, "the seed content has partners"
    snapshot.publish()
    return partners


def client_fetch(client):
    def fetch(url, headers):
        response = client.get(url, HTTP_ACCEPT_ENCODING=headers.get("Accept-Encoding", ""))
        if response.streaming:
            body = b"".join(response.streaming_content)
            response.close()
        else:
            body = response.content
        return response.status_code, dict(response.items()), body

    return fetch


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_each_page_with_everything_it_loads_is_light(client, partners_with_logos, name):
    path = reverse(f"pages:{name}")
    weight = measure(client_fetch(client), path)
    logos = [r for r in weight.resources if r.url.startswith("/media/logos/")]
    assert len(logos) == len(partners_with_logos), "the partner logos are counted"
    assert all(r.status == 200 for r in weight.resources), [(r.url, r.status) for r in weight.resources]
    assert any(r.kind.startswith("link:") and "stylesheet" in r.kind for r in weight.resources)
    assert weight.cross_origin == [], "public pages load nothing from another host"
    assert weight.requests < MAX_REQUESTS, weight.summary()
    assert weight.wire_bytes < MAX_BYTES, f"{weight.wire_bytes} bytes: {weight.summary()}"
    # Text is sent compressed.
    for resource in weight.resources:
        if resource.kind in ("page", "script") or "stylesheet" in resource.kind:
            if resource.body_bytes > 1024:
                assert resource.encoding in ("br", "gzip"), resource.url


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_nothing_blocks_rendering_and_images_are_sized_and_lazy(client, partners_with_logos, name):
    weight = measure(client_fetch(client), reverse(f"pages:{name}"))
    assert weight.blocking_scripts == [], "scripts must be defer, async or modules"
    assert weight.unsized_images == [], "every image needs width and height (no layout shift)"
    assert weight.eager_images_below_fold == [], "images below the fold need loading=lazy"


FIRST_VISIT_BYTES = 15 * 1024


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_first_visit_is_under_15_kb_without_logos(client, seeded, name):
    """The brief's budget: a first visit (page, CSS, script, icon) under 15 KB on the wire.
    Partner logos, which comms staff may upload, come on top (the test above)."""
    weight = measure(client_fetch(client), reverse(f"pages:{name}"))
    assert not any(r.url.startswith("/media/") for r in weight.resources)
    assert weight.wire_bytes < FIRST_VISIT_BYTES, weight.summary()
