"""The brief's facts as seed content.

`manage.py seed_content` loads these into the database (idempotently), and
`content.snapshot` falls back to them when a fresh instance starts with neither a
database nor a cached snapshot, so the helpline is shown even then.

Outbound addresses were checked against stored copies of each organisation's pages in
November 2026 (see the README); every service is seeded as "not yet checked", so the
admin's content health panel asks comms staff to confirm them live.
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
    # The charity offers live chat and secure messages from its helpline page; the site
    # shows one link when both addresses are the same.
    "live_chat_url": "https://www.stopitnow.org.uk/helpline/",
    "secure_email_url": "https://www.stopitnow.org.uk/helpline/",
    "languages_note": "You can talk in English or Welsh.",
    "interpreter_note": (
        "Need an interpreter? When the call is answered, say the name of your language in English, "
        "then wait while the helpline arranges an interpreter. They can help in over 200 languages."
    ),
    "confidentiality_text": (
        "You do not have to give your name, or anything else that could identify you. "
        "But if you do give details that identify you or someone else, the helpline will pass "
        "information on to the right agencies when it identifies a child who has been harmed or "
        "is at risk of harm, suggests that anyone else is at risk, or concerns a crime. "
        "The adviser explains this at the start of every call."
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

FREE_24_HOURS = "Free, 24 hours a day"

HELP_SERVICES = [
    {
        "slug": "samaritans",
        "name": "Samaritans",
        "group": "crisis",
        "url": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
        "phone": "116 123",
        "description": "Talk to someone about how you are feeling. You do not have to be thinking about suicide to call.",
        "availability": FREE_24_HOURS,
        "order": 1,
    },
    {
        "slug": "shout",
        "name": "Shout",
        "group": "crisis",
        "url": "https://giveusashout.org/",
        "text_number": "85258",
        "text_keyword": "SHOUT",
        "description": "Text a trained volunteer. Good if you cannot talk out loud where you are.",
        "availability": FREE_24_HOURS,
        "order": 2,
    },
    {
        "slug": "nhs-111",
        "name": "NHS 111",
        "group": "crisis",
        "url": "https://111.nhs.uk/",
        "phone": "111",
        "description": "Call 111 and choose the mental health option for urgent help with your mental health.",
        "availability": FREE_24_HOURS,
        "order": 3,
    },
    {
        "slug": "emergency",
        "name": "Emergency services",
        "group": "crisis",
        "phone": "999",
        "description": "If a life is at risk, or a child is in danger right now.",
        "order": 4,
    },
    {
        "slug": "shore",
        "name": "Shore",
        "group": "young",
        "url": "https://shorespace.org.uk/",
        "description": (
            "For 13 to 18 year olds worried about their own sexual thoughts or behaviour. "
            "Chat or email without giving your name. Run by the charity behind Stop It Now!"
        ),
        "availability": "Free and anonymous",
        "order": 1,
    },
    {
        "slug": "childline",
        "name": "Childline",
        "group": "young",
        "url": "https://www.childline.org.uk/",
        "phone": "0800 1111",
        "description": "Talk about anything that is worrying you, on the phone or in an online chat.",
        "availability": "Free, for anyone under 19",
        "order": 2,
    },
    {
        "slug": "report-remove",
        "name": "Report Remove",
        "group": "remove",
        "url": "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/report-remove/",
        "description": (
            "If you are under 18 and a nude or sexual image of you is online, Childline and the "
            "Internet Watch Foundation can try to get it taken down."
        ),
        "availability": "Free, for anyone under 18",
        "order": 1,
    },
    {
        "slug": "iwf",
        "name": "Internet Watch Foundation",
        "group": "report",
        "url": "https://www.iwf.org.uk/report/",
        "description": (
            "Report sexual images or videos of children that you come across online. "
            "You do not have to give your name."
        ),
        "availability": "Anonymous",
        "order": 1,
    },
    {
        "slug": "ceop",
        "name": "CEOP",
        "group": "report",
        "url": "https://www.ceop.police.uk/Safety-Centre/",
        "description": (
            "Report someone grooming or sexually abusing a child online. CEOP is part of the "
            "National Crime Agency. It cannot take anonymous reports."
        ),
        "order": 2,
    },
    {
        "slug": "nspcc",
        "name": "NSPCC helpline",
        "group": "child",
        "url": "https://www.nspcc.org.uk/",
        "phone": "0808 800 5000",
        "description": "For adults worried about a child. You do not have to say who you are.",
        "availability": "Free",
        "order": 1,
    },
    {
        "slug": "family-forum",
        "name": "Stop It Now! Family and Friends Forum",
        "group": "family",
        "url": "https://get-help.stopitnow.org.uk/family-and-friends/family-and-friends-forum/",
        "description": (
            "An online forum, run by the charity, for partners, family and friends of someone who "
            "has offended online. Talk with people who have been through the same thing."
        ),
        "availability": "Free",
        "order": 2,
    },
    {
        "slug": "legal-rights",
        "name": "Your rights if you are arrested (GOV.UK)",
        "group": "arrest",
        "url": "https://www.gov.uk/arrested-your-rights",
        "description": "Free legal advice at the police station, and your other rights in custody.",
        "order": 1,
    },
    {
        "slug": "police-101",
        "name": "West Yorkshire Police (non-emergency)",
        "group": "police",
        "phone": "101",
        "description": "To report a crime when it is not an emergency.",
        "order": 1,
    },
]

PARTNERS = [
    {
        "name": "West Yorkshire Police",
        "url": "https://www.westyorkshire.police.uk/",
        "role": "runs",
        "on_materials": True,
        "order": 1,
    },
    {
        "name": "The Lucy Faithfull Foundation",
        "url": "https://www.lucyfaithfull.org.uk/",
        "role": "runs",
        "on_materials": True,
        "description": "a child protection charity that runs the Stop It Now! helpline",
        "order": 2,
    },
    # Since May 2021 the Police and Crime Commissioner's role is held by the Mayor.
    {"name": "The Mayor of West Yorkshire (Policing and Crime)", "role": "supports", "order": 3},
    {
        "name": "West Yorkshire's safeguarding children partnerships",
        "description": "Bradford, Calderdale, Kirklees, Leeds and Wakefield",
        "role": "supports",
        "order": 4,
    },
    {"name": "West Yorkshire's local councils", "role": "supports", "order": 5},
]

FIGURES = [
    {
        "topic": "help",
        "value": 1365,
        "label": "people from West Yorkshire asked the charity for help with illegal online sexual behaviour",
        "detail": "They used its online self-help or called its helpline. This was the year before the campaign began.",
        "year": 2018,
        "source": "The Lucy Faithfull Foundation (Telegraph & Argus)",
        "source_url": (
            "https://www.thetelegraphandargus.co.uk/news/17497625.over-1300-people-in-west-yorkshire-"
            "seek-help-over-illegal-online-sexual-behaviour/"
        ),
        "last_verified": None,
        "order": 1,
        "show_on_home": True,
    },
]

LEGAL_POINTS = [
    {
        "section": "grey",
        "title": "No grey areas",
        "body": (
            "- Opening or streaming a sexual image of a child counts as making it, even if you "
            "never save it (R v Smith; R v Jayson, 2002).\n"
            "- Showing an image to someone else is a crime, as well as sharing it.\n"
            "- Drawings, cartoons and images made by computer or AI that show children in a "
            "sexual way are illegal too (Coroners and Justice Act 2009, section 62; images that "
            "look like photographs count as pseudo-photographs under the Protection of Children "
            "Act 1978).\n"
            "- Anyone under 18 is a child in this law, whatever the age of consent."
        ),
        "review_note": (
            "Check the streaming point against the CPS guidance on indecent and prohibited images "
            "of children, and whether to mention the Crime and Policing Act's AI offences."
        ),
        "status": "review",
        "order": 1,
    },
    {
        "section": "register",
        "title": "How long someone stays on the register",
        "body": (
            "How long depends on the outcome. For an adult: a caution means 2 years; a prison "
            "sentence of 6 months or less means 7 years; more than 6 months but less than 30 months "
            "means 10 years; 30 months or more means an indefinite period."
        ),
        "review_note": (
            "Sexual Offences Act 2003 s82 and Schedule 3: check the conditions for these offences "
            "(age of the offender, length of sentence), the period for other sentences, and the "
            "shorter periods for under-18s."
        ),
        "status": "review",
        "order": 2,
    },
    {
        "section": "sentencing",
        "title": "Sentences",
        "body": (
            "The most a court can give is 10 years in prison for taking, making, showing or sharing "
            "indecent images of children, and 5 years for having them."
        ),
        "review_note": "Check the maximum sentences and whether to mention the Sentencing Council guideline.",
        "status": "review",
        "order": 3,
    },
]

FAQ = [
    (
        "Will the police know I visited this website or called the helpline?",
        "The Stop It Now! helpline is run by a charity, The Lucy Faithfull Foundation. It is not "
        "run by the police.\n\nYou do not have to give your name or any details that identify you. "
        "This website sets no cookies and does not keep a record of who visits its pages. "
        "See our privacy notice for what is kept.",
    ),
    (
        "What will the helpline pass on?",
        "You do not have to say who you are.\n\nBut if you give details that identify you or "
        "someone else, the helpline will pass information on when it identifies a child who has "
        "been harmed or is at risk, suggests anyone else is at risk, or concerns a crime. "
        "The adviser explains this at the start of every call.",
    ),
    (
        "Can I stay anonymous on live chat?",
        "Yes. You do not have to give your name or anything that identifies you. The same rules "
        "apply as on the phone: if you share details that identify a child at risk, or a crime, "
        "they will be passed on.",
    ),
    (
        "Is having these thoughts a crime?",
        "No. Having sexual thoughts about children is not a crime. Acting on them is. That "
        "includes looking at sexual images of children.\n\nGetting help now can stop that "
        "happening. The helpline can help you understand and manage your thoughts.",
    ),
    (
        "What happens when I call?",
        "A trained adviser answers. They will not judge you.\n\nThey explain what stays "
        "confidential. Then they listen, help you make sense of what is going on, and talk "
        "through what you could do next to stop and to keep children safe.",
    ),
    (
        "I am under 18. What now?",
        "You can get help without giving your name. Shore is for 13 to 18 year olds worried about "
        "their sexual thoughts or behaviour. Childline is free on 0800 1111.\n\nIf a sexual "
        "image of you has been shared, Report Remove can try to get it taken down. See our page "
        "for young people.",
    ),
    (
        "Is it too late if I have been arrested?",
        "No. It is not too late to get help. Many people who call the helpline have been "
        "arrested.\n\nIf you feel you cannot cope, call Samaritans free on 116 123, at any time. "
        "See our page about what happens after an arrest.",
    ),
    (
        "Can the helpline help if I am worried about a partner or relative?",
        "Yes. The helpline supports partners, family and friends too. You can talk it through in "
        "confidence and get advice on what to do next.",
    ),
    (
        "Does the Exit this page button hide my visit?",
        "No. It takes you to a weather website and swaps this page for that one in your "
        "history. Pages of this website you looked at before stay in your history. See staying "
        "safe online to find out how to remove them.",
    ),
]
