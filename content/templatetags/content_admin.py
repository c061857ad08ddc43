"""Template tags for the admin home page: the content health panel and grouped sections."""

from django import template

from content import health
from content.models import content_models

register = template.Library()


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
    # Each content model names its section (ContentModel.admin_section); in model order.
    sections = {}
    for model in content_models():
        if model.__name__ in by_name:
            sections.setdefault(str(model.admin_section), []).append(by_name[model.__name__])
    return [{**content, "name": title, "models": models} for title, models in sections.items()], others
