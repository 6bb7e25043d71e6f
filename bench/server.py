"""The HTTP measures of `make bench`: gunicorn with the production settings on the loopback,
and wrk against the bare view and every page under test. No Django import: the server runs in
its own processes with the environment bench/run.py gives it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.lib import NOT_MEASURED, bare_baseline, log, parse_wrk, with_ratios

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
LUA = ROOT / "bench" / "wrk.lua"
FORWARDED = "X-Forwarded-Proto: https"  # the server trusts it: SECURE_SSL_REDIRECT stays on
WARMUP_BUDGET_S = 10  # per page: at most --warmup requests, at most this long
DRAIN_BUDGET_S = 300  # after a wrk run: wait at most this long for the server's queue


def start_server(env: dict, port: int, log_name: str = "gunicorn.log") -> subprocess.Popen:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    logfile = open(DATA_DIR / log_name, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "participation.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(port, "/bench/bare/")
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {DATA_DIR / log_name}") from None
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(port: int, path: str, cookie: str | None = None) -> tuple[int, int]:
    headers = {"X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def run_wrk(port: int, path: str, args, cookie: str | None = None) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA),
        "-H",
        FORWARDED,
        f"http://127.0.0.1:{port}{path}",
    ]
    if cookie:
        command += ["--", cookie]  # bench/wrk.lua sends it as the Cookie header
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + 60, check=True
    ).stdout
    drain(port)
    return parse_wrk(output)


def drain(port: int) -> None:
    """Let the server finish what wrk left queued (slow pages: 8 connections of multi-second
    renders) before the next measure starts: two bare requests answered in a row, waiting up to
    DRAIN_BUDGET_S."""
    deadline = time.monotonic() + DRAIN_BUDGET_S
    while True:
        try:
            fetch(port, "/bench/bare/")
            fetch(port, "/bench/bare/")
            return
        except OSError:  # timed out behind the queue (URLError and TimeoutError are OSErrors)
            if time.monotonic() > deadline:
                log(f"the server on port {port} is still busy after {DRAIN_BUDGET_S} s")
                return


# The three ways a page is requested over HTTP: (key, label, server, signed in).
# "cached": anonymous, the production server (page cache on: after the warm-up every request of a
# page that opts in is a hit); "uncached": anonymous, a second server with PAGE_CACHE_SECONDS=0
# (what a first visitor or a page-cache miss costs); "member": a signed-in member's session
# cookie on the production server (never served from the page cache).
HTTP_MODES = (
    ("anonymous_cached", "anonymous, cached", "cached", False),
    ("anonymous_uncached", "anonymous, page cache off", "uncached", False),
    ("member", "signed-in member", "cached", True),
)


def _measure_one(port: int, path: str, args, cookie: str | None, warmup: int) -> dict:
    """One page in one mode; a failure (a timeout on an overloaded machine, wrk's error) is
    recorded as not measured, and the run goes on."""
    try:
        return _measure_one_or_fail(port, path, args, cookie, warmup)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log(f"{path}: not measured ({type(exc).__name__}: {exc})")
        drain(port)
        return {"status": f"{NOT_MEASURED}: {type(exc).__name__}: {str(exc)[:200]}"}


def _measure_one_or_fail(port: int, path: str, args, cookie: str | None, warmup: int) -> dict:
    status, size = 0, 0
    budget = time.monotonic() + WARMUP_BUDGET_S
    for _ in range(max(1, warmup)):
        status, size = fetch(port, path, cookie)
        if status != 200 or time.monotonic() > budget:
            break
    if status != 200:
        return {"status": f"{NOT_MEASURED}: HTTP {status}"}
    result = run_wrk(port, path, args, cookie)
    row = {"status": "measured", "response_bytes": size, **result}
    if not result["requests"]:
        row["status"] = f"{NOT_MEASURED}: no request completed in {args.duration} s"
    elif row["errors"]:
        row["note"] = f"{row['errors']} errors or non-2xx/3xx responses"
    return row


def measure_http(env: dict, pages: list[dict], args, cookie: str | None) -> dict:
    """wrk against the bare view (first and last) and every page in the three HTTP_MODES; each
    page's figures go into page["http"][mode]. Returns the bare view's baseline and runs."""
    servers = {"cached": start_server(env, args.port)}
    ports = {"cached": args.port, "uncached": args.port + 1}
    bare_runs: list[dict] = []
    try:
        servers["uncached"] = start_server(
            {**env, "PAGE_CACHE_SECONDS": "0"}, ports["uncached"], "gunicorn-uncached.log"
        )
        log("wrk bare view")
        first = _measure_one(ports["cached"], "/bench/bare/", args, None, args.warmup)
        if first["status"] == "measured":
            bare_runs.append(first)
        for page in pages:
            if not page.get("path"):
                continue
            page["http"] = {}
            for key, label, server, signed_in in HTTP_MODES:
                if signed_in and not cookie:
                    page["http"][key] = {"status": f"{NOT_MEASURED}: no generated member"}
                    continue
                log(f"wrk {page['name']}, {label}: {page['path']}")
                page["http"][key] = _measure_one(
                    ports[server],
                    page["path"],
                    args,
                    cookie if signed_in else None,
                    args.warmup if key == "anonymous_cached" else min(args.warmup, 3),
                )
        log("wrk bare view (again, at the end)")
        again = _measure_one(ports["cached"], "/bench/bare/", args, None, args.warmup)
        if again["status"] == "measured":
            bare_runs.append(again)
    finally:
        for process in servers.values():
            stop_server(process)
    if not bare_runs:
        raise SystemExit("the bare view completed no request: the machine is overloaded")
    baseline = bare_baseline(bare_runs)
    for page in pages:
        for key, row in page.get("http", {}).items():
            if row["status"] == "measured":
                page["http"][key] = with_ratios(row, baseline)
    return {
        "baseline": baseline,
        "runs": [with_ratios(run, baseline) for run in bare_runs],
        "modes": {key: label for key, label, _server, _signed_in in HTTP_MODES},
    }
