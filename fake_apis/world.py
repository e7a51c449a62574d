"""The deterministic synthetic world behind the fake APIs.

Launches are kept column-wise in `array` objects indexed by a launch *key* (creation order), so a
world of a million launches costs tens of megabytes; every string (names, ids, urls) is derived
when a launch is rendered. Sorted composite indexes (`value << KEY_BITS | key`) on NET and
last_updated make filtered, ordered paging a bisect plus a slice.

Everything random is drawn from generators seeded with strings built from the world seed, never from
Python's salted `hash()`, so the same arguments give byte-identical worlds in every process.
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import math
import random
import threading
import time
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from . import catalog as C

KEY_BITS = 23
KEY_MASK = (1 << KEY_BITS) - 1
DAY = 86400
YEAR_SECONDS = 365.25 * DAY
HISTORY_START = calendar.timegm((1957, 10, 4, 19, 28, 34))
UPCOMING_HORIZON = 730 * DAY
NEAR_TERM = 60 * DAY
MAX_WINDOW_BEFORE = 4 * 3600     # window_start >= net - this
MAX_WINDOW_AFTER = 6 * 3600      # window_end <= net + this
F_CREWED, F_NAMED, F_WEBCAST = 1, 2, 4
PAST_SHARE = 0.9


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def to_epoch(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return calendar.timegm(value.utctimetuple())


def iso(ts: int | float) -> str:
    """LL2's datetime format: second precision with a `Z`."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def year_of(ts: int) -> int:
    return time.gmtime(ts).tm_year


_YEAR_START: dict[int, int] = {}


def year_start(year: int) -> int:
    start = _YEAR_START.get(year)
    if start is None:
        start = _YEAR_START[year] = calendar.timegm((year, 1, 1, 0, 0, 0))
    return start


def digest(*parts: object, size: int = 16) -> bytes:
    return hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=size).digest()


def rng_for(*parts: object) -> random.Random:
    # str seeds are hashed with SHA-512 by `random`, so this is stable across processes.
    return random.Random(":".join(map(str, parts)))


def interp(points: C.Weights, year: float, keep_last: bool) -> float:
    """Piecewise-linear cadence; zero outside the service years unless the vehicle is still flying."""
    if year < points[0][0]:
        return 0.0
    if year > points[-1][0]:
        return points[-1][1] if keep_last else 0.0
    for (y0, w0), (y1, w1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return w0 if y1 == y0 else w0 + (w1 - w0) * (year - y0) / (y1 - y0)
    return points[-1][1]


def still_flying(cfg: C.LauncherConfig) -> bool:
    return cfg.last_year() >= 2024 and cfg.cadence[-1][1] > 0


def lsp_for(cfg: C.LauncherConfig, year: int) -> int:
    for until, agency in cfg.lsp:
        if year <= until:
            return agency
    return cfg.lsp[-1][1]


class Cumulative:
    """Weighted choice by bisecting a cumulative table (random.choices rebuilds it every call)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items, self.cum, total = [], [], 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                self.items.append(item)
                self.cum.append(total)
        self.total = total

    def pick(self, r: float):
        return self.items[min(bisect.bisect_right(self.cum, r * self.total), len(self.items) - 1)]


class SortedIndex:
    """Keys sorted by (value, key), stored as composites `value << KEY_BITS | key` in an int64 array."""

    __slots__ = ("a",)

    def __init__(self, composites=()):
        self.a = array("q", sorted(composites))

    @staticmethod
    def comp(value: int, key: int) -> int:
        return (value << KEY_BITS) | key

    def __len__(self) -> int:
        return len(self.a)

    def add(self, value: int, key: int) -> None:
        bisect.insort(self.a, (value << KEY_BITS) | key)

    def remove(self, value: int, key: int) -> None:
        c = (value << KEY_BITS) | key
        i = bisect.bisect_left(self.a, c)
        if i < len(self.a) and self.a[i] == c:
            del self.a[i]

    def lower(self, value: int | None) -> int:
        """Position of the first entry with entry.value >= value."""
        return 0 if value is None else bisect.bisect_left(self.a, value << KEY_BITS)

    def upper(self, value: int | None) -> int:
        """Position after the last entry with entry.value <= value."""
        return len(self.a) if value is None else bisect.bisect_left(self.a, (value + 1) << KEY_BITS)

    def rank(self, value: int, key: int) -> int:
        return bisect.bisect_left(self.a, (value << KEY_BITS) | key)

    def key_at(self, i: int) -> int:
        return self.a[i] & KEY_MASK


def roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


# Launch ids: UUID-shaped strings whose last group is an invertible 48-bit mix of the key, so an
# id can be resolved to its key without a million-entry dictionary.
_M48 = (1 << 48) - 1
_MUL_A, _MUL_B = 0x9E3779B97F4B & _M48 | 1, 0xC2B2AE3D27D5 & _M48 | 1
_INV_A, _INV_B = pow(_MUL_A, -1, 1 << 48), pow(_MUL_B, -1, 1 << 48)


def _mix48(x: int) -> int:
    x = (x * _MUL_A) & _M48
    x ^= x >> 24
    return (x * _MUL_B) & _M48


def _unmix48(x: int) -> int:
    x = (x * _INV_B) & _M48
    x ^= x >> 24
    return (x * _INV_A) & _M48


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LaunchQuery:
    """A filtered, ordered view of the launches; bounds are inclusive epoch seconds."""

    net_min: int | None = None
    net_max: int | None = None
    lu_min: int | None = None
    lu_max: int | None = None
    ws_min: int | None = None
    ws_max: int | None = None
    we_min: int | None = None
    we_max: int | None = None
    lsp_ids: frozenset[int] | None = None
    status_ids: frozenset[int] | None = None
    config_ids: frozenset[int] | None = None
    pad_ids: frozenset[int] | None = None
    location_ids: frozenset[int] | None = None
    orbit_body: int | None = None
    orbit_name: str | None = None          # exact, case-insensitive
    orbit_name_contains: str | None = None
    keys: frozenset[int] | None = None
    slug: str | None = None
    name: str | None = None
    years: frozenset[int] | None = None
    is_crewed: bool | None = None
    include_suborbital: bool = True
    search: str | None = None
    ordering: str = "net"                  # net | last_updated | name | id
    descending: bool = False


@dataclass
class AdvanceResult:
    """What one move of the clock did.

    Iterating it (or `len`, `in`) works on the LL2 ids of every launch that changed. The lists hold
    launch keys by cause; the `*_ids` properties turn them into ids.
    """

    previous_clock: int
    clock: int
    launch_id: object = field(repr=False, default=None)     # World.launch_id, to turn keys into ids
    launched: list[int] = field(default_factory=list)       # NET reached: now flying or final
    finalized: list[int] = field(default_factory=list)      # In Flight / Payload Deployed -> final
    rescheduled: list[int] = field(default_factory=list)    # NET (and maybe status, precision) moved
    updated: list[int] = field(default_factory=list)        # edited (probability, details), same NET
    announced: list[int] = field(default_factory=list)      # new launches in the manifest

    @property
    def changed_keys(self) -> list[int]:
        return sorted(set(self.launched) | set(self.finalized) | set(self.rescheduled) | set(self.updated)
                      | set(self.announced))

    @property
    def changed_ids(self) -> list[str]:
        return [self.launch_id(k) for k in self.changed_keys]

    def __iter__(self):
        return iter(self.changed_ids)

    def __len__(self) -> int:
        return len(self.changed_keys)

    def __contains__(self, item) -> bool:
        if isinstance(item, int):
            return item in self.changed_keys
        return item in self.changed_ids

    @property
    def launched_ids(self) -> list[str]:
        return [self.launch_id(k) for k in self.launched]

    @property
    def rescheduled_ids(self) -> list[str]:
        return [self.launch_id(k) for k in self.rescheduled]

    @property
    def announced_ids(self) -> list[str]:
        return [self.launch_id(k) for k in self.announced]


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------
class World:
    """A reproducible history of launches (1957 to the clock) plus an upcoming manifest.

    `launches` is the total size; about 90 % of it lies before the clock. The clock only moves
    forward, through `advance()`, which lets launches happen, slip and get announced.
    """

    def __init__(self, launches: int = 3000, seed: int = 42, clock: datetime | None = None):
        if clock is None:
            clock = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
        if launches < 1:
            raise ValueError("a world needs at least one launch")
        if launches > KEY_MASK // 2:
            raise ValueError(f"at most {KEY_MASK // 2} launches are supported")
        self.seed = seed
        self.size = launches
        self.clock = to_epoch(clock)
        if self.clock < calendar.timegm((1958, 1, 1, 0, 0, 0)):
            raise ValueError("the clock must be after the first launches of 1957")
        self.initial_clock = self.clock
        self.version = 0
        self.lock = threading.RLock()

        self.net = array("q")
        self.lu = array("q")
        self.win_before = array("I")
        self.win_after = array("I")
        self.status = array("B")
        self.precision = array("B")
        self.config = array("H")
        self.lsp = array("H")
        self.pad = array("H")
        self.kind = array("H")
        self.num = array("I")
        self.variant = array("B")
        self.orbit = array("B")
        self.probability = array("b")
        self.flags = array("B")
        self.name_override: dict[int, str] = {}
        self.crew: dict[int, tuple[int, ...]] = {}
        self.astronauts: list[Astronaut] = []
        self.mutations: list[dict] = []
        self.broken: dict[int, list[tuple[str, str]]] = {}   # key -> [(field, how)]
        self.mutation_serial = 0

        self.kind_keys = list(C.MISSION_KINDS)
        self.kind_index = {k: i for i, k in enumerate(self.kind_keys)}
        self._counters: dict[object, int] = {}
        self._status_counts: dict[tuple[str, int], list[int]] = {}
        self._query_cache: OrderedDict = OrderedDict()
        self._order_cache: dict[str, tuple[int, array]] = {}
        self._tables: dict[tuple, tuple] = {}         # cached per-(vehicle|kind, year) draw tables
        self._crew_size: dict[int, int] = {}
        self._astronaut_names: set[str] = set()
        self._active_crew: dict[str, list] = {}
        self._id_mask = int.from_bytes(digest(seed, "id-mask", size=6), "big")

        self._generate()
        self._build_indexes()
        self._crew_all()
        self.spacex_snapshot = self._spacex_snapshot()
        self.events = EventBook(self)

    # ---------------------------------------------------------------------------------------
    # Generation
    # ---------------------------------------------------------------------------------------
    def _year_weights(self, year: int) -> Cumulative:
        return Cumulative(
            (cfg.id, interp(cfg.cadence, year, still_flying(cfg))) for cfg in C.CONFIGS.values()
        )

    def _generate(self) -> None:
        rng = rng_for("liftoff-world", self.seed, self.size)
        clock = self.clock
        total_past = min(self.size, max(0, round(self.size * PAST_SHARE)))
        if clock <= HISTORY_START:
            total_past = 0
        landmarks = [lm for lm in C.LANDMARKS if self.size >= 200 and to_epoch(_parse(lm[0])) < clock]
        landmarks = landmarks[: total_past]
        random_past = total_past - len(landmarks)

        # Yearly cadence: the sum of every vehicle's curve, scaled to the requested size.
        first_year, last_year = year_of(HISTORY_START), year_of(clock - 1) if total_past else year_of(HISTORY_START)
        spans, weights = {}, {}
        for y in range(first_year, last_year + 1):
            lo, hi = max(year_start(y), HISTORY_START), min(year_start(y + 1), clock)
            if hi <= lo:
                continue
            spans[y] = (lo, hi)
            table = self._year_weights(y)
            weights[y] = table.total * (hi - lo) / (year_start(y + 1) - year_start(y))
        counts = _apportion(weights, random_past)
        self.scale = random_past / sum(weights.values()) if weights and sum(weights.values()) else 1.0

        pending: list[tuple] = []       # (net, config or 0, name, kind, pad, status, orbit, crew size)
        for y, n in counts.items():
            if not n:
                continue
            lo, hi = spans[y]
            for t in sorted(rng.randrange(lo, hi) for _ in range(n)):
                pending.append((t, 0, None, None, None, None, None, 0))
        for when, cfg_id, name, kind, pad, status, orbit, crew in landmarks:
            pending.append((to_epoch(_parse(when)), cfg_id, name, kind, pad, status, orbit, crew))
        pending.sort(key=lambda p: p[0])

        year_tables: dict[int, Cumulative] = {}
        for t, cfg_id, name, kind, pad, status, orbit, crew in pending:
            y = year_of(t)
            if not cfg_id:
                table = year_tables.get(y) or year_tables.setdefault(y, self._year_weights(y))
                cfg_id = table.pick(rng.random())
            key = self._append(rng, t, cfg_id, past=True, name=name, kind=kind, pad=pad, status=status, orbit=orbit)
            if crew:
                self._crew_size[key] = crew

        # The upcoming manifest: near-term launches at the current cadence, the rest thinning out
        # towards a two-year horizon, where dates are only known to the month or quarter.
        upcoming = self.size - total_past
        rate = self.scale * self._year_weights(year_of(clock)).total  # launches per year now
        near = min(upcoming, round(rate * NEAR_TERM / YEAR_SECONDS))
        times = [clock + rng.randrange(60, NEAR_TERM) for _ in range(near)]
        times += [clock + NEAR_TERM + int((UPCOMING_HORIZON - NEAR_TERM) * rng.random() ** 1.5)
                  for _ in range(upcoming - near)]
        times.sort()
        moon = list(C.UPCOMING_MOON)[: max(0, min(len(C.UPCOMING_MOON), upcoming // 20))]
        moon_slots = {}
        if moon:
            candidates = [i for i, t in enumerate(times) if 20 * DAY < t - clock < 500 * DAY] or list(range(len(times)))
            step = max(1, len(candidates) // len(moon))
            for j, spec in enumerate(moon):
                moon_slots[candidates[min(j * step + step // 2, len(candidates) - 1)]] = spec
        for i, t in enumerate(times):
            spec = moon_slots.get(i)
            if spec:
                cfg_id, kind, _name = spec      # named by its series, so numbering stays consistent
                self._append(rng, t, cfg_id, past=False, kind=kind)
            else:
                table = year_tables.get(year_of(t)) or year_tables.setdefault(year_of(t), self._year_weights(year_of(t)))
                self._append(rng, t, table.pick(rng.random()), past=False)

    def _append(self, rng: random.Random, t: int, cfg_id: int, *, past: bool, name: str | None = None,
                kind: str | None = None, pad: int | None = None, status: int | None = None,
                orbit: int | None = None, announced_at: int | None = None) -> int:
        """Add one launch; every per-launch random draw happens here, in a fixed order."""
        key = len(self.net)
        cfg = C.CONFIGS[cfg_id]
        y = year_of(t)
        clock = self.clock
        r = rng.random
        pads, kinds, lsp = self._vehicle_year(cfg, y)
        if pad is None:
            pad = pads.pick(r())
        if kind is None:
            kind = kinds.pick(r())
        mk, orbits, template, first, era = self._kind_year(kind, y)
        if orbit is None:
            orbit = orbits.pick(r())
        variant = int(r() * 256)
        counter_key = (kind, era, variant % len(C.COMSAT_OPERATORS) if "{op}" in template else 0)
        if name is None:
            num = self._counters.get(counter_key, first)
            self._counters[counter_key] = num + 1
        else:
            num = 0
            self.name_override[key] = name
            self._claim_name(counter_key, template, first, name)

        flags = F_CREWED if mk.crewed else 0
        if name is not None:
            flags |= F_NAMED
        lead = t - clock
        if past:
            if status is None:
                status = self._outcome(cfg, key, t)
                if lead > -3 * 3600 and r() < 0.5:
                    status = C.IN_FLIGHT
                elif lead > -36 * 3600 and status == C.SUCCESS and r() < 0.4:
                    status = C.PAYLOAD_DEPLOYED
            prec = C.SEC if y >= 1990 or r() < 0.5 else C.MIN
            if r() < 0.45:
                last_updated = t + 600 + int(r() * 10 * DAY)
            else:
                # most records were touched by later curation passes, spread over recent years
                lo = max(t, clock - 4 * 365 * DAY)
                last_updated = lo + int(r() * (clock - lo)) if clock > lo else clock
            last_updated = min(last_updated, clock)
            probability = 50 + int(r() * 50) if y >= 2015 and r() < 0.3 else -1
        else:
            status, prec, t = self._pending_state(rng, lead, t)
            if announced_at is not None:
                last_updated = announced_at
            else:
                age = 2 * DAY if lead < 7 * DAY else 20 * DAY if lead < NEAR_TERM else 90 * DAY
                last_updated = clock - rng.randrange(0, age)
            probability = rng.randrange(40, 100) if lead < 7 * DAY and r() < 0.7 else -1
        if y >= 2012 or not past:
            flags |= F_WEBCAST if r() < 0.85 else 0
        if r() < 0.55:
            before, after = 0, 0          # an instantaneous window
        else:
            before = int(r() * MAX_WINDOW_BEFORE / 60) * 60
            after = int(r() * MAX_WINDOW_AFTER / 60) * 60

        self.net.append(t)
        self.lu.append(last_updated)
        self.win_before.append(before)
        self.win_after.append(after)
        self.status.append(status)
        self.precision.append(prec)
        self.config.append(cfg_id)
        self.lsp.append(lsp)
        self.pad.append(pad)
        self.kind.append(self.kind_index[kind])
        self.num.append(num)
        self.variant.append(variant)
        self.orbit.append(orbit)
        self.probability.append(probability)
        self.flags.append(flags)
        self._count(key, status, +1)
        return key

    def _claim_name(self, counter_key, template: str, first: int, name: str) -> None:
        """A milestone named like its series ("Apollo 11") moves the series counter past it."""
        prefix = template.split("{", 1)[0]
        if "{" not in template or not prefix or not name.startswith(prefix):
            return
        digits = ""
        for ch in name[len(prefix):]:
            if not ch.isdigit():
                break
            digits += ch
        if digits:
            self._counters[counter_key] = max(self._counters.get(counter_key, first), int(digits) + 1)

    def _vehicle_year(self, cfg: C.LauncherConfig, year: int):
        """(pad table, mission-kind table, provider) of a vehicle in a year; cached."""
        key = (cfg.id, year)
        hit = self._tables.get(key)
        if hit is None:
            pads = [(p, w) for p, w, since in cfg.pads if since <= year] or [(p, w) for p, w, _ in cfg.pads]
            kinds = [(k, w) for k, w in cfg.missions if C.KIND_SINCE.get(k, 0) <= year] or list(cfg.missions)
            hit = self._tables[key] = (Cumulative(pads), Cumulative(kinds), lsp_for(cfg, year))
        return hit

    def _kind_year(self, kind: str, year: int):
        """(kind, orbit table, name template, first number, era) of a mission kind in a year; cached."""
        key = (kind, year)
        hit = self._tables.get(key)
        if hit is None:
            mk = C.MISSION_KINDS[kind]
            template, first = mk.template_for(year)
            hit = self._tables[key] = (mk, Cumulative(mk.orbits), template, first, mk.era(year))
        return hit

    def _outcome(self, cfg: C.LauncherConfig, key: int, t: int) -> int:
        """The fate of a launch, fixed per launch so that it does not depend on when it is asked."""
        d = hashlib.blake2b(b"%d:outcome:%d" % (self.seed, key), digest_size=4).digest()
        r = int.from_bytes(d, "big") / 2 ** 32
        rate = cfg.failure_rate * (2.5 if year_of(t) < 1966 else 1.0)
        if r < rate * 0.8:
            return C.FAILURE
        if r < rate:
            return C.PARTIAL_FAILURE
        return C.SUCCESS

    @staticmethod
    def _pending_state(rng: random.Random, lead: int, t: int) -> tuple[int, int, int]:
        """Status and NET precision of a launch `lead` seconds away; coarse dates snap to their period."""
        r = rng.random()
        if lead < 3 * DAY:
            status = C.GO if r < 0.8 else C.TBC if r < 0.9 else C.HOLD if r < 0.93 else C.TBD
            prec = C.SEC if rng.random() < 0.7 else C.MIN
        elif lead < 14 * DAY:
            status = C.GO if r < 0.5 else C.TBC if r < 0.8 else C.TBD
            prec = C.MIN if rng.random() < 0.5 else C.HOUR
        elif lead < NEAR_TERM:
            status = C.TBC if r < 0.3 else C.GO if r < 0.35 else C.TBD
            x = rng.random()   # some are known to the half day, as LL2 has them ("Morning (local time)")
            prec = C.HOUR if x < 0.4 else C.MORNING if x < 0.46 else C.AFTERNOON if x < 0.52 else C.DAY
        else:
            status = C.TBD
            prec = C.DAY if lead < 120 * DAY else C.MONTH if lead < 300 * DAY else \
                C.QUARTER if lead < 500 * DAY else C.YEAR
        return status, prec, snap(t, prec)

    # ---------------------------------------------------------------------------------------
    # Indexes and counters
    # ---------------------------------------------------------------------------------------
    def _build_indexes(self) -> None:
        n = len(self.net)
        net, lu = self.net, self.lu
        self.by_net = SortedIndex((net[k] << KEY_BITS) | k for k in range(n))
        self.by_lu = SortedIndex((lu[k] << KEY_BITS) | k for k in range(n))
        groups: dict[tuple[str, int], list[int]] = {}
        for k in range(n):
            for g in self._groups(k):
                groups.setdefault(g, []).append((net[k] << KEY_BITS) | k)
        self.group_index = {g: SortedIndex(v) for g, v in groups.items()}
        self._query_cache.clear()
        self._order_cache.clear()

    def _groups(self, key: int):
        yield ("pad", self.pad[key])
        yield ("location", C.PADS[self.pad[key]].location)
        yield ("lsp", self.lsp[key])
        yield ("config", self.config[key])
        if not C.ORBITS[self.orbit[key]].suborbital:
            yield ("orbital", 0)

    def _count(self, key: int, status: int, delta: int) -> None:
        for g in (("lsp", self.lsp[key]), ("config", self.config[key])):
            counts = self._status_counts.get(g)
            if counts is None:
                counts = self._status_counts[g] = [0] * 10
            counts[status] += delta

    def status_counts(self, group: str, ident: int) -> list[int]:
        return self._status_counts.get((group, ident), [0] * 10)

    def _set_net(self, key: int, new: int) -> None:
        old = self.net[key]
        if old == new:
            return
        self.by_net.remove(old, key)
        for g in self._groups(key):
            self.group_index[g].remove(old, key)
        self.net[key] = new
        self.by_net.add(new, key)
        for g in self._groups(key):
            self.group_index[g].add(new, key)

    def _touch(self, keys) -> None:
        """Give launches last_updated = clock; they move to the end of the last_updated index."""
        keys = set(keys)
        if not keys:
            return
        clock = self.clock
        if len(keys) > 5000:
            for k in keys:
                self.lu[k] = clock
            self.by_lu = SortedIndex((self.lu[k] << KEY_BITS) | k for k in range(len(self.lu)))
            return
        for k in keys:
            self.by_lu.remove(self.lu[k], k)
            self.lu[k] = clock
            self.by_lu.add(clock, k)

    def _set_status(self, key: int, status: int) -> None:
        self._count(key, self.status[key], -1)
        self.status[key] = status
        self._count(key, status, +1)

    def _changed(self) -> None:
        self.version += 1
        self._query_cache.clear()

    # ---------------------------------------------------------------------------------------
    # Crews and astronauts
    # ---------------------------------------------------------------------------------------
    def _crew_all(self) -> None:
        rng = rng_for("liftoff-crew", self.seed)
        for k in self.by_net_keys():
            if self.flags[k] & F_CREWED:
                self._assign_crew(rng, k)

    def _assign_crew(self, rng: random.Random, key: int) -> None:
        mk = C.MISSION_KINDS[self.kind_keys[self.kind[key]]]
        lo, hi = mk.crew if mk.crew != (0, 0) else (1, 3)
        if key in self._crew_size:
            lo = hi = self._crew_size[key]
        agency = (mk.agencies or (self.lsp[key],))[0]
        nation = C.AGENCY_NATION.get(agency, "USA")
        y = year_of(self.net[key])
        seats = []
        active = self._active_crew.setdefault(nation, [])
        for _ in range(rng.randint(lo, hi)):
            person = None
            if rng.random() < 0.65:
                # a few random probes into the active corps; retire whoever is past their career
                for _attempt in range(4):
                    if not active:
                        break
                    i = rng.randrange(len(active))
                    candidate = active[i]
                    if len(candidate.flights) >= 5 or candidate.career_start + 12 < y:
                        active[i] = active[-1]
                        active.pop()
                        continue
                    if candidate.career_start <= y and candidate.id not in seats:
                        person = candidate
                        break
            if person is None:
                person = self._new_astronaut(rng, nation, agency, y)
                active.append(person)
            person.flights.append(key)
            seats.append(person.id)
        self.crew[key] = tuple(seats)

    def _new_astronaut(self, rng: random.Random, nation: str, agency: int, year: int) -> "Astronaut":
        firsts, lasts = C.CREW_FIRST[nation], C.CREW_LAST[nation]
        taken = self._astronaut_names
        for attempt in range(40):
            first, last = firsts[rng.randrange(len(firsts))], lasts[rng.randrange(len(lasts))]
            name = f"{first} {last}" if attempt < 20 else f"{first} {chr(65 + rng.randrange(26))}. {last}"
            if name not in taken:
                break
        else:
            name = f"{name} {len(self.astronauts) + 1}"
        taken.add(name)
        person = Astronaut(len(self.astronauts) + 1, name, nation, agency, year, year - rng.randint(29, 45),
                           rng.random() < 0.25)
        self.astronauts.append(person)
        return person

    # ---------------------------------------------------------------------------------------
    # Reading
    # ---------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.net)

    def by_net_keys(self):
        a = self.by_net.a
        for c in a:
            yield c & KEY_MASK

    def launch_id(self, key: int) -> str:
        h = digest(self.seed, "launch-id", key, size=8).hex()
        tail = _mix48(key ^ self._id_mask)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[0], 16) & 3]}{h[1:4]}-{tail:012x}"

    def key_for_id(self, launch_id: str) -> int | None:
        launch_id = launch_id.strip().lower()
        if len(launch_id) != 36:
            return None
        try:
            key = _unmix48(int(launch_id[-12:], 16)) ^ self._id_mask
        except ValueError:
            return None
        if key >= len(self.net) or self.launch_id(key) != launch_id:
            return None
        return key

    def mission_name(self, key: int) -> str:
        override = self.name_override.get(key)
        if override is not None:
            return override
        mk = C.MISSION_KINDS[self.kind_keys[self.kind[key]]]
        n, v = self.num[key], self.variant[key]
        t, start = mk.template_for(year_of(self.net[key]))
        if "{" not in t:
            return t if n <= start else f"{t} {n - start + 1}"
        per = 3 if mk.key == "yaogan" else 22
        g, m = (n - 1) // per + 1, (n - 1) % per + 1
        return t.format(n=n, n2=f"{n:02d}", g=g + (3 if mk.key == "yaogan" else 0), m=m, m2=f"{m:02d}",
                        r=roman(n), letter=chr(ord("A") + (n - 1) % 26),
                        op=C.COMSAT_OPERATORS[v % len(C.COMSAT_OPERATORS)],
                        word=f"{C.WHIMSY_A[v % 20]} {C.WHIMSY_B[(v * 7 + n) % 20]}")

    def launch_name(self, key: int) -> str:
        return f"{C.CONFIGS[self.config[key]].full_name} | {self.mission_name(key)}"

    def mission_kind(self, key: int) -> C.MissionKind:
        return C.MISSION_KINDS[self.kind_keys[self.kind[key]]]

    def is_crewed(self, key: int) -> bool:
        return bool(self.flags[key] & F_CREWED)

    def upcoming_count(self, hide_recent: bool = False) -> int:
        start = self.clock if hide_recent else self.clock - DAY
        return len(self.by_net) - self.by_net.lower(start)

    def launch_ids(self) -> list[str]:
        """Every launch id, in NET order."""
        with self.lock:
            return [self.launch_id(k) for k in self.by_net_keys()]

    def upcoming_ids(self, hide_recent: bool = False) -> set[str]:
        """What /launches/upcoming/ lists now (NET within the last 24 h or later, unless hide_recent)."""
        with self.lock:
            start = self.by_net.lower(self.clock if hide_recent else self.clock - DAY)
            return {self.launch_id(self.by_net.key_at(i)) for i in range(start, len(self.by_net))}

    # ---------------------------------------------------------------------------------------
    # Querying
    # ---------------------------------------------------------------------------------------
    def query(self, q: LaunchQuery, offset: int, limit: int) -> tuple[int, list[int]]:
        """(total count, keys of the requested page) for a query, in its order."""
        predicates = self._predicates(q)
        index, lo, hi, residual = self._plan(q)
        if index is not None and not predicates and not residual:
            count = hi - lo
            if offset >= count:
                return count, []
            end = min(count, offset + limit)
            a = index.a
            if q.descending:
                positions = range(hi - 1 - offset, hi - 1 - end, -1)
            else:
                positions = range(lo + offset, lo + end)
            return count, [a[i] & KEY_MASK for i in positions]
        keys = self._matching(q, predicates + residual, index, lo, hi)
        return len(keys), list(keys[offset: offset + limit])

    def _plan(self, q: LaunchQuery):
        """Pick the index that serves the ordering, or the narrowest range when that is far smaller.

        Returns (index or None, lo, hi, residual predicates for range filters the index does not cover).
        """
        net_lo, net_hi = _net_bounds(q)
        ranges = {}
        if net_lo is not None or net_hi is not None:
            ranges["net"] = (self.by_net, self.by_net.lower(net_lo), self.by_net.upper(net_hi))
        if q.lu_min is not None or q.lu_max is not None:
            ranges["last_updated"] = (self.by_lu, self.by_lu.lower(q.lu_min), self.by_lu.upper(q.lu_max))
        exact_net = (q.ws_min, q.ws_max, q.we_min, q.we_max) == (None,) * 4
        order = q.ordering
        if order in ("net", "last_updated") and q.keys is None:
            own = ranges.get(order) or ((self.by_net, 0, len(self.by_net)) if order == "net"
                                        else (self.by_lu, 0, len(self.by_lu)))
            index, lo, hi = own
            others = [v for k, v in ranges.items() if k != order]
            if others and (others[0][2] - others[0][1]) * 8 < hi - lo:
                return None, 0, 0, []          # narrow other range: gather, then sort
            residual = []
            if order == "net" and "last_updated" in ranges:
                residual.append(self._lu_pred(q))
            if order == "last_updated" and "net" in ranges:
                residual.append(self._net_pred(net_lo, net_hi))
            if not exact_net:
                residual.append(self._window_pred(q))
            return index, lo, hi, residual
        return None, 0, 0, []

    def _net_pred(self, lo, hi):
        net = self.net
        lo = -(1 << 62) if lo is None else lo
        hi = (1 << 62) if hi is None else hi
        return lambda k: lo <= net[k] <= hi

    def _lu_pred(self, q: LaunchQuery):
        lu = self.lu
        lo = -(1 << 62) if q.lu_min is None else q.lu_min
        hi = (1 << 62) if q.lu_max is None else q.lu_max
        return lambda k: lo <= lu[k] <= hi

    def _window_pred(self, q: LaunchQuery):
        net, wb, wa = self.net, self.win_before, self.win_after
        big = 1 << 62
        ws_lo, ws_hi = (q.ws_min if q.ws_min is not None else -big), (q.ws_max if q.ws_max is not None else big)
        we_lo, we_hi = (q.we_min if q.we_min is not None else -big), (q.we_max if q.we_max is not None else big)
        return lambda k: ws_lo <= net[k] - wb[k] <= ws_hi and we_lo <= net[k] + wa[k] <= we_hi

    def _predicates(self, q: LaunchQuery) -> list:
        preds = []
        if q.keys is not None:
            keys = q.keys
            preds.append(lambda k: k in keys)
        if q.lsp_ids is not None:
            lsp, ids = self.lsp, q.lsp_ids
            preds.append(lambda k: lsp[k] in ids)
        if q.status_ids is not None:
            status, ids = self.status, q.status_ids
            preds.append(lambda k: status[k] in ids)
        if q.config_ids is not None:
            config, ids = self.config, q.config_ids
            preds.append(lambda k: config[k] in ids)
        if q.pad_ids is not None:
            pad, ids = self.pad, q.pad_ids
            preds.append(lambda k: pad[k] in ids)
        if q.location_ids is not None:
            pad, ids = self.pad, q.location_ids
            locs = {p.id for p in C.PADS.values() if p.location in ids}
            preds.append(lambda k: pad[k] in locs)
        if q.orbit_body is not None or q.orbit_name or q.orbit_name_contains:
            wanted = {o.id for o in C.ORBITS.values()
                      if (q.orbit_body is None or o.body == q.orbit_body)
                      and (not q.orbit_name or o.name.lower() == q.orbit_name.lower())
                      and (not q.orbit_name_contains or q.orbit_name_contains.lower() in o.name.lower())}
            orbit = self.orbit
            preds.append(lambda k: orbit[k] in wanted)
        if q.is_crewed is not None:
            flags, want = self.flags, q.is_crewed
            preds.append(lambda k: bool(flags[k] & F_CREWED) == want)
        if not q.include_suborbital:
            orbit = self.orbit
            subs = {o.id for o in C.ORBITS.values() if o.suborbital}
            preds.append(lambda k: orbit[k] not in subs)
        if q.years is not None:
            net, years = self.net, q.years
            preds.append(lambda k: year_of(net[k]) in years)
        if q.slug is not None:
            preds.append(lambda k, s=q.slug: slugify(self.launch_name(k)) == s)
        if q.name is not None:
            preds.append(lambda k, s=q.name: self.launch_name(k) == s)
        if q.search:
            term = q.search.lower()
            static = self._search_static(term)
            preds.append(lambda k: static(k) or term in self.launch_name(k).lower())
        return preds

    def _search_static(self, term: str):
        """Search also matches provider, pad, location and vehicle names: precompute which match."""
        lsps = {a.id for a in C.AGENCIES.values() if term in a.name.lower() or term in a.abbrev.lower()}
        pads = {p.id for p in C.PADS.values()
                if term in p.name.lower() or term in C.LOCATIONS[p.location].name.lower()}
        cfgs = {c.id for c in C.CONFIGS.values() if term in c.name.lower() or term in c.full_name.lower()
                or term in C.AGENCIES[c.manufacturer].name.lower() or term in C.AGENCIES[c.manufacturer].abbrev.lower()}
        lsp, pad, config = self.lsp, self.pad, self.config
        return lambda k: lsp[k] in lsps or pad[k] in pads or config[k] in cfgs

    def _matching(self, q: LaunchQuery, predicates, index, lo, hi) -> array:
        """All matching keys in query order; cached per world version since paging repeats queries."""
        cache_key = (q, self.version, len(self.net))
        hit = self._query_cache.get(cache_key)
        if hit is not None:
            self._query_cache.move_to_end(cache_key)
            return hit
        if index is not None:
            a = index.a
            keys = array("l", (a[i] & KEY_MASK for i in range(lo, hi)))
            if q.descending:
                keys.reverse()
        else:
            keys = self._candidates(q)
            predicates = predicates + [p for p in (self._range_preds(q))]
            keys = self._sorted(keys, q)
        if predicates:
            keys = array("l", (k for k in keys if all(p(k) for p in predicates)))
        self._query_cache[cache_key] = keys
        if len(self._query_cache) > 64:
            self._query_cache.popitem(last=False)
        return keys

    def _range_preds(self, q: LaunchQuery) -> list:
        preds = []
        net_lo, net_hi = _net_bounds(q)
        if net_lo is not None or net_hi is not None:
            preds.append(self._net_pred(net_lo, net_hi))
        if q.lu_min is not None or q.lu_max is not None:
            preds.append(self._lu_pred(q))
        if (q.ws_min, q.ws_max, q.we_min, q.we_max) != (None,) * 4:
            preds.append(self._window_pred(q))
        return preds

    def _candidates(self, q: LaunchQuery):
        """The smallest key set some index can give for the query's ranges (everything if none)."""
        options = []
        net_lo, net_hi = _net_bounds(q)
        if net_lo is not None or net_hi is not None:
            options.append((self.by_net, self.by_net.lower(net_lo), self.by_net.upper(net_hi)))
        if q.lu_min is not None or q.lu_max is not None:
            options.append((self.by_lu, self.by_lu.lower(q.lu_min), self.by_lu.upper(q.lu_max)))
        if q.keys is not None:
            return list(q.keys)
        if not options:
            return range(len(self.net))
        index, lo, hi = min(options, key=lambda o: o[2] - o[1])
        a = index.a
        return [a[i] & KEY_MASK for i in range(lo, hi)]

    def _sorted(self, keys, q: LaunchQuery):
        order = q.ordering
        if isinstance(keys, range) and order in ("name", "id"):
            ordered = self._full_order(order)
            return list(reversed(ordered)) if q.descending else ordered
        if order in ("net", "last_updated"):
            values = self.net if order == "net" else self.lu

            def sort_key(k):
                return (values[k] << KEY_BITS) | k
        elif order == "name":
            def sort_key(k):
                return self.launch_name(k), k
        else:
            sort_key = self.launch_id
        return sorted(keys, key=sort_key, reverse=q.descending)

    def _full_order(self, order: str) -> array:
        """Every key ordered by name or id; built once and reused until launches are added."""
        cached = self._order_cache.get(order)
        if cached and cached[0] == len(self.net):
            return cached[1]
        keys = range(len(self.net))
        if order == "name":
            ordered = sorted(keys, key=lambda k: (self.launch_name(k), k))
        else:
            ordered = sorted(keys, key=self.launch_id)
        result = array("l", ordered)
        self._order_cache[order] = (len(self.net), result)
        return result

    # ---------------------------------------------------------------------------------------
    # The time machine
    # ---------------------------------------------------------------------------------------
    def advance(self, seconds: float) -> AdvanceResult:
        """Move the clock forward; launches fly, slip and get announced as they would in reality.

        Deterministic for a given seed and sequence of advances. Every launch that changes gets
        last_updated = the new clock; the others keep theirs.
        """
        seconds = int(seconds)
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self.lock:
            t0, t1 = self.clock, self.clock + seconds
            result = AdvanceResult(t0, t1, self.launch_id)
            if seconds == 0:
                return result
            rng = rng_for("liftoff-advance", self.seed, t0, t1, len(self.net))
            self.clock = t1
            dt = seconds
            net, status = self.net, self.status

            # 1. Launches whose NET has come, and launches still in flight, reach their outcome.
            lo = self.by_net.lower(t0 - 2 * DAY)
            hi = self.by_net.lower(t1)
            due = [self.by_net.key_at(i) for i in range(lo, hi)]
            slips = []
            for k in due:
                st = status[k]
                elapsed = t1 - net[k]
                if st in C.PENDING_STATUSES:
                    if st in (C.TBD, C.HOLD) and rng.random() < 0.7:
                        slips.append(k)        # an unconfirmed date that passed: it slips instead
                        continue
                    new = self._flight_status(k, elapsed, rng)
                    self._set_status(k, new)
                    result.launched.append(k)
                elif st == C.IN_FLIGHT and elapsed >= 2 * 3600:
                    self._set_status(k, self._flight_status(k, elapsed, rng))
                    result.finalized.append(k)
                elif st == C.PAYLOAD_DEPLOYED and elapsed >= 24 * 3600:
                    self._set_status(k, C.SUCCESS)
                    result.finalized.append(k)
            # older in-flight states (a big jump) are covered by the scan window above only for
            # two days; sweep the rest explicitly
            for i in range(self.by_net.lower(t0 - 30 * DAY), lo):
                k = self.by_net.key_at(i)
                if status[k] in (C.IN_FLIGHT, C.PAYLOAD_DEPLOYED):
                    self._set_status(k, C.SUCCESS if status[k] == C.PAYLOAD_DEPLOYED
                                     else self._flight_status(k, t1 - net[k], rng))
                    result.finalized.append(k)

            # 2. Upcoming launches get rescheduled now and then, more often when they are close.
            start = self.by_net.lower(t1)
            moves: list[tuple[int, int]] = []
            for k in slips:
                moves.append((k, t1 + rng.randrange(DAY, 30 * DAY)))
            precision = self.precision
            # LL2's editors touch close launches every couple of days and far ones every week or so;
            # real reschedules are rarer
            p_move = (1 - math.exp(-dt / (6 * DAY)), 1 - math.exp(-dt / (40 * DAY)))
            p_edit = (1 - math.exp(-dt / (2 * DAY)), 1 - math.exp(-dt / (6 * DAY)))
            edits = []
            for i in range(start, len(self.by_net)):
                k = self.by_net.key_at(i)
                lead, old_lead = net[k] - t1, net[k] - t0
                if (status[k] == C.TBD and lead < 14 * DAY <= old_lead) or \
                        (precision[k] >= C.MONTH and lead < 45 * DAY <= old_lead):
                    # the date firms up as it comes closer: a specific time within the announced period
                    moves.append((k, net[k] + rng.randrange(0, 3 * DAY if precision[k] < C.MONTH else 20 * DAY)))
                    continue
                far = lead >= 30 * DAY
                if rng.random() < p_move[far]:
                    moves.append((k, net[k] + self._slip(rng, lead)))
                elif rng.random() < p_edit[far]:
                    edits.append(k)
            for k in edits:
                if net[k] - t1 < 7 * DAY:
                    self.probability[k] = rng.randrange(40, 100) if rng.random() < 0.8 else -1
                result.updated.append(k)
            rate = self.scale * self._year_weights(year_of(t1)).total
            expected = rate * dt / YEAR_SECONDS
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            # Thousands of single inserts into million-entry arrays cost more than one re-sort.
            bulk = len(moves) + count > 2000
            for k, new_net in moves:
                new_net = max(new_net, t1 + 3600)
                lead = new_net - t1
                st, prec, snapped = self._pending_state(rng, lead, new_net)
                # a date only ever firms up: keep a confirmed status rather than fall back to TBD
                if status[k] in (C.GO, C.TBC) and st == C.TBD and lead < NEAR_TERM:
                    st = status[k]
                self._set_status(k, st)
                self.precision[k] = prec
                if bulk:
                    self.net[k] = snapped
                else:
                    self._set_net(k, snapped)
                self.probability[k] = rng.randrange(40, 100) if lead < 7 * DAY and rng.random() < 0.7 else -1
                result.rescheduled.append(k)

            # 3. New launches are announced at the far end of the horizon, at the current cadence.
            crew_rng = rng_for("liftoff-crew", self.seed, t0, t1)
            for _ in range(count):
                # half at the far end of the horizon, half on short notice (as rideshare and
                # constellation flights tend to be), so the cadence holds up as time moves on
                when = t1 + (rng.randrange(300 * DAY, UPCOMING_HORIZON) if rng.random() < 0.5
                             else rng.randrange(20 * DAY, 120 * DAY))
                cfg_id = self._year_weights(year_of(when)).pick(rng.random())
                k = self._append(rng, when, cfg_id, past=False, announced_at=t1)
                if not bulk:
                    self.by_net.add(self.net[k], k)
                    self.by_lu.add(self.lu[k], k)
                    for g in self._groups(k):
                        self.group_index.setdefault(g, SortedIndex()).add(self.net[k], k)
                if self.flags[k] & F_CREWED:
                    self._assign_crew(crew_rng, k)
                result.announced.append(k)
            if bulk:
                self._build_indexes()

            self._touch(set(result.launched) | set(result.finalized) | set(result.rescheduled) | set(result.updated))
            self._changed()
            return result

    def _flight_status(self, key: int, elapsed: int, rng: random.Random) -> int:
        outcome = self._outcome(C.CONFIGS[self.config[key]], key, self.net[key])
        if elapsed < 2 * 3600 and rng.random() < 0.6:
            return C.IN_FLIGHT
        if elapsed < 24 * 3600 and outcome == C.SUCCESS and rng.random() < 0.4:
            return C.PAYLOAD_DEPLOYED
        return outcome

    @staticmethod
    def _slip(rng: random.Random, lead: int) -> int:
        r = rng.random()
        if lead < 14 * DAY:
            if r < 0.35:
                return rng.randrange(-2 * 3600, 2 * 3600)      # a refined T-0
            return rng.randrange(DAY, 4 * DAY) if r < 0.85 else rng.randrange(5 * DAY, 30 * DAY)
        if lead < 90 * DAY:
            return rng.randrange(-7 * DAY, 30 * DAY)
        return rng.randrange(-30 * DAY, 120 * DAY)

    # ---------------------------------------------------------------------------------------
    # Mutations (schema drift and broken contracts, applied when launches are rendered)
    # ---------------------------------------------------------------------------------------
    def mutate(self, spec: dict) -> dict:
        kind = spec.get("kind")
        with self.lock:
            self.mutation_serial += 1
            bump = spec.get("bump", True)
            if kind in ("add_field", "remove_field", "change_type"):
                field_name = spec.get("field")
                if not field_name:
                    raise ValueError(f"{kind} needs a 'field'")
                if kind == "change_type" and spec.get("to") not in ("string", "integer", "number", "boolean", "null"):
                    raise ValueError("change_type 'to' must be string, integer, number, boolean or null")
                entry = {"kind": kind, "field": field_name}
                if kind == "add_field":
                    entry["value"] = spec.get("value")
                if kind == "change_type":
                    entry["to"] = spec["to"]
                    if spec.get("format"):
                        entry["format"] = str(spec["format"])   # e.g. "{value}" for plain "90"
                self.mutations.append(entry)
                affected = range(len(self.net)) if bump else ()
                self._touch(affected)
                self._changed()
                return {"mutation": entry, "affected": len(self.net), "bumped": len(affected) if bump else 0}
            if kind == "break_contract":
                field_name = spec.get("field", "net")
                if field_name not in ("net", "last_updated", "id", "name", "status", "window_start", "window_end"):
                    raise ValueError("break_contract field must be one of net, last_updated, id, name, status, "
                                     "window_start, window_end")
                how = spec.get("how", "null")
                if how not in ("null", "missing"):
                    raise ValueError("break_contract 'how' must be 'null' or 'missing'")
                count = max(0, min(int(spec.get("count", 1)), len(self.net)))
                rng = rng_for("liftoff-break", self.seed, self.mutation_serial, field_name)
                pool = self._break_pool(spec)
                keys = sorted(rng.sample(pool, min(count, len(pool))))
                for k in keys:
                    self.broken.setdefault(k, []).append((field_name, how))
                entry = {"kind": kind, "field": field_name, "how": how, "count": len(keys)}
                self.mutations.append(entry)
                if bump and field_name != "last_updated":
                    self._touch(keys)
                self._changed()
                return {"mutation": entry, "ids": [self.launch_id(k) for k in keys],
                        "bumped": len(keys) if bump and field_name != "last_updated" else 0}
            raise ValueError("unknown mutation kind; use add_field, remove_field, change_type or break_contract")

    def touch(self, count: int) -> list[str]:
        """A minor edit to `count` launches picked deterministically: their last_updated becomes the
        clock, nothing else changes. Benchmarks use it to measure an incremental run of known size."""
        with self.lock:
            self.mutation_serial += 1
            rng = rng_for("liftoff-touch", self.seed, self.mutation_serial)
            keys = sorted(rng.sample(range(len(self.net)), min(count, len(self.net))))
            self._touch(keys)
            self._changed()
            return [self.launch_id(k) for k in keys]

    def move_net(self, launch_id: str, seconds: int) -> None:
        """An edit the world would not make on its own: the launch's NET moves by `seconds` and its
        last_updated becomes the clock (tests that need a slip where they want one)."""
        with self.lock:
            key = self.key_for_id(launch_id)
            self._set_net(key, self.net[key] + seconds)
            self._touch([key])
            self._changed()

    def _break_pool(self, spec: dict) -> list[int]:
        """Which launches may be broken: optionally only upcoming or only past ones."""
        scope = spec.get("scope", "any")
        if scope == "upcoming":
            lo = self.by_net.lower(self.clock - DAY)
            return [self.by_net.key_at(i) for i in range(lo, len(self.by_net))]
        if scope == "past":
            hi = self.by_net.lower(self.clock)
            return [self.by_net.key_at(i) for i in range(hi)]
        return list(range(len(self.net)))

    def clear_mutations(self) -> None:
        with self.lock:
            self.mutations.clear()
            self.broken.clear()
            self._changed()

    # ---------------------------------------------------------------------------------------
    # SpaceX: frozen at construction, because the real API stopped in late 2022
    # ---------------------------------------------------------------------------------------
    def _spacex_snapshot(self) -> list[tuple]:
        start, end = calendar.timegm((2006, 1, 1, 0, 0, 0)), calendar.timegm((2023, 1, 1, 0, 0, 0))
        rows = []
        for i in range(self.by_net.lower(start), self.by_net.lower(end)):
            k = self.by_net.key_at(i)
            cfg = C.CONFIGS[self.config[k]]
            if cfg.spacex_rocket and cfg.spacex_rocket != "Starship":
                rows.append((k, self.net[k], self.status[k], cfg.id, self.kind_keys[self.kind[k]],
                             self.mission_name(k), self.pad[k], self.orbit[k], self.crew.get(k, ()),
                             self.launch_id(k), self.precision[k]))
        return rows

    # ---------------------------------------------------------------------------------------
    # Summary for tests and the admin API
    # ---------------------------------------------------------------------------------------
    def summary(self) -> dict:
        with self.lock:
            by_provider: dict[str, int] = {}
            by_status: dict[str, int] = {}
            for (group, ident), counts in self._status_counts.items():
                if group == "lsp" and sum(counts):
                    by_provider[C.AGENCIES[ident].name] = sum(counts)
            for sid in C.STATUSES:
                n = sum(c[sid] for (g, _), c in self._status_counts.items() if g == "lsp")
                if n:
                    by_status[C.STATUSES[sid][1]] = n
            crewed = sum(1 for f in self.flags if f & F_CREWED)
            moon = {o for o in C.MOON_ORBITS}
            future = len(self.by_net) - self.by_net.lower(self.clock)
            moon_upcoming = sum(1 for i in range(self.by_net.lower(self.clock), len(self.by_net))
                                if self.orbit[self.by_net.key_at(i)] in moon)
            return {
                "seed": self.seed,
                "size": self.size,
                "launches": len(self.net),
                "clock": iso(self.clock),
                "initial_clock": iso(self.initial_clock),
                "version": self.version,
                "upcoming": self.upcoming_count(),
                "upcoming_hide_recent": future,
                "previous": self.by_net.lower(self.clock),
                "crewed": crewed,
                "moon_bound": sum(1 for o in self.orbit if o in moon),
                "moon_bound_upcoming": moon_upcoming,
                "by_provider": dict(sorted(by_provider.items(), key=lambda kv: -kv[1])),
                "by_status": by_status,
                "astronauts": len(self.astronauts),
                "events": len(self.events),
                "first_net": iso(self.net[self.by_net.key_at(0)]) if len(self.net) else None,
                "last_net": iso(self.net[self.by_net.key_at(len(self.net) - 1)]) if len(self.net) else None,
                "max_last_updated": iso(self.lu[self.by_lu.key_at(len(self.lu) - 1)]) if len(self.lu) else None,
                "mutations": list(self.mutations),
            }


@dataclass
class Astronaut:
    id: int
    name: str
    nation: str
    agency: int
    career_start: int
    birth_year: int
    female: bool
    flights: list[int] = field(default_factory=list)


class EventBook:
    """Events tied to launches (dockings, landings, static fires) plus free-standing ones (spacewalks).

    Launch-bound events take their date from the launch's current NET, so they follow reschedules.
    """

    def __init__(self, world: World):
        self.world = world
        rng = rng_for("liftoff-events", world.seed)
        rows = []   # (launch key or -1, type id, offset seconds or absolute time, serial)
        docking = {"crs", "progress", "crew_dragon", "soyuz_crew", "shenzhou", "tianzhou", "cygnus", "htv", "ax",
                   "htvx", "atv"}
        landers = {"intuitive", "slim", "change", "chandrayaan", "blue_moon", "luna", "luna_rus", "apollo"}
        for k in range(len(world)):
            kind = world.kind_keys[world.kind[k]]
            if kind in docking:
                rows.append((k, 1, rng.randrange(DAY // 2, 3 * DAY)))
            elif kind in landers and world.orbit[k] in C.MOON_ORBITS and world.status[k] not in (
                    C.FAILURE, C.PARTIAL_FAILURE):
                rows.append((k, 5, rng.randrange(4 * DAY, 30 * DAY)))
            elif world.lsp[k] == C.SPACEX and C.CONFIGS[world.config[k]].name != "Falcon 9" and rng.random() < 0.5:
                rows.append((k, 3, -rng.randrange(2 * DAY, 12 * DAY)))
        # spacewalks and press events, free-standing, spread like the launch history
        extra = max(5, len(world) // 60)
        lo = calendar.timegm((1965, 3, 18, 0, 0, 0))
        for _ in range(extra):
            when = lo + int((world.clock + 120 * DAY - lo) * (rng.random() ** 0.35))
            rows.append((-1, 2 if rng.random() < 0.7 else 4, when))
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def date(self, i: int) -> int:
        key, _type, offset = self.rows[i]
        return self.world.net[key] + offset if key >= 0 else offset

    def last_updated(self, i: int) -> int:
        key, _type, offset = self.rows[i]
        if key >= 0:
            return self.world.lu[key]
        return min(self.world.clock, offset + 3 * DAY) if offset < self.world.clock else \
            self.world.initial_clock - (offset % (20 * DAY))


def snap(t: int, precision: int) -> int:
    """Dates known only to the month, quarter or year sit at the start of that period, as in LL2."""
    if precision in (C.MONTH, C.QUARTER, C.YEAR):
        tm = time.gmtime(t)
        month = tm.tm_mon if precision == C.MONTH else 1 + 3 * ((tm.tm_mon - 1) // 3) if precision == C.QUARTER else 1
        return calendar.timegm((tm.tm_year, month, 1, 0, 0, 0))
    if precision in (C.DAY, C.MORNING, C.AFTERNOON):   # a half day sits at its day's start too
        return t - t % DAY
    return t


def slugify(text: str) -> str:
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _net_bounds(q: LaunchQuery) -> tuple[int | None, int | None]:
    """NET bounds implied by the query, including those implied by window filters."""
    lo, hi = q.net_min, q.net_max
    if q.ws_min is not None:                 # window_start <= net
        lo = q.ws_min if lo is None else max(lo, q.ws_min)
    if q.ws_max is not None:
        bound = q.ws_max + MAX_WINDOW_BEFORE
        hi = bound if hi is None else min(hi, bound)
    if q.we_min is not None:
        bound = q.we_min - MAX_WINDOW_AFTER
        lo = bound if lo is None else max(lo, bound)
    if q.we_max is not None:                 # net <= window_end
        hi = q.we_max if hi is None else min(hi, q.we_max)
    return lo, hi


def _apportion(weights: dict[int, float], total: int) -> dict[int, int]:
    """Split `total` proportionally to `weights` with the largest-remainder method."""
    s = sum(weights.values())
    if not s or total <= 0:
        return {k: 0 for k in weights}
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    short = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:short]:
        out[k] += 1
    return out
