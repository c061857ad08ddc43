"""Whole rendered public pages, kept in this process's memory.

An entry is valid while the content snapshot's version is unchanged and until the next
change of the helpline's open/closed status (or local midnight). The bodies are
compressed once at render time, so a hit is a dictionary look-up plus the check that the
content snapshot is unchanged (see content.snapshot.get_snapshot and pages.middleware).
"""

import gzip
import hashlib
import threading
from dataclasses import dataclass

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in requirements.txt
    brotli = None

MAX_ENTRIES = 200  # public pages are a short fixed list; this only guards memory
# Headers that pages.middleware._serve sets on each response (or that must never be kept).
_SET_PER_RESPONSE = frozenset(
    {"content-length", "content-encoding", "set-cookie", "vary", "cache-control", "etag"}
)

_entries: dict = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Entry:
    version: str
    expires_at: float  # epoch seconds
    status_code: int
    headers: tuple
    bodies: dict
    etag: str
    vary: str  # what the page varies on: Accept-Encoding, plus whatever the view said


def make_entry(response, version: str, expires_at: float) -> Entry:
    body = response.content
    bodies = {"identity": body}
    if len(body) > 200:
        bodies["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
        if brotli is not None:
            bodies["br"] = brotli.compress(body, quality=11)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _SET_PER_RESPONSE
    )
    # The same content gives the same tag on every instance behind the load balancer.
    etag = hashlib.sha256(body).hexdigest()[:32]
    vary = ["Accept-Encoding"]
    for value in response.get("Vary", "").split(","):
        value = value.strip()
        if value and value.lower() not in ("accept-encoding", "cookie"):
            vary.append(value)
    return Entry(version, expires_at, response.status_code, headers, bodies, etag, ", ".join(vary))


def get(key):
    return _entries.get(key)


def put(key, entry: Entry):
    with _lock:
        if len(_entries) >= MAX_ENTRIES and key not in _entries:
            _entries.clear()
        _entries[key] = entry


def clear():
    with _lock:
        _entries.clear()
