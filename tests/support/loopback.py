"""A bounded loopback HTTP server for tests: each test file scripts its answers with a route
function, and every request it receives is kept in ``seen``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

Answer = tuple[int, bytes, dict[str, str]]
Route = Callable[[str, dict[str, str], bytes], Answer]


class _Handler(BaseHTTPRequestHandler):
    timeout = 5
    server: Loopback

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.seen.append({"path": self.path, "headers": headers, "body": body})
        status, data, extra = self.server.route(self.path, headers, body)
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Loopback(HTTPServer):
    """One request at a time on 127.0.0.1, for at most 20 requests or until stopped."""

    def __init__(self, route: Route) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.route = route
        self.timeout = 0.05
        self.seen: list[dict[str, Any]] = []
        self.stopped = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(self) -> None:
        for _ in range(2000):  # 0.05 s idle each: at most 100 s, normally stopped at once
            if self.stopped.is_set() or len(self.seen) >= 20:
                return
            self.handle_request()
