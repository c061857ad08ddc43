"""Whole rendered public pages, kept in this process's memory.

An entry is valid while the content snapshot's version is unchanged and until the next
change of the helpline's open/closed status (or local midnight). The bodies are
compressed once at render time, so a hit is a dictionary look-up plus one small read of
the shared cache for the snapshot version (see pages.middleware).
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


def make_entry(response, version: str, expires_at: float) -> Entry:
    body = response.content
    bodies = {"identity": body}
    if len(body) > 200:
        bodies["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
        if brotli is not None:
            bodies["br"] = brotli.compress(body, quality=11)
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"content-length", "set-cookie", "vary", "cache-control", "etag"}
    )
    etag = hashlib.sha256(body).hexdigest()[:32]
    return Entry(version, expires_at, response.status_code, headers, bodies, etag)


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
