"""The bare benchmark view: the stack's own ceiling for `make bench` (docs/performance.md).

Routed at /bench/bare/ only when the BENCH_BARE_VIEW setting is true (bench/run.py sets it for
its own gunicorn); it goes through the full middleware stack but touches no database or template,
so every page's latency is reported as a ratio to it.
"""

from django.http import HttpResponse


def bare(request):
    return HttpResponse("bare", content_type="text/plain; charset=utf-8")
