"""Every fixed sentence on the toolkit's posters, cards, banner, article and briefing.

One place, marked for translation, so the copy can be translated (and reviewed) like the
site's. Facts that comms staff can change (the number, the hours, the addresses, the
partners) are never written here: they arrive in `AssetContent` and fill the %(...)s
placeholders.

Wording rules (shared/BRIEF.md): "sexual images of children", "child sexual abuse images" or,
for the law, "indecent images of children"; person-first; plain English at reading age 9 to
11 for the public pieces; firm about harm and the law, warm about help.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- Shared ----------------------------------------------------------------------------
HEADLINE = _("Looking at sexual images of children online?")
NOT_TOO_LATE = _("It is not too late to stop.")
HARM = _("Behind these images are real children who were abused. Images made with AI are illegal too.")
LAW = _("It is a crime. It can lead to arrest, court and the sex offenders register.")
CALL_LEAD = _("Call the %(name)s helpline for free, confidential help")
SELFHELP_LEAD = _("Or get free, anonymous self-help online, at your own pace, from %(selfhelp_name)s:")
# Shown instead of the hours while comms staff have not confirmed them with the charity:
# a poster stays on a wall for months, so it must never print hours that may be wrong.
HOURS_UNCONFIRMED = _("For opening times, visit %(site)s")
# Joins the helpline's note about calls ("Free to call from UK phones.") and the hours.
NOTE_AND_HOURS = pgettext_lazy("call note, then opening hours", "%(note)s %(hours)s")
# Opening hours, built from the structured periods: "Monday to Thursday 9am to 9pm".
HOURS_DAY_RANGE = _("%(first)s to %(last)s")
HOURS_SPAN = _("%(opens)s to %(closes)s")
HOURS_DAY_SPANS = pgettext_lazy("day or days, then times", "%(days)s %(spans)s")
HOURS_AND = pgettext_lazy("two opening spans on one day", " and ")
HOURS_LIST_SEPARATOR = pgettext_lazy("between days in the opening hours", ", ")
LIST_SEPARATOR = pgettext_lazy("between names in a list", ", ")
LIST_LAST_SEPARATOR = pgettext_lazy("before the last name in a list", " and ")

# --- Posters (A4 and A3) ---------------------------------------------------------------
POSTER_TITLE = _("Poster: help to stop looking at sexual images of children")
QR_CAPTION = _("Scan for more help")
QR_ALT = _("QR code. It opens %(url)s, a page with more help.")
PARTNERS_LEAD = _("A campaign by")
PLACEMENT = _("Poster ref: %(label)s")

# --- Social cards and the email banner -------------------------------------------------
CARD_CALL_LEAD = _("Call %(name)s for free, confidential help")
CARD_SELFHELP_LEAD = _("Or get anonymous help online:")
CARD_ALT = _(
    "%(headline)s %(not_too_late)s Call the %(name)s helpline free on %(phone)s, "
    "or get anonymous help online at %(selfhelp)s. More at %(site)s."
)
POSTS = (
    _(
        "Behind sexual images of children are real children who were abused. Looking at these images "
        "is a crime. If you are worried about what you look at online, it is not too late to stop. "
        "Call %(name)s free on %(phone)s, or visit %(selfhelp)s."
    ),
    _(
        "Worried about your own online behaviour, or someone else's? The %(name)s helpline gives "
        "confidential help. Call free on %(phone)s. %(hours)s"
    ),
    _(
        "Help to stop looking at sexual images of children is free. %(selfhelp_name)s is an "
        "anonymous website you can use at your own pace: %(selfhelp)s. Find out more at %(site)s."
    ),
)
BANNER_CALL = _("Call %(name)s free, in confidence")
BANNER_ALT = _(
    "%(headline)s %(not_too_late)s Call the %(name)s helpline free on %(phone)s, or get "
    "anonymous help online at %(selfhelp)s."
)

# --- The campaign's lock-up (the press page's download) ---------------------------------
LOCKUP_NAME = _("Get help to stop")
LOCKUP_PLACE = _("West Yorkshire")
LOCKUP_ALT = _("Get help to stop, West Yorkshire: the campaign's name.")

# --- Intranet article ------------------------------------------------------------------
ARTICLE_TITLE = _("Help to stop people looking at sexual images of children online")
# Left out when no partner is listed.
ARTICLE_PARTNERS = _("We are supporting a campaign by %(partners)s.")
ARTICLE_PARAGRAPHS = (
    _(
        "The campaign tackles the growing demand for sexual images of children online. Behind "
        "most of these images is a real child who was abused. Each time an image is looked at or "
        "shared, that harm happens again. Images made with AI or from ordinary photos of children "
        "are illegal too, and feed the demand for more."
    ),
    _(
        "Making, viewing, sharing or keeping sexual images of anyone under 18 is a crime. It can "
        "lead to arrest, court and the sex offenders register, and it can cost people their family "
        "and their job."
    ),
    _(
        "Confidential help is there for anyone worried about their own online behaviour, or about "
        "someone else's. It is never too late to stop."
    ),
    _("Call the %(name)s helpline on %(phone)s. %(note_and_hours)s"),
    _(
        "Or use %(selfhelp_name)s at %(selfhelp)s. It is free and anonymous, and you can use it "
        "at your own pace."
    ),
    _(
        "If someone tells you about this at work, listen, stay calm and follow our safeguarding "
        "procedure. If a child is in danger now, call 999."
    ),
    _("If you or someone you know is struggling, you can call Samaritans free on 116 123, day or night."),
    _("Find out more, and get posters and cards to share, at %(site)s."),
)

# --- Frontline briefing (one A4 page for staff who may hear a disclosure) --------------
BRIEFING_TITLE = _("If someone tells you they look at sexual images of children")
BRIEFING_FOR = _(
    "A one-page guide for frontline staff: GPs, nurses, teachers, social workers, probation "
    "officers and anyone else who may hear this."
)
BRIEFING_INTRO = _(
    "Someone may tell you they have looked at sexual images of children online, or that they "
    "are afraid they will. Saying it out loud takes courage. How you respond can help them get "
    "help to stop, and that protects children."
)
BRIEFING_SAY_HEADING = _("What to say and do")
BRIEFING_SAY = (
    _("Listen. Let them tell you in their own words. Do not rush them or interrupt."),
    _("Stay calm. Keep your voice and face steady, even if you feel shocked."),
    _("Do not judge. Talk about the behaviour, not the person, and avoid labels."),
    _("Thank them for telling you. Say that help to stop exists and that it works."),
    _(
        "Do not ask for details of any images or children, and never ask to see an image. "
        "Write down what they said, in their words, and when."
    ),
)
BRIEFING_SIGNPOST_HEADING = _("Where to send them")
BRIEFING_HELPLINE = _(
    "%(name)s helpline: %(phone)s. %(note_and_hours)s Callers do not have to give their name. If "
    "they share details that show a child is at risk, the helpline passes them on."
)
BRIEFING_SELFHELP = _("%(selfhelp_name)s: %(selfhelp)s. Free, anonymous self-help online, at their own pace.")
BRIEFING_CHILD_AT_RISK = _(
    "If a child may be at risk: follow your organisation's safeguarding procedure and speak to "
    "your safeguarding lead the same day."
)
BRIEFING_EMERGENCY = _("If a child or anyone else is in danger now: call 999.")
BRIEFING_CRISIS_HEADING = _("Check they are safe")
BRIEFING_CRISIS = _(
    "The risk of suicide is highest just after an arrest or after telling someone. Ask them "
    "directly if they are thinking about suicide: asking does not put the idea in their head. "
    "Give them these 24-hour lines:"
)
BRIEFING_CRISIS_LINES = (
    _("Samaritans: call 116 123, free, day or night."),
    _("Shout: text SHOUT to 85258."),
    _("NHS 111: call 111 and choose the mental health option."),
    _("If their life is at risk now: call 999."),
)
BRIEFING_PROMISE_HEADING = _("What not to promise")
BRIEFING_PROMISE = (
    _(
        "Do not promise to keep it secret. If what you hear puts a child at risk, you must share "
        "it under your safeguarding procedure. Say this early and kindly."
    ),
    _(
        "Do not promise outcomes, such as that the police will not be told or that they will not "
        "be arrested. You cannot know that."
    ),
)
BRIEFING_YOU_HEADING = _("Look after yourself")
BRIEFING_YOU = _(
    "Hearing this can be upsetting. Talk to your manager or safeguarding lead. You can call the "
    "%(name)s helpline for advice too."
)
BRIEFING_FOOTER = _("More help, posters and cards: %(site)s")
