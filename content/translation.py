"""Which editable text is translated (django-modeltranslation), and the content models'
history (django-simple-history), registered in that order.

Each field below gets a column per language in settings.LANGUAGES (question_ur,
question_pl, ...). Reading `entry.question` gives the active language's text, or English
when that language's is empty, field by field. Brand names (Stop It Now!, Shore, Childline)
and addresses are not translated.

History is registered here, after the translated fields exist, so that every language's
text is in the history too (simple-history's own advice for modeltranslation). This
module is loaded by modeltranslation before the admin (see INSTALLED_APPS).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from content.models import (
    Closure,
    FaqEntry,
    Figure,
    Helpline,
    HelpService,
    LegalPoint,
    Partner,
    PressRelease,
    content_models,
)

TRANSLATED = {
    Helpline: ("phone_note", "languages_note", "interpreter_note", "confidentiality_text"),
    Closure: ("reason",),
    HelpService: ("name", "description", "availability"),
    Partner: ("name", "description"),
    Figure: ("label", "detail"),
    LegalPoint: ("title", "body"),
    FaqEntry: ("question", "answer"),
    PressRelease: ("summary",),
}

for model, names in TRANSLATED.items():
    translator.register(model, type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": names}))

for model in content_models():
    simple_history.register(model, app="content")
