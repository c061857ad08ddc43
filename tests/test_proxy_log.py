"""Counting the views nginx answered from its cache: the count-log parser, the positions kept
per file, and the generated nginx map (fast; no nginx here, see test_proxy.py for that)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError

from reach import proxylog
from reach.models import DailyPageCount, ProxyLogPosition

ROOT = Path(__file__).resolve().parent.parent


def line(
    path="/get-help/", cache="HIT", status=200, countable=1, method="GET", at="2026-03-14T09:30:00+00:00"
):
    return f"{at} {method} {status} {cache} {countable} {path}\n"


def views(path="/get-help/"):
    return {str(r.day): r.views for r in DailyPageCount.objects.filter(path=path)}


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("count_proxy_log", *[str(p) for p in paths], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- The map nginx uses is the app's list -------------------------------------------------


def test_the_committed_nginx_map_is_what_the_command_prints():
    out = io.StringIO()
    call_command("nginx_bot_map", stdout=out)
    committed = (ROOT / "deploy" / "nginx" / "countable.map").read_text()
    assert committed == out.getvalue(), "run: python manage.py nginx_bot_map > deploy/nginx/countable.map"


def test_the_map_has_a_rule_for_every_marker(monkeypatch):
    text = proxylog.nginx_countable_map()
    for marker in ("bot", "headless", "go\\-http", "http://"):
        assert f'"~*{marker}" 0;' in text
    monkeypatch.setattr(proxylog.counter, "BOT_MARKERS", ("bot", 'say "hi"'))
    with pytest.raises(ValueError, match="escaping"):
        proxylog.nginx_countable_map()


# --- One line -------------------------------------------------------------------------------


def test_a_line_is_read_field_by_field():
    entry = proxylog.parse(line(path="/a path/with space/").encode())
    assert entry.method == "GET" and entry.status == 200 and entry.cache_status == "HIT"
    assert entry.countable is True
    assert entry.path == "/a path/with space/"
    assert entry.time == datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.UTC)


def test_the_day_is_the_uk_day():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST); in January the two agree.
    assert proxylog.parse(line(at="2026-06-30T23:30:00+00:00").encode()).day == datetime.date(2026, 7, 1)
    assert proxylog.parse(line(at="2026-01-31T23:30:00+00:00").encode()).day == datetime.date(2026, 1, 31)
    assert proxylog.parse(line(at="2026-07-01T00:10:00+02:00").encode()).day == datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "fields"),
        ("2026-03-14T09:30:00+00:00 GET 200 HIT 1\n", "fields"),
        ("yesterday GET 200 HIT 1 /\n", "ISO"),
        ("2026-03-14T09:30:00 GET 200 HIT 1 /\n", "offset"),
        ("2026-03-14T09:30:00+00:00 get 200 HIT 1 /\n", "method"),
        ("2026-03-14T09:30:00+00:00 GET 2000 HIT 1 /\n", "status"),
        ("2026-03-14T09:30:00+00:00 GET 200 WARM 1 /\n", "cache status"),
        ("2026-03-14T09:30:00+00:00 GET 200 HIT yes /\n", "0 or 1"),
        ("2026-03-14T09:30:00+00:00 GET 200 HIT 1 get-help/\n", "path"),
        # A line in the private access-log format: the two logs mixed up.
        ('2026-03-14T09:30:00+00:00 "GET /" 200 9000 0.001 HIT -\n', "method"),
    ],
)
def test_a_line_in_another_shape_is_refused(text, reason):
    with pytest.raises(proxylog.BadLine, match=reason):
        proxylog.parse(text.encode())


def test_a_line_that_is_not_ascii_is_refused():
    # nginx writes anything outside printable ASCII as \xHH, so this did not come from it.
    with pytest.raises(proxylog.BadLine, match="ASCII"):
        proxylog.parse("2026-03-14T09:30:00+00:00 GET 200 HIT 1 /caf\xe9/\n".encode())


PAGES = frozenset({"/", "/get-help/"})


@pytest.mark.parametrize(
    "fields, counted",
    [
        ({}, True),
        ({"cache": "STALE"}, True),  # the app was down
        ({"cache": "UPDATING"}, True),  # the app was busy re-rendering it for someone else
        ({"status": 304}, True),  # the browser's copy was confirmed by nginx
        ({"cache": "MISS"}, False),  # these four reached the app, which counted them itself
        ({"cache": "EXPIRED"}, False),
        ({"cache": "REVALIDATED"}, False),
        ({"cache": "BYPASS"}, False),
        ({"countable": 0}, False),  # a bot or a prefetch
        ({"method": "HEAD"}, False),
        ({"status": 503}, False),
        ({"status": 404}, False),
        ({"path": "/robots.txt"}, False),  # not a page
        ({"path": "/get-help"}, False),
    ],
)
def test_only_a_persons_view_of_a_page_the_app_never_saw_counts(fields, counted):
    assert proxylog.missed_view(proxylog.parse(line(**fields).encode()), PAGES) is counted


def test_the_pages_counted_are_the_apps_public_pages(db):
    from reach.middleware import public_paths

    assert proxylog.counted_paths() == public_paths()
    assert {"/", "/get-help/", "/cookies/"} <= proxylog.counted_paths()


# --- Files, positions, rotation ---------------------------------------------------------------


@pytest.fixture
def log(tmp_path):
    return tmp_path / "campaign-count.log"


def append(path, text):
    with path.open("a") as handle:
        handle.write(text)


def test_views_are_added_to_the_daily_totals_once(db, log):
    DailyPageCount.objects.create(day=datetime.date(2026, 3, 14), path="/get-help/", views=5)
    append(log, line() + line(cache="MISS") + line(cache="STALE") + line(path="/", at="2026-03-15T08:00:00Z"))
    out, err = run(log)
    assert "4 new lines, 3 views counted" in out and err == ""
    assert views() == {"2026-03-14": 7}
    assert views("/") == {"2026-03-15": 1}
    out, _err = run(log)
    assert "0 new lines, 0 views counted" in out
    assert views() == {"2026-03-14": 7}


def test_a_line_still_being_written_waits_for_its_newline(db, log):
    append(log, line() + line()[:20])
    run(log)
    assert views() == {"2026-03-14": 1}
    append(log, line()[20:])
    run(log)
    assert views() == {"2026-03-14": 2}
    run(log)
    assert views() == {"2026-03-14": 2}


def test_compressed_files_from_logrotate_are_skipped(db, tmp_path):
    # So that a glob such as campaign-count.log* can be given, whatever the rotation scheme.
    archive = tmp_path / "campaign-count.log.2.gz"
    archive.write_bytes(b"\x1f\x8b\x08\x00 not text")
    out, err = run(archive)
    assert "compressed, skipped" in out and err == ""


def test_a_file_with_no_complete_line_or_no_file_is_skipped(db, log):
    out, err = run(log)
    assert "no such file" in out and err == ""
    append(log, line()[:30])
    out, _err = run(log)
    assert "no complete line yet" in out
    assert not ProxyLogPosition.objects.exists()
    append(log, line()[30:])
    run(log)
    assert views() == {"2026-03-14": 1}


def test_across_logrotate_nothing_is_lost_or_counted_twice(db, log):
    append(log, line(at="2026-03-14T09:00:00Z") + line())
    run(log, f"{log}.1")
    assert views() == {"2026-03-14": 2}
    # nginx writes two more lines; logrotate renames the file and nginx starts a new one
    # before cron's next run.
    append(log, line() + line())
    log.rename(f"{log}.1")
    append(log, line(at="2026-03-14T10:00:00Z") + line(cache="UPDATING"))
    out, _err = run(log, f"{log}.1")
    assert views() == {"2026-03-14": 6}
    assert "2 new lines, 2 views counted" in out
    # The next rotation: .1 becomes .2 (never read again), the live file becomes .1.
    Path(f"{log}.1").rename(f"{log}.2")
    log.rename(f"{log}.1")
    append(log, line(at="2026-03-14T11:00:00Z"))
    run(log, f"{log}.1")
    assert views() == {"2026-03-14": 7}
    assert ProxyLogPosition.objects.count() == 3


def test_bad_lines_are_reported_skipped_and_never_stop_the_count(db, log):
    append(log, line() + "garbage\n" + line(status="x") + "\x00" * 20 + "\n" + line())
    out, err = run(log)
    assert "2 views counted" in out and "3 bad lines skipped" in out
    assert "bad line at byte" in err and "fields" in err
    assert "garbage" not in err  # where, and why; not what the line held
    assert views() == {"2026-03-14": 2}
    _out, err = run(log)
    assert err == ""  # reported once: the position has moved past them


def test_an_overlong_line_is_skipped_whole(db, log):
    append(log, line() + "x" * (proxylog.MAX_LINE_BYTES * 2 + 7) + "\n" + line())
    out, err = run(log)
    assert "2 views counted" in out and "longer than" in err
    assert views() == {"2026-03-14": 2}


def test_a_long_file_is_read_in_chunks_each_saved_with_its_position(db, log):
    append(log, line() * 25)
    report = proxylog.count_file(log, chunk_lines=10)
    assert (report.lines, report.counted) == (25, 25)
    assert ProxyLogPosition.objects.get().offset == log.stat().st_size


def test_a_failed_write_keeps_the_position_so_the_lines_are_counted_next_time(db, log, monkeypatch):
    append(log, line() * 3)

    def database_down(batch):
        raise OperationalError("database is locked")

    monkeypatch.setattr(proxylog.counter, "write", database_down)
    with pytest.raises(OperationalError):
        proxylog.count_file(log)
    assert ProxyLogPosition.objects.filter(offset__gt=0).count() == 0
    monkeypatch.undo()
    proxylog.count_file(log)
    assert views() == {"2026-03-14": 3}


def test_with_counting_off_lines_are_read_past_but_not_counted(db, log, settings):
    settings.REACH_COUNTING = False
    append(log, line())
    out, _err = run(log)
    assert "REACH_COUNTING is off" in out
    assert views() == {}
    settings.REACH_COUNTING = True
    append(log, line())
    run(log)
    assert views() == {"2026-03-14": 1}


def test_a_file_cut_short_under_the_same_first_line_is_not_counted_again(db, log):
    append(log, line() * 3)
    run(log)
    log.write_text(line())  # same first line, shorter file
    out, _err = run(log)
    assert "shorter" in out
    append(log, line())
    run(log)
    assert views() == {"2026-03-14": 4}


def test_logs_of_two_proxies_are_told_apart_by_source(db, tmp_path):
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    append(first, line() + line())
    append(second, line() + line() + line())  # the same first line, by chance
    call_command("count_proxy_log", str(first), "--source", "proxy-a", stdout=io.StringIO())
    call_command("count_proxy_log", str(second), "--source", "proxy-b", stdout=io.StringIO())
    assert views() == {"2026-03-14": 5}
