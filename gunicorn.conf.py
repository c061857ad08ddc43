"""gunicorn settings, read by `make run` and production alike.

Values come from the environment (see README.md). The access log never records the
client address, the user agent, the referrer or the query string.
"""

import multiprocessing
import os


def _cpus() -> int:
    """CPUs this process may use (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return multiprocessing.cpu_count()


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Measured on 2 cores: one sync worker per core beats more workers or threads for this
# CPU-bound, in-memory-cached site.
workers = int(os.environ.get("WEB_CONCURRENCY", _cpus()))
worker_class = "sync"
# Django is imported once, in the master, and workers are forked from it: a worker that
# max_requests recycles is serving again within milliseconds, not after a second of
# imports. (So a new release needs a restart of the master, not just `kill -HUP`.)
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
# Sync workers close each connection after the response; keep-alive is the proxy's job.
keepalive = 5
# Recycle workers now and then (a guard against slow leaks), at different moments so
# they never all restart together. A launch burst runs at thousands of requests a
# second, so a few thousand would mean a restart every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 50000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 5000))
# The workers' heartbeat files (made with mkstemp and unlinked at once) live in memory,
# so a slow disk cannot get a busy worker killed as unresponsive.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
# Only these proxies may set X-Forwarded-For / X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 4094
limit_request_fields = 60
# Time, method, path without query string, status, bytes, duration. No address.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Masks addresses and query strings that gunicorn itself would print (a malformed
# request's "ip=...", the URI of a request that crashed).
logger_class = "pages.logging.GunicornLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "campaign_site"
# Several instances on one machine (tests, benchmarks) must not share a control socket.
control_socket_disable = True


def worker_exit(server, worker):
    """A worker stopping gracefully (a release, max_requests) saves the counts it still holds.

    Only counts held in the worker's memory (no REDIS_URL) are at stake; with Redis they are
    already safe there. A worker that is killed outright cannot run this.
    """
    from reach import counter

    counter.flush()
