"""The recorded world: real LL2 and SpaceX responses replayed on a clock.

`../shared/recorded/world` (see its README) holds real recordings: 1,400 historic launches, 945
versions of 175 launches seen between May and November 2025 (each with `visible_from`, the time a
real capture first showed it; served from its `last_updated`, see `served_from`), the LL2 reference tables, and the final SpaceX data with its gaps
(`cores`, `capsules`, `crew` empty; starlink without launch dates). This module serves them through
the same HTTP server, throttle, faults and admin surface as the synthetic world, read where they
lie (never copied).

At a clock T the LL2 API serves every historic launch plus, for each live launch, the newest
version served by T. Moving the clock (`POST /_admin/clock`) replays the real reschedules.

Only what liftoff and its tests ask of the API is implemented: the launch lists with the
`net`/`last_updated` range filters, `ordering`, `limit`/`offset` and `mode`; the reference lists;
detail by id. Modes come from the world's `modes.json` (its field lists per response mode and the
defaults of the detailed-only fields the recordings lack).
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .http import Request, Response, json_response, text_response
from .ll2 import PREFIX, _limits, _ordering, paginate, parse_datetime
from .world import DAY, AdvanceResult, iso

REFERENCE_TABLES = ("agencies", "pads", "locations", "launcher_configurations", "events")
LAUNCH_ORDERINGS = ("net", "last_updated", "id", "name")
NOT_FOUND = {"detail": "No {label} matches the given query."}
SPACEX_COLLECTIONS = ("launches", "payloads", "rockets", "launchpads", "landpads", "ships", "starlink",
                      "cores", "capsules", "crew")


class RecordedWorldMissing(FileNotFoundError):
    """The recorded world is not where it was looked for."""


def _epoch(value: str) -> int:
    return int(parse_datetime(value))


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def served_from(row: dict) -> int:
    """When LL2 began serving a recorded version: its `last_updated`, or the capture that first
    showed it if that is earlier (clock skew).

    The captures listed only the first five upcoming launches, so a version written on 07-24 to a
    launch then sixth in line first shows in a capture of 08-01. LL2 itself served it from 07-24 (a
    change is visible the moment it is written; the change sweep relies on that). Serving it from
    its capture instead would hide it from a sweep that had already passed 07-24: a world no real
    API shows.
    """
    return min(_epoch(row["visible_from"]), _epoch(row["launch"]["last_updated"]))


@dataclass
class _Version:
    visible_from: int
    launch: dict
    net: int = field(init=False)
    last_updated: int = field(init=False)

    def __post_init__(self) -> None:
        self.net = _epoch(self.launch["net"])
        self.last_updated = _epoch(self.launch["last_updated"])


class RecordedWorld:
    """The recordings in `root`, with a clock that only moves forward."""

    def __init__(self, root: str | Path, clock: datetime | None = None):
        root = Path(root)
        manifest = root / "MANIFEST.json"
        if not manifest.is_file():
            raise RecordedWorldMissing(f"no recorded world at {root} (MANIFEST.json is missing)")
        self.root = root
        self.manifest = json.loads(manifest.read_text())
        self.modes = json.loads((root / "ll2" / "modes.json").read_text())
        self.initial_clock = int(clock.timestamp()) if clock else _epoch(self.manifest["default_clock"])
        self.clock = self.initial_clock
        self.version = 0
        self.lock = threading.RLock()
        self.mutations: list = []
        self.seed = None
        self.history = [_Version(0, launch) for launch in _read_jsonl(root / "ll2" / "launches_history.jsonl.gz")]
        live = [_Version(served_from(row), row["launch"]) for row in _read_jsonl(root / "ll2" / "launches_live.jsonl.gz")]
        self.live: dict[str, list[_Version]] = {}
        for version in sorted(live, key=lambda v: (v.visible_from, v.last_updated)):
            self.live.setdefault(version.launch["id"], []).append(version)
        unrecorded = [table for table in REFERENCE_TABLES
                      if not (root / "ll2" / f"{table}.jsonl").is_file() or table not in self.modes]
        if unrecorded:   # a new endpoint listed before its responses were recorded
            raise RecordedWorldMissing(
                f"{root / 'll2'} holds no recording of {', '.join(unrecorded)} (<table>.jsonl and its "
                "modes.json entry); record it, or leave it out of fake_apis/recorded.py's REFERENCE_TABLES"
            )
        self.reference = {table: _read_jsonl(root / "ll2" / f"{table}.jsonl") for table in REFERENCE_TABLES}
        self._visible: list[_Version] | None = None

    # -- what the API shows at the clock ---------------------------------------------------------
    def visible(self) -> list[_Version]:
        """Every launch the API knows at the clock, at its newest visible version."""
        if self._visible is None:
            current = []
            for versions in self.live.values():
                seen = [v for v in versions if v.visible_from <= self.clock]
                if seen:
                    current.append(seen[-1])
            self._visible = self.history + current
        return self._visible

    def __len__(self) -> int:
        return len(self.visible())

    def launch_id(self, key: str) -> str:
        return key    # launches are keyed by their LL2 id here

    def upcoming_ids(self) -> list[str]:
        """The launches `/launches/upcoming/` lists, in NET order."""
        start = self.clock - DAY
        return [v.launch["id"] for v in sorted(self.visible(), key=lambda v: (v.net, v.launch["id"]))
                if v.net >= start]

    def advance(self, seconds: float) -> AdvanceResult:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self.lock:
            before = {v.launch["id"]: v for v in self.visible()}
            previous = self.clock
            self.clock = int(self.clock + seconds)
            self._visible = None
            result = AdvanceResult(previous_clock=previous, clock=self.clock, launch_id=self.launch_id)
            for version in self.visible():
                ident = version.launch["id"]
                old = before.get(ident)
                if old is None:
                    result.announced.append(ident)
                elif old is not version:
                    (result.rescheduled if old.net != version.net else result.updated).append(ident)
            if result.changed_keys:
                self.version += 1
            return result

    def mutate(self, spec: dict) -> dict:
        raise ValueError("the recorded world replays real responses; it has no mutations (use faults)")

    def clear_mutations(self) -> None:
        return None

    def summary(self) -> dict:
        return {"world": "recorded", "root": str(self.root), "clock": iso(self.clock), "launches": len(self),
                "upcoming": len(self.upcoming_ids()),
                "reference": {table: len(rows) for table, rows in self.reference.items()}}


class RecordedLL2Api:
    """LL2 2.3.0 over the recordings: the same paths, filters and paging as the real API."""

    def __init__(self, world: RecordedWorld):
        self.world = world

    def handle(self, req: Request) -> Response:
        if req.method != "GET":
            return json_response({"detail": f'Method "{req.method}" not allowed.'}, 405)
        rest = req.path[len(PREFIX):]
        if not rest.endswith("/"):
            target = req.path + "/" + (f"?{req.raw_query}" if req.raw_query else "")
            return Response(301, b"", "text/html; charset=utf-8", {"Location": target})
        parts = rest.strip("/").split("/") if rest.strip("/") else []
        with self.world.lock:
            try:
                return self._route(req, parts)
            except ValueError as exc:
                return json_response({str(exc): ["Enter a valid date/time."]}, 400)

    def _route(self, req: Request, parts: list[str]) -> Response:
        if not parts:
            base = f"http://{req.host}{PREFIX}"
            return json_response({name: f"{base}{name}/" for name in ("launches", *REFERENCE_TABLES)})
        head = parts[0]
        if head == "launches":
            scope = parts[1] if len(parts) > 1 and parts[1] in ("upcoming", "previous") else "all"
            rest = parts[2:] if scope != "all" else parts[1:]
            if not rest:
                return self._launch_list(req, scope)
            if len(rest) == 1:
                found = [v for v in self._launches(scope) if v.launch["id"] == rest[0]]
                if found:
                    return json_response(self._render("launches", found[0].launch, req, "detailed"))
                return json_response({"detail": "No Launch matches the given query."}, 404)
        elif head == "events" and len(parts) == 2 and parts[1] in ("upcoming", "previous"):
            # as LL2 scopes them: upcoming from a day before the clock, previous before it
            clock, rows = self.world.clock, self.world.reference["events"]
            if parts[1] == "upcoming":
                rows = sorted((r for r in rows if _epoch(r["date"]) >= clock - DAY), key=lambda r: (r["date"], r["id"]))
            else:
                rows = sorted((r for r in rows if _epoch(r["date"]) < clock), key=lambda r: (r["date"], r["id"]), reverse=True)
            limit, offset = _limits(req)
            page = [self._render("events", row, req, "normal") for row in rows[offset:offset + limit]]
            return json_response(paginate(req, len(rows), limit, offset, page))
        elif head in REFERENCE_TABLES and len(parts) in (1, 2):
            rows = sorted(self.world.reference[head], key=lambda row: row["id"])
            if len(parts) == 1:
                limit, offset = _limits(req)
                page = [self._render(head, row, req, "normal") for row in rows[offset:offset + limit]]
                return json_response(paginate(req, len(rows), limit, offset, page))
            found = [row for row in rows if str(row["id"]) == parts[1]]
            if found:
                return json_response(self._render(head, found[0], req, "detailed"))
            return json_response({"detail": f"No {head} matches the given query."}, 404)
        return text_response("Not Found", 404)

    def _launches(self, scope: str) -> list[_Version]:
        clock = self.world.clock
        launches = self.world.visible()
        if scope == "upcoming":
            return [v for v in launches if v.net >= clock - DAY]
        if scope == "previous":
            return [v for v in launches if v.net < clock]
        return launches

    def _launch_list(self, req: Request, scope: str) -> Response:
        rows = self._launches(scope)
        for name in ("net", "last_updated"):
            for op, keep in (("gte", int.__ge__), ("gt", int.__gt__), ("lte", int.__le__), ("lt", int.__lt__)):
                raw = req.param(f"{name}__{op}")
                if raw:
                    try:
                        bound = _epoch(raw)
                    except ValueError:
                        raise ValueError(f"{name}__{op}") from None
                    rows = [v for v in rows if keep(getattr(v, name), bound)]
        if req.param("id"):
            wanted = set(req.param("id").split(","))
            rows = [v for v in rows if v.launch["id"] in wanted]
        ordering, descending = _ordering(req.param("ordering"), LAUNCH_ORDERINGS, "-net" if scope == "previous" else "net")
        # Ties broken by id, as a database index scan would: pages never overlap or skip.
        rows = sorted(rows, key=lambda v: (_sort_value(v, ordering), v.launch["id"]), reverse=descending)
        limit, offset = _limits(req)
        page = [self._render("launches", v.launch, req, "normal") for v in rows[offset:offset + limit]]
        return json_response(paginate(req, len(rows), limit, offset, page))

    def _render(self, table: str, row: dict, req: Request, default_mode: str) -> dict:
        """A row in the requested response mode: the recordings are normal mode; detailed adds the
        detailed-only fields at the defaults `modes.json` gives, list keeps the list fields."""
        modes = self.world.modes[table]
        mode = (req.param("mode") or default_mode).lower()
        if mode not in ("list", "normal", "detailed") or not modes.get(mode):
            mode = "normal"
        out = dict(row)
        if mode == "list":
            out = {key: row[key] for key in modes["list"] if key in row}
        elif mode == "detailed":
            for key, default in modes.get("detailed_defaults", {}).items():
                out.setdefault(key, default)
        if "response_mode" in row:
            out["response_mode"] = mode
        return out


def _sort_value(version: _Version, ordering: str):
    if ordering in ("net", "last_updated"):
        return getattr(version, ordering)
    return str(version.launch.get(ordering) or "")


class RecordedSpaceXData:
    """The final SpaceX data in the shape the SpaceX fake serves (`docs`, `by_id`, `company`)."""

    def __init__(self, world: RecordedWorld):
        folder = world.root / "spacex"
        self.docs: dict[str, list[dict]] = {}
        for name in SPACEX_COLLECTIONS:
            # v5 launches carry the crew's role; the fake derives v4 from them, as for its own world
            path = folder / ("v5" if name == "launches" else "v4") / f"{name}.json"
            self.docs[name] = json.loads(path.read_text()) if path.is_file() else []
        self.company = json.loads((folder / "v4" / "company.json").read_text())
        self.by_id = {name: {doc["id"]: doc for doc in docs} for name, docs in self.docs.items()}
