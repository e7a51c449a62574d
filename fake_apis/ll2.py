"""Launch Library 2, version 2.3.0: routing, filtering, paging and rendering over the world.

Field names, nesting and `response_mode` values follow the official 2.3.0 OpenAPI schema
(LaunchBasic/LaunchNormal/LaunchDetailed and the component schemas they reference). Shared
sub-objects (agencies, pads, vehicle configurations) are rendered once per world version and
reused by reference, so a page of detailed launches costs little more than its JSON encoding.
"""

from __future__ import annotations

import json
import math
import re
import time
from datetime import datetime, timezone

from . import catalog as C
from .http import Request, Response, json_response, remove_query_param, replace_query_param, text_response
from .world import DAY, LaunchQuery, World, digest, iso, slugify, year_of, year_start

PREFIX = "/2.3.0/"
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
IMAGES = "https://images.liftoff.invalid/media"   # a reserved TLD: image links are never fetchable
LICENSE = {"id": 4, "name": "CC BY-SA 4.0", "priority": 2, "link": "https://creativecommons.org/licenses/by-sa/4.0/"}
ENGLISH = {"id": 1, "name": "English", "code": "en"}
NOT_FOUND_HTML = ("<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n"
                  "  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n")

FAILURE_REASONS = ("Second stage engine shut down early.", "Loss of first stage thrust vector control.",
                   "Fairing failed to separate.", "Upper stage anomaly during the second burn.",
                   "Vehicle lost during ascent; investigation ongoing.", "Payload separation anomaly.")
WEATHER = ("Cumulus Clouds, Flight Through Precipitation", "Thick Cloud Layers", "Liftoff Winds",
           "Upper-Level Wind Shear", "Booster Recovery Weather", "Surface Electric Fields")
F9_TIMELINE = (("L-", "Launch director verifies go for propellant load", -2280),
               ("RP-1", "RP-1 loading underway", -2100), ("LOX", "1st stage LOX loading underway", -1860),
               ("ENG-CHILL", "Engine chill prior to launch", -420),
               ("STARTUP", "Flight computer starts final prelaunch checks", -60),
               ("LIFTOFF", "Liftoff", 0), ("MAXQ", "Max Q", 72), ("MECO", "Main engine cutoff", 150),
               ("SEP", "Stage separation", 154), ("SES-1", "Second stage engine start", 161),
               ("FAIRING", "Fairing deployment", 195), ("SECO-1", "Second stage engine cutoff", 525))
TIMELINE_TYPES = {abbrev: i + 1 for i, (abbrev, _d, _t) in enumerate(F9_TIMELINE)}
SPACECRAFT_LANDINGS = {
    "vostok": (1, "Kazakh Steppe", "KZS", "Parachute"), "voskhod": (1, "Kazakh Steppe", "KZS", "Parachute"),
    "soyuz": (1, "Kazakh Steppe", "KZS", "Parachute"), "mercury": (2, "Atlantic Ocean", "ATL", "Splashdown"),
    "gemini": (2, "Atlantic Ocean", "ATL", "Splashdown"), "apollo": (3, "Pacific Ocean", "PAC", "Splashdown"),
    "crew_dragon": (2, "Atlantic Ocean", "ATL", "Splashdown"),
    "shuttle": (4, "Shuttle Landing Facility", "SLF", "Runway"),
    "shenzhou": (5, "Dongfeng Landing Site", "DFLS", "Parachute"),
}
LANDING_TYPES = {"Parachute": (1, "PAR"), "Splashdown": (2, "SPL"), "Runway": (3, "RWY")}


class BadRequest(Exception):
    def __init__(self, errors: dict):
        super().__init__(str(errors))
        self.errors = errors


def duration(seconds: int | float | None) -> str | None:
    """ISO 8601 duration, as LL2 renders turnaround times and timeline offsets."""
    if seconds is None:
        return None
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    days, rest = divmod(s, DAY)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    if clock:
        out += "T" + clock
    return out if out not in ("P", "-P") else "P0D"


def parse_datetime(value: str) -> float:
    """Accepts `...Z`, `+00:00` offsets, microseconds, a space instead of `T` and bare dates."""
    text = value.strip().replace(" ", "T") if "T" not in value and len(value.strip()) > 10 else value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _bool(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    v = value.strip().lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off"):
        return False
    return None


class LL2Api:
    def __init__(self, world: World):
        self.world = world
        self._renderers: dict[str, Renderer] = {}

    def renderer(self, host: str) -> "Renderer":
        return self._renderer_at(f"http://{host}{PREFIX}")

    def _renderer_at(self, base_url: str) -> "Renderer":
        r = self._renderers.get(base_url)
        if r is None:
            r = self._renderers[base_url] = Renderer(self.world, base_url)
        r.refresh()
        return r

    def launch(self, launch_id: str, mode: str, base_url: str) -> dict:
        """One launch as this API renders it now, its links on `base_url` (mutations included)."""
        key = self.world.key_for_id(launch_id)
        if key is None:
            raise KeyError(launch_id)
        with self.world.lock:
            return self._renderer_at(base_url).launch(key, mode)

    # ---------------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        if not req.path.startswith(PREFIX):
            return Response(301, b"", "text/html; charset=utf-8", {"Location": PREFIX})
        rest = req.path[len(PREFIX):]
        if req.method != "GET":
            return json_response({"detail": f'Method "{req.method}" not allowed.'}, 405)
        if rest == "":
            return json_response(self._root(req))
        if not rest.endswith("/"):
            # Django's APPEND_SLASH: a GET without the trailing slash is redirected to it
            target = req.path + "/" + (f"?{req.raw_query}" if req.raw_query else "")
            return Response(301, b"", "text/html; charset=utf-8", {"Location": target})
        parts = rest.strip("/").split("/")
        try:
            with self.world.lock:
                return self._route(req, parts)
        except BadRequest as exc:
            return json_response(exc.errors, 400)

    def _route(self, req: Request, parts: list[str]) -> Response:
        r = self.renderer(req.host)
        head = parts[0]
        if head == "launches":
            if len(parts) == 1:
                return self._launch_list(req, r, "all")
            if parts[1] in ("upcoming", "previous"):
                if len(parts) == 2:
                    return self._launch_list(req, r, parts[1])
                if len(parts) == 3:
                    return self._launch_detail(req, r, parts[2], parts[1])
            elif len(parts) == 2:
                return self._launch_detail(req, r, parts[1], "all")
        elif head == "events":
            if len(parts) == 1 or (len(parts) == 2 and parts[1] in ("upcoming", "previous")):
                return self._event_list(req, r, parts[1] if len(parts) == 2 else "all")
            ident = parts[-1]
            if ident.isdigit() and len(parts) in (2, 3):
                i = int(ident) - 1
                if 0 <= i < len(self.world.events):
                    return json_response(r.event(i, req.param("mode") or "detailed"))
            return json_response({"detail": "No Event matches the given query."}, 404)
        elif head in SIMPLE and len(parts) in (1, 2):
            spec = SIMPLE[head]
            if len(parts) == 1:
                return self._simple_list(req, r, spec)
            if not parts[1].isdigit() or int(parts[1]) not in spec.ids(self.world):
                return json_response({"detail": f"No {spec.label} matches the given query."}, 404)
            return json_response(spec.render(r, int(parts[1]), req.param("mode") or spec.detail_mode))
        elif head == "config" and len(parts) == 2 and parts[1] in CONFIG_LISTS:
            items = CONFIG_LISTS[parts[1]]()
            return json_response(paginate(req, len(items), *_limits(req), items[slice(*_window(req, len(items)))]))
        return text_response(NOT_FOUND_HTML, 404)

    def _root(self, req: Request) -> dict:
        base = f"http://{req.host}{PREFIX}"
        names = ["agencies", "astronauts", "events", "launcher_configurations", "launches", "locations", "pads"]
        return {n: f"{base}{n}/" for n in names}

    # ---------------------------------------------------------------------------------------
    # Launches
    # ---------------------------------------------------------------------------------------
    def _launch_list(self, req: Request, r: "Renderer", scope: str) -> Response:
        q = self._launch_query(req, scope)
        limit, offset = _limits(req)
        mode = _mode(req, ("list", "normal", "detailed"), "normal")
        count, keys = self.world.query(q, offset, limit)
        return json_response(paginate(req, count, limit, offset, [r.launch(k, mode) for k in keys]))

    def _launch_detail(self, req: Request, r: "Renderer", ident: str, scope: str) -> Response:
        key = self.world.key_for_id(ident)
        if key is not None and scope != "all":
            net, clock = self.world.net[key], self.world.clock
            if (scope == "upcoming" and net < clock - DAY) or (scope == "previous" and net >= clock):
                key = None
        if key is None:
            return json_response({"detail": "No Launch matches the given query."}, 404)
        mode = _mode(req, ("list", "normal", "detailed"), "detailed")
        return json_response(r.launch(key, mode))

    def _launch_query(self, req: Request, scope: str) -> LaunchQuery:
        w = self.world
        errors: dict[str, list[str]] = {}
        bounds: dict[str, list[int | None]] = {"net": [None, None], "last_updated": [None, None],
                                               "window_start": [None, None], "window_end": [None, None]}
        for name, (lo_hi) in bounds.items():
            for op in ("gte", "gt", "lte", "lt"):
                raw = req.param(f"{name}__{op}")
                if raw is None or raw == "":
                    continue
                try:
                    value = parse_datetime(raw)
                except ValueError:
                    errors[f"{name}__{op}"] = ["Enter a valid date/time."]
                    continue
                if op == "gte":
                    _tighten(lo_hi, 0, math.ceil(value))
                elif op == "gt":
                    _tighten(lo_hi, 0, math.floor(value) + 1)
                elif op == "lte":
                    _tighten(lo_hi, 1, math.floor(value))
                else:
                    _tighten(lo_hi, 1, math.ceil(value) - 1)
        ints = {}
        for name in ("lsp__id", "status__ids", "launcher_config__id", "rocket__configuration__id", "location__ids",
                     "pad", "pad__location", "year", "status"):
            raw = req.param(name)
            if raw:
                try:
                    ints[name] = frozenset(int(float(x)) for x in raw.split(",") if x.strip())
                except ValueError:
                    errors[name] = ["Enter a number."]
        body = None
        raw_body = req.param("mission__orbit__celestial_body__id")
        if raw_body:
            try:
                body = int(raw_body)
            except ValueError:
                errors["mission__orbit__celestial_body__id"] = ["Enter a number."]
        if errors:
            raise BadRequest(errors)

        keys = None
        if req.param("id"):
            keys = frozenset(k for k in (w.key_for_id(x) for x in req.param("id").split(",")) if k is not None)
        lsp_ids = ints.get("lsp__id")
        lsp_name = req.param("lsp__name")
        if lsp_name:
            names = {n.strip().lower() for n in lsp_name.split(",")}
            by_name = frozenset(a.id for a in C.AGENCIES.values() if a.name.lower() in names)
            lsp_ids = by_name if lsp_ids is None else lsp_ids & by_name
        status_ids = ints.get("status__ids") or ints.get("status")
        config_ids = ints.get("launcher_config__id") or ints.get("rocket__configuration__id")
        location_ids = ints.get("location__ids") or ints.get("pad__location")

        default_order = "-net" if scope == "previous" else "net"
        ordering, descending = _ordering(req.param("ordering"), ("id", "last_updated", "name", "net"), default_order)
        net_lo, net_hi = bounds["net"]
        if scope == "upcoming":
            start = w.clock if _bool(req.param("hide_recent_previous")) else w.clock - DAY
            net_lo = start if net_lo is None else max(net_lo, start)
        elif scope == "previous":
            net_hi = w.clock - 1 if net_hi is None else min(net_hi, w.clock - 1)
        suborbital = _bool(req.param("include_suborbital"))
        return LaunchQuery(
            net_min=net_lo, net_max=net_hi,
            lu_min=bounds["last_updated"][0], lu_max=bounds["last_updated"][1],
            ws_min=bounds["window_start"][0], ws_max=bounds["window_start"][1],
            we_min=bounds["window_end"][0], we_max=bounds["window_end"][1],
            lsp_ids=lsp_ids, status_ids=status_ids, config_ids=config_ids, pad_ids=ints.get("pad"),
            location_ids=location_ids, orbit_body=body, orbit_name=req.param("mission__orbit__name") or None,
            orbit_name_contains=req.param("mission__orbit__name__icontains") or None,
            keys=keys, slug=req.param("slug") or None, name=req.param("name") or None, years=ints.get("year"),
            is_crewed=_bool(req.param("is_crewed")),
            include_suborbital=True if suborbital is None else suborbital,
            search=(req.param("search") or "").strip() or None,
            ordering=ordering, descending=descending,
        )

    # ---------------------------------------------------------------------------------------
    # Events
    # ---------------------------------------------------------------------------------------
    def _event_list(self, req: Request, r: "Renderer", scope: str) -> Response:
        book = self.world.events
        w = self.world
        lo, hi = None, None
        errors = {}
        for op in ("gte", "gt", "lte", "lt"):
            raw = req.param(f"date__{op}")
            if raw:
                try:
                    v = parse_datetime(raw)
                except ValueError:
                    errors[f"date__{op}"] = ["Enter a valid date/time."]
                    continue
                if op in ("gte", "gt"):
                    lo = max(lo if lo is not None else -math.inf, v if op == "gte" else math.floor(v) + 1)
                else:
                    hi = min(hi if hi is not None else math.inf, v if op == "lte" else math.ceil(v) - 1)
        lu_lo = req.param("last_updated__gte")
        lu_hi = req.param("last_updated__lte")
        try:
            lu_lo = parse_datetime(lu_lo) if lu_lo else None
            lu_hi = parse_datetime(lu_hi) if lu_hi else None
        except ValueError:
            errors["last_updated"] = ["Enter a valid date/time."]
        if errors:
            raise BadRequest(errors)
        if scope == "upcoming":
            start = w.clock if _bool(req.param("hide_recent_previous")) else w.clock - DAY
            lo = start if lo is None else max(lo, start)
        elif scope == "previous":
            hi = w.clock - 1 if hi is None else min(hi, w.clock - 1)
        types = req.param("type__ids") or req.param("type")
        types = {int(t) for t in types.split(",") if t.strip().isdigit()} if types else None
        term = (req.param("search") or "").lower() or None
        ordering, desc = _ordering(req.param("ordering"), ("date", "last_updated", "id"),
                                   "-date" if scope == "previous" else "date")
        rows = []
        for i in range(len(book)):
            d = book.date(i)
            if (lo is not None and d < lo) or (hi is not None and d > hi):
                continue
            if types is not None and book.rows[i][1] not in types:
                continue
            lu = book.last_updated(i)
            if (lu_lo is not None and lu < lu_lo) or (lu_hi is not None and lu > lu_hi):
                continue
            if term and term not in r.event_name(i).lower():
                continue
            rows.append(((d if ordering == "date" else lu if ordering == "last_updated" else i), i))
        rows.sort(reverse=desc)
        limit, offset = _limits(req)
        mode = _mode(req, ("list", "normal", "detailed"), "normal")
        page = [r.event(i, mode) for _s, i in rows[offset: offset + limit]]
        return json_response(paginate(req, len(rows), limit, offset, page))

    # ---------------------------------------------------------------------------------------
    # Small collections: agencies, pads, locations, configurations, astronauts
    # ---------------------------------------------------------------------------------------
    def _simple_list(self, req: Request, r: "Renderer", spec: "Collection") -> Response:
        items = [i for i in sorted(spec.ids(self.world)) if spec.matches(self.world, i, req)]
        ordering, desc = _ordering(req.param("ordering"), tuple(spec.orderings), spec.default_order)
        items.sort(key=lambda i: spec.orderings[ordering](r, i), reverse=desc)
        limit, offset = _limits(req)
        mode = _mode(req, spec.modes, spec.list_mode)
        page = [spec.render(r, i, mode) for i in items[offset: offset + limit]]
        return json_response(paginate(req, len(items), limit, offset, page))


# --------------------------------------------------------------------------------------------
# Paging and parameter helpers (Django REST framework semantics)
# --------------------------------------------------------------------------------------------
def _positive_int(raw: str, strict: bool, cutoff: int | None = None) -> int:
    value = int(raw)
    if value < 0 or (value == 0 and strict):
        raise ValueError(raw)
    return min(value, cutoff) if cutoff else value


def _limits(req: Request) -> tuple[int, int]:
    limit = DEFAULT_LIMIT
    raw = req.param("limit")
    if raw is not None:
        try:
            limit = _positive_int(raw, strict=True, cutoff=MAX_LIMIT)
        except ValueError:
            pass
    offset = 0
    raw = req.param("offset")
    if raw is not None:
        try:
            offset = _positive_int(raw, strict=False)
        except ValueError:
            pass
    return limit, offset


def _window(req: Request, count: int) -> tuple[int, int]:
    limit, offset = _limits(req)
    return offset, offset + limit


def paginate(req: Request, count: int, limit: int, offset: int, results: list) -> dict:
    url = req.absolute_url
    nxt = None
    if offset + limit < count:
        nxt = replace_query_param(replace_query_param(url, "limit", limit), "offset", offset + limit)
    prev = None
    if offset > 0:
        base = replace_query_param(url, "limit", limit)
        prev = remove_query_param(base, "offset") if offset - limit <= 0 else \
            replace_query_param(base, "offset", offset - limit)
    return {"count": count, "next": nxt, "previous": prev, "results": results}


def _mode(req: Request, allowed: tuple[str, ...], default: str) -> str:
    mode = (req.param("mode") or "").lower()
    return mode if mode in allowed else default


def _ordering(raw: str | None, allowed: tuple[str, ...], default: str) -> tuple[str, bool]:
    for term in (raw or "").split(","):
        term = term.strip()
        name = term.lstrip("-")
        if name in allowed:
            return name, term.startswith("-")
    return default.lstrip("-"), default.startswith("-")


def _tighten(pair: list, side: int, value: int) -> None:
    if pair[side] is None:
        pair[side] = value
    else:
        pair[side] = max(pair[side], value) if side == 0 else min(pair[side], value)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------
class Renderer:
    """Renders world objects as LL2 JSON for one base URL; shared pieces are memoised per version."""

    def __init__(self, world: World, root: str):
        self.w = world
        self.root = root
        self.version = -1
        self.memo: dict = {}

    def refresh(self) -> None:
        if self.version != self.w.version or self.memo.get("_clock") != self.w.clock:
            self.memo = {"_clock": self.w.clock}
            self.version = self.w.version

    def _m(self, key, build):
        value = self.memo.get(key)
        if value is None:
            value = self.memo[key] = build()
        return value

    # -- small shared objects ------------------------------------------------------------------
    @staticmethod
    def image(ident: int, name: str, folder: str, credit: str | None = None) -> dict:
        slug = slugify(name) or "image"
        return {"id": ident, "name": name, "image_url": f"{IMAGES}/{folder}/{slug}.jpeg",
                "thumbnail_url": f"{IMAGES}/{folder}/{slug}_thumbnail.jpeg", "credit": credit,
                "license": LICENSE, "single_use": False, "variants": []}

    def country(self, alpha3: str) -> dict:
        def build():
            c = C.COUNTRIES[alpha3]
            return {"id": c.id, "name": c.name, "alpha_2_code": c.alpha_2, "alpha_3_code": c.alpha_3,
                    "nationality_name": c.nationality, "nationality_name_composed": c.nationality}
        return self._m(("country", alpha3), build)

    def status(self, sid: int) -> dict:
        name, abbrev, desc = C.STATUSES[sid]
        return self._m(("status", sid), lambda: {"id": sid, "name": name, "abbrev": abbrev, "description": desc})

    def precision(self, pid: int) -> dict:
        name, abbrev, desc = C.NET_PRECISIONS[pid]
        return self._m(("prec", pid), lambda: {"id": pid, "name": name, "abbrev": abbrev, "description": desc})

    def orbit(self, oid: int) -> dict:
        def build():
            o = C.ORBITS[oid]
            body = C.CELESTIAL_BODIES[o.body]
            return {"id": o.id, "name": o.name, "abbrev": o.abbrev,
                    "celestial_body": {"response_mode": "list", "id": o.body, "name": body[0]}}
        return self._m(("orbit", oid), build)

    def celestial_body(self, bid: int, detailed: bool = True) -> dict:
        def build():
            name, kind, diameter, mass, gravity, day, atmosphere, desc = C.CELESTIAL_BODIES[bid]
            out = {"response_mode": "detailed" if detailed else "normal", "id": bid, "name": name,
                   "type": {"id": {"Planet": 1, "Moon": 2, "Star": 3}[kind], "name": kind},
                   "diameter": diameter, "mass": mass, "gravity": gravity, "length_of_day": day,
                   "atmosphere": atmosphere, "image": self.image(9000 + bid, name, "celestial_bodies"),
                   "description": desc, "wiki_url": f"https://en.wikipedia.org/wiki/{name}"}
            if detailed:
                launches = len(self.w) if bid == C.EARTH else 0
                out.update({"total_attempted_launches": launches, "successful_launches": launches,
                            "failed_launches": 0, "total_attempted_landings": 0, "successful_landings": 0,
                            "failed_landings": 0})
            return out
        return self._m(("body", bid, detailed), build)

    # -- agencies ------------------------------------------------------------------------------
    def agency_mini(self, aid: int) -> dict:
        def build():
            a = C.AGENCIES[aid]
            return {"response_mode": "list", "id": a.id, "url": f"{self.root}agencies/{a.id}/", "name": a.name,
                    "abbrev": a.abbrev, "type": {"id": a.type, "name": C.AGENCY_TYPES[a.type]}}
        return self._m(("agency", aid, "mini"), build)

    def agency_normal(self, aid: int) -> dict:
        def build():
            a = C.AGENCIES[aid]
            out = dict(self.agency_mini(aid))
            out["response_mode"] = "normal"
            out.update({
                "featured": a.featured, "country": [self.country(c) for c in a.countries],
                "description": a.description, "administrator": a.administrator, "founding_year": a.founding_year,
                "launchers": a.launchers, "spacecraft": a.spacecraft, "parent": a.parent,
                "image": self.image(2000 + a.id, f"{a.name} image", "agency_images"),
                "logo": self.image(3000 + a.id, f"{a.name} logo", "agency_logos"),
                "social_logo": None,
            })
            return out
        return self._m(("agency", aid, "normal"), build)

    def agency_detailed(self, aid: int) -> dict:
        def build():
            a = C.AGENCIES[aid]
            out = dict(self.agency_normal(aid))
            out["response_mode"] = "detailed"
            out.update(self._launch_stats("lsp", aid))
            out.update(self._landing_stats([c for c in C.CONFIGS.values() if c.reusable and c.lsp[-1][1] == aid]))
            out.update({"successful_landings_spacecraft": 0, "failed_landings_spacecraft": 0,
                        "attempted_landings_spacecraft": 0, "successful_landings_payload": 0,
                        "failed_landings_payload": 0, "attempted_landings_payload": 0,
                        "info_url": a.info, "wiki_url": a.wiki, "social_media_links": []})
            # LL2 orders the landing counters before the spacecraft/payload ones
            return out
        return self._m(("agency", aid, "detailed"), build)

    def agency_endpoint_detailed(self, aid: int) -> dict:
        def build():
            out = dict(self.agency_detailed(aid))
            out["launcher_list"] = [self.config_detailed(c.id, with_manufacturer=False)
                                    for c in C.CONFIGS.values() if c.manufacturer == aid]
            out["spacecraft_list"] = [self.spacecraft_config(k) for k, s in C.SPACECRAFT.items() if s[3] == aid]
            return out
        return self._m(("agency", aid, "endpoint"), build)

    def _launch_stats(self, group: str, ident: int) -> dict:
        w = self.w
        counts = w.status_counts(group, ident)
        index = w.group_index.get((group, ident))
        past = index.lower(w.clock) if index else 0
        streak = 0
        if index:
            for i in range(past - 1, -1, -1):
                if w.status[index.key_at(i)] in (C.SUCCESS, C.PAYLOAD_DEPLOYED, C.IN_FLIGHT):
                    streak += 1
                else:
                    break
        return {"total_launch_count": past, "consecutive_successful_launches": streak,
                "successful_launches": counts[C.SUCCESS] + counts[C.PAYLOAD_DEPLOYED],
                "failed_launches": counts[C.FAILURE] + counts[C.PARTIAL_FAILURE],
                "pending_launches": sum(counts[s] for s in C.PENDING_STATUSES)}

    def _landing_stats(self, configs) -> dict:
        """Booster landings are not simulated per launch; derive plausible totals from successes."""
        successes = sum(self.w.status_counts("config", c.id)[C.SUCCESS] for c in configs)
        attempted = round(successes * 0.9)
        successful = round(attempted * 0.97)
        return {"consecutive_successful_landings": min(successful, 60) if successful else 0,
                "successful_landings": successful, "failed_landings": attempted - successful,
                "attempted_landings": attempted}

    # -- launcher configurations ---------------------------------------------------------------
    def family(self, fid: int, level: str) -> dict:
        def build():
            name, manufacturer, parent = C.FAMILIES[fid]
            out = {"response_mode": level, "id": fid, "name": name}
            if level == "list":
                return out
            if level == "normal":
                out["manufacturer"] = [self.agency_normal(manufacturer)]
                out["parent"] = self.family(parent, "list") if parent else None
                return out
            members = [c for c in C.CONFIGS.values() if fid in c.families]
            stats = {"total_launch_count": 0, "consecutive_successful_launches": 0, "successful_launches": 0,
                     "failed_launches": 0, "pending_launches": 0}
            for c in members:
                for k, v in self._launch_stats("config", c.id).items():
                    stats[k] = max(stats[k], v) if k == "consecutive_successful_launches" else stats[k] + v
            maiden = min((self._maiden(c.id) for c in members if self._maiden(c.id)), default=None)
            out.update({"manufacturer": [self.agency_detailed(manufacturer)],
                        "parent": self.family(parent, "normal") if parent else None,
                        "description": f"The {name} family of launch vehicles.",
                        "active": any(_active(c) for c in members), "maiden_flight": maiden})
            out.update(stats)
            out.update({"attempted_landings": None, "successful_landings": None, "failed_landings": None,
                        "consecutive_successful_landings": None})
            return out
        return self._m(("family", fid, level), build)

    def _maiden(self, cid: int) -> str | None:
        index = self.w.group_index.get(("config", cid))
        if not index or not len(index) or self.w.net[index.key_at(0)] >= self.w.clock:
            return None
        return time.strftime("%Y-%m-%d", time.gmtime(self.w.net[index.key_at(0)]))

    def config_list(self, cid: int) -> dict:
        def build():
            c = C.CONFIGS[cid]
            return {"response_mode": "list", "id": c.id, "url": f"{self.root}launcher_configurations/{c.id}/",
                    "name": c.name, "families": [self.family(f, "list") for f in c.families],
                    "full_name": c.full_name, "variant": c.variant}
        return self._m(("config", cid, "list"), build)

    def config_normal(self, cid: int) -> dict:
        def build():
            c = C.CONFIGS[cid]
            out = dict(self.config_list(cid))
            out.update({"response_mode": "normal", "families": [self.family(f, "normal") for f in c.families],
                        "active": _active(c), "is_placeholder": False,
                        "manufacturer": self.agency_normal(c.manufacturer), "program": [],
                        "reusable": c.reusable, "image": self.image(1000 + c.id, c.full_name, "launcher_images"),
                        "info_url": None, "wiki_url": c.wiki})
            return out
        return self._m(("config", cid, "normal"), build)

    def config_detailed(self, cid: int, with_manufacturer: bool = True) -> dict:
        def build():
            c = C.CONFIGS[cid]
            out = dict(self.config_normal(cid))
            out.update({"response_mode": "detailed", "families": [self.family(f, "detailed") for f in c.families],
                        "manufacturer": self.agency_detailed(c.manufacturer)})
            if not with_manufacturer:
                del out["manufacturer"]
            out.update({
                "description": c.description or f"The {c.full_name} launch vehicle.", "alias": c.alias,
                "min_stage": c.stages[0], "max_stage": c.stages[1], "length": c.length, "diameter": c.diameter,
                "maiden_flight": self._maiden(cid), "launch_cost": c.cost, "launch_mass": c.launch_mass,
                "leo_capacity": c.leo, "gto_capacity": c.gto, "geo_capacity": None, "sso_capacity": None,
                "to_thrust": c.thrust, "apogee": 100.0 if c.stages == (1, 1) and c.leo is None else None,
            })
            out.update(self._launch_stats("config", cid))
            landings = self._landing_stats([c] if c.reusable else [])
            out.update({"attempted_landings": landings["attempted_landings"],
                        "successful_landings": landings["successful_landings"],
                        "failed_landings": landings["failed_landings"],
                        "consecutive_successful_landings": landings["consecutive_successful_landings"],
                        "fastest_turnaround": None})
            return out
        return self._m(("config", cid, "detailed", with_manufacturer), build)

    # -- places --------------------------------------------------------------------------------
    def location(self, lid: int, with_pads: bool = False, celestial: bool = True) -> dict:
        def build():
            loc = C.LOCATIONS[lid]
            index = self.w.group_index.get(("location", lid))
            out = {"response_mode": "detailed" if with_pads else "normal", "id": lid,
                   "url": f"{self.root}locations/{lid}/", "name": loc.name}
            if celestial:
                out["celestial_body"] = self.celestial_body(C.EARTH)
            out.update({"active": any(p.active for p in C.PADS.values() if p.location == lid),
                        "country": self.country(loc.country), "description": loc.description, "image": None,
                        "map_image": f"{IMAGES}/map_images/location_{lid}.jpeg", "longitude": loc.lon,
                        "latitude": loc.lat, "timezone_name": loc.timezone,
                        "total_launch_count": index.lower(self.w.clock) if index else 0,
                        "total_landing_count": 0})
            if with_pads:
                out["pads"] = [self.pad(p.id, with_location=False) for p in C.PADS.values() if p.location == lid]
            return out
        return self._m(("location", lid, with_pads, celestial), build)

    def pad(self, pid: int, with_location: bool = True) -> dict:
        def build():
            p = C.PADS[pid]
            loc = C.LOCATIONS[p.location]
            index = self.w.group_index.get(("pad", pid))
            total = index.lower(self.w.clock) if index else 0
            suborbital_only = pid in (96,)
            out = {"id": p.id, "url": f"{self.root}pads/{p.id}/", "active": p.active,
                   "agencies": [self.agency_normal(a) if with_location else self.agency_mini(a) for a in p.agencies],
                   "name": p.name, "image": None, "description": p.description or None, "info_url": None,
                   "wiki_url": p.wiki, "map_url": f"https://www.google.com/maps?q={p.lat},{p.lon}",
                   "latitude": p.lat, "longitude": p.lon, "country": self.country(loc.country),
                   "map_image": f"{IMAGES}/map_images/pad_{p.id}.jpeg", "total_launch_count": total,
                   "orbital_launch_attempt_count": 0 if suborbital_only else total, "fastest_turnaround": None}
            if with_location:
                out["location"] = self.location(p.location)
            return out
        return self._m(("pad", pid, with_location), build)

    # -- programs ------------------------------------------------------------------------------
    def program(self, key: str) -> dict:
        def build():
            p = C.PROGRAMS[key]
            return {"response_mode": "normal", "id": p.id, "url": f"{self.root}programs/{p.id}/", "name": p.name,
                    "image": self.image(4000 + p.id, p.name, "program_images"), "info_url": None,
                    "wiki_url": p.wiki, "description": p.description,
                    "agencies": [self.agency_mini(a) for a in p.agencies], "start_date": p.start,
                    "end_date": p.end, "mission_patches": [],
                    "type": {"id": p.type, "name": C.PROGRAM_TYPES[p.type]}}
        return self._m(("program", key), build)

    # -- launches ------------------------------------------------------------------------------
    def launch(self, key: int, mode: str) -> dict:
        w = self.w
        cfg = C.CONFIGS[w.config[key]]
        launch_id = w.launch_id(key)
        name = w.launch_name(key)
        net = w.net[key]
        status = w.status[key]
        h = digest(w.seed, "render", key, size=16)
        out = {
            "id": launch_id, "url": f"{self.root}launches/{launch_id}/", "name": name, "response_mode": mode,
            "slug": slugify(name), "launch_designator": self._designator(key, status),
            "status": self.status(status), "last_updated": iso(w.lu[key]), "net": iso(net),
            "net_precision": self.precision(w.precision[key]), "window_end": iso(net + w.win_after[key]),
            "window_start": iso(net - w.win_before[key]),
            "image": self._m(("launch-image", cfg.id),
                             lambda: self.image(1000 + cfg.id, cfg.full_name, "launcher_images")),
            "infographic": None,
        }
        if mode != "list":
            prob = w.probability[key]
            mk = w.mission_kind(key)
            out.update({
                "probability": prob if prob >= 0 else None,
                "weather_concerns": WEATHER[h[0] % len(WEATHER)] if prob >= 0 and h[1] < 128 else None,
                "failreason": FAILURE_REASONS[h[2] % len(FAILURE_REASONS)]
                if status in (C.FAILURE, C.PARTIAL_FAILURE) else "",
                "hashtag": "#" + re.sub(r"[^A-Za-z0-9]", "", w.mission_name(key)) if mk.crewed else None,
                "launch_service_provider": self.agency_detailed(w.lsp[key]) if mode == "detailed"
                else self.agency_mini(w.lsp[key]),
                "rocket": self._rocket(key, cfg, mode),
                "mission": self._mission(key, mk),
                "pad": self.pad(w.pad[key]),
                "webcast_live": self._webcast_live(key),
                "program": [self.program(mk.program)] if mk.program else [],
            })
            out.update(self._attempt_counts(key))
        if mode == "detailed":
            out.update({
                "flightclub_url": f"https://flightclub.io/result?llId={launch_id}"
                if w.lsp[key] == C.SPACEX and net >= w.clock else None,
                "updates": self._updates(key, h),
                "info_urls": self._info_urls(key, h),
                "vid_urls": self._vid_urls(key, h),
                "timeline": self._timeline(cfg),
                "pad_turnaround": self._pad_turnaround(key),
                "mission_patches": self._patches(key),
            })
        if w.mutations:
            self._mutate(key, out)
        return out

    def _mutate(self, key: int, out: dict) -> None:
        for m in self.w.mutations:
            kind = m["kind"]
            if kind == "add_field":
                out[m["field"]] = m.get("value")
            elif kind == "remove_field":
                out.pop(m["field"], None)
            elif kind == "change_type" and m["field"] in out:
                out[m["field"]] = _convert(out[m["field"]], m["to"], m.get("format"))
        for field_name, how in self.w.broken.get(key, ()):
            if how == "missing":
                out.pop(field_name, None)
            elif field_name in out:
                out[field_name] = None

    def _designator(self, key: int, status: int) -> str | None:
        w = self.w
        if status not in (C.SUCCESS, C.PARTIAL_FAILURE, C.PAYLOAD_DEPLOYED) or w.net[key] >= w.clock \
                or C.ORBITS[w.orbit[key]].suborbital:
            return None
        index = w.group_index[("orbital", 0)]
        net = w.net[key]
        y = year_of(net)
        return f"{y}-{index.rank(net, key) - index.lower(year_start(y)) + 1:03d}"

    def _attempt_counts(self, key: int) -> dict:
        w = self.w
        net = w.net[key]
        ys = year_start(year_of(net))
        totals, yearly = {}, {}
        for field_name, group in (("orbital", ("orbital", 0)), ("location", ("location", C.PADS[w.pad[key]].location)),
                                  ("pad", ("pad", w.pad[key])), ("agency", ("lsp", w.lsp[key]))):
            index = w.group_index.get(group)
            if index is None or (field_name == "orbital" and C.ORBITS[w.orbit[key]].suborbital):
                totals[f"{field_name}_launch_attempt_count"] = None
                yearly[f"{field_name}_launch_attempt_count_year"] = None
                continue
            rank = index.rank(net, key)
            totals[f"{field_name}_launch_attempt_count"] = rank + 1
            yearly[f"{field_name}_launch_attempt_count_year"] = rank - index.lower(ys) + 1
        totals.update(yearly)       # the schema lists the four totals first, then the yearly counts
        return totals

    def _rocket(self, key: int, cfg: C.LauncherConfig, mode: str) -> dict:
        if mode != "detailed":
            return {"id": 10000 + key, "configuration": self.config_list(cfg.id)}
        return {"id": 10000 + key, "configuration": self.config_detailed(cfg.id), "launcher_stage": [],
                "spacecraft_stage": self._spacecraft_stage(key), "payloads": []}

    def _mission(self, key: int, mk: C.MissionKind) -> dict:
        w = self.w
        if mk.agencies:
            agencies = mk.agencies
        elif mk.program:
            agencies = C.PROGRAMS[mk.program].agencies[:1]
        else:
            agencies = ()
        return {"id": 20000 + key, "name": w.mission_name(key), "type": mk.type, "description": mk.description,
                "image": None, "orbit": self.orbit(w.orbit[key]),
                "agencies": [self.agency_detailed(a) for a in agencies], "info_urls": [], "vid_urls": []}

    def _webcast_live(self, key: int) -> bool:
        w = self.w
        net = w.net[key]
        return bool(w.flags[key] & 4) and net - 1800 <= w.clock <= net + 3600 and \
            w.status[key] in (C.GO, C.IN_FLIGHT, C.TBC, C.PAYLOAD_DEPLOYED, C.HOLD)

    def _updates(self, key: int, h: bytes) -> list:
        w = self.w
        n = h[3] % 4
        lu, net = w.lu[key], w.net[key]
        out = []
        created = lu
        for i in range(n):      # newest first, each some hours to days before the next
            created -= 0 if i == 0 else (h[4 + i] + 1) * 3600
            if created < net - 60 * DAY and i:
                break
            comment = ("Launch confirmed successful." if i == 0 and w.status[key] == C.SUCCESS
                       else "NET updated per latest information." if net > w.clock
                       else "Added webcast and mission details.")
            out.append({"id": 50000 + key * 4 + i, "profile_image": f"{IMAGES}/profile/liftoff_bot.png",
                        "comment": comment, "info_url": None, "created_by": "liftoff-bot", "created_on": iso(created)})
        return out

    def _info_urls(self, key: int, h: bytes) -> list:
        w = self.w
        if h[7] > 110:
            return []
        a = C.AGENCIES[w.lsp[key]]
        base = (a.info or f"https://www.{slugify(a.abbrev)}.example").rstrip("/")
        return [{"priority": 10, "source": base.split("//", 1)[-1].split("/")[0],
                 "title": f"{w.mission_name(key)} mission page", "description": None, "feature_image": None,
                 "url": f"{base}/launches/{slugify(w.mission_name(key))}", "type": {"id": 1, "name": "Official Page"},
                 "language": ENGLISH}]

    def _vid_urls(self, key: int, h: bytes) -> list:
        w = self.w
        net = w.net[key]
        if not w.flags[key] & 4 or net > w.clock + 14 * DAY:
            return []
        video = "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[b % 64] for b in h[5:16])
        return [{"priority": 10, "source": "youtube.com", "publisher": C.AGENCIES[w.lsp[key]].name,
                 "title": f"{w.launch_name(key)} launch webcast", "description": "Official launch coverage.",
                 "feature_image": None, "url": f"https://www.youtube.com/watch?v={video}",
                 "type": {"id": 1, "name": "Official Webcast"}, "language": ENGLISH,
                 "start_time": iso(net - 1800), "end_time": iso(net + 3600), "live": self._webcast_live(key)}]

    def _timeline(self, cfg: C.LauncherConfig) -> list:
        if 1 not in cfg.families:      # only Falcon launches get SpaceX's published countdown timeline
            return []
        return self._m(("timeline",), lambda: [
            {"type": {"id": TIMELINE_TYPES[abbrev], "abbrev": abbrev, "description": desc},
             "relative_time": duration(offset)} for abbrev, desc, offset in F9_TIMELINE])

    def _pad_turnaround(self, key: int) -> str | None:
        w = self.w
        index = w.group_index[("pad", w.pad[key])]
        rank = index.rank(w.net[key], key)
        if rank == 0:
            return None       # LL2 sends null for a pad's first launch, although its schema says string
        return duration(w.net[key] - w.net[index.key_at(rank - 1)])

    def _patches(self, key: int) -> list:
        w = self.w
        mk = w.mission_kind(key)
        if not (mk.crewed or mk.program):
            return []
        name = w.mission_name(key)
        return [{"id": 60000 + key, "name": f"{name} mission patch", "priority": 10,
                 "image_url": f"{IMAGES}/mission_patch_images/{slugify(name)}.png",
                 "agency": self.agency_mini(w.lsp[key]), "response_mode": "normal"}]

    # -- crewed flights ------------------------------------------------------------------------
    def spacecraft_config(self, skey: str) -> dict:
        def build():
            sid, name, kind, agency, maiden, capacity, height, diameter, fleet = C.SPACECRAFT[skey]
            wiki = f"https://en.wikipedia.org/wiki/{name.replace(' ', '_')}"
            return {"response_mode": "detailed", "id": sid, "url": f"{self.root}spacecraft_configurations/{sid}/",
                    "name": name, "type": {"id": 1 if kind == "Capsule" else 2, "name": kind},
                    "agency": self.agency_normal(agency), "family": [], "in_use": maiden >= "1980",
                    "image": self.image(7000 + sid, name, "spacecraft_images"),
                    "capability": f"Carries up to {capacity} crew.", "history": f"First flew in {maiden[:4]}.",
                    "details": "", "maiden_flight": maiden, "height": height, "diameter": diameter,
                    "human_rated": True, "crew_capacity": capacity, "payload_capacity": None,
                    "payload_return_capacity": None, "flight_life": None, "wiki_link": wiki, "info_link": wiki,
                    "spacecraft_flown": None, "total_launch_count": None, "successful_launches": None,
                    "failed_launches": None, "attempted_landings": None, "successful_landings": None,
                    "failed_landings": None, "fastest_turnaround": None}
        return self._m(("spacecraft_config", skey), build)

    def _spacecraft_stage(self, key: int) -> list:
        w = self.w
        mk = w.mission_kind(key)
        if not mk.spacecraft or key not in w.crew:
            return []
        sid, sc_name, _kind, _agency, _maiden, _cap, _h, _d, fleet = C.SPACECRAFT[mk.spacecraft]
        mission = w.mission_name(key)
        net = w.net[key]
        flown = net < w.clock
        length = {"apollo": 10, "mercury": 1, "gemini": 4, "vostok": 1, "voskhod": 1, "shuttle": 12}.get(
            mk.spacecraft, 180) * DAY
        ended = flown and net + length <= w.clock and w.status[key] not in (C.FAILURE,)
        if fleet:
            serial = fleet[key % len(fleet)]
            craft_id, craft_name, status = 800 + sid * 10 + key % len(fleet), serial, (1, "Active")
        else:
            serial = None
            craft_id, craft_name = 100000 + key, f"{sc_name} ({mission})"
            status = (3, "Single Use") if not ended else (2, "Retired")
        spacecraft = {"response_mode": "detailed", "id": craft_id, "url": f"{self.root}spacecraft/{craft_id}/",
                      "name": craft_name, "serial_number": serial, "is_placeholder": False, "image": None,
                      "in_space": flown and not ended, "time_in_space": duration(length) if ended else None,
                      "time_docked": None, "flights_count": 1, "mission_ends_count": 1 if ended else 0,
                      "status": {"id": status[0], "name": status[1]},
                      "description": f"The {sc_name} that flew {mission}.",
                      "spacecraft_config": self.spacecraft_config(mk.spacecraft), "fastest_turnaround": None}
        crew = [self._astronaut_flight(key, i, a) for i, a in enumerate(w.crew[key])]
        return [{"id": 30000 + key, "url": f"{self.root}spacecraft_flights/{30000 + key}/",
                 "destination": "International Space Station" if mk.program in ("iss", "commercial_crew", "soyuz")
                 else "Tiangong space station" if mk.program == "css" else C.ORBITS[w.orbit[key]].name,
                 "mission_end": iso(net + length) if ended else None, "spacecraft": spacecraft,
                 "landing": self._landing(key, mk.spacecraft, ended), "duration": duration(length if ended else 0),
                 "turn_around_time": "P0D", "response_mode": "detailed", "launch_crew": crew,
                 "onboard_crew": [], "landing_crew": crew if ended else [], "docking_events": []}]

    def _landing(self, key: int, skey: str, ended: bool) -> dict:
        lid, name, abbrev, ltype = SPACECRAFT_LANDINGS.get(skey, (2, "Atlantic Ocean", "ATL", "Splashdown"))
        type_id, type_abbrev = LANDING_TYPES[ltype]
        location = self._m(("landing-location", lid), lambda: {
            "id": lid, "name": name, "active": True, "abbrev": abbrev, "description": None,
            "location": self.location(15 if lid == 1 else 17 if lid == 5 else 27 if lid == 4 else 12,
                                      celestial=False),
            "longitude": None, "latitude": None, "image": None, "successful_landings": None,
            "attempted_landings": None, "failed_landings": None,
            "celestial_body": self.celestial_body(C.EARTH, detailed=False)})
        return {"id": 40000 + key, "url": f"{self.root}landings/{40000 + key}/", "attempt": ended,
                "success": True if ended else None, "description": f"{ltype} of the crew vehicle.",
                "downrange_distance": None, "landing_location": location,
                "type": {"id": type_id, "name": ltype, "abbrev": type_abbrev, "description": None}}

    def _astronaut_flight(self, key: int, seat: int, astronaut_id: int) -> dict:
        rid, role, priority = C.ASTRONAUT_ROLES[min(seat, len(C.ASTRONAUT_ROLES) - 1)]
        return {"id": 70000 + key * 8 + seat, "role": {"id": rid, "role": role, "priority": priority},
                "astronaut": self.astronaut(astronaut_id, "list")}

    # -- astronauts ----------------------------------------------------------------------------
    def astronaut(self, aid: int, mode: str) -> dict:
        def build():
            w = self.w
            a = w.astronauts[aid - 1]
            flown = [k for k in a.flights if w.net[k] < w.clock]
            clock_year = year_of(w.clock)
            retired = clock_year > a.career_start + 18
            status = (2, "Retired") if retired else (1, "Active")
            h = digest(w.seed, "astronaut", aid, size=4)
            out = {"id": aid, "url": f"{self.root}astronauts/{aid}/", "name": a.name,
                   "status": {"id": status[0], "name": status[1]},
                   "agency": self.agency_mini(a.agency) if a.agency in C.AGENCIES else None,
                   "image": None, "response_mode": mode,
                   "type": {"id": 2, "name": "Government"}, "in_space": any(
                       w.net[k] <= w.clock < w.net[k] + 180 * DAY for k in flown) and not retired,
                   "time_in_space": duration(len(flown) * 30 * DAY) if flown else None,
                   "eva_time": "P0D", "age": clock_year - a.birth_year,
                   "date_of_birth": f"{a.birth_year}-{1 + h[0] % 12:02d}-{1 + h[1] % 28:02d}",
                   "date_of_death": None,
                   "nationality": [self.country(a.nation if a.nation in C.COUNTRIES else "USA")],
                   "bio": f"{a.name} is a {C.COUNTRIES.get(a.nation, C.COUNTRIES['USA']).nationality} astronaut "
                          f"selected in {a.career_start - 2}.",
                   "wiki": None, "last_flight": iso(w.net[flown[-1]]) if flown else None,
                   "first_flight": iso(w.net[flown[0]]) if flown else None, "social_media_links": []}
            if mode in ("normal", "detailed"):
                out.update({"flights_count": len(flown), "landings_count": len(flown), "spacewalks_count": 0})
            if mode == "detailed":
                out.update({"flights": [self.launch(k, "normal") for k in flown], "landings": [], "spacewalks": []})
            return out
        return self._m(("astronaut", aid, mode), build)

    # -- events --------------------------------------------------------------------------------
    def event_name(self, i: int) -> str:
        key, etype, _offset = self.w.events.rows[i]
        w = self.w
        if key >= 0:
            mission = w.mission_name(key)
            return {1: f"{mission} docking", 5: f"{mission} Moon landing",
                    3: f"{C.CONFIGS[w.config[key]].name} static fire ahead of {mission}"}.get(etype, mission)
        return (f"Spacewalk {i + 1}" if etype == 2 else f"Press conference {i + 1}")

    def event(self, i: int, mode: str) -> dict:
        w = self.w
        key, etype, _offset = w.events.rows[i]
        name = self.event_name(i)
        date = w.events.date(i)
        if key >= 0:
            mk = w.mission_kind(key)
            location = ("Tiangong space station" if mk.program == "css" else "International Space Station"
                        if etype == 1 else "Moon" if etype == 5 else C.LOCATIONS[C.PADS[w.pad[key]].location].name)
        else:
            location = "International Space Station" if etype == 2 else "Washington, D.C., USA"
        out = {"id": i + 1, "url": f"{self.root}events/{i + 1}/", "name": name, "info_urls": [], "vid_urls": [],
               "image": None, "date": iso(date), "slug": slugify(name) or f"event-{i + 1}",
               "type": {"id": etype, "name": C.EVENT_TYPES[etype]},
               "description": f"{name}.", "webcast_live": False, "location": location,
               "date_precision": self.precision(C.MIN if date < w.clock + 30 * DAY else C.DAY),
               "response_mode": mode, "duration": "PT6H30M" if etype == 2 else None}
        if mode in ("normal", "detailed"):
            out.update({"updates": [], "last_updated": iso(w.events.last_updated(i))})
        if mode == "detailed":
            out.update({"agencies": [self.agency_mini(w.lsp[key])] if key >= 0 else [],
                        "launches": [self.launch(key, "list")] if key >= 0 else [],
                        "expeditions": [], "spacestations": [], "program": [], "astronauts": []})
        return out


def _active(c: C.LauncherConfig) -> bool:
    return c.cadence[-1][0] >= 2024 and c.cadence[-1][1] > 0


def _convert(value, to: str, fmt: str | None = None):
    if value is None or to == "null":
        return None
    try:
        if to == "string":
            if isinstance(value, str):
                return value
            if fmt is None and isinstance(value, (int, float)) and not isinstance(value, bool):
                # "90" would be coerced back to a number by most loaders; "90%" is a real type change
                fmt = "{value}%"
            return (fmt or "{value}").format(value=json_text(value))
        if to == "integer":
            return int(float(value)) if not isinstance(value, (dict, list)) else len(value)
        if to == "number":
            return float(value) if not isinstance(value, (dict, list)) else float(len(value))
        if to == "boolean":
            return bool(value)
    except (TypeError, ValueError):
        return value
    return value


def json_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


# --------------------------------------------------------------------------------------------
# Small collections
# --------------------------------------------------------------------------------------------
class Collection:
    def __init__(self, label, ids, render, modes, list_mode, detail_mode, orderings, default_order, filters):
        self.label, self.ids, self.render, self.modes = label, ids, render, modes
        self.list_mode, self.detail_mode = list_mode, detail_mode
        self.orderings, self.default_order, self.filters = orderings, default_order, filters

    def matches(self, world: World, ident: int, req: Request) -> bool:
        for param, test in self.filters.items():
            raw = req.param(param)
            if raw not in (None, "") and not test(world, ident, raw):
                return False
        return True


def _contains(text: str, raw: str) -> bool:
    return raw.lower() in (text or "").lower()


def _in_ids(ident: int, raw: str) -> bool:
    return str(ident) in {x.strip() for x in raw.split(",")}


def _render_agency(r: Renderer, aid: int, mode: str) -> dict:
    return {"list": r.agency_mini, "normal": r.agency_normal}.get(mode, r.agency_endpoint_detailed)(aid)


def _render_config(r: Renderer, cid: int, mode: str) -> dict:
    return {"list": r.config_list, "normal": r.config_normal}.get(mode, r.config_detailed)(cid)


SIMPLE: dict[str, Collection] = {
    "agencies": Collection(
        "Agency", lambda w: set(C.AGENCIES), _render_agency, ("list", "normal", "detailed"), "normal", "detailed",
        {"id": lambda r, i: i, "name": lambda r, i: C.AGENCIES[i].name.lower(),
         "total_launch_count": lambda r, i: r._launch_stats("lsp", i)["total_launch_count"]}, "name",
        {"id": lambda w, i, raw: _in_ids(i, raw), "name": lambda w, i, raw: C.AGENCIES[i].name == raw,
         "name__contains": lambda w, i, raw: _contains(C.AGENCIES[i].name, raw),
         "abbrev": lambda w, i, raw: C.AGENCIES[i].abbrev == raw,
         "country_code": lambda w, i, raw: any(c in raw.split(",") for c in C.AGENCIES[i].countries),
         "type__id": lambda w, i, raw: _in_ids(C.AGENCIES[i].type, raw),
         "featured": lambda w, i, raw: C.AGENCIES[i].featured == _bool(raw),
         "search": lambda w, i, raw: _contains(C.AGENCIES[i].name, raw) or _contains(C.AGENCIES[i].abbrev, raw)}),
    "pads": Collection(
        "Pad", lambda w: set(C.PADS), lambda r, i, mode: r.pad(i), ("normal",), "normal", "normal",
        {"id": lambda r, i: i, "name": lambda r, i: C.PADS[i].name, "location__id": lambda r, i: C.PADS[i].location,
         "total_launch_count": lambda r, i: r.pad(i)["total_launch_count"],
         "orbital_launch_attempt_count": lambda r, i: r.pad(i)["orbital_launch_attempt_count"]}, "id",
        {"id": lambda w, i, raw: _in_ids(i, raw), "location__id": lambda w, i, raw: _in_ids(C.PADS[i].location, raw),
         "name__contains": lambda w, i, raw: _contains(C.PADS[i].name, raw),
         "search": lambda w, i, raw: _contains(C.PADS[i].name, raw)
         or _contains(C.LOCATIONS[C.PADS[i].location].name, raw)}),
    "locations": Collection(
        "Location", lambda w: set(C.LOCATIONS), lambda r, i, mode: r.location(i, with_pads=mode == "detailed"),
        ("normal", "detailed"), "normal", "detailed",
        {"id": lambda r, i: i, "total_launch_count": lambda r, i: r.location(i)["total_launch_count"],
         "total_landing_count": lambda r, i: 0}, "id",
        {"id": lambda w, i, raw: _in_ids(i, raw), "country_code": lambda w, i, raw: C.LOCATIONS[i].country in raw,
         "name__contains": lambda w, i, raw: _contains(C.LOCATIONS[i].name, raw),
         "search": lambda w, i, raw: _contains(C.LOCATIONS[i].name, raw) or _contains(C.LOCATIONS[i].country, raw)}),
    "launcher_configurations": Collection(
        "Launcher Configuration", lambda w: set(C.CONFIGS), _render_config, ("list", "normal", "detailed"),
        "normal", "detailed",
        {"id": lambda r, i: i, "name": lambda r, i: C.CONFIGS[i].full_name,
         "total_launch_count": lambda r, i: r._launch_stats("config", i)["total_launch_count"]}, "id",
        {"id": lambda w, i, raw: _in_ids(i, raw), "name": lambda w, i, raw: C.CONFIGS[i].name == raw,
         "name__contains": lambda w, i, raw: _contains(C.CONFIGS[i].name, raw),
         "full_name__contains": lambda w, i, raw: _contains(C.CONFIGS[i].full_name, raw),
         "active": lambda w, i, raw: _active(C.CONFIGS[i]) == _bool(raw),
         "families__contains": lambda w, i, raw: any(_contains(C.FAMILIES[f][0], raw) for f in C.CONFIGS[i].families),
         "manufacturer__name": lambda w, i, raw: C.AGENCIES[C.CONFIGS[i].manufacturer].name == raw,
         "search": lambda w, i, raw: _contains(C.CONFIGS[i].full_name, raw)
         or _contains(C.AGENCIES[C.CONFIGS[i].manufacturer].name, raw)}),
    "astronauts": Collection(
        "Astronaut", lambda w: set(range(1, len(w.astronauts) + 1)), lambda r, i, mode: r.astronaut(i, mode),
        ("list", "normal", "detailed"), "normal", "detailed",
        {"id": lambda r, i: i, "name": lambda r, i: r.w.astronauts[i - 1].name}, "id",
        {"id": lambda w, i, raw: _in_ids(i, raw),
         "search": lambda w, i, raw: _contains(w.astronauts[i - 1].name, raw),
         "agency_ids": lambda w, i, raw: _in_ids(w.astronauts[i - 1].agency, raw),
         "nationality": lambda w, i, raw: _contains(C.COUNTRIES.get(w.astronauts[i - 1].nation,
                                                                    C.COUNTRIES["USA"]).nationality, raw),
         "has_flown": lambda w, i, raw: any(w.net[k] < w.clock for k in w.astronauts[i - 1].flights) == _bool(raw)}),
}

CONFIG_LISTS = {
    "launch_statuses": lambda: [{"id": i, "name": n, "abbrev": a, "description": d}
                                for i, (n, a, d) in sorted(C.STATUSES.items())],
    "net_precisions": lambda: [{"id": i, "name": n, "abbrev": a, "description": d}
                               for i, (n, a, d) in sorted(C.NET_PRECISIONS.items())],
    "orbits": lambda: [{"id": o.id, "name": o.name, "abbrev": o.abbrev,
                        "celestial_body": {"response_mode": "list", "id": o.body,
                                           "name": C.CELESTIAL_BODIES[o.body][0]}} for o in C.ORBITS.values()],
    "agency_types": lambda: [{"id": i, "name": n} for i, n in sorted(C.AGENCY_TYPES.items())],
    "event_types": lambda: [{"id": i, "name": n} for i, n in sorted(C.EVENT_TYPES.items())],
}
