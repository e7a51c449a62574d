"""One HTTP server, one port, both APIs, plus the `/_admin/` control surface used by tests.

Standard library only: ThreadingHTTPServer with HTTP/1.1 keep-alive, so clients that pool
connections (requests, dlt) behave as they do against the real hosts.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
import traceback
from datetime import datetime
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .control import Faults, RequestLog, Throttle
from .http import Request, Response, json_response, text_response
from .ll2 import PREFIX as LL2_PREFIX, LL2Api, parse_datetime
from .spacex import SpaceXApi
from .recorded import RecordedLL2Api, RecordedSpaceXData, RecordedWorld
from .world import AdvanceResult, World, iso

THROTTLE_PATH = LL2_PREFIX + "api-throttle/"
ERROR_PAGES = {
    500: "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n"
         "  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n",
    502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
         "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 "
         "Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
}
MALFORMED_BODY = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                  b"<p>Checking your browser before accessing the API.</p></body></html>")


class FakeApiServer:
    """The fake LL2 + SpaceX server. Use as a context manager, or `start()` / `stop()`."""

    def __init__(self, launches: int = 3000, seed: int = 42, clock: datetime | None = None,
                 host: str = "127.0.0.1", port: int = 0, rate_limit_per_hour: int = 15,
                 keyed_rate_limit_per_hour: int = 0, throttle_on_world_clock: bool = False,
                 recorded: str | Path | None = None):
        """`recorded`: serve the recorded world in that folder (real responses, see
        `fake_api.recorded`) instead of the synthetic one; `launches` and `seed` are then unused."""
        if recorded is not None:
            self.world = RecordedWorld(recorded, clock=clock)
        else:
            self.world = World(launches=launches, seed=seed, clock=clock)
        # On the world clock, the throttle's rolling hour moves only when the world's time does.
        throttle_clock = (lambda: float(self.world.clock)) if throttle_on_world_clock else None
        self.throttle = Throttle(rate_limit_per_hour, keyed_rate_limit_per_hour, clock=throttle_clock)
        self.faults = Faults()
        self.requests = RequestLog()
        if recorded is not None:
            self.ll2 = RecordedLL2Api(self.world)
            self.spacex = SpaceXApi(self.world, data=RecordedSpaceXData(self.world))
        else:
            self.ll2 = LL2Api(self.world)
            self.spacex = SpaceXApi(self.world)
        self.host = host
        self._port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def _bind(self) -> "_HTTPServer":
        if self._httpd is None:
            self._httpd = _HTTPServer((self.host, self._port), _Handler)
            self._httpd.app = self
            self._port = self._httpd.server_address[1]
        return self._httpd

    def start(self) -> "FakeApiServer":
        httpd = self._bind()
        if self._thread is None:
            self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                            name=f"fake-api:{self.port}", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._bind().serve_forever(poll_interval=0.25)

    def stop(self) -> None:
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join(timeout=5)
            self._httpd.server_close()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "FakeApiServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ll2_base_url(self) -> str:
        return f"{self.url}{LL2_PREFIX}"

    @property
    def spacex_base_url(self) -> str:
        return f"{self.url}/"

    def source_settings(self) -> dict[str, str]:
        """The settings that point liftoff's dlt sources at this server (as environment variables,
        the way dlt reads them): the one place the tests, the demo and the benchmarks get them."""
        return {"SOURCES__LAUNCH_LIBRARY__BASE_URL": self.ll2_base_url, "SOURCES__SPACEX__BASE_URL": self.spacex_base_url}

    # -- conveniences for tests ----------------------------------------------------------------
    def advance(self, seconds: float) -> AdvanceResult:
        return self.world.advance(seconds)

    def launch(self, launch_id: str, mode: str = "detailed") -> dict:
        """A launch as this server renders it (urls on this server's address)."""
        return self.ll2.launch(launch_id, mode, self.ll2_base_url)

    def request_log(self) -> list[dict]:
        return self.requests.list()

    # -- dispatch ------------------------------------------------------------------------------
    def handle(self, handler: "_Handler", method: str) -> None:
        split = urlsplit(handler.path)
        path = split.path or "/"
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        req = Request(method=method, path=path, query=parse_qs(split.query, keep_blank_values=True),
                      raw_query=split.query, host=handler.headers.get("Host") or f"{self.host}:{self.port}",
                      headers={k: v for k, v in handler.headers.items()}, body=body,
                      client=handler.client_address[0])
        if path.startswith("/_admin"):
            handler.respond(self._admin(req))
            return
        self._api(handler, req)

    def _api(self, handler: "_Handler", req: Request) -> None:
        xff = req.headers.get("X-Forwarded-For")
        client = "".join(xff.split()) if xff else req.client
        auth = req.headers.get("Authorization", "")
        keyed = auth.lower().startswith("token ") and bool(auth[6:].strip())
        ident = f"token:{auth[6:].strip()}" if keyed else client
        fault = self.faults.take(req.path)
        response: Response | None = None
        try:
            if fault and fault["kind"] == "delay":
                time.sleep(fault["delay_seconds"])
            if fault and fault["kind"] not in ("delay", "truncate"):
                response = self._fault_response(fault, req)   # None: drop the connection
            elif req.path == THROTTLE_PATH:
                response = json_response(self.throttle.status(client if not keyed else ident, keyed))
            elif req.path.startswith(LL2_PREFIX) or req.path == LL2_PREFIX.rstrip("/"):
                allowed, wait = self.throttle.allow(ident, keyed)
                if not allowed:
                    unit = "second" if wait == 1 else "seconds"
                    response = json_response({"detail": f"Request was throttled. Expected available in {wait} {unit}."},
                                             429, {"Retry-After": str(wait)})
                else:
                    response = self.ll2.handle(req)
            elif req.path.startswith(("/v4/", "/v5/")):
                response = self.spacex.handle(req)
            else:
                response = text_response("Not Found", 404, "text/plain; charset=utf-8")
        finally:
            # Logged before the answer is written: a client's next request can never be logged first.
            self.requests.add(req.method, req.path, req.raw_query, {k: v[-1] for k, v in req.query.items()},
                              response.status if response is not None else None, client,
                              fault["kind"] if fault else None, iso(self.world.clock), keyed)
        if response is None:          # drop: close the connection without answering
            handler.close_connection = True
            return
        if fault and fault["kind"] == "truncate":
            handler.respond_truncated(response, fault["short_read"])
        else:
            handler.respond(response)

    def _fault_response(self, fault: dict, req: Request) -> Response | None:
        kind = fault["kind"]
        if kind == "drop":
            return None
        if kind == "429":
            wait = int(fault["retry_after"] if fault["retry_after"] is not None else 60)
            unit = "second" if wait == 1 else "seconds"
            return json_response({"detail": f"Request was throttled. Expected available in {wait} {unit}."}, 429,
                                 {"Retry-After": str(wait)})
        if kind in ("500", "502", "503"):
            response = text_response(ERROR_PAGES[int(kind)], int(kind))
            if fault["retry_after"] is not None:
                response.headers["Retry-After"] = str(int(fault["retry_after"]))
            return response
        if kind == "malformed":
            return Response(200, MALFORMED_BODY, "application/json")
        # shape: valid JSON, wrong structure
        body = fault.get("body", {"error": "Unexpected response shape (injected fault)"})
        return json_response(body, 200)

    # -- admin ---------------------------------------------------------------------------------
    def _admin(self, req: Request) -> Response:
        route = req.path[len("/_admin"):].strip("/")
        method = req.method
        try:
            payload = req.json() if req.body else {}
        except ValueError:
            return json_response({"error": "body is not valid JSON"}, 400)
        if payload is None:
            payload = {}
        try:
            if route == "":
                return json_response({"endpoints": ADMIN_ENDPOINTS})
            if route == "clock":
                if method == "GET":
                    return json_response(self._clock_info())
                if method == "POST":
                    return json_response(self._advance(payload))
            if route == "world" and method == "GET":
                summary = self.world.summary()
                summary["spacex"] = {r: len(d) for r, d in self.spacex.data.docs.items()}
                return json_response(summary)
            if route == "faults":
                if method == "POST":
                    fault = self.faults.add(payload)
                    return json_response({"fault": fault, "faults": self.faults.list()}, 201)
                if method == "GET":
                    return json_response({"faults": self.faults.list()})
                if method == "DELETE":
                    return json_response({"cleared": self.faults.clear()})
            if route == "mutations":
                if method == "POST":
                    return json_response(self.world.mutate(payload), 201)
                if method == "GET":
                    return json_response({"mutations": list(self.world.mutations)})
                if method == "DELETE":
                    self.world.clear_mutations()
                    return json_response({"cleared": True})
            if route == "requests":
                if method == "GET":
                    return json_response(self.requests.list())
                if method == "DELETE":
                    return json_response({"cleared": self.requests.clear()})
            if route == "throttle":
                if method == "GET":
                    return json_response(self.throttle.snapshot())
                if method == "POST":
                    if "rate_limit_per_hour" in payload:
                        self.throttle.per_hour = int(payload["rate_limit_per_hour"])
                    if "keyed_rate_limit_per_hour" in payload:
                        self.throttle.keyed_per_hour = int(payload["keyed_rate_limit_per_hour"])
                    if payload.get("reset"):
                        self.throttle.reset()
                    return json_response(self.throttle.snapshot())
            if route == "throttle/reset" and method == "POST":
                self.throttle.reset()
                return json_response({"reset": True})
        except (ValueError, TypeError, KeyError) as exc:
            return json_response({"error": str(exc)}, 400)
        return json_response({"error": f"no admin endpoint {method} /_admin/{route}"}, 404)

    def _clock_info(self) -> dict:
        w = self.world
        return {"clock": iso(w.clock), "initial_clock": iso(w.initial_clock), "version": w.version}

    def _advance(self, payload: dict) -> dict:
        w = self.world
        if "advance_seconds" in payload:
            seconds = float(payload["advance_seconds"])
        elif "to" in payload:
            seconds = parse_datetime(str(payload["to"])) - w.clock
        else:
            raise ValueError("give 'advance_seconds' or 'to'")
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        result = w.advance(seconds)
        ids = w.launch_id
        return {"previous_clock": iso(result.previous_clock), "clock": iso(result.clock),
                "changed": result.changed_ids,
                "launched": [ids(k) for k in result.launched], "finalized": [ids(k) for k in result.finalized],
                "rescheduled": [ids(k) for k in result.rescheduled], "updated": [ids(k) for k in result.updated],
                "announced": [ids(k) for k in result.announced], "version": w.version}


ADMIN_ENDPOINTS = [
    "GET /_admin/clock", "POST /_admin/clock {advance_seconds | to}", "GET /_admin/world",
    "POST /_admin/faults {path, kind, count, after, retry_after, delay_seconds, short_read, body}", "GET /_admin/faults",
    "DELETE /_admin/faults", "POST /_admin/mutations {kind: add_field|remove_field|change_type|break_contract, ...}",
    "GET /_admin/mutations", "DELETE /_admin/mutations", "GET /_admin/requests", "DELETE /_admin/requests",
    "GET /_admin/throttle", "POST /_admin/throttle {rate_limit_per_hour, keyed_rate_limit_per_hour, reset}",
    "POST /_admin/throttle/reset",
]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: FakeApiServer

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return          # clients hanging up are normal (and provoked by the drop fault)
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "liftoff-fake-api/1.0"
    sys_version = ""
    timeout = 60            # idle keep-alive connections give their thread back eventually
    server: _HTTPServer

    def log_message(self, format, *args) -> None:   # noqa: A002 - silence per-request logging
        pass

    def _dispatch(self, method: str) -> None:
        try:
            self.server.app.handle(self, method)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # a bug in the fake must not look like a network problem
            traceback.print_exc()
            try:
                self.respond(json_response({"detail": f"fake API internal error: {exc!r}"}, 500))
            except OSError:
                self.close_connection = True

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _headers(self, response: Response, length: int) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(length))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()

    def respond(self, response: Response) -> None:
        self._headers(response, len(response.body))
        self.wfile.write(response.body)

    def respond_truncated(self, response: Response, short_read: bool) -> None:
        """Valid headers, body cut mid-JSON. With `short_read` the headers promise the full length and the
        connection closes early (the client sees an incomplete read); otherwise they match the cut body."""
        cut = response.body[: max(1, len(response.body) // 2)]
        self._headers(response, len(response.body) if short_read else len(cut))
        self.wfile.write(cut)
        if short_read:
            self.close_connection = True


def run(port: int = 8765, launches: int = 3000, seed: int = 42, clock: datetime | None = None,
        rate_limit_per_hour: int = 15, host: str = "127.0.0.1", recorded: str | Path | None = None) -> None:
    """Serve the fake APIs in the foreground until Ctrl-C (the `liftoff fake-api` command)."""
    started = time.monotonic()
    server = FakeApiServer(launches=launches, seed=seed, clock=clock, host=host, port=port,
                           rate_limit_per_hour=rate_limit_per_hour, recorded=recorded)
    server._bind()
    world = server.world
    # Ctrl-C must stop it even where SIGINT was inherited as ignored (a background job of a
    # non-interactive shell, a CI harness): Python then never raises KeyboardInterrupt unless a
    # handler is installed. SIGTERM (`kill`, a container stop) stops it the same clean way. Both
    # are installed before the banner says Ctrl-C stops it.
    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    if threading.current_thread() is threading.main_thread():   # signal.signal works there only
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, stop)
    try:
        what = f"the recorded world in {recorded}" if recorded is not None else f"a synthetic world (seed {seed})"
        print(f"Fake APIs over {len(world)} launches of {what}, clock {iso(world.clock)}, "
              f"built in {time.monotonic() - started:.1f} s", flush=True)
        print(f"  LL2 2.3.0:  {server.ll2_base_url}", flush=True)
        print(f"  SpaceX:     {server.spacex_base_url}  (v4/ and v5/)", flush=True)
        print(f"  admin:      {server.url}/_admin/", flush=True)
        limit = f"{rate_limit_per_hour} requests/hour per client" if rate_limit_per_hour else "no limit"
        print(f"  LL2 throttle: {limit}. Press Ctrl-C to stop.", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
