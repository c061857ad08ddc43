"""The press pages (releases, the Atom feed) and the partner toolkit's files.

Everything is read from the content snapshot, like every public page: no query when warm.
Toolkit files are made by `toolkit` from that content and kept in the shared cache under
a hash of everything they are made of, so they are made again only when an input changes
(the number, the hours, a partner, a placement, the copy), and served under names that
carry the hash, so browsers and proxies may keep them for a year.
"""

import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from content.snapshot import get_snapshot
from pages.views import PublicPageView
from reach import codes, qr
from toolkit import assets, briefing, copy, text

FILE_NAME = re.compile(
    r"(?P<kind>[a-z]+)-(?P<size>a[34]|\d+x\d+|text)(?:-(?P<code>[a-z0-9-]+?))?-(?P<hash>[0-9a-f]{16})"
    r"\.(?P<ext>pdf|png|txt)"
)
TYPES = {"pdf": "application/pdf", "png": "image/png", "txt": "text/plain; charset=utf-8"}
KEEP_FILES = 30 * 24 * 3600


def asset_content(snap, code: str = "") -> assets.AssetContent:
    """The toolkit's inputs for one placement ("" for the generic poster's own code)."""
    offered = codes.partner_placements()
    if code and (code not in offered or code == codes.TOOLKIT_CODE):
        raise Http404("No such placement")
    qr_code = code or (codes.TOOLKIT_CODE if codes.TOOLKIT_CODE in offered else "")
    return assets.content_from_snapshot(
        snap,
        site_url=settings.SITE_URL,
        qr_url=qr.code_url(qr_code) if qr_code else settings.SITE_URL + "/",
        placement_label=offered.get(code, "") if code else "",
        # Only partners who have agreed to be named on materials (Partner.on_materials).
        partner_names=[p.name for p in snap.partners if p.on_materials],
        language=translation.get_language(),
    )


def file_name(content, kind: str, size: str, code: str = "") -> str:
    name = assets.asset_filename(content, kind, size)
    return name.replace(f"{kind}-{size.lower()}-", f"{kind}-{size.lower()}-{code}-", 1) if code else name


def file_url(content, kind: str, size: str, code: str = "") -> str:
    return reverse("pages:toolkit_file", args=[file_name(content, kind, size, code)])


def toolkit_file(request, name):
    """One toolkit file. An older name (made from content since changed) leads to the
    current file, so a saved link never gives out an old number."""
    found = FILE_NAME.fullmatch(name)
    if not found:
        raise Http404("No such file")
    kind, code = found["kind"], found["code"] or ""
    sizes = {size.lower(): size for size in assets.KINDS.get(kind, ((), ""))[0]}
    if found["size"] not in sizes or assets.KINDS[kind][1] != found["ext"] or (code and kind != "poster"):
        raise Http404("No such file")
    size = sizes[found["size"]]
    content = asset_content(get_snapshot(), code)
    key = assets.asset_key(content, kind, size)
    if key[:16] != found["hash"]:
        response = HttpResponseRedirect(file_url(content, kind, size, code))
        response["Cache-Control"] = "no-store"
        return response
    body = cache.get(f"toolkit:{key}")
    if body is None:
        body = assets.generate(content, kind, size)
        cache.set(f"toolkit:{key}", body, timeout=KEEP_FILES)
    response = HttpResponse(body, content_type=TYPES[found["ext"]])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A file opened on its own is never a page that could run anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class PartnersView(PublicPageView):
    """/partners/ and /partners/<placement>/: every asset, made for the chosen placement."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs.get("code", "")
        snap = context["snap"]
        content = asset_content(snap, code)
        offered = codes.partner_placements()
        choices = sorted((label, c) for c, label in offered.items() if c != codes.TOOLKIT_CODE)
        cards = [
            {
                "size": size,
                "url": file_url(content, "card", size),
                "alt": text.fill(copy.CARD_ALT, content),
            }
            for size in assets.KINDS["card"][0]
        ]
        context.update(
            code=code,
            placement=offered.get(code, ""),
            placements=choices,
            content=content,
            posters=[(size, file_url(content, "poster", size, code)) for size in assets.KINDS["poster"][0]],
            poster_text={
                "call": text.fill(copy.CALL_LEAD, content),
                "note_and_hours": text.note_and_hours(content),
                "selfhelp": text.fill(copy.SELFHELP_LEAD, content),
                "partners": text.join_names(content.partner_names),
            },
            copy=copy,
            cards=cards,
            posts=text.suggested_posts(content),
            banner_url=file_url(content, "banner", "600x150"),
            banner_alt=text.fill(copy.BANNER_ALT, content),
            article=text.intranet_article(content),
            article_url=file_url(content, "article", "text"),
            briefing_url=file_url(content, "briefing", "A4"),
            briefing_title=copy.BRIEFING_TITLE,
            briefing_sections=briefing.sections(content),
        )
        return context


def choose_placement(request):
    """The placement form (it works without JavaScript): on to that placement's own page."""
    code = request.GET.get("placement", "")
    target = reverse("pages:partners_for", args=[code]) if code in codes.partner_placements() else ""
    response = HttpResponseRedirect(target or reverse("pages:partners"))
    response["Cache-Control"] = "no-store"
    return response


class PressView(PublicPageView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snap = context["snap"]
        content = asset_content(snap)
        context.update(
            lockup_url=file_url(content, "lockup", "1200x400"),
            lockup_alt=copy.LOCKUP_ALT,
            press_logos=[p for p in snap.partners if p.press_logo and p.logo],
        )
        return context


class PressReleaseView(PublicPageView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = next((r for r in context["snap"].releases if r.slug == self.kwargs["slug"]), None)
        if release is None:
            raise Http404("No such press release")
        context.update(release=release, heading=release.title)
        return context


class PressFeed(Feed):
    """The press releases as an Atom feed. Absolute addresses come from SITE_URL, never
    from the Host header."""

    feed_type = Atom1Feed
    title = _("Press releases: Get help to stop, West Yorkshire")
    subtitle = _(
        "Press releases from the campaign by West Yorkshire Police and The Lucy Faithfull Foundation."
    )
    author_name = _("Get help to stop, West Yorkshire")

    def link(self):
        return settings.SITE_URL + reverse("pages:press")

    def feed_url(self):
        return settings.SITE_URL + reverse("pages:press_feed")

    def items(self):
        return get_snapshot().releases[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item):
        return self.item_link(item)

    def _moment(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time(9)))

    def item_pubdate(self, item):
        return self._moment(item)

    def item_updateddate(self, item):
        return self._moment(item)


def press_feed(request):
    response = PressFeed()(request)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_SHARED_MAX_AGE)
    return set_response_etag(response)
