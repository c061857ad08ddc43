#!/usr/bin/env bash
# Start `make run` as a newcomer would (SQLite, no .env yet) and check every public page
# answers 200 with the helpline number, then stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SMOKE_PORT:-8765}"
LOG="$(mktemp)"
make run PORT="$PORT" >"$LOG" 2>&1 &
RUN_PID=$!
cleanup() { pkill -TERM -P "$RUN_PID" 2>/dev/null || true; kill "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$RUN_PID" 2>/dev/null; then cat "$LOG"; echo "make run exited early"; exit 1; fi
  sleep 1
done
fail=0
for path in / /awareness/ /consequences/ /get-help/ /staying-safe-online/ /privacy/ /accessibility/ /cookies/ /no-such-page/; do
  body="$(curl -sS -w '\n%{http_code}' "http://127.0.0.1:$PORT$path")"
  code="${body##*$'\n'}"
  want=200; [ "$path" = /no-such-page/ ] && want=404
  if [ "$code" = "$want" ] && grep -q "0808 1000 900" <<<"$body"; then
    echo "ok   $code $path"
  else
    echo "FAIL $code $path"; fail=1
  fi
done
for path in /robots.txt /sitemap.xml; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")"
  if [ "$code" = 200 ]; then echo "ok   $code $path"; else echo "FAIL $code $path"; fail=1; fi
done
css="$(curl -s "http://127.0.0.1:$PORT/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -1)"
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$css")"
if [ -n "$css" ] && [ "$code" = 200 ]; then echo "ok   $code $css"; else echo "FAIL stylesheet ($css: $code)"; fail=1; fi
if [ "$fail" != 0 ]; then cat "$LOG"; exit 1; fi
echo "Smoke test: every page answered with the helpline number."
