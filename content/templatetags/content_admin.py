"""Template tags for the admin home page: the content health panel and grouped sections."""

from django import template
from django.utils.translation import gettext_lazy as _

from content import health

register = template.Library()

# The admin home page shows the content models in these sections, in this order.
SECTIONS = [
    (_("Helpline"), ["Helpline", "OpeningPeriod", "Closure", "HelpService"]),
    (_("On the pages"), ["Figure", "Partner", "LegalPoint"]),
    (_("Checks and settings"), ["SiteSettings", "GlossaryTerm"]),
]


@register.simple_tag(takes_context=True)
def content_health(context):
    """The overdue items, or None for someone who cannot see the content."""
    request = context.get("request")
    if request is None or not request.user.has_module_perms("content"):
        return None
    return health.overdue()


@register.simple_tag
def content_sections(app_list):
    """(sections shaped like app_list entries, the other apps) for admin/app_list.html."""
    content = next((app for app in app_list if app["app_label"] == "content"), None)
    others = [app for app in app_list if app["app_label"] != "content"]
    if content is None:
        return [], others
    by_name = {model["object_name"]: model for model in content["models"]}
    sections, placed = [], set()
    for title, names in SECTIONS:
        models = [by_name[name] for name in names if name in by_name]
        placed.update(names)
        if models:
            sections.append({**content, "name": title, "models": models})
    rest = [model for name, model in by_name.items() if name not in placed]
    if rest:
        sections.append({**content, "name": content["name"], "models": rest})
    return sections, others
