"""Where each /go/<slug>/ help link leads, read from the content snapshot.

Only addresses comms staff entered in the admin (http or https only, checked by
content.models.WebLinkField) are ever redirect targets, so /go/ is not an open redirect.
The snapshot is used rather than the database, so help links keep working in an outage.
"""

from content.snapshot import Snapshot

# The helpline's own online channels, as fixed slugs (they win over a service's slug).
HELPLINE_CHANNELS = {
    "self-help": "selfhelp_url",
    "live-chat": "live_chat_url",
    "secure-email": "secure_email_url",
}
# The slug the helpline's tap-to-call link is counted under (via the `ping` attribute).
CALL = "call"


def target_for(snap: Snapshot, slug: str) -> str:
    """The outbound address for a slug, or "" if there is none."""
    if slug in HELPLINE_CHANNELS:
        url = getattr(snap.helpline, HELPLINE_CHANNELS[slug]) or ""
    else:
        service = snap.services_by_slug.get(slug)
        url = service.url if service else ""
    # Belt and braces: the admin already refuses other schemes.
    return url if url.startswith(("https://", "http://")) else ""


def click_slugs(snap: Snapshot) -> dict[str, str]:
    """Every countable help link: slug -> a name for the dashboard."""
    names = {
        "self-help": snap.helpline.selfhelp_name or "Self-help",
        "live-chat": "Live chat",
        "secure-email": "Secure email",
    }
    slugs = {slug: name for slug, name in names.items() if target_for(snap, slug)}
    for service in snap.services:
        if service.slug not in slugs and target_for(snap, service.slug):
            slugs[service.slug] = service.name
    slugs[CALL] = f"{snap.helpline.name} call link"
    return slugs
