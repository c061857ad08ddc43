"""The brief's facts as seed content.

`manage.py seed_content` loads these into the database (idempotently), and
`content.snapshot` falls back to them when a fresh instance starts with neither a
database nor a cached snapshot, so the helpline is shown even then.
"""

import datetime

HELPLINE = {
    "name": "Stop It Now!",
    "phone": "+448081000900",
    "phone_display": "0808 1000 900",
    "phone_note": "Free to call from UK phones.",
    "ireland_phone": "+441372847161",
    "ireland_phone_display": "+44 1372 847 161",
    "selfhelp_name": "Stop It Now! Get Help",
    "selfhelp_url": "https://get-help.stopitnow.org.uk/",
    "live_chat_url": "https://www.stopitnow.org.uk/helpline/",
    "secure_email_url": "https://www.stopitnow.org.uk/helpline/",
    "languages_note": "You can talk in English or Welsh.",
    "interpreter_note": "Interpreters can help if you would rather speak another language.",
    "confidentiality_text": (
        "You do not have to give your name, or anything else that could identify you. "
        "If you do give details that identify you or someone else, and a child is at risk "
        "or you tell them about a crime, the helpline will pass that information on."
    ),
    "details_last_verified": None,
    # The brief's hours come from the charity's older pages: seeded as not yet confirmed.
    "hours_last_verified": None,
}

# (weekday, opens, closes): Monday to Thursday 9am to 9pm, Friday 9am to 5pm.
OPENING_PERIODS = [
    *[(day, datetime.time(9), datetime.time(21)) for day in range(4)],
    (4, datetime.time(9), datetime.time(17)),
]

HELP_SERVICES = [
    # slug, name, group, url, phone, order
    ("shore", "Shore", "young", "https://shorespace.org.uk/", "", 1),
    ("childline", "Childline", "young", "https://www.childline.org.uk/", "", 2),
    (
        "report-remove",
        "Report Remove",
        "report",
        "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/",
        "",
        3,
    ),
    ("iwf", "Internet Watch Foundation", "report", "https://report.iwf.org.uk/", "", 1),
    ("ceop", "CEOP", "report", "https://www.ceop.police.uk/ceop-reporting/", "", 2),
    ("samaritans", "Samaritans", "crisis", "https://www.samaritans.org/", "116 123", 1),
    ("nhs-111", "NHS 111", "crisis", "https://111.nhs.uk/", "111", 2),
    ("emergency", "Emergency services", "crisis", "", "999", 3),
    ("police-101", "West Yorkshire Police (non-emergency)", "other", "", "101", 1),
]

PARTNERS = [
    # name, url, order
    ("West Yorkshire Police", "https://www.westyorkshire.police.uk/", 1),
    ("The Lucy Faithfull Foundation", "https://www.lucyfaithfull.org.uk/", 2),
    ("Police and Crime Commissioner for West Yorkshire", "", 3),
    ("West Yorkshire safeguarding boards", "", 4),
    ("West Yorkshire local authorities", "", 5),
]

FIGURES = [
    {
        "value": 1365,
        "label": (
            "people from West Yorkshire used the charity's self-help resources or called its "
            "helpline, seeking help about illegal online sexual behaviour"
        ),
        "period": "in the year before the campaign",
        "source": "The Lucy Faithfull Foundation",
        "source_url": "",
        "last_verified": None,
        "order": 1,
        "show_on_home": True,
    },
]

LEGAL_POINTS = [
    {
        "title": "How long a person stays on the sex offenders register",
        "body": "Add the notification periods here once they have been checked by a lawyer.",
        "status": "review",
        "order": 1,
    },
    {
        "title": "Sentences",
        "body": "Add sentencing information here once it has been checked by a lawyer.",
        "status": "review",
        "order": 2,
    },
]
