"""The public counting routes: /go/<slug>/, the call-link ping, and /c/<code>/.

No session, no cookie, no database read on the visitor's path: help links come from the
content snapshot and poster codes from the cached code list. Each response says
no-store, so every click reaches us once and a browser never replays a redirect.
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from content.snapshot import get_snapshot
from reach import codes, counter, links


def _redirect(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    # Leave for another site without telling it which page the visitor was on.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _count(request, kind: str, key: str) -> None:
    if request.method == "GET" and counter.counting_on() and counter.countable_visitor(request):
        counter.record(kind, key)


@require_http_methods(["GET", "HEAD"])
def go(request, slug):
    """Count one click on a help link, then send the visitor on to the service."""
    url = links.target_for(get_snapshot(), slug)
    if not url:
        raise Http404("No such help link")
    _count(request, counter.CLICK, slug)
    return _redirect(url)


@csrf_exempt  # a browser's ping carries no token; it changes nothing but a counter
@require_POST
def call_ping(request):
    """Count one tap on the helpline's tel: link, sent by the browser as <a ping>.

    Browsers send pings as a POST with the body "PING" and Content-Type text/ping, and
    without cookies for a same-site page. Only that shape is counted.
    """
    is_ping = request.content_type == "text/ping"
    if is_ping and counter.counting_on() and counter.countable_visitor(request):
        counter.record(counter.CLICK, links.CALL)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def code(request, code):
    """A visit from a poster or advert: count it against the code and land on its page.

    A retired or unknown code (an old poster, a typo) still lands on the home page rather
    than "page not found", counted as a retired code.
    """
    code = code.lower()
    target = codes.landing_path(code)
    if target is None:
        # Neither the cache nor the database can say right now: land on the home page
        # rather than turn away someone who scanned a poster. Not counted.
        return _redirect(reverse("pages:home"))
    _count(request, counter.CODE, code if target else codes.RETIRED)
    return _redirect(target or reverse("pages:home"))
