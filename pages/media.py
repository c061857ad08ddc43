"""Serve uploaded partner logos from shared storage, so no extra web server is needed.

Logo names are content hashes (see content.models.Partner.save), so a URL never changes
meaning and can be cached for a year. Only image types we produce are served, always
with nosniff and a sandboxing CSP, whatever is in the storage.
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def serve_upload(request, name):
    name = posixpath.normpath(name).lstrip("/")
    if name.startswith("..") or not name.startswith("logos/") or "\x00" in name:
        raise Http404
    content_type = TYPES.get(posixpath.splitext(name)[1].lower())
    if content_type is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
