"""`make bench`: how close the public pages come to serving a static file.

One run, one machine, one server configuration (gunicorn.conf.py, as `make run` uses it):

1. a throwaway site in /tmp/perf-bench-* (SQLite, the local file cache, seed content
   with sample partner logos, collectstatic into its own STATIC_ROOT);
2. the home and help pages, and the Urdu home page, are fetched once; for each, a static file with exactly the
   same bytes (and the same Brotli/gzip variants, so the same bytes go over the wire) is
   written into STATIC_ROOT, where whitenoise serves it: that is the ceiling;
3. wrk measures each page and its static twin at BENCH_CONNECTIONS connections for
   BENCH_DURATION seconds each (with the same Accept-Encoding as a phone), interleaved
   page/twin/twin/page (twice) so that other load on the machine weighs on both alike, then a
   longer run at BENCH_LONG_CONNECTIONS over every public page, counting errors;
4. it prints requests/s, p50/p99 latency and the page/static ratio, each page's weight
   (bytes and requests, as a phone downloads it), and the SQL queries a warm page runs;
5. every public page with reach counting on and off (on, off, off, on), and how many
   views the counting-on runs saved to the database.

wrk sends a browser User-Agent, so its requests are counted as a visitor's would be.

Knobs (environment): BENCH_DURATION (10), BENCH_CONNECTIONS (32), BENCH_LONG_DURATION
(60, 0 to skip), BENCH_LONG_CONNECTIONS (64), BENCH_THREADS (2), BENCH_PORT (8401),
BENCH_WARMUP (3), BENCH_COUNTING_ROUNDS (1, 0 to skip the on/off comparison),
BENCH_REDIS_URL (Redis as the shared cache, as with several instances, instead of the
file cache), WEB_CONCURRENCY (gunicorn workers; default one per core, as `make run`),
BENCH_KEEP=1 (keep the throwaway site and gunicorn's log).
Only 127.0.0.1 is ever targeted.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.page_weight import ACCEPT_ENCODING, measure  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
# The English home and help pages, and the Urdu home page (right to left, another script).
PAGES = {"home": "/", "help": "/get-help/", "ur-home": "/ur/"}
# Every public page in every language: filled in from the site's own sitemap once it runs.
ALL_PUBLIC: list[str] = []

DURATION = int(os.environ.get("BENCH_DURATION", 10))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 32))
LONG_DURATION = int(os.environ.get("BENCH_LONG_DURATION", 60))
LONG_CONNECTIONS = int(os.environ.get("BENCH_LONG_CONNECTIONS", 64))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
PORT = int(os.environ.get("BENCH_PORT", 8401))
WARMUP = int(os.environ.get("BENCH_WARMUP", 3))
COUNTING_ROUNDS = int(os.environ.get("BENCH_COUNTING_ROUNDS", 1))
# Counting skips requests without a browser User-Agent (wrk sends none by default).
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

REPORT_LUA = r"""
local paths = {}
local i = 0
init = function(args)
  for _, p in ipairs(args) do paths[#paths + 1] = p end
end
request = function()
  if #paths == 0 then return wrk.format(nil) end
  i = (i % #paths) + 1
  return wrk.format(nil, paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def log(msg):
    print(msg, flush=True)


def run(cmd, env, **kw):
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def http_get(path, headers=None, timeout=10):
    request = urllib.request.Request(f"http://{HOST}:{PORT}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


class Server:
    def __init__(self, env, logfile):
        self.env, self.logfile, self.proc = env, logfile, None

    def start(self):
        out = open(self.logfile, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{PORT}", "campaign_site.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._out = out
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.logfile}")
            try:
                if http_get("/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start within 30 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc:
            self._out.close()
        self.proc = None


def wrk(paths, connections, duration, lua_path):
    cmd = [
        "wrk",
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        "-H",
        f"User-Agent: {BROWSER_UA}",
        "-s",
        lua_path,
        f"http://{HOST}:{PORT}{paths[0]}",
        "--",
        *paths,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def combine(runs):
    """Several wrk runs of one target as one: total requests over total time; for the
    latency percentiles, the worse run (wrk reports no histogram to merge)."""
    out = {k: sum(r[k] for r in runs) for k in ("requests", "duration_us", "bytes", "errors")}
    for k in ("connect", "read", "write", "status", "timeout"):
        out[k] = sum(r[k] for r in runs)
    for k in ("p50_us", "p90_us", "p99_us", "max_us"):
        out[k] = max(r[k] for r in runs)
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    return out


def warm_queries(env):
    """SQL queries a warm public page runs, counted in-process with the same settings."""
    code = (
        "import django,os;django.setup();"
        "from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;c=Client();out={}\n"
        f"for p in {ALL_PUBLIC!r}:\n"
        "  c.get(p, HTTP_HOST='127.0.0.1')\n"
        "  with CaptureQueriesContext(connection) as q: r=c.get(p, HTTP_HOST='127.0.0.1')\n"
        "  assert r.status_code==200, (p, r.status_code)\n"
        "  out[p]=len(q.captured_queries)\n"
        "print(__import__('json').dumps(out))"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "campaign_site.settings"}
    result = subprocess.run([PY, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def counting_comparison(env, logfile, lua_path):
    """Every public page with reach counting on and off, in the order on, off, off, on."""
    rps = {"on": [], "off": []}
    for setting in ["on", "off", "off", "on"] * COUNTING_ROUNDS:
        server = Server({**env, "REACH_COUNTING": "true" if setting == "on" else "false"}, logfile)
        server.start()
        try:
            if WARMUP:
                wrk(ALL_PUBLIC, CONNECTIONS, WARMUP, lua_path)
            result = wrk(ALL_PUBLIC, CONNECTIONS, DURATION, lua_path)
        finally:
            server.stop()  # the workers save their pending counts as they exit
        rps[setting].append(result["rps"])
        log(fmt_row(f"counting {setting}", result))
    code = (
        "import django;django.setup();from django.db.models import Sum;"
        "from reach.models import DailyPageCount as D;print(D.objects.aggregate(n=Sum('views'))['n'] or 0)"
    )
    saved = subprocess.run(
        [PY, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "campaign_site.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    return {k: sum(v) / len(v) for k, v in rps.items()}, int(saved)


def _ok(met: bool) -> str:
    return "met" if met else "NOT MET"


def _forget_redis_keys(url, prefix):
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)


def fmt_row(name, r):
    return (
        f"  {name:<22} {r['rps']:>9.0f} req/s   p50 {r['p50_us'] / 1000:>6.1f} ms   "
        f"p99 {r['p99_us'] / 1000:>6.1f} ms   errors {r['errors']}"
    )


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    workdir = Path(tempfile.mkdtemp(prefix="perf-bench-", dir="/tmp"))
    static_root = workdir / "static"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "LANG", "HOME", "WEB_CONCURRENCY", "REACH_COUNTING")
        },
        "ENV_FILE": "/dev/null",
        "DEPLOYMENT": "local",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(static_root),
        "GUNICORN_ACCESS_LOG": os.environ.get("BENCH_ACCESS_LOG", "-"),
    }
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    cache_name = f"Redis ({redis_url})" if redis_url else "local file cache"
    server = Server(env, workdir / "gunicorn.log")
    lua = workdir / "report.lua"
    lua.write_text(REPORT_LUA)
    try:
        log(f"Setting up a throwaway site in {workdir} (SQLite, {cache_name}) ...")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "seed_content", "-v0"], env, stdout=subprocess.DEVNULL)
        # Partner logos like real ones, so that page weight counts them.
        run(
            [PY, "manage.py", "shell", "-c", "from scripts.page_weight import give_partners_logos as g; g()"],
            env,
            stdout=subprocess.DEVNULL,
        )
        run([PY, "manage.py", "compile_translations"], env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)

        # First start: take each page's exact bytes to make its static twin.
        server.start()
        status, _h, sitemap = http_get("/sitemap.xml")
        assert status == 200, status
        ALL_PUBLIC[:] = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())]
        log(f"{len(ALL_PUBLIC)} public pages in the sitemap (every page in every language)")
        twins = {}
        for name, path in PAGES.items():
            status, _h, identity = http_get(path)
            assert status == 200, (path, status)
            twins[name] = f"/static/bench/{name}.html"
            target = static_root / "bench" / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(identity)
            # The same compressed variants the page cache makes, so the same bytes are sent.
            (target.parent / f"{name}.html.br").write_bytes(brotli.compress(identity, quality=11))
            (target.parent / f"{name}.html.gz").write_bytes(gzip.compress(identity, 9, mtime=0))
        server.stop()
        server.start()  # whitenoise indexes STATIC_ROOT when a worker starts

        for name, path in PAGES.items():
            sp, sh, sb = http_get(path, {"Accept-Encoding": ACCEPT_ENCODING})
            tp, th, tb = http_get(twins[name], {"Accept-Encoding": ACCEPT_ENCODING})
            assert sp == tp == 200, (sp, tp)
            log(
                f"{name}: page {len(sb)} B ({sh.get('Content-Encoding', 'identity')}), "
                f"static twin {len(tb)} B ({th.get('Content-Encoding', 'identity')})"
            )

        workers = env.get("WEB_CONCURRENCY") or str(os.cpu_count())
        log(
            f"\nwrk: {CONNECTIONS} connections, {THREADS} threads, {DURATION} s each; gunicorn.conf.py "
            f"({workers} sync workers), {os.cpu_count()} CPUs, Accept-Encoding: {ACCEPT_ENCODING}"
        )
        results = {}
        for name, path in PAGES.items():
            pair = ((name, path), (f"{name} static twin", twins[name]))
            for _label, target in pair:
                if WARMUP:
                    wrk([target], CONNECTIONS, WARMUP, str(lua))
            # Page, twin, twin, page, twice over, each for a quarter of the time: anything
            # else the machine is doing meanwhile weighs on both sides alike.
            runs = {label: [] for label, _t in pair}
            for label, target in (pair[0], pair[1], pair[1], pair[0]) * 2:
                runs[label].append(wrk([target], CONNECTIONS, max(1, DURATION // 4), str(lua)))
            for label, _t in pair:
                results[label] = combine(runs[label])
                log(fmt_row(label, results[label]))

        long_result = None
        if LONG_DURATION > 0:
            log(
                f"\nLong run: {LONG_CONNECTIONS} connections for {LONG_DURATION} s over every public page ..."
            )
            long_result = wrk(ALL_PUBLIC, LONG_CONNECTIONS, LONG_DURATION, str(lua))
            log(fmt_row("all public pages", long_result))

        log("\nPage weight (as a phone downloads it: page + same-origin CSS, JS, icons, images):")
        weights = {}
        for path in ALL_PUBLIC:
            w = measure(http_get, path, f"{HOST}:{PORT}")
            weights[path] = w
            bad = [r.url for r in w.resources if r.status != 200]
            log(
                f"  {path:<24} {w.wire_bytes / 1024:>6.1f} KB in {w.requests} requests"
                + (f"   NOT 200: {bad}" if bad else "")
            )
        server.stop()

        counting = None
        if COUNTING_ROUNDS > 0:
            log(
                f"\nReach counting on and off: every public page, {CONNECTIONS} connections, {DURATION} s each ..."
            )
            counting = counting_comparison(env, workdir / "gunicorn.log", str(lua))
        queries = warm_queries(env)

        log("\n=== Summary " + "=" * 60)
        for name in PAGES:
            page, twin = results[name], results[f"{name} static twin"]
            ratio = page["rps"] / twin["rps"]
            w = weights[PAGES[name]]
            log(
                f"{name:<7} page {page['rps']:>7.0f} req/s (p50 {page['p50_us'] / 1000:.1f} ms, "
                f"p99 {page['p99_us'] / 1000:.1f} ms) | static file of the same size "
                f"{twin['rps']:>7.0f} req/s (p50 {twin['p50_us'] / 1000:.1f} ms, p99 {twin['p99_us'] / 1000:.1f} ms)"
                f" | ratio {ratio:.0%} | {w.wire_bytes / 1024:.1f} KB in {w.requests} requests"
            )
        if long_result:
            log(
                f"{LONG_DURATION} s at {LONG_CONNECTIONS} connections: {long_result['requests']} requests, "
                f"{long_result['rps']:.0f} req/s, p99 {long_result['p99_us'] / 1000:.1f} ms, "
                f"errors {long_result['errors']} (connect {long_result['connect']}, read {long_result['read']}, "
                f"write {long_result['write']}, status {long_result['status']}, timeout {long_result['timeout']})"
            )
        log(f"SQL queries on a warm public page: {max(queries.values())} (per page: {queries})")
        if counting:
            (rps, saved) = counting
            log(
                f"Reach counting: on {rps['on']:.0f} req/s, off {rps['off']:.0f} req/s "
                f"({rps['on'] / rps['off'] - 1:+.1%} with counting on); {saved} page views saved to the database "
                "over the whole run (every counted request, batched)"
            )
        log(f"Cache: {cache_name}.")
        log(f"Load average (1 min) before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}")
        log("\nTargets:")
        for name in PAGES:
            page, twin = results[name], results[f"{name} static twin"]
            ratio = page["rps"] / twin["rps"]
            log(f"  {name}: {ratio:.0%} of the static-file ceiling (target 80%)  {_ok(ratio >= 0.8)}")
            log(
                f"  {name}: p99 {page['p99_us'] / 1000:.1f} ms at {CONNECTIONS} connections (target < 50 ms)  "
                f"{_ok(page['p99_us'] < 50_000)}"
            )
        if long_result:
            log(
                f"  {long_result['errors']} errors in {LONG_DURATION} s at {LONG_CONNECTIONS} connections "
                f"(target 0)  {_ok(long_result['errors'] == 0)}"
            )
        worst = max(weights.values(), key=lambda w: w.wire_bytes)
        log(
            f"  heaviest page {worst.path}: {worst.wire_bytes / 1024:.1f} KB in {worst.requests} requests "
            f"(target < 60 KB, < 10 requests)  {_ok(worst.wire_bytes < 60 * 1024 and worst.requests < 10)}"
        )
        log(
            f"  SQL queries on warm public pages: {max(queries.values())} (target 0)  {_ok(not any(queries.values()))}"
        )
        if counting:
            drop = 1 - counting[0]["on"] / counting[0]["off"]
            log(f"  throughput lost to reach counting: {drop:.1%} (target < 10%)  {_ok(drop < 0.10)}")
    finally:
        server.stop()
        if redis_url:
            _forget_redis_keys(redis_url, env["CACHE_KEY_PREFIX"])
        if os.environ.get("BENCH_KEEP"):
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
