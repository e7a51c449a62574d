"""The r-spacex API (v4/v5), frozen in late 2022 like the real one, derived from the LL2 world.

Every Falcon launch the LL2 world has between 2006 and 2022 appears here too; most carry
`launch_library_id` (the LL2 id of the same launch) and about a fifth do not, so that consumers need
the same-day-and-vehicle fallback. The documented quirks are reproduced: duplicate flight numbers,
`upcoming: true` on launches long past, `success: null` on unflown ones and null core ids. A few
records match no LL2 launch (SpaceX-only launches on days the LL2 world has none) and a few are
second records naming the LL2 id of an earlier one (see `SpaceXWorld._extra_launches`).

Documents are plain dicts built on first use; a collection's full JSON array is cached as bytes.
"""

from __future__ import annotations

import bisect
import calendar
import math
import re
import threading
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from . import catalog as C
from .http import Request, Response, dumps, json_response, text_response
from .world import DAY, World, digest, rng_for

FREEZE = calendar.timegm((2022, 11, 1, 0, 0, 0))       # the real API's data stops being maintained here
STALE_WINDOW = 45 * DAY                               # launches this close before FREEZE may still say upcoming
UNMATCHED = 3       # SpaceX-only launches: on days without any LL2 launch, so nothing can match them
DUPLICATES = 2      # second records naming the LL2 id an earlier record names
RESOURCES = ("launches", "rockets", "launchpads", "landpads", "payloads", "cores", "capsules", "crew", "ships",
             "starlink", "history")
ID_BASE = {"launches": 0x5EB87CD9, "rockets": 0x5E9D0D95, "launchpads": 0x5E9E4501, "landpads": 0x5E9E3032,
           "payloads": 0x5EB0E4B5, "cores": 0x5E9E289D, "capsules": 0x5E9E2C5B, "crew": 0x5EBF1A6E,
           "ships": 0x5EA6ED2D, "starlink": 0x5EED770F, "company": 0x5EB75EDC, "history": 0x5F6FB2CF}
PAD_MAP = {95: "kwajalein", 80: "slc40", 87: "lc39a", 16: "slc4e", 94: "stls"}
PRECISION = {C.SEC: "hour", C.MIN: "hour", C.HOUR: "hour", C.DAY: "day", C.MONTH: "month", C.QUARTER: "quarter",
             C.YEAR: "year"}
ORBIT_CODES = {C.LEO: ("LEO", "low-earth"), C.VLEO: ("VLEO", "very-low-earth"), C.SSO: ("SSO", "sun-synchronous"),
               C.PO: ("PO", "polar"), C.GTO: ("GTO", "geostationary"), C.GEO: ("GEO", "geostationary"),
               C.GSO: ("GEO", "geosynchronous"), C.MEO: ("MEO", "semi-synchronous"), C.HEO: ("HEO", "high-earth"),
               C.HELIO: ("HCO", "heliocentric"), C.L2: ("ES-L1", "L1-point"), C.TLI: ("TLI", "lunar"),
               C.LO: ("TLI", "lunar"), C.SUB: ("SO", "sub-orbital")}


def oid(resource: str, index: int, seed: int) -> str:
    """A deterministic 24-hex id shaped like a MongoDB ObjectId (timestamp prefix, random rest)."""
    return f"{ID_BASE[resource] + index:08x}" + digest(seed, "spacex", resource, index, size=8).hex()


def utc_ms(ts: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts))


def local_iso(ts: int, tz: str) -> str:
    try:
        return datetime.fromtimestamp(ts, ZoneInfo(tz)).isoformat()
    except Exception:  # no tz database on this machine: UTC is still a valid local rendering
        return datetime.fromtimestamp(ts, timezone.utc).isoformat()


# --------------------------------------------------------------------------------------------
# Static documents
# --------------------------------------------------------------------------------------------
def _rockets(seed: int) -> dict[str, dict]:
    def mass(kg):
        return {"kg": kg, "lb": round(kg * 2.20462)}

    def length(m):
        return {"meters": m, "feet": round(m * 3.28084, 1)}

    def force(kn):
        return {"kN": kn, "lbf": round(kn * 224.809)}

    specs = {
        "Falcon 1": dict(height=22.25, diameter=1.68, mass=30146, stages=2, boosters=0, cost=6700000, rate=40,
                         first="2006-03-24", active=False, engines=1, version="1C", layout="single", legs=0,
                         leo=450, gto=None, thrust_sl=420, thrust_vac=480, reusable=False,
                         desc="SpaceX's first orbital rocket, a small two-stage launcher flown five times from "
                              "Omelek Island between 2006 and 2009."),
        "Falcon 9": dict(height=70, diameter=3.7, mass=549054, stages=2, boosters=0, cost=50000000, rate=98,
                         first="2010-06-04", active=True, engines=9, version="1D+", layout="octaweb", legs=4,
                         leo=22800, gto=8300, thrust_sl=7607, thrust_vac=8227, reusable=True,
                         desc="A two-stage, partially reusable medium-lift rocket that carries satellites and the "
                              "Dragon spacecraft to orbit."),
        "Falcon Heavy": dict(height=70, diameter=12.2, mass=1420788, stages=2, boosters=2, cost=90000000, rate=100,
                             first="2018-02-06", active=True, engines=27, version="1D+", layout="octaweb", legs=12,
                             leo=63800, gto=26700, thrust_sl=22819, thrust_vac=24681, reusable=True,
                             desc="Three Falcon 9 first stages strapped together: the most powerful operational "
                                  "rocket of its time."),
        "Starship": dict(height=118, diameter=9, mass=1335000, stages=2, boosters=0, cost=7000000, rate=0,
                         first="2021-12-01", active=False, engines=37, version="raptor", layout=None, legs=6,
                         leo=100000, gto=21000, thrust_sl=128000, thrust_vac=138000, reusable=True,
                         desc="A fully reusable super heavy-lift system under development for missions to Earth "
                              "orbit, the Moon and Mars."),
    }
    out = {}
    for i, (name, s) in enumerate(specs.items()):
        weights = [{"id": "leo", "name": "Low Earth Orbit", **mass(s["leo"])}]
        if s["gto"]:
            weights.append({"id": "gto", "name": "Geosynchronous Transfer Orbit", **mass(s["gto"])})
        out[name] = {
            "height": length(s["height"]), "diameter": length(s["diameter"]), "mass": mass(s["mass"]),
            "first_stage": {"thrust_sea_level": force(s["thrust_sl"]), "thrust_vacuum": force(s["thrust_vac"]),
                            "reusable": s["reusable"], "engines": s["engines"], "fuel_amount_tons": None,
                            "burn_time_sec": None},
            "second_stage": {"thrust": force(934 if name != "Falcon 1" else 31),
                             "payloads": {"composite_fairing": {"height": length(13.1), "diameter": length(5.2)},
                                          "option_1": "dragon" if name == "Falcon 9" else "composite fairing"},
                             "reusable": name == "Starship", "engines": 1, "fuel_amount_tons": None,
                             "burn_time_sec": None},
            "engines": {"isp": {"sea_level": 282, "vacuum": 311}, "thrust_sea_level": force(s["thrust_sl"] // s["engines"]),
                        "thrust_vacuum": force(s["thrust_vac"] // s["engines"]), "number": s["engines"],
                        "type": "raptor" if name == "Starship" else "merlin", "version": s["version"],
                        "layout": s["layout"], "engine_loss_max": 2 if s["engines"] > 1 else 0,
                        "propellant_1": "liquid oxygen",
                        "propellant_2": "liquid methane" if name == "Starship" else "RP-1 kerosene",
                        "thrust_to_weight": None},
            "landing_legs": {"number": s["legs"], "material": "carbon fiber" if s["legs"] else None},
            "payload_weights": weights, "flickr_images": [],
            "name": name, "type": "rocket", "active": s["active"], "stages": s["stages"], "boosters": s["boosters"],
            "cost_per_launch": s["cost"], "success_rate_pct": s["rate"], "first_flight": s["first"],
            "country": "Republic of the Marshall Islands" if name == "Falcon 1" else "United States",
            "company": "SpaceX", "wikipedia": f"https://en.wikipedia.org/wiki/{name.replace(' ', '_')}",
            "description": s["desc"], "id": oid("rockets", i, seed),
        }
    return out


LAUNCHPADS = {  # key: (name, full name, locality, region, lat, lon, tz, status, details)
    "slc3w": ("VAFB SLC 3W", "Vandenberg Space Force Base Space Launch Complex 3W", "Vandenberg Space Force Base",
              "California", 34.6440904, -120.5931438, "America/Los_Angeles", "retired",
              "SpaceX's first west coast pad for Falcon 1, used for a static fire but never for a launch."),
    "kwajalein": ("Kwajalein Atoll", "Kwajalein Atoll Omelek Island", "Omelek Island", "Marshall Islands",
                  9.0477206, 167.7431292, "Pacific/Kwajalein", "retired",
                  "SpaceX's original pad, where all five Falcon 1 flights took place."),
    "slc40": ("CCSFS SLC 40", "Cape Canaveral Space Force Station Space Launch Complex 40", "Cape Canaveral",
              "Florida", 28.5618571, -80.577366, "America/New_York", "active",
              "SpaceX's primary Falcon 9 pad, rebuilt after the AMOS-6 anomaly in 2016."),
    "stls": ("STLS", "SpaceX South Texas Launch Site", "Boca Chica Village", "Texas", 25.9972641, -97.1560845,
             "America/Chicago", "under construction", "The Starship launch site at Boca Chica."),
    "lc39a": ("KSC LC 39A", "Kennedy Space Center Historic Launch Complex 39A", "Cape Canaveral", "Florida",
              28.6080585, -80.6039558, "America/New_York", "active",
              "The Apollo and Shuttle pad leased by SpaceX; Falcon Heavy and crewed Dragon flights leave from here."),
    "slc4e": ("VAFB SLC 4E", "Vandenberg Space Force Base Space Launch Complex 4E", "Vandenberg Space Force Base",
              "California", 34.632093, -120.610829, "America/Los_Angeles", "active",
              "SpaceX's west coast pad for polar and sun-synchronous missions."),
}
LANDPADS = {  # key: (name, full name, type, locality, region, lat, lon, status, details)
    "lz1": ("LZ-1", "Landing Zone 1", "RTLS", "Cape Canaveral", "Florida", 28.485833, -80.544444, "active",
            "SpaceX's first east coast landing pad, at the former Launch Complex 13."),
    "lz2": ("LZ-2", "Landing Zone 2", "RTLS", "Cape Canaveral", "Florida", 28.485833, -80.544444, "active",
            "Landing pad beside LZ-1, built for Falcon Heavy side boosters."),
    "lz4": ("LZ-4", "Landing Zone 4", "RTLS", "Vandenberg Space Force Base", "California", 34.632989, -120.615167,
            "active", "The west coast landing pad next to SLC-4E."),
    "ocisly": ("OCISLY", "Of Course I Still Love You", "ASDS", "Port Canaveral", "Florida", 28.4104, -80.6188,
               "active", "Autonomous spaceport drone ship."),
    "jrti": ("JRTI", "Just Read The Instructions", "ASDS", "Port Canaveral", "Florida", 28.4104, -80.6188,
             "active", "Autonomous spaceport drone ship, moved between the coasts."),
    "asog": ("ASOG", "A Shortfall of Gravitas", "ASDS", "Port Canaveral", "Florida", 28.4104, -80.6188, "active",
             "The newest autonomous spaceport drone ship."),
}
SHIPS = (  # (name, legacy id, type, roles, home port, year built, active)
    ("American Champion", "AMERICANCHAMPION", "Tug", ["Support Ship", "Barge Tug"], "Port of Los Angeles", 1976, False),
    ("GO Ms Tree", "GOMSTREE", "High Speed Craft", ["Fairing Recovery"], "Port Canaveral", 2015, False),
    ("GO Ms Chief", "GOMSCHIEF", "High Speed Craft", ["Fairing Recovery"], "Port of Los Angeles", 2015, False),
    ("GO Searcher", "GOSEARCHER", "Cargo", ["Dragon Recovery", "Support Ship"], "Port Canaveral", 1980, True),
    ("GO Navigator", "GONAVIGATOR", "Cargo", ["Dragon Recovery", "Support Ship"], "Port Canaveral", 1981, True),
    ("Megan", "MEGAN", "Cargo", ["Dragon Recovery"], "Port Canaveral", 2014, True),
    ("Shannon", "SHANNON", "Cargo", ["Dragon Recovery"], "Port Canaveral", 2014, True),
    ("Bob", "BOB", "Cargo", ["Support Ship", "Fairing Recovery"], "Port Canaveral", 2014, True),
    ("Doug", "DOUG", "Cargo", ["Support Ship", "Fairing Recovery"], "Port Canaveral", 2014, True),
    ("Elsbeth III", "ELSBETHIII", "Tug", ["Barge Tug"], "Port Canaveral", 1983, True),
    ("Finn Falgout", "FINNFALGOUT", "Tug", ["Barge Tug"], "Port Canaveral", 1998, True),
)
ASDS_SHIPS = {"ocisly": ("Of Course I Still Love You", "OCISLY"), "jrti": ("Just Read The Instructions", "JRTI"),
              "asog": ("A Shortfall of Gravitas", "ASOG")}
CUSTOMERS = {"crs": "NASA (CRS)", "crew_dragon": "NASA (CCtCap)", "ax": "Axiom Space", "starlink": "SpaceX",
             "nrol": "NRO", "gps_iii": "USSF", "sda": "SDA", "ussf": "USSF", "transporter": "SpaceX",
             "bandwagon": "SpaceX", "intuitive": "Intuitive Machines", "cygnus": "NASA (CRS)", "o3b": "SES",
             "oneweb": "OneWeb", "iridium": "Iridium Communications", "orbcomm": "Orbcomm", "dscovr": "NOAA",
             "psyche": "NASA", "europa": "NASA", "test": "SpaceX"}


# --------------------------------------------------------------------------------------------
# Building the frozen world
# --------------------------------------------------------------------------------------------
class SpaceXWorld:
    def __init__(self, world: World):
        self.seed = world.seed
        self.freeze = min(FREEZE, world.initial_clock)
        self.docs: dict[str, list[dict]] = {r: [] for r in RESOURCES}
        self._build(world)
        self.by_id = {r: {d["id"]: d for d in docs} for r, docs in self.docs.items()}
        self.company = self._company()

    # -- helpers -------------------------------------------------------------------------------
    def _id(self, resource: str) -> str:
        return oid(resource, len(self.docs[resource]), self.seed)

    def _build(self, world: World) -> None:
        seed = self.seed
        rng = rng_for("liftoff-spacex", seed)
        self.rockets = _rockets(seed)
        self.docs["rockets"] = list(self.rockets.values())
        pads = {}
        for key, (name, full, locality, region, lat, lon, tz, status, details) in LAUNCHPADS.items():
            pads[key] = {"images": {"large": []}, "name": name, "full_name": full, "locality": locality,
                         "region": region, "latitude": lat, "longitude": lon, "launch_attempts": 0,
                         "launch_successes": 0, "rockets": [], "timezone": tz, "launches": [], "status": status,
                         "details": details, "id": self._id("launchpads")}
            self.docs["launchpads"].append(pads[key])
        landpads = {}
        for key, (name, full, kind, locality, region, lat, lon, status, details) in LANDPADS.items():
            landpads[key] = {"images": {"large": []}, "name": name, "full_name": full, "status": status,
                             "type": kind, "locality": locality, "region": region, "latitude": lat,
                             "longitude": lon, "landing_attempts": 0, "landing_successes": 0,
                             "wikipedia": "https://en.wikipedia.org/wiki/Autonomous_spaceport_drone_ship"
                             if kind == "ASDS" else "https://en.wikipedia.org/wiki/Landing_Zones_1_and_2",
                             "details": details, "launches": [], "id": self._id("landpads")}
            self.docs["landpads"].append(landpads[key])
        landpad_by_id = {d["id"]: d for d in landpads.values()}
        self._landpad_names = {d["id"]: d["name"] for d in landpads.values()}
        ships = {}
        for name, legacy, kind, roles, port, built, active in SHIPS:
            ships[name] = self._ship(name, legacy, kind, roles, port, built, active)
        for name, legacy in ASDS_SHIPS.values():
            ships[name] = self._ship(name, legacy, "Barge", ["ASDS barge"], "Port Canaveral", 2015, True)

        ship_roles = {s["id"]: s["roles"] for s in ships.values()}
        rows = world.spacex_snapshot
        # ~20 % of launches lose their LL2 link; only where (day, rocket) is unambiguous, so that the
        # documented fallback match can always succeed
        day_rocket: dict[tuple[str, str], int] = {}
        for row in rows:
            k = (time.strftime("%Y-%m-%d", time.gmtime(row[1])), C.CONFIGS[row[3]].spacex_rocket)
            day_rocket[k] = day_rocket.get(k, 0) + 1
        duplicate_at = {i for i in range(5, len(rows), max(25, len(rows) // 3))} if len(rows) > 10 else set()

        crew_docs: dict[int, dict] = {}
        core_pool: list[dict] = []
        capsule_pool: dict[str, list[dict]] = {}
        flight_number = 0
        starlink_rows = [r for r in rows if r[4] == "starlink" and r[1] <= self.freeze]
        per_launch = max(1, min(60, 4000 // max(1, len(starlink_rows))))
        norad = 44235
        for index, (key, net, status, cfg_id, kind, mission, pad, orbit, crew, llid, prec) in enumerate(rows):
            cfg = C.CONFIGS[cfg_id]
            rocket = self.rockets[cfg.spacex_rocket]
            launchpad = pads[PAD_MAP.get(pad, "slc40")]
            launch_id = self._id("launches")
            upcoming = net > self.freeze
            stale = not upcoming and net > self.freeze - STALE_WINDOW and rng.random() < 0.4
            flown = not upcoming and not stale
            success = None if not flown else status in (C.SUCCESS, C.PAYLOAD_DEPLOYED)
            if index not in duplicate_at:
                flight_number += 1
            day = time.strftime("%Y-%m-%d", time.gmtime(net))
            link = llid
            if day_rocket[(day, cfg.spacex_rocket)] == 1 and digest(seed, "llid", key, size=1)[0] < 52:
                link = None
            name = _spacex_name(mission, net)
            is_dragon = kind in ("crs", "crew_dragon", "ax")
            year = time.gmtime(net).tm_year

            west = PAD_MAP.get(pad) == "slc4e"
            cores = self._cores(rng, core_pool, landpads, cfg, net, year, flown, success, launch_id, index, kind, west)
            capsules = self._capsule(capsule_pool, kind, net, year, launch_id, flown) if is_dragon else []
            ship_ids = self._ships_for(rng, ships, cores, is_dragon, year, launch_id, flown)
            crew_refs = []
            for seat, astronaut_id in enumerate(crew):
                doc = crew_docs.get(astronaut_id)
                if doc is None:
                    a = world.astronauts[astronaut_id - 1]
                    agency = C.AGENCIES.get(a.agency)
                    doc = crew_docs[astronaut_id] = {
                        "name": a.name, "agency": agency.abbrev if agency else "NASA",
                        "image": f"https://images.liftoff.invalid/crew/{astronaut_id}.png",
                        "wikipedia": None, "launches": [], "status": "active", "id": self._id("crew")}
                    self.docs["crew"].append(doc)
                doc["launches"].append(launch_id)
                crew_refs.append({"crew": doc["id"], "role": ("Commander", "Pilot", "Mission Specialist",
                                                               "Mission Specialist")[min(seat, 3)]})
            payload_ids = [self._payload(rng, kind, mission, name, orbit, launch_id, capsules, year, net, flown)]
            if kind == "starlink" and flown:
                for _ in range(per_launch):
                    self._satellite(rng, name, net, launch_id, year, norad, launchpad)
                    norad += 1

            fairings = None if is_dragon else (
                {"reused": None, "recovery_attempt": None, "recovered": None, "ships": []} if not flown else
                {"reused": year >= 2019 and rng.random() < 0.4, "recovery_attempt": year >= 2018 and rng.random() < 0.6,
                 "recovered": False, "ships": []})
            if fairings and fairings["recovery_attempt"]:
                fairings["recovered"] = rng.random() < 0.8
                fairings["ships"] = [s for s in ship_ids if "Fairing Recovery" in ship_roles[s]]
            failures = []
            if success is False:
                failures = [{"time": rng.randrange(30, 600), "altitude": None,
                             "reason": ("second stage anomaly", "engine failure", "loss of vehicle")[rng.randrange(3)]}]
            youtube = "".join("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"[b % 64]
                              for b in digest(seed, "yt", key, size=11))
            doc = {
                "fairings": fairings,
                "links": {"patch": {"small": None, "large": None} if not flown else
                          {"small": f"https://images.liftoff.invalid/patch/{launch_id}_s.png",
                           "large": f"https://images.liftoff.invalid/patch/{launch_id}_l.png"},
                          "reddit": {"campaign": None, "launch": None, "media": None, "recovery": None},
                          "flickr": {"small": [], "original": []}, "presskit": None,
                          "webcast": f"https://youtu.be/{youtube}" if year >= 2010 else None,
                          "youtube_id": youtube if year >= 2010 else None, "article": None,
                          "wikipedia": None},
                "static_fire_date_utc": utc_ms(net - 3 * DAY - net % DAY) if flown and rng.random() < 0.5 else None,
                "static_fire_date_unix": None,
                "net": False,
                "window": None if upcoming else (0 if rng.random() < 0.6 else rng.randrange(1, 8) * 1800),
                "rocket": rocket["id"], "success": success, "failures": failures,
                "details": None if upcoming else f"{cfg.full_name} launches {name}.",
                "crew": crew_refs, "ships": ship_ids, "capsules": capsules, "payloads": payload_ids,
                "launchpad": launchpad["id"], "flight_number": flight_number, "name": name,
                "date_utc": utc_ms(net), "date_unix": net, "date_local": local_iso(net, launchpad["timezone"]),
                "date_precision": PRECISION.get(prec, "hour"), "upcoming": upcoming or stale,
                "cores": cores, "auto_update": True, "tbd": False, "launch_library_id": link, "id": launch_id,
            }
            if doc["static_fire_date_utc"]:
                doc["static_fire_date_unix"] = calendar.timegm(time.strptime(doc["static_fire_date_utc"][:19],
                                                                             "%Y-%m-%dT%H:%M:%S"))
            self.docs["launches"].append(doc)
            launchpad["launches"].append(launch_id)
            if rocket["id"] not in launchpad["rockets"]:
                launchpad["rockets"].append(rocket["id"])
            if flown:
                launchpad["launch_attempts"] += 1
                launchpad["launch_successes"] += 1 if success else 0
            for core in cores:
                if core["landpad"] and core["landing_attempt"]:
                    pad_doc = landpad_by_id[core["landpad"]]
                    pad_doc["landing_attempts"] += 1
                    pad_doc["landing_successes"] += 1 if core["landing_success"] else 0
                    pad_doc["launches"].append(launch_id)
        self._finish_cores(core_pool)
        self._history(rows)
        self._extra_launches(world, pads)

    def _extra_launches(self, world: World, pads: dict[str, dict]) -> None:
        """Records r-spacex has and the LL2 world does not mirror one to one, deterministic per seed:
        `UNMATCHED` launches on days the LL2 world has no launch at all (no LL2 id, no same-day
        candidate), and `DUPLICATES` second records naming the LL2 id of an earlier record (same
        name and date, no cores or payloads of their own). Each is inserted in date order; the ids
        are listed in `self.unmatched_ids` and `self.duplicate_of` (duplicate id -> original id)."""
        self.unmatched_ids: list[str] = []
        self.duplicate_of: dict[str, str] = {}
        launches = self.docs["launches"]
        flown = [d for d in launches if d["success"] is not None and not d["crew"] and d["cores"]
                 and d["rocket"] == self.rockets["Falcon 9"]["id"]]
        if not flown:
            return
        rng = rng_for("liftoff-spacex-extra", self.seed)
        extras: list[dict] = []
        # duplicate records of linked launches that carry no satellites (those link to the original)
        starlink_launches = {s["launch"] for s in self.docs["starlink"]}
        linked = [d for d in flown if d["launch_library_id"] and d["id"] not in starlink_launches]
        for original in sorted(rng.sample(linked, min(DUPLICATES, len(linked))), key=lambda d: d["date_unix"]):
            dup = {**original, "id": self._id("launches"), "cores": [], "payloads": [], "ships": [],
                   "capsules": [], "crew": [], "failures": list(original["failures"]),
                   "links": {**original["links"], "reddit": dict(original["links"]["reddit"])}}
            # appended so that `_id` (numbered by the collection's length) gives the next id;
            # cut off and re-inserted in date order below
            self.docs["launches"].append(dup)
            self.duplicate_of[dup["id"]] = original["id"]
            extras.append(dup)
        # launches on days without any LL2 launch: SpaceX-only
        ll2_days = {int(world.net[k]) // DAY for k in range(len(world.net))}
        lo = max(calendar.timegm((2010, 6, 4, 0, 0, 0)), flown[0]["date_unix"])
        hi = min(self.freeze - STALE_WINDOW, flown[-1]["date_unix"])
        template = flown[-1]
        nets: list[int] = []
        for _ in range(1000):
            if len(nets) == UNMATCHED or hi <= lo:
                break
            net = rng.randrange(lo, hi) // 3600 * 3600
            if net // DAY not in ll2_days:
                ll2_days.add(net // DAY)
                nets.append(net)
        for number, net in enumerate(sorted(nets), 1):
            launch_id = self._id("launches")
            name = f"Rideshare Pathfinder {number}"
            year = time.gmtime(net).tm_year
            payload = self._payload(rng, "bandwagon", name, name, C.LEO, launch_id, [], year, net, True)
            launchpad = pads["slc40"]
            doc = {**template, "id": launch_id, "name": name, "launch_library_id": None, "success": True,
                   "upcoming": False, "failures": [], "cores": [], "payloads": [payload], "ships": [],
                   "capsules": [], "crew": [], "fairings": None, "static_fire_date_utc": None,
                   "static_fire_date_unix": None, "window": 0, "launchpad": launchpad["id"],
                   "details": f"Falcon 9 launches {name}.", "date_utc": utc_ms(net), "date_unix": net,
                   "date_local": local_iso(net, launchpad["timezone"]), "date_precision": "hour",
                   "links": {**template["links"], "reddit": dict(template["links"]["reddit"]),
                             "patch": {"small": f"https://images.liftoff.invalid/patch/{launch_id}_s.png",
                                       "large": f"https://images.liftoff.invalid/patch/{launch_id}_l.png"},
                             "webcast": None, "youtube_id": None}}
            launchpad["launches"].append(launch_id)
            launchpad["launch_attempts"] += 1
            launchpad["launch_successes"] += 1
            self.docs["launches"].append(doc)
            self.unmatched_ids.append(launch_id)
            extras.append(doc)
        # every record in date order (a duplicate right after its original), flight numbers as they fall
        del self.docs["launches"][len(launches) - len(extras):]
        for doc in extras:
            dates = [d["date_unix"] for d in launches]
            at = bisect.bisect_right(dates, doc["date_unix"])
            if doc["id"] not in self.duplicate_of:
                doc["flight_number"] = launches[at - 1]["flight_number"] if at else 1
            launches.insert(at, doc)

    def _ship(self, name, legacy, kind, roles, port, built, active) -> dict:
        h = digest(self.seed, "ship", name, size=6)
        doc = {"legacy_id": legacy, "type": kind, "roles": roles, "imo": 7000000 + int.from_bytes(h[:3], "big") % 999999,
               "mmsi": 367000000 + int.from_bytes(h[3:6], "big") % 999999, "abs": None, "class": None,
               "mass_kg": None, "mass_lbs": None, "year_built": built, "home_port": port, "status": "",
               "link": None, "image": f"https://images.liftoff.invalid/ships/{legacy.lower()}.jpg", "name": name,
               "active": active, "launches": [], "id": self._id("ships")}
        self.docs["ships"].append(doc)
        return doc

    def _cores(self, rng, pool, landpads, cfg, net, year, flown, success, launch_id, index, kind, west) -> list[dict]:
        """Boosters: new or reused from a pool, with landing attempts by era; FH flies three."""
        count = 3 if cfg.spacex_rocket == "Falcon Heavy" else 1
        block = 5 if cfg.variant == "Block 5" or cfg.spacex_rocket == "Falcon Heavy" else \
            4 if cfg.variant == "Full Thrust" else 1 if cfg.variant in ("v1.0", "v1.1") else None
        out = []
        for position in range(count):
            if block is None and index < 2 and flown:
                # the earliest records never got a core assigned
                out.append({"core": None, "flight": 1, "gridfins": False, "legs": False, "reused": False,
                            "landing_attempt": False, "landing_success": None, "landing_type": None,
                            "landpad": None})
                continue
            reusable = block in (4, 5) and year >= 2017
            core = None
            if reusable and flown is not None:
                p_reuse = {2017: 0.25, 2018: 0.45, 2019: 0.6, 2020: 0.8}.get(year, 0.9 if year > 2020 else 0)
                if pool and rng.random() < p_reuse:
                    core = self._ready_core(rng, pool, block, net)
            if core is None:
                core = self._new_core(pool, cfg, block, year)
            reused = bool(core["launches"])
            if not flown:
                entry = {"core": None if rng.random() < 0.5 else core["id"], "flight": len(core["launches"]) + 1,
                         "gridfins": block is not None, "legs": block is not None, "reused": reused,
                         "landing_attempt": None, "landing_success": None, "landing_type": None, "landpad": None}
                if entry["core"]:
                    core["launches"].append(launch_id)
                out.append(entry)
                continue
            attempt = (block in (4, 5) and rng.random() < 0.9) or (block == 1 and year >= 2014 and rng.random() < 0.5)
            if position == 0 and count == 3:
                attempt = attempt and rng.random() < 0.5        # FH centre cores are often expended
            rtls = attempt and (kind in ("crs", "transporter", "test") or (count == 3 and position)) and year >= 2015
            landing_type = None if not attempt else "RTLS" if rtls else "ASDS" if year >= 2015 else "Ocean"
            rate = 0.4 if year <= 2015 else 0.75 if year == 2016 else 0.95 if year < 2019 else 0.985
            landed = bool(attempt and success and rng.random() < rate)
            landpad = None
            if landing_type == "RTLS":
                landpad = landpads["lz4" if west else "lz2" if count == 3 and position == 2 else "lz1"]["id"]
            elif landing_type == "ASDS":
                # the drone ships swapped coasts in 2021
                ship = ("jrti" if year < 2021 else "ocisly") if west else \
                    "ocisly" if year < 2021 else ("jrti", "asog")[rng.randrange(2)]
                landpad = landpads[ship]["id"]
            entry = {"core": core["id"], "flight": len(core["launches"]) + 1, "gridfins": block is not None,
                     "legs": block is not None, "reused": reused, "landing_attempt": attempt,
                     "landing_success": landed if attempt else None, "landing_type": landing_type, "landpad": landpad}
            core["launches"].append(launch_id)
            core["reuse_count"] = len(core["launches"]) - 1
            if landing_type == "RTLS":
                core["rtls_attempts"] += 1
                core["rtls_landings"] += 1 if landed else 0
            elif landing_type == "ASDS":
                core["asds_attempts"] += 1
                core["asds_landings"] += 1 if landed else 0
            core["_ready"] = net + rng.randrange(21, 90) * DAY
            if not landed:
                core["status"] = "lost" if attempt or not success else "expended"
                core["last_update"] = "Lost during landing attempt" if attempt else "Expended on this mission"
                core["_gone"] = True        # dropped from the pool lazily, see _ready_core
            else:
                core["last_update"] = f"Landed on {landing_type} after flight {entry['flight']}"
            out.append(entry)
        return out

    @staticmethod
    def _ready_core(rng, pool: list[dict], block, net: int) -> dict | None:
        """A few random probes into the fleet (a full scan per launch is quadratic at scale)."""
        for _ in range(8):
            if not pool:
                return None
            i = rng.randrange(len(pool))
            core = pool[i]
            if core["_gone"] or core["reuse_count"] >= 14:
                pool[i] = pool[-1]
                pool.pop()
                continue
            if core["_ready"] <= net and core["_block"] == block:
                return core
        return None

    def _new_core(self, pool, cfg, block, year) -> dict:
        n = len(self.docs["cores"])
        serial = f"Merlin{n + 1}A" if block is None else (f"B{3 + n:04d}" if block == 1 and year < 2013 else f"B{1000 + n}")
        core = {"block": block, "reuse_count": 0, "rtls_attempts": 0, "rtls_landings": 0, "asds_attempts": 0,
                "asds_landings": 0, "last_update": None, "launches": [], "serial": serial, "status": "active",
                "id": self._id("cores"), "_ready": 0, "_block": block, "_gone": False}
        self.docs["cores"].append(core)
        if block in (4, 5):
            pool.append(core)
        return core

    def _finish_cores(self, pool) -> None:
        for core in self.docs["cores"]:
            if core["status"] == "active":
                if core["_block"] not in (5,):
                    core["status"] = "retired" if core["launches"] else "unknown"
                elif not core["launches"]:
                    core["status"] = "unknown"
            del core["_ready"], core["_block"], core["_gone"]

    def _capsule(self, pool, kind, net, year, launch_id, flown) -> list[str]:
        family = "crew" if kind in ("crew_dragon", "ax") else "cargo1" if year < 2020 else "cargo2"
        fleet = pool.setdefault(family, [])
        limit = {"crew": 4, "cargo1": 13, "cargo2": 3}[family]
        if len(fleet) < limit:
            serial = {"crew": ("C206", "C207", "C210", "C212"), "cargo2": ("C208", "C209", "C211")}.get(family)
            serial = serial[len(fleet)] if serial else f"C{101 + len(fleet)}"
            capsule = {"reuse_count": 0, "water_landings": 0, "land_landings": 0, "last_update": None,
                       "launches": [], "serial": serial, "status": "active",
                       "type": "Dragon 2.0" if family != "cargo1" else "Dragon 1.0" if year < 2014 else "Dragon 1.1",
                       "id": self._id("capsules")}
            self.docs["capsules"].append(capsule)
            fleet.append(capsule)
        else:   # the least-flown capsule of the fleet flies next
            capsule = min(fleet, key=lambda c: (len(c["launches"]), c["serial"]))
        capsule["launches"].append(launch_id)
        capsule["reuse_count"] = len(capsule["launches"]) - 1
        if flown:
            capsule["water_landings"] += 1
            capsule["last_update"] = "Recovered after splashdown"
        if family == "cargo1" and year >= 2020:
            capsule["status"] = "retired"
        return [capsule["id"]]

    def _ships_for(self, rng, ships, cores, is_dragon, year, launch_id, flown) -> list[str]:
        if not flown:
            return []
        names = []
        for core in cores:
            if core["landing_type"] == "ASDS" and core["landpad"]:
                for key, (full, _legacy) in ASDS_SHIPS.items():
                    if self._landpad_names[core["landpad"]] == key.upper():
                        names += [full, "Elsbeth III" if year < 2020 else "Finn Falgout"]
        if is_dragon:
            names.append(("GO Searcher", "GO Navigator") [rng.randrange(2)] if year < 2021 else ("Megan", "Shannon")[rng.randrange(2)])
        elif year >= 2018 and rng.random() < 0.6:
            names.append(("GO Ms Tree", "GO Ms Chief")[rng.randrange(2)] if year < 2021 else ("Bob", "Doug")[rng.randrange(2)])
        out = []
        for name in dict.fromkeys(names):
            ship = ships[name]
            ship["launches"].append(launch_id)
            out.append(ship["id"])
        return out

    def _payload(self, rng, kind, mission, name, orbit, launch_id, capsules, year, net, flown) -> str:
        code, regime = ORBIT_CODES.get(orbit, ("LEO", "low-earth"))
        dragon_kind = kind in ("crs", "crew_dragon", "ax")
        if dragon_kind:
            code, regime = "ISS", "low-earth"
        mass = {"starlink": 15600, "crs": 2500, "crew_dragon": 500, "ax": 500}.get(kind, rng.randrange(200, 6500))
        if kind == "comsat" or code in ("GTO", "GEO"):
            mass = rng.randrange(3000, 7000)
        customer = CUSTOMERS.get(kind) or mission.split()[0]
        doc = {
            "dragon": {"capsule": capsules[0] if capsules else None,
                       "mass_returned_kg": rng.randrange(900, 2500) if dragon_kind and flown else None,
                       "mass_returned_lbs": None, "flight_time_sec": None, "manifest": None,
                       "water_landing": True if dragon_kind else None, "land_landing": False if dragon_kind else None},
            "name": name,
            "type": ("Crew Dragon" if kind in ("crew_dragon", "ax") else
                     ("Dragon 1.0" if year < 2014 else "Dragon 1.1" if year < 2020 else "Dragon 2.0")
                     if kind == "crs" else "Satellite"),
            "reused": bool(capsules) and rng.random() < 0.5,
            "launch": launch_id, "customers": [customer], "norad_ids": [] if not flown else [40000 + rng.randrange(20000)],
            "nationalities": ["United States"], "manufacturers": ["SpaceX"] if kind in ("starlink",) or dragon_kind else
            [("Boeing", "Lockheed Martin", "Maxar", "Thales Alenia Space", "Airbus")[rng.randrange(5)]],
            "mass_kg": mass, "mass_lbs": round(mass * 2.20462, 1), "orbit": code, "reference_system":
            "heliocentric" if code == "HCO" else "geocentric", "regime": regime, "longitude": None,
            "semi_major_axis_km": None, "eccentricity": None,
            "periapsis_km": None if not flown else rng.randrange(200, 550),
            "apoapsis_km": None if not flown else rng.randrange(550, 36000 if code in ("GTO",) else 600),
            "inclination_deg": None if not flown else round(rng.uniform(26, 98), 2),
            "period_min": None, "lifespan_years": rng.choice([5, 10, 15]) if not dragon_kind else None,
            "epoch": None, "mean_motion": None, "raan": None, "arg_of_pericenter": None, "mean_anomaly": None,
            "id": self._id("payloads"),
        }
        if doc["dragon"]["mass_returned_kg"]:
            doc["dragon"]["mass_returned_lbs"] = round(doc["dragon"]["mass_returned_kg"] * 2.20462, 1)
        self.docs["payloads"].append(doc)
        return doc["id"]

    def _satellite(self, rng, launch_name, net, launch_id, year, norad, launchpad) -> None:
        version = "v0.9" if year < 2019 or (year == 2019 and time.gmtime(net).tm_mon < 7) else \
            "v1.0" if year < 2021 or (year == 2021 and time.gmtime(net).tm_mon < 9) else "v1.5"
        decayed = version == "v0.9" or rng.random() < 0.05
        seq = len(self.docs["starlink"])
        inclination = 53.05 if version != "v1.5" or rng.random() < 0.5 else 70.0 if rng.random() < 0.5 else 97.6
        mean_motion = round(15.06 + rng.random() * 0.05, 8) if not decayed else round(16.2 + rng.random() * 0.2, 8)
        semi_major = round((398600.4418 / (mean_motion * 2 * math.pi / 86400) ** 2) ** (1 / 3), 3)
        height = round(semi_major - 6378.135, 3)
        epoch_ts = min(self.freeze, net + 30 * DAY) if not decayed else net + rng.randrange(20, 400) * DAY
        epoch_ts = min(epoch_ts, self.freeze)
        tm = time.gmtime(epoch_ts)
        epoch_day = tm.tm_yday + (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) / 86400
        launch_seq = (seq // 60) % 200 + 1
        piece = _piece(seq % 60)
        object_id = f"{year}-{launch_seq:03d}{piece}"
        ecc, raan, argp, anomaly = round(rng.uniform(0.0001, 0.0003), 7), round(rng.uniform(0, 360), 4), \
            round(rng.uniform(0, 360), 4), round(rng.uniform(0, 360), 4)
        line1 = _tle_checksum(f"1 {norad:05d}U {str(year)[2:]}{launch_seq:03d}{piece:<3} {tm.tm_year % 100:02d}"
                              f"{epoch_day:012.8f}  .00001103  00000-0  94850-4 0  999")
        line2 = _tle_checksum(f"2 {norad:05d} {inclination:8.4f} {raan:8.4f} {str(f'{ecc:.7f}')[2:]} {argp:8.4f} "
                              f"{anomaly:8.4f} {mean_motion:11.8f}{(epoch_ts - net) // 5700 % 100000:5d}")
        decay_date = time.strftime("%Y-%m-%d", time.gmtime(epoch_ts)) if decayed else None
        doc = {
            "spaceTrack": {
                "CCSDS_OMM_VERS": "2.0", "COMMENT": "GENERATED VIA SPACE-TRACK.ORG API",
                "CREATION_DATE": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.freeze - 3600)),
                "ORIGINATOR": "18 SPCS", "OBJECT_NAME": f"STARLINK-{seq + 1}", "OBJECT_ID": object_id,
                "CENTER_NAME": "EARTH", "REF_FRAME": "TEME", "TIME_SYSTEM": "UTC", "MEAN_ELEMENT_THEORY": "SGP4",
                "EPOCH": time.strftime("%Y-%m-%dT%H:%M:%S", tm) + ".000000", "MEAN_MOTION": mean_motion,
                "ECCENTRICITY": ecc, "INCLINATION": inclination, "RA_OF_ASC_NODE": raan,
                "ARG_OF_PERICENTER": argp, "MEAN_ANOMALY": anomaly, "EPHEMERIS_TYPE": 0,
                "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": norad, "ELEMENT_SET_NO": 999,
                "REV_AT_EPOCH": int((epoch_ts - net) / 86400 * mean_motion), "BSTAR": 0.000094850,
                "MEAN_MOTION_DOT": 0.00001103, "MEAN_MOTION_DDOT": 0, "SEMIMAJOR_AXIS": semi_major,
                "PERIOD": round(1440 / mean_motion, 3), "APOAPSIS": round(height + semi_major * ecc, 3),
                "PERIAPSIS": round(height - semi_major * ecc, 3), "OBJECT_TYPE": "PAYLOAD", "RCS_SIZE": "LARGE",
                "COUNTRY_CODE": "US", "LAUNCH_DATE": time.strftime("%Y-%m-%d", time.gmtime(net)),
                "SITE": "AFWTR" if launchpad["name"].startswith("VAFB") else "AFETR", "DECAY_DATE": decay_date,
                "DECAYED": 1 if decayed else 0, "FILE": 3600000 + seq, "GP_ID": 210000000 + seq,
                "TLE_LINE0": f"0 STARLINK-{seq + 1}", "TLE_LINE1": line1, "TLE_LINE2": line2,
            },
            "launch": launch_id, "version": version,
            "height_km": None if decayed else round(height + rng.uniform(-5, 5), 3),
            "latitude": None if decayed else round(rng.uniform(-inclination, inclination), 4),
            "longitude": None if decayed else round(rng.uniform(-180, 180), 4),
            "velocity_kms": None if decayed else round(7.6 + rng.random() * 0.02, 5),
            "id": self._id("starlink"),
        }
        self.docs["starlink"].append(doc)

    def _history(self, rows) -> None:
        milestones = [("Falcon reaches Earth orbit", "RatSat",
                       "Falcon 1 becomes the first privately developed liquid-fuel rocket to reach orbit."),
                      ("Dragon berths with the ISS", "COTS Demo Flight 2",
                       "Dragon becomes the first commercial spacecraft to visit the space station."),
                      ("First crewed Dragon flight", "Crew Dragon Demo-2",
                       "Two astronauts fly to the ISS aboard Crew Dragon.")]
        for title, mission, details in milestones:
            match = next((r for r in rows if r[5] == mission), None)
            if match is None:
                continue
            self.docs["history"].append({"links": {"article": None}, "title": title,
                                         "event_date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(match[1])),
                                         "event_date_unix": match[1], "details": details,
                                         "id": self._id("history")})

    def _company(self) -> dict:
        return {"headquarters": {"address": "1 Rocket Road", "city": "Hawthorne", "state": "California"},
                "links": {"website": "https://www.spacex.com/", "flickr": "https://www.flickr.com/photos/spacex/",
                          "twitter": "https://twitter.com/SpaceX", "elon_twitter": "https://twitter.com/elonmusk"},
                "name": "SpaceX", "founder": "Elon Musk", "founded": 2002, "employees": 12000, "vehicles": 4,
                "launch_sites": 3, "test_sites": 3, "ceo": "Elon Musk", "cto": "Elon Musk",
                "coo": "Gwynne Shotwell", "cto_propulsion": "Tom Mueller", "valuation": 127000000000,
                "summary": "SpaceX designs, manufactures and launches rockets and spacecraft, with the aim of "
                           "making life multiplanetary.",
                "id": oid("company", 0, self.seed)}


def _spacex_name(mission: str, net: int) -> str:
    """r-spacex names Starlink launches differently from LL2 ("Starlink 4-5 (v1.5)")."""
    m = re.match(r"Starlink Group (\d+)-(\d+)$", mission)
    if not m:
        return mission
    year = time.gmtime(net).tm_year
    version = "v0.9" if year < 2019 else "v1.0" if year < 2021 else "v1.5"
    return f"Starlink {m.group(1)}-{m.group(2)} ({version})"


def _piece(i: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return letters[i] if i < len(letters) else letters[i // len(letters) - 1] + letters[i % len(letters)]


def _tle_checksum(line: str) -> str:
    line = line[:68].ljust(68)
    total = sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line)
    return line + str(total % 10)


# --------------------------------------------------------------------------------------------
# HTTP front-end, with a small mongo-style query engine
# --------------------------------------------------------------------------------------------
POPULATE = {  # resource -> reference field -> referenced resource
    "launches": {"rocket": "rockets", "launchpad": "launchpads", "payloads": "payloads", "capsules": "capsules",
                 "ships": "ships", "crew": "crew", "cores.core": "cores", "cores.landpad": "landpads",
                 "crew.crew": "crew"},
    "payloads": {"launch": "launches", "dragon.capsule": "capsules"},
    "cores": {"launches": "launches"}, "capsules": {"launches": "launches"}, "crew": {"launches": "launches"},
    "ships": {"launches": "launches"}, "starlink": {"launch": "launches"},
    "launchpads": {"rockets": "rockets", "launches": "launches"}, "landpads": {"launches": "launches"},
}


class SpaceXApi:
    def __init__(self, world: World, data=None):
        self.world = world
        self._data: SpaceXWorld | None = data   # None: derived from the synthetic world on first use
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], bytes] = {}

    @property
    def data(self) -> SpaceXWorld:
        with self._lock:
            if self._data is None:
                self._data = SpaceXWorld(self.world)
            return self._data

    def docs(self, resource: str, version: str = "v4") -> list[dict]:
        docs = self.data.docs[resource]
        if resource == "launches" and version == "v4":
            return [_as_v4(d) for d in docs]
        return docs

    def handle(self, req: Request) -> Response:
        parts = req.path.strip("/").split("/")
        version = parts[0]
        if version not in ("v4", "v5") or len(parts) < 2:
            return text_response("Not Found", 404, "text/plain; charset=utf-8")
        resource = parts[1]
        if resource == "company" and len(parts) == 2 and req.method == "GET":
            return json_response(self.data.company)
        if resource not in RESOURCES or (version == "v5" and resource != "launches"):
            return text_response("Not Found", 404, "text/plain; charset=utf-8")
        if len(parts) == 2 and req.method == "GET":
            return self._all(resource, version)
        if len(parts) == 3 and parts[2] == "query" and req.method == "POST":
            try:
                body = req.json() or {}
            except ValueError:
                return json_response({"error": "Request body is not valid JSON"}, 400)
            if not isinstance(body, dict):
                return json_response({"error": "Request body must be an object"}, 400)
            try:
                return json_response(self.query(resource, version, body.get("query") or {}, body.get("options") or {}))
            except (TypeError, ValueError, KeyError) as exc:
                return json_response({"error": f"Invalid query: {exc}"}, 400)
        if len(parts) == 3 and req.method == "GET":
            ident = parts[2]
            if resource == "launches" and ident in ("latest", "next", "past", "upcoming"):
                return json_response(self._launch_view(ident, version))
            doc = self.data.by_id[resource].get(ident)
            if doc is None:
                return text_response("Not Found", 404, "text/plain; charset=utf-8")
            return json_response(_as_v4(doc) if resource == "launches" and version == "v4" else doc)
        return text_response("Not Found", 404, "text/plain; charset=utf-8")

    def _all(self, resource: str, version: str) -> Response:
        key = (resource, version)
        body = self._cache.get(key)
        if body is None:
            body = self._cache[key] = dumps(self.docs(resource, version))
        return Response(200, body)

    def _launch_view(self, which: str, version: str):
        docs = self.docs("launches", version)
        if which == "past":
            return [d for d in docs if not d["upcoming"]]
        if which == "upcoming":
            return [d for d in docs if d["upcoming"]]
        if which == "latest":
            past = [d for d in docs if not d["upcoming"]]
            return past[-1] if past else None
        future = [d for d in docs if d["upcoming"]]
        return future[0] if future else None

    # -- query ---------------------------------------------------------------------------------
    def query(self, resource: str, version: str, query: dict, options: dict) -> dict:
        docs = [d for d in self.docs(resource, version) if _matches(d, query)]
        sort = options.get("sort")
        if sort:
            for field_name, direction in reversed(_sort_spec(sort)):
                docs.sort(key=lambda d, f=field_name: _sort_key(_get(d, f)), reverse=direction < 0)
        total = len(docs)
        paginate = options.get("pagination", True) is not False
        limit = int(options.get("limit", 10) or 10) if paginate else max(total, 1)
        if "offset" in options and paginate:
            offset = max(0, int(options["offset"]))
            page = offset // limit + 1
        else:
            page = max(1, int(options.get("page", 1) or 1)) if paginate else 1
            offset = (page - 1) * limit
        selected = docs[offset: offset + limit] if paginate else docs
        populate = options.get("populate")
        if populate:
            selected = [self._populate(resource, d, populate, version) for d in selected]
        select = options.get("select")
        if select:
            selected = [_select(d, select) for d in selected]
        total_pages = max(1, math.ceil(total / limit)) if paginate else 1
        return {"docs": selected, "totalDocs": total, "offset": offset, "limit": limit if paginate else total,
                "totalPages": total_pages, "page": page, "pagingCounter": offset + 1 if paginate else 1,
                "hasPrevPage": page > 1, "hasNextPage": page < total_pages,
                "prevPage": page - 1 if page > 1 else None, "nextPage": page + 1 if page < total_pages else None}

    def _populate(self, resource: str, doc: dict, populate, version: str) -> dict:
        paths = []
        for p in populate if isinstance(populate, list) else [populate]:
            if isinstance(p, str):
                paths += p.split()
            elif isinstance(p, dict) and "path" in p:
                paths.append(p["path"])
        out = dict(doc)
        refs = POPULATE.get(resource, {})
        for path in paths:
            target = refs.get(path)
            if target is None:
                continue
            lookup = self.data.by_id[target]

            def resolve(v, lookup=lookup, target=target):
                d = lookup.get(v) if isinstance(v, str) else v
                return _as_v4(d) if d is not None and target == "launches" and version == "v4" else d
            head, _, sub = path.partition(".")
            value = out.get(head)
            if sub and isinstance(value, list):
                out[head] = [dict(item, **{sub: resolve(item.get(sub))}) if isinstance(item, dict) else item
                             for item in value]
            elif sub and isinstance(value, dict):
                out[head] = dict(value, **{sub: resolve(value.get(sub))})
            elif isinstance(value, list):
                out[head] = [resolve(v) for v in value]
            elif value is not None:
                out[head] = resolve(value)
        return out


def _as_v4(doc: dict) -> dict:
    """v4 launches list crew members by id; v5 adds their role."""
    if doc is None or not doc.get("crew") or not isinstance(doc["crew"][0], dict):
        return doc
    out = dict(doc)
    out["crew"] = [c["crew"] for c in doc["crew"]]
    return out


def _get(doc, path: str):
    value = doc
    for part in path.split("."):
        if isinstance(value, list):
            value = [v.get(part) if isinstance(v, dict) else None for v in value]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _cmp_value(v):
    if isinstance(v, str) and len(v) >= 10 and v[4:5] == "-" and v[7:8] == "-":
        try:
            return datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return v
    return v


def _compare(value, op: str, arg) -> bool:
    values = value if isinstance(value, list) else [value]
    a = _cmp_value(arg)
    for v in values:
        v = _cmp_value(v)
        try:
            if (op == "$gt" and v > a) or (op == "$gte" and v >= a) or (op == "$lt" and v < a) or (op == "$lte" and v <= a):
                return True
        except TypeError:
            continue
    return False


def _equals(value, arg) -> bool:
    if isinstance(value, list) and not isinstance(arg, list):
        return arg in value
    return value == arg


def _matches(doc: dict, query: dict) -> bool:
    for key, cond in query.items():
        if key == "$and":
            if not all(_matches(doc, q) for q in cond):
                return False
            continue
        if key == "$or":
            if not any(_matches(doc, q) for q in cond):
                return False
            continue
        if key == "$nor":
            if any(_matches(doc, q) for q in cond):
                return False
            continue
        value = _get(doc, key)
        if isinstance(cond, dict) and cond and all(k.startswith("$") for k in cond):
            for op, arg in cond.items():
                if op == "$eq" and not _equals(value, arg):
                    return False
                if op == "$ne" and _equals(value, arg):
                    return False
                if op == "$in" and not any(_equals(value, a) for a in arg):
                    return False
                if op == "$nin" and any(_equals(value, a) for a in arg):
                    return False
                if op in ("$gt", "$gte", "$lt", "$lte") and not _compare(value, op, arg):
                    return False
                if op == "$exists" and (value is not None) != bool(arg):
                    return False
                if op == "$regex":
                    flags = re.IGNORECASE if "i" in str(cond.get("$options", "")) else 0
                    texts = value if isinstance(value, list) else [value]
                    if not any(isinstance(t, str) and re.search(arg, t, flags) for t in texts):
                        return False
                if op == "$size" and (not isinstance(value, list) or len(value) != arg):
                    return False
        elif not _equals(value, cond):
            return False
    return True


def _sort_spec(sort) -> list[tuple[str, int]]:
    if isinstance(sort, str):
        return [(t.lstrip("-"), -1 if t.startswith("-") else 1) for t in sort.split()]
    out = []
    for field_name, direction in sort.items():
        d = str(direction).lower()
        out.append((field_name, -1 if d in ("-1", "desc", "descending") else 1))
    return out


def _sort_key(value):
    # mongo orders null first; mixing types must not raise
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (2, value)
    if isinstance(value, str):
        return (3, value)
    return (4, str(value))


def _select(doc: dict, select) -> dict:
    if isinstance(select, str):
        spec = {t.lstrip("-"): 0 if t.startswith("-") else 1 for t in select.split()}
    else:
        spec = {k: int(v) for k, v in select.items()}
    include = [k for k, v in spec.items() if v]
    if include:
        out = {k: doc[k] for k in include if k in doc}
        if spec.get("id", 1) and "id" in doc:
            out["id"] = doc["id"]
        return out
    return {k: v for k, v in doc.items() if spec.get(k, 1)}
