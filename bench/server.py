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


def start_server(env: dict, port: int) -> subprocess.Popen:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    logfile = open(DATA_DIR / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
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
                raise SystemExit(f"gunicorn exited; see {DATA_DIR / 'gunicorn.log'}") from None
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


def fetch(port: int, path: str) -> tuple[int, int]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def run_wrk(port: int, path: str, args) -> dict:
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
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + 60, check=True
    ).stdout
    # Let the server finish what wrk left queued (slow pages) before the next measure starts.
    fetch(port, "/bench/bare/")
    fetch(port, "/bench/bare/")
    return parse_wrk(output)


def measure_http(env: dict, pages: list[dict], args) -> tuple[list[dict], dict]:
    process = start_server(env, args.port)
    rows: list[dict] = []
    bare_runs = []
    try:
        targets = [{"name": "bare view", "path": "/bench/bare/"}, *pages]
        for page in targets:
            if not page.get("path"):
                rows.append({**page, "status": f"{NOT_MEASURED}: {page.get('note', 'no URL')}"})
                continue
            status, size = 0, 0
            budget = time.monotonic() + WARMUP_BUDGET_S
            for _ in range(max(1, args.warmup)):
                status, size = fetch(args.port, page["path"])
                if status != 200 or time.monotonic() > budget:
                    break
            if status != 200:
                rows.append({**page, "status": f"{NOT_MEASURED}: HTTP {status}"})
                log(f"{page['name']}: HTTP {status}, not measured")
                continue
            log(f"wrk {page['name']}: {page['path']}")
            result = run_wrk(args.port, page["path"], args)
            row = {**page, "status": "measured", "response_bytes": size, **result}
            if not result["requests"]:
                row["status"] = f"{NOT_MEASURED}: no request completed in {args.duration} s"
            elif row["errors"]:
                row["note"] = f"{row['errors']} errors or non-2xx/3xx responses"
            rows.append(row)
            if page["name"] == "bare view" and result["requests"]:
                bare_runs.append(result)
        log("wrk bare view (again, at the end)")
        again = run_wrk(args.port, "/bench/bare/", args)
        if again["requests"]:
            bare_runs.append(again)
        rows.append(
            {"name": "bare view (end)", "path": "/bench/bare/", "status": "measured", **again}
        )
    finally:
        stop_server(process)
    if not bare_runs:
        raise SystemExit("the bare view completed no request: the machine is overloaded")
    baseline = bare_baseline(bare_runs)
    rows = [with_ratios(row, baseline) if row["status"] == "measured" else row for row in rows]
    return rows, baseline
