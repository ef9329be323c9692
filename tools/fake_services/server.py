"""Where fake answers are served: a loopback HTTP server, an in-process httpx transport, and the
two ways a service can be down (a port that refuses connections, a server that never answers).

A responder is one function, `Request -> Reply`; the same responder can be served over HTTP on
127.0.0.1 (tests, the benchmark: real sockets, real timeouts) or through `mock_transport`
(the demo cache builder: in process, no socket). Requests are routed by the first path segment
on the server (`/mb/...`, `/lastfm/...`) and by base URL in process, so a responder sees the
same `Request` either way.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

# the first path segment on the loopback server -> the service
SERVICE_PREFIXES = {
    "mb": "musicbrainz",
    "lastfm": "lastfm",
    "discogs": "discogs",
    "tadb": "theaudiodb",
    "spotify": "spotify",
    "spotify-accounts": "spotify-accounts",
}


@dataclass(frozen=True)
class Request:
    service: str  # musicbrainz | lastfm | discogs | theaudiodb | spotify | spotify-accounts
    method: str
    path: str  # below the service's base URL ("/release/<id>"; TheAudioDB: "/<key>/x.php")
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float  # arrival, time.monotonic()

    @property
    def one(self) -> dict[str, str]:
        """The query with the first value of each parameter."""
        return {name: values[0] for name, values in self.query.items()}

    @property
    def endpoint(self) -> str:
        """The last path segment (TheAudioDB's `search.php` below its key segment)."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # a JSON value, or a str sent as it is (a malformed body)
    headers: Mapping[str, str] | None = None

    def data(self) -> bytes:
        return (self.body if isinstance(self.body, str) else json.dumps(self.body)).encode()


Responder = Callable[[Request], Reply]


class LoopbackServer:
    """`responder` served on 127.0.0.1 (any free port); every request is logged in `hits`."""

    def __init__(self, responder: Responder, *, keep_alive: bool = False) -> None:
        self.responder = responder
        self.hits: list[Request] = []
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(keep_alive))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def base_urls(self) -> dict[str, str]:
        """The `*_BASE_URL` settings that send every service's requests here."""
        return {
            "MUSICBRAINZ_BASE_URL": f"{self.base}/mb",
            "LASTFM_BASE_URL": f"{self.base}/lastfm/",
            "DISCOGS_BASE_URL": f"{self.base}/discogs",
            "THEAUDIODB_BASE_URL": f"{self.base}/tadb",
            "SPOTIFY_API_BASE_URL": f"{self.base}/spotify",
            "SPOTIFY_ACCOUNTS_BASE_URL": f"{self.base}/spotify-accounts",
        }

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits_of(self, service: str) -> list[Request]:
        with self._lock:
            return [h for h in self.hits if h.service == service]

    def all_hits(self) -> list[Request]:
        with self._lock:
            return list(self.hits)

    def _handler(self, keep_alive: bool) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer("POST")

            def do_GET(self) -> None:
                self._answer("GET")

            def _answer(self, method: str) -> None:
                parts = urlsplit(self.path)
                prefix, _, rest = parts.path.lstrip("/").partition("/")
                request = Request(
                    SERVICE_PREFIXES.get(prefix, prefix),
                    method,
                    "/" + rest,
                    parse_qs(parts.query),
                    dict(self.headers.items()),
                    time.monotonic(),
                )
                with server._lock:
                    server.hits.append(request)
                try:
                    reply = server.responder(request)
                except Exception as error:  # a responder bug: answer 500, keep serving
                    reply = Reply(500, {"error": f"{type(error).__name__}: {error}"})
                data = reply.data()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (reply.headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def mock_transport(responder: Responder, base_urls: Mapping[str, str]) -> httpx.MockTransport:
    """`responder` in process: a request goes to the service whose base URL it starts with."""
    bases = sorted(base_urls.items(), key=lambda item: -len(item[1]))

    def route(url: str) -> tuple[str, str]:
        for service, base in bases:
            if url.startswith(base.rstrip("/")):
                return service, "/" + url[len(base.rstrip("/")) :].lstrip("/")
        raise AssertionError(f"no fake service answers {url}")

    def handle(request: httpx.Request) -> httpx.Response:
        service, path = route(str(request.url.copy_with(query=None)))
        reply = responder(
            Request(
                service,
                request.method,
                path,
                parse_qs(request.url.query.decode()),
                dict(request.headers.items()),
                time.monotonic(),
            )
        )
        return httpx.Response(reply.status, content=reply.data(), headers=reply.headers)

    return httpx.MockTransport(handle)


class RefusedPort:
    """A loopback port that refuses every connection: bound, never listening (held until
    closed, so no other process takes it meanwhile)."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def __enter__(self) -> RefusedPort:
        return self

    def __exit__(self, *exc: object) -> None:
        self._socket.close()


class HangingServer:
    """Accepts connections and reads each request, but never answers (a hung service). The
    request lines are logged in `requests`; connections stay open until closed."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: list[str] = []  # "GET /mb/url?..." per request received
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def requests_to(self, prefix: str) -> list[str]:
        with self._lock:
            return [r for r in self.requests if r.split(" ")[1].startswith(prefix)]

    def __enter__(self) -> HangingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._open:
            connection.close()
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self._open.append(connection)
            connection.settimeout(1.0)
            try:
                line = connection.recv(65536).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                line = ""
            with self._lock:
                self.requests.append(line)
