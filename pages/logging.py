"""A logging filter that keeps client addresses out of the logs.

Public requests are never logged with an address in the first place (see
gunicorn.conf.py and LOGGING in settings); this filter is the belt to those braces: it
drops the request object Django attaches to error records and masks anything shaped like
an IPv4 or IPv6 address in the message.
"""

import logging
import re

IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{0,4}(?![\w:])|::1\b|::ffff:[\d.]+")


def redact(text: str) -> str:
    return IPV6.sub("[address removed]", IPV4.sub("[address removed]", text))


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
        return True
