"""Keep client addresses and query strings out of every log line.

Public requests are never logged with an address, a user agent or a query string in the
first place (gunicorn's access_log_format and LOGGING in settings leave them out); this
module is the belt to those braces:

* `RedactFilter` (Django's handlers) drops the request object Django attaches to error
  records, masks anything shaped like an IPv4 or IPv6 address, and cuts query strings
  off paths;
* `GunicornLogger` (gunicorn.conf.py's logger_class) applies the same filter to
  gunicorn's own error and access logs, which otherwise print the client address of a
  malformed request ("Invalid request from ip=...") and the full URI of a request that
  crashed.
"""

import ipaddress
import logging
import re

from gunicorn.glogging import Logger

IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# A run of hex digits, colons and dots with at least one colon; it is masked only if it
# really is an IPv6 address, so times such as "2025:13:05:00" are left alone.
IPV6_CANDIDATE = re.compile(r"(?<![\w:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?![\w:.])")
# "?" and what follows it, when it comes straight after a path ("/get-help/?q=x").
QUERY = re.compile(r"(/[^\s?#\"'<>]*)\?[^\s\"'<>#]*")

REMOVED = "[address removed]"


def _mask_ipv6(match):
    text = match.group(0)
    for candidate in (text, text.rstrip(":.")):
        try:
            if ipaddress.ip_address(candidate).version == 6:
                return REMOVED + text[len(candidate) :]
        except ValueError:
            continue
    return text


def redact(text: str) -> str:
    text = QUERY.sub(r"\1", text)
    return IPV4.sub(REMOVED, IPV6_CANDIDATE.sub(_mask_ipv6, text))


class RedactFilter(logging.Filter):
    def filter(self, record):
        if hasattr(record, "request"):
            record.request = None
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        # An exception's message can quote the request; format the traceback now, cleaned,
        # so the handler's formatter prints this text instead of formatting it again.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with RedactFilter on its error and access logs."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactFilter) for f in log.filters):
                log.addFilter(RedactFilter())
