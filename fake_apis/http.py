"""Transport-neutral request and response values shared by the two API front-ends."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    raw_query: str
    host: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    client: str = "127.0.0.1"

    @property
    def absolute_url(self) -> str:
        return f"http://{self.host}{self.path}" + (f"?{self.raw_query}" if self.raw_query else "")

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self):
        return json.loads(self.body or b"null")


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def dumps(payload) -> bytes:
    # Compact separators like Django REST framework's JSON renderer; ensure_ascii=False + UTF-8 as it does.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(payload, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, dumps(payload), "application/json", dict(headers or {}))


def text_response(text: str, status: int, content_type: str = "text/html; charset=utf-8") -> Response:
    return Response(status, text.encode("utf-8"), content_type)


def replace_query_param(url: str, key: str, value) -> str:
    """As DRF does it: parameters are re-encoded in sorted order."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params[key] = [str(value)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment))


def remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params.pop(key, None)
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment))
