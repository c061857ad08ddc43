"""One immutable snapshot of everything the public sees, kept in the shared cache.

Public pages call `get_snapshot()` and never query the database themselves:

* the snapshot lives in the shared cache (Redis or the local file cache) under a
  version key, and each process keeps its own copy, so a warm request costs one small
  cache read and no SQL;
* every admin save rebuilds it (`publish()`, wired to model signals), bumping the
  version, so the next request on every worker and instance sees the change;
* if the database is down, the last snapshot keeps being served; with no snapshot at
  all (a fresh instance and no database) the seed defaults are used, so the helpline
  number is always on the page.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError

from content import defaults, hours, phones

logger = logging.getLogger(__name__)

VERSION_KEY = "content:snapshot:version"
SNAPSHOT_KEY = "content:snapshot"
# After the database fails, wait this long before trying it again from a public page.
DB_RETRY_SECONDS = 30


@dataclass(frozen=True)
class HelplineInfo:
    name: str
    phone_display: str
    phone_tel: str
    phone_note: str
    ireland_display: str
    ireland_tel: str
    selfhelp_name: str
    selfhelp_url: str
    live_chat_url: str
    secure_email_url: str
    languages_note: str
    interpreter_note: str
    confidentiality_text: str
    details_last_verified: datetime.date | None
    hours_last_verified: datetime.date | None


@dataclass(frozen=True)
class ServiceInfo:
    slug: str
    name: str
    group: str
    url: str
    phone: str
    phone_tel: str


@dataclass(frozen=True)
class PartnerInfo:
    name: str
    url: str
    logo_url: str
    logo_width: int | None
    logo_height: int | None
    alt_text: str


@dataclass(frozen=True)
class FigureInfo:
    value: int
    label: str
    period: str
    source: str
    source_url: str
    last_verified: datetime.date | None
    show_on_home: bool


@dataclass(frozen=True)
class LegalInfo:
    title: str
    body: str


@dataclass(frozen=True)
class SiteInfo:
    accessibility_contact_email: str
    accessibility_prepared_on: datetime.date
    accessibility_reviewed_on: datetime.date
    accessibility_next_review: datetime.date


@dataclass(frozen=True)
class Snapshot:
    version: str
    source: str  # "database" or "defaults"
    helpline: HelplineInfo
    periods: tuple[hours.Period, ...]
    closures: tuple[hours.ClosureDates, ...]
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    partners: tuple[PartnerInfo, ...] = ()
    figures: tuple[FigureInfo, ...] = ()
    legal_points: tuple[LegalInfo, ...] = ()
    site: SiteInfo | None = None

    def status(self, moment: datetime.datetime) -> hours.Status:
        return hours.status_at(moment, self.periods, self.closures)

    @property
    def home_figures(self):
        return tuple(f for f in self.figures if f.show_on_home)

    def services_in(self, group: str):
        return tuple(s for s in self.services.values() if s.group == group)


def _helpline_info(h) -> HelplineInfo:
    """Build HelplineInfo from a Helpline model instance or the defaults dict."""
    get = (lambda k: h.get(k)) if isinstance(h, dict) else (lambda k: getattr(h, k))
    phone = get("phone")
    ireland = get("ireland_phone")
    return HelplineInfo(
        name=get("name"),
        phone_display=phones.grouped(phone, get("phone_display")),
        phone_tel=phones.tel_href(phone),
        phone_note=get("phone_note"),
        ireland_display=phones.grouped(ireland, get("ireland_phone_display")) if ireland else "",
        ireland_tel=phones.tel_href(ireland) if ireland else "",
        selfhelp_name=get("selfhelp_name"),
        selfhelp_url=get("selfhelp_url"),
        live_chat_url=get("live_chat_url"),
        secure_email_url=get("secure_email_url"),
        languages_note=get("languages_note"),
        interpreter_note=get("interpreter_note"),
        confidentiality_text=get("confidentiality_text"),
        details_last_verified=get("details_last_verified"),
        hours_last_verified=get("hours_last_verified"),
    )


def _service(slug, name, group, url, phone) -> ServiceInfo:
    return ServiceInfo(
        slug=slug,
        name=name,
        group=group,
        url=url,
        phone=phone,
        phone_tel=phones.short_tel_href(phone) if phone else "",
    )


def default_snapshot() -> Snapshot:
    """The seed content as a snapshot: the floor the site never falls below."""
    return Snapshot(
        version="defaults",
        source="defaults",
        helpline=_helpline_info(defaults.HELPLINE),
        periods=tuple(hours.Period(*p) for p in defaults.OPENING_PERIODS),
        closures=(),
        services={s[0]: _service(*s[:5]) for s in defaults.HELP_SERVICES},
        partners=tuple(PartnerInfo(name, url, "", None, None, "") for name, url, _o in defaults.PARTNERS),
        figures=tuple(
            FigureInfo(**{k: v for k, v in f.items() if k != "order"}) for f in defaults.FIGURES
        ),
        legal_points=(),
        site=SiteInfo("", datetime.date(2026, 11, 25), datetime.date(2026, 11, 25), datetime.date(2027, 11, 25)),
    )


def build_from_database(version: str | None = None) -> Snapshot:
    """Read every public record in a handful of queries. Raises DatabaseError if down."""
    from content.models import (
        Closure,
        Figure,
        Helpline,
        HelpService,
        LegalPoint,
        OpeningPeriod,
        Partner,
        SiteSettings,
    )

    helpline = Helpline.objects.filter(pk=1).first()
    if helpline is None:
        # Not seeded yet: show the defaults rather than an empty page.
        snap = default_snapshot()
        return Snapshot(**{**snap.__dict__, "version": version or uuid.uuid4().hex})
    site = SiteSettings.objects.filter(pk=1).first()
    return Snapshot(
        version=version or uuid.uuid4().hex,
        source="database",
        helpline=_helpline_info(helpline),
        periods=tuple(
            hours.Period(p.weekday, p.opens, p.closes)
            for p in OpeningPeriod.objects.filter(helpline=helpline)
        ),
        closures=tuple(
            hours.ClosureDates(c.start_date, c.end_date, c.reason)
            for c in Closure.objects.filter(helpline=helpline)
        ),
        services={
            s.slug: _service(s.slug, s.name, s.group, s.url, s.phone)
            for s in HelpService.objects.all()
        },
        partners=tuple(
            PartnerInfo(
                p.name,
                p.url,
                p.logo.url if p.logo else "",
                p.logo_width,
                p.logo_height,
                p.alt_text,
            )
            for p in Partner.objects.filter(visible=True)
        ),
        figures=tuple(
            FigureInfo(
                f.value, f.label, f.period, f.source, f.source_url, f.last_verified, f.show_on_home
            )
            for f in Figure.objects.all()
        ),
        legal_points=tuple(
            LegalInfo(lp.title, lp.body)
            for lp in LegalPoint.objects.filter(status=LegalPoint.Status.APPROVED)
        ),
        site=(
            SiteInfo(
                site.accessibility_contact_email,
                site.accessibility_prepared_on,
                site.accessibility_reviewed_on,
                site.accessibility_next_review,
            )
            if site
            else default_snapshot().site
        ),
    )


_lock = threading.Lock()
_process = {"snapshot": None, "db_failed_at": 0.0, "cache_failed_at": 0.0}
# With the shared cache down, re-read the database at most this often.
CACHE_DOWN_REFRESH_SECONDS = 5


class CacheDown(Exception):
    pass


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache server itself is down: keep serving from memory
        _process["cache_failed_at"] = time.monotonic()
        logger.warning("Cache unavailable while reading %s", key)
        raise CacheDown from None


def _cache_set_many(values):
    try:
        cache.set_many(values, timeout=None)
    except Exception:
        logger.warning("Cache unavailable while publishing the content snapshot")


def publish() -> Snapshot:
    """Rebuild the snapshot from the database and share it. Called after every admin save."""
    snap = build_from_database()
    _cache_set_many({SNAPSHOT_KEY: snap, VERSION_KEY: snap.version})
    _process["snapshot"] = snap
    _process["local_built_at"] = time.monotonic()
    # Drop this process's rendered pages at once; other processes notice the new version.
    from pages import page_cache

    page_cache.clear()
    return snap


def get_snapshot() -> Snapshot:
    """The current public content. Never raises; never waits long on a dead database."""
    local = _process["snapshot"]
    try:
        version = _cache_get(VERSION_KEY)
        if local is not None and version is not None and local.version == version:
            return local
        if version is not None:
            shared = _cache_get(SNAPSHOT_KEY)
            if shared is not None and shared.version == version:
                _process["snapshot"] = shared
                return shared
    except CacheDown:
        recently = time.monotonic() - _process.get("local_built_at", 0.0) < CACHE_DOWN_REFRESH_SECONDS
        if local is not None and recently:
            return local
    # The cache has nothing usable (first start, flushed, or the cache is down).
    if time.monotonic() - _process["db_failed_at"] < DB_RETRY_SECONDS:
        return local or default_snapshot()
    with _lock:
        try:
            return publish()
        except DatabaseError:
            _process["db_failed_at"] = time.monotonic()
            logger.error("Database unavailable: serving the last known content")
            return local or default_snapshot()


def forget_local():
    """For tests: drop this process's copy and the database back-off."""
    _process["snapshot"] = None
    _process["db_failed_at"] = 0.0
