"""Small helpers for phone numbers: display grouping and tel: links."""

import re

import phonenumbers


def digits(value) -> str:
    """The digits of a number as dialled nationally (a leading +44 becomes 0)."""
    text = str(value).strip()
    if text.startswith("+44"):
        text = "0" + text[3:]
    return re.sub(r"\D", "", text)


def same_digits(number, display: str) -> bool:
    """True when a display grouping has the same digits as the stored number.

    Accepts either national (0808...) or international (+44 808...) grouping for UK
    numbers, so '+44 1372 847 161' and '01372 847 161' both match +441372847161.
    """
    e164 = number.as_e164 if hasattr(number, "as_e164") else str(number)
    shown = display.strip()
    if shown.startswith("+"):
        return re.sub(r"\D", "", shown) == re.sub(r"\D", "", e164)
    return digits(shown) == digits(e164)


def grouped(number, display: str = "") -> str:
    """How the number is shown: the editor's grouping, or the standard one."""
    if display:
        return display.strip()
    parsed = phonenumbers.parse(str(number), "GB")
    if parsed.country_code == 44:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_href(number) -> str:
    """A tel: link in international form, which dials from any phone."""
    e164 = number.as_e164 if hasattr(number, "as_e164") else str(number)
    return f"tel:{e164}"


def dialable(text: str) -> bool:
    """True for a short display number such as '116 123' or '999' (digits, spaces, a +)."""
    return bool(re.fullmatch(r"\+?[0-9][0-9 ]{1,20}", text.strip()))


def short_tel_href(text: str) -> str:
    """tel: link for a display number such as '116 123'."""
    return "tel:" + re.sub(r"[^0-9+]", "", text)


def validate_uk_number(value):
    """Model validator: a real, dialable UK number (+44)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    parsed = getattr(value, "_phonenumber", None) or value
    try:
        if not isinstance(parsed, phonenumbers.PhoneNumber):
            parsed = phonenumbers.parse(str(value), "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a valid UK phone number, for example 0808 1000 900.")) from None
    if parsed.country_code != 44 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Enter a valid UK phone number, for example 0808 1000 900."), code="not_uk")
