"""Save a PNG of every public page at phone and desktop widths, for reviewers.

    make screenshots            # writes screenshots/<page>-phone.png and <page>-desktop.png

Runs the real site (seed content, collected static files, WhiteNoise) in this process on a
free 127.0.0.1 port, with its database in a throwaway directory, and drives the system
Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) with Playwright. Requests to any other
host are refused, so the pictures show exactly what the site itself sends.

Options: --out DIR (default screenshots/), --only NAME (repeatable, e.g. --only home).
"""

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start_site():
    """Migrate and seed a throwaway database, collect static files, serve on a free port."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    os.environ.setdefault("ENV_FILE", "/dev/null")
    os.environ.setdefault("SECRET_KEY", "screenshots-only-not-secret")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    var_dir = tempfile.mkdtemp(prefix="screenshots-var-")
    os.environ["VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/db.sqlite3"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_content", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def pages():
    from django.urls import reverse

    from content.site_pages import PAGES

    return [(page.name, reverse(page.url_name)) for page in PAGES] + [("not-found", "/no-such-page/")]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: install the Debian package `chromium` (or set CHROMIUM_PATH).")

    server, base = start_site()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def only_this_site(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort("blockedbyclient")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            context.route("**/*", only_this_site)
            page = context.new_page()
            for name, path in pages():
                if args.only and name not in args.only:
                    continue
                page.goto(base + path)
                target = out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"saved {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
