"""Template tags for counted help links.

    {% load reach_tags %}
    <a href="{% go_url 'samaritans' %}" rel="noreferrer">Samaritans</a>
    <a href="{{ helpline.phone_tel }}"{% call_ping %}>0808 1000 900</a>

`go_url` gives the first-party /go/<slug>/ address when the slug leads somewhere (and
counting is on), the service's own address when counting is off, and "" when there is
no address at all, so a template can test it with {% go_url 'x' as url %}{% if url %}.
`call_ping` adds ping="/go/call/ping/" to the helpline's tel: link (nothing when counting
is off).
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from content.snapshot import get_snapshot
from reach import counter, links

register = template.Library()


@register.simple_tag(takes_context=True)
def go_url(context, slug):
    snap = context.get("snap") or get_snapshot()
    url = links.target_for(snap, str(slug))
    # The proxy's offline page is shown when the app is down, so /go/ could not answer.
    if url and counter.counting_on() and not context.get("direct_links"):
        return reverse("reach:go", args=[slug])
    return url


@register.simple_tag
def call_ping():
    if not counter.counting_on():
        return ""
    return format_html(' ping="{}"', reverse("reach:call_ping"))
