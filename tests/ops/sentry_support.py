"""A stand-in for Sentry: an HTTP server on 127.0.0.1 that records every envelope sent to it.

``SentryStub.dsn`` is a DSN pointing at it; ``events()`` are the error events received (the
envelope items of type "event"), ``raw`` the decompressed request bodies as they arrived.
"""

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SentryStub:
    def __init__(self):
        self.raw: list[bytes] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                encoding = (self.headers.get("Content-Encoding") or "").lower()
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding:
                    raise ValueError(f"unexpected Content-Encoding {encoding!r}")
                with stub.lock:
                    stub.raw.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.server.server_port}/1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[dict]:
        """Error events from every envelope so far."""
        found = []
        with self.lock:
            bodies = list(self.raw)
        for body in bodies:
            lines = body.split(b"\n")
            # envelope: a header line, then (item header, payload) pairs
            index = 1
            while index + 1 < len(lines):
                header = json.loads(lines[index] or b"{}")
                payload = lines[index + 1]
                if header.get("type") == "event":
                    found.append(json.loads(payload))
                index += 2
        return found

    def raw_text(self) -> str:
        with self.lock:
            return "\n".join(body.decode("utf-8", "replace") for body in self.raw)
