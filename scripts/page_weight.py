"""What a phone downloads to show one page: the page plus every same-origin subresource.

Shared by `make bench` (over HTTP, against gunicorn) and tests/test_page_weight.py
(through Django's test client). A fetch function is passed in, so the same parser and
arithmetic serve both:

    fetch(url_path, headers) -> (status, headers_dict, body_bytes)

The page is requested the way mobile browsers ask (`Accept-Encoding: gzip, deflate, br`)
and the bytes counted are the bytes on the wire: the (compressed) body plus the response
headers. Subresources followed: stylesheets, scripts, icons, the manifest, preloads,
images (`src`), and `url(...)` / `@import` inside stylesheets. Images below the fold are
counted even though a browser loads them lazily, so the figure is an upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ACCEPT_ENCODING = "gzip, deflate, br"
LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preload",
    "modulepreload",
    "mask-icon",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass
class Resource:
    url: str
    kind: str
    status: int
    wire_bytes: int  # body as sent (compressed when the server compressed it) + headers
    body_bytes: int
    encoding: str
    cache_control: str


@dataclass
class PageWeight:
    path: str
    resources: list[Resource] = field(default_factory=list)
    cross_origin: list[str] = field(default_factory=list)
    blocking_scripts: list[str] = field(default_factory=list)
    unsized_images: list[str] = field(default_factory=list)
    eager_images_below_fold: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.resources)

    @property
    def wire_bytes(self) -> int:
        return sum(r.wire_bytes for r in self.resources)

    def summary(self) -> str:
        return ", ".join(f"{r.url} {r.wire_bytes} B ({r.encoding})" for r in self.resources)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, url)
        self.blocking_scripts: list[str] = []
        self.images: list[dict] = []
        self._in_head = False
        self._main_seen = False
        self._h2_in_main = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "main":
            self._main_seen = True
        elif tag in ("h2", "footer") and self._main_seen:
            self._h2_in_main = True
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & LINK_RELS:
                self.refs.append(("link:" + "+".join(sorted(rels & LINK_RELS)), a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.refs.append(("script", a["src"]))
            is_module = (a.get("type") or "").lower() == "module"
            if not ("defer" in a or "async" in a or is_module):
                self.blocking_scripts.append(a.get("src") or "(inline script)")
        elif tag == "img" and a.get("src"):
            self.refs.append(("img", a["src"]))
            # "Below the fold" here means: after the page's first section (the first <h2>
            # in main, or the footer). Such images must load lazily.
            self.images.append({**a, "_below_fold": self._h2_in_main})


def _same_origin(url: str, origin_host: str | None) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data",):
        return True
    if not parts.scheme and not parts.netloc:
        return True
    return parts.scheme in ("http", "https") and parts.netloc == origin_host


def _wire_size(headers: dict, body: bytes) -> int:
    # Status line + headers as HTTP/1.1 writes them, + body.
    return 17 + sum(len(k) + len(v) + 4 for k, v in headers.items()) + 2 + len(body)


def _get(fetch, url):
    status, headers, body = fetch(url, {"Accept-Encoding": ACCEPT_ENCODING})
    headers = {k.lower(): v for k, v in headers.items()}
    return status, headers, body


def measure(fetch, path: str, origin_host: str | None = None) -> PageWeight:
    """Fetch a page and everything it pulls in from this site; count bytes and requests."""
    weight = PageWeight(path)
    status, headers, body = _get(fetch, path)
    weight.resources.append(_resource(path, "page", status, headers, body))
    html = _decoded(headers, body).decode("utf-8", "replace")
    parser = _PageParser()
    parser.feed(html)
    weight.blocking_scripts = parser.blocking_scripts
    for img in parser.images:
        if not (img.get("width") and img.get("height")):
            weight.unsized_images.append(img["src"])
        if img["_below_fold"] and (img.get("loading") or "").lower() != "lazy":
            weight.eager_images_below_fold.append(img["src"])
    queue = [(kind, urljoin(path, url)) for kind, url in parser.refs]
    seen = {path}
    while queue:
        kind, url = queue.pop(0)
        if url.startswith("data:"):
            continue
        if not _same_origin(url, origin_host):
            weight.cross_origin.append(url)
            continue
        local = urlsplit(url)
        local_path = local.path + (f"?{local.query}" if local.query else "")
        if local_path in seen:
            continue
        seen.add(local_path)
        status, headers, body = _get(fetch, local_path)
        weight.resources.append(_resource(local_path, kind, status, headers, body))
        if kind.startswith("link:") and "stylesheet" in kind and status == 200:
            css = _decoded(headers, body).decode("utf-8", "replace")
            for match in CSS_URL.finditer(css):
                ref = match.group(2) or match.group(4)
                if ref and not ref.startswith(("data:", "#")):
                    queue.append(("css-ref", urljoin(local.path, ref)))
    return weight


def _resource(url, kind, status, headers, body) -> Resource:
    return Resource(
        url=url,
        kind=kind,
        status=status,
        wire_bytes=_wire_size(headers, body),
        body_bytes=len(body),
        encoding=headers.get("content-encoding", "identity"),
        cache_control=headers.get("cache-control", ""),
    )


def _decoded(headers: dict, body: bytes) -> bytes:
    encoding = headers.get("content-encoding", "identity")
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    return body


def sample_logo_png(text: str, colour=(23, 53, 95, 255)) -> bytes:
    """A partner logo as an organisation would send one (400 x 160, flat colours and
    lettering), so that measurements include logos like the real ones."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 152, 152), radius=24, fill=colour)
    draw.ellipse((40, 40, 120, 120), fill=(255, 255, 255, 255))
    for row, word in enumerate(text.split()[:4]):
        draw.text((172, 24 + row * 30), word, fill=colour, font_size=26)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


LOGO_COLOURS = [(23, 53, 95, 255), (120, 30, 90, 255), (0, 90, 60, 255), (150, 80, 0, 255), (60, 60, 60, 255)]


def give_partners_logos():
    """Give every partner a sample logo (for tests and `make bench`; needs Django set up)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from content.models import Partner

    partners = list(Partner.objects.order_by("pk"))
    for i, partner in enumerate(partners):
        colour = LOGO_COLOURS[i % len(LOGO_COLOURS)]
        partner.logo = SimpleUploadedFile("logo.png", sample_logo_png(partner.name, colour), "image/png")
        partner.alt_text = partner.name
        partner.save()
    return partners
