"""The fake LL2 + SpaceX server, exercised over real HTTP on a loopback port."""

from __future__ import annotations

import copy
import json
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from fake_apis import FakeApiServer, World
from fake_apis.control import Throttle
from tests.conftest import REFERENCE_DIR, require_shared

CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SCHEMA_PATH = REFERENCE_DIR / "ll2" / "ll_2.3.0.openapi.json"


@pytest.fixture(scope="module")
def fake():
    """A shared, unthrottled server for read-only tests. Tests that change state start their own."""
    with FakeApiServer(launches=1500, seed=11, clock=CLOCK, rate_limit_per_hour=0) as server:
        yield server


def get(url: str, **params) -> dict:
    response = requests.get(url, params=params, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def admin(server, method: str, path: str, body: dict | None = None):
    response = requests.request(method, f"{server.url}/_admin/{path}", json=body, timeout=30)
    assert response.status_code < 300, response.text
    return response.json()


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso_z(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------------------------
def test_list_envelope_has_absolute_links_with_limit_and_offset(fake):
    base = fake.ll2_base_url + "launches/"
    page = get(base, limit=5)
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == len(fake.world) and len(page["results"]) == 5
    assert page["previous"] is None
    assert page["next"] == f"{base}?limit=5&offset=5"

    second = get(page["next"])
    assert second["previous"] == f"{base}?limit=5"          # DRF drops offset=0 from the previous link
    assert second["next"] == f"{base}?limit=5&offset=10"
    assert {r["id"] for r in page["results"]}.isdisjoint(r["id"] for r in second["results"])

    last = get(base, limit=5, offset=page["count"] - 2)
    assert last["next"] is None and len(last["results"]) == 2


def test_links_keep_other_parameters_and_follow_the_host_header(fake):
    page = requests.get(fake.ll2_base_url + "launches/upcoming/", params={"mode": "list", "limit": 3, "search": "a"},
                        headers={"Host": "ll.example.test:8443"}, timeout=30).json()
    nxt = urlsplit(page["next"])
    assert nxt.netloc == "ll.example.test:8443" and nxt.path == "/2.3.0/launches/upcoming/"
    assert parse_qs(nxt.query) == {"limit": ["3"], "mode": ["list"], "offset": ["3"], "search": ["a"]}


def test_limit_defaults_to_10_and_is_capped_at_100(fake):
    base = fake.ll2_base_url + "launches/"
    assert len(get(base)["results"]) == 10
    page = get(base, limit=1000, mode="list")
    assert len(page["results"]) == 100
    assert "limit=100" in page["next"]
    assert len(get(base, limit="nonsense")["results"]) == 10


def test_paging_through_everything_visits_every_launch_once(fake):
    seen, url = [], fake.ll2_base_url + "launches/?limit=100&mode=list&ordering=last_updated"
    while url:
        page = get(url)
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == len(fake.world)


# ---------------------------------------------------------------------------------------------
# Filters and ordering
# ---------------------------------------------------------------------------------------------
def test_net_range_filters_accept_z_offsets_and_microseconds(fake):
    base = fake.ll2_base_url + "launches/"
    variants = [("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
                ("2020-01-01T00:00:00+00:00", "2021-01-01T00:00:00+00:00"),
                ("2020-01-01T00:00:00.000000Z", "2020-12-31T23:59:59.999999Z"),
                ("2020-01-01T01:00:00+01:00", "2021-01-01T01:00:00+01:00")]
    answers = []
    for lo, hi in variants:
        page = get(base, net__gte=lo, net__lte=hi, limit=100, mode="list")
        answers.append((page["count"], [r["id"] for r in page["results"]]))
        for r in page["results"]:
            assert datetime(2020, 1, 1, tzinfo=timezone.utc) <= ts(r["net"]) <= datetime(2021, 1, 1, tzinfo=timezone.utc)
    assert answers[0][0] > 10 and all(a == answers[0] for a in answers)
    nets = [ts(r["net"]) for r in get(base, net__gte="2020-01-01T00:00:00Z", limit=50)["results"]]
    assert nets == sorted(nets)


def test_strict_bounds_and_bad_dates(fake):
    base = fake.ll2_base_url + "launches/"
    first = get(base, limit=1, net__gte="2015-01-01T00:00:00Z")["results"][0]
    after = get(base, limit=1, net__gt=first["net"])["results"][0]
    assert ts(after["net"]) > ts(first["net"])
    before = get(base, limit=1, net__lt=first["net"], ordering="-net")["results"][0]
    assert ts(before["net"]) < ts(first["net"])
    response = requests.get(base, params={"net__gte": "not-a-date"}, timeout=30)
    assert response.status_code == 400 and "net__gte" in response.json()


def test_last_updated_window_ordered_ascending(fake):
    cutoff = CLOCK - timedelta(days=30)
    page = get(fake.ll2_base_url + "launches/", last_updated__gte=cutoff.isoformat(), ordering="last_updated",
               limit=100)
    stamps = [ts(r["last_updated"]) for r in page["results"]]
    assert stamps and stamps == sorted(stamps) and stamps[0] >= cutoff
    assert max(stamps) <= CLOCK
    world = fake.world
    expected = sum(1 for lu in world.lu if lu >= int(cutoff.timestamp()))
    assert page["count"] == expected


def test_orderings(fake):
    base = fake.ll2_base_url + "launches/"
    for field in ("net", "last_updated", "name", "id"):
        asc = [r[field] for r in get(base, ordering=field, limit=30, mode="list")["results"]]
        desc = [r[field] for r in get(base, ordering=f"-{field}", limit=30, mode="list")["results"]]
        key = ts if field in ("net", "last_updated") else str
        assert [key(v) for v in asc] == sorted(key(v) for v in asc)
        assert [key(v) for v in desc] == sorted((key(v) for v in desc), reverse=True)


def test_provider_crewed_suborbital_and_search_filters(fake):
    base = fake.ll2_base_url + "launches/"
    page = get(base, lsp__id="121,88", limit=100)
    assert page["count"] > 0
    assert {r["launch_service_provider"]["id"] for r in page["results"]} <= {121, 88}

    crewed = get(base, is_crewed="true", limit=100, mode="detailed")
    assert crewed["count"] > 0
    assert all(fake.world.is_crewed(fake.world.key_for_id(r["id"])) for r in crewed["results"])
    assert any(r["rocket"]["spacecraft_stage"] for r in crewed["results"])
    total = get(base, limit=1)["count"]
    assert get(base, is_crewed="false", limit=1)["count"] == total - crewed["count"]

    orbital = get(base, include_suborbital="false", limit=100, ordering="-net")
    assert orbital["count"] < total
    assert all(r["mission"]["orbit"]["abbrev"] != "Sub" for r in orbital["results"])

    found = get(base, search="starlink", limit=100, mode="list")
    assert found["count"] > 0 and all("starlink" in r["name"].lower() for r in found["results"])


def test_window_filters(fake):
    lo = "2024-01-01T00:00:00Z"
    page = get(fake.ll2_base_url + "launches/", window_start__gte=lo, window_start__lte="2024-06-30T00:00:00Z",
               limit=100, mode="list")
    assert page["count"] > 0
    for r in page["results"]:
        assert ts(lo) <= ts(r["window_start"]) <= ts("2024-06-30T00:00:00Z")
        assert ts(r["window_start"]) <= ts(r["net"]) <= ts(r["window_end"])


def test_moon_bound_launches_exist_including_upcoming(fake):
    moon = get(fake.ll2_base_url + "launches/", mission__orbit__celestial_body__id=2, limit=100)
    assert moon["count"] >= 3
    upcoming = get(fake.ll2_base_url + "launches/upcoming/", mission__orbit__celestial_body__id=2, limit=100)
    assert upcoming["count"] >= 1
    assert {r["mission"]["orbit"]["celestial_body"]["name"] for r in moon["results"]} == {"Moon"}


# ---------------------------------------------------------------------------------------------
# Upcoming / previous and the world's realism
# ---------------------------------------------------------------------------------------------
def test_upcoming_and_previous_split_at_the_clock(fake):
    clock = fake.world.clock
    upcoming = get(fake.ll2_base_url + "launches/upcoming/", limit=100)
    nets = [ts(r["net"]).timestamp() for r in upcoming["results"]]
    assert nets == sorted(nets) and nets[0] >= clock - 86400
    hidden = get(fake.ll2_base_url + "launches/upcoming/", hide_recent_previous="true", limit=100)
    assert all(ts(r["net"]).timestamp() >= clock for r in hidden["results"])
    assert hidden["count"] <= upcoming["count"]
    previous = get(fake.ll2_base_url + "launches/previous/", limit=100)
    nets = [ts(r["net"]).timestamp() for r in previous["results"]]
    assert nets == sorted(nets, reverse=True) and nets[0] < clock
    assert previous["count"] + hidden["count"] == len(fake.world)
    assert 0.85 * len(fake.world) < previous["count"] < 0.95 * len(fake.world)
    for r in hidden["results"]:
        assert r["status"]["abbrev"] in ("Go", "TBD", "TBC", "Hold")
        assert ts(r["last_updated"]) <= CLOCK
    for r in previous["results"][20:]:
        assert r["status"]["abbrev"] in ("Success", "Failure", "Partial Failure")


def test_detail_endpoint_and_404(fake):
    first = get(fake.ll2_base_url + "launches/", limit=1, mode="list")["results"][0]
    detail = get(first["url"])
    assert detail["id"] == first["id"] and detail["response_mode"] == "detailed"
    assert get(first["url"], mode="normal")["response_mode"] == "normal"
    missing = requests.get(fake.ll2_base_url + "launches/00000000-0000-4000-8000-000000000000/", timeout=30)
    assert missing.status_code == 404 and missing.json() == {"detail": "No Launch matches the given query."}
    redirect = requests.get(fake.ll2_base_url + "launches", allow_redirects=False, timeout=30)
    assert redirect.status_code == 301 and redirect.headers["Location"].endswith("/2.3.0/launches/")


def test_world_looks_like_spaceflight_history(fake):
    summary = admin(fake, "GET", "world")
    assert summary["launches"] == 1500
    providers = summary["by_provider"]
    assert "SpaceX" in providers and "China Aerospace Science and Technology Corporation" in providers
    assert summary["first_net"].startswith("1957-10-04")
    assert summary["crewed"] > 0 and summary["moon_bound_upcoming"] >= 1
    assert summary["max_last_updated"] <= "2026-11-20T12:00:00Z"
    pads = get(fake.ll2_base_url + "pads/", limit=100)["results"]
    lc39a = next(p for p in pads if p["name"] == "Launch Complex 39A")
    assert lc39a["latitude"] == pytest.approx(28.608, abs=0.01) and lc39a["location"]["country"]["alpha_3_code"] == "USA"
    configs = get(fake.ll2_base_url + "launcher_configurations/", limit=100, search="Falcon")["results"]
    assert any(c["full_name"] == "Falcon 9 Block 5" for c in configs)


# ---------------------------------------------------------------------------------------------
# Determinism and the time machine
# ---------------------------------------------------------------------------------------------
def test_same_arguments_give_identical_responses():
    bodies = []
    for _ in range(2):
        with FakeApiServer(launches=800, seed=5, clock=CLOCK, rate_limit_per_hour=0, port=0) as server:
            host = {"Host": "fake.test"}
            bodies.append([requests.get(server.ll2_base_url + path, headers=host, timeout=30).content for path in
                           ("launches/?limit=50&mode=detailed&offset=700", "launches/upcoming/?limit=20",
                            "agencies/?mode=detailed", "events/?limit=20")]
                          + [requests.get(server.spacex_base_url + "v5/launches", timeout=30).content])
    assert bodies[0] == bodies[1]
    other = World(launches=800, seed=6, clock=CLOCK)
    assert other.launch_id(0) != World(launches=800, seed=5, clock=CLOCK).launch_id(0)


_FINGERPRINT = """
import hashlib, sys
from datetime import datetime, timezone
from fake_apis import World
from fake_apis.ll2 import LL2Api
from fake_apis.spacex import SpaceXWorld
world = World(launches=700, seed=3, clock=datetime(2026, 11, 20, 12, tzinfo=timezone.utc))
world.advance(2 * 86400)
h = hashlib.sha256()
for launch_id in world.launch_ids()[::7]:
    h.update(repr(LL2Api(world).launch(launch_id, "detailed", "http://localhost/2.3.0/")).encode())
h.update(repr(SpaceXWorld(world).docs).encode())
print(h.hexdigest())
"""


def test_worlds_are_identical_across_processes():
    """Nothing may depend on Python's per-process string hashing (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    digests = {subprocess.run([sys.executable, "-c", _FINGERPRINT], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_time_machine_changes_some_launches_and_bumps_only_them():
    with FakeApiServer(launches=1500, seed=11, clock=CLOCK, rate_limit_per_hour=0) as server:
        world = server.world
        before = {world.launch_id(k): (world.net[k], world.status[k], world.lu[k]) for k in range(len(world))}
        answer = admin(server, "POST", "clock", {"advance_seconds": 10 * 86400})
        new_clock = int(ts(answer["clock"]).timestamp())
        assert new_clock == int(CLOCK.timestamp()) + 10 * 86400
        assert admin(server, "GET", "clock")["clock"] == answer["clock"]
        changed = set(answer["changed"])
        assert answer["launched"] and answer["rescheduled"]
        assert answer["updated"]
        assert 0 < len(changed - set(answer["announced"])) < 0.2 * len(before)
        for k in range(len(world)):
            launch_id = world.launch_id(k)
            if launch_id in changed:
                assert world.lu[k] == new_clock
            else:
                assert before[launch_id] == (world.net[k], world.status[k], world.lu[k])
        for launch_id in answer["launched"]:
            status = get(server.ll2_base_url + f"launches/{launch_id}/", mode="list")["status"]["abbrev"]
            assert status in ("Success", "Failure", "Partial Failure", "In Flight", "Payload Deployed")
        # an incremental sweep sees exactly what changed
        sweep = get(server.ll2_base_url + "launches/", last_updated__gte=answer["clock"], limit=100, mode="list")
        assert sweep["count"] == len(changed)
        assert set(answer["announced"]) <= changed and set(answer["announced"]) - set(before)

        later = server.world.advance(6 * 3600)
        assert len(later) > 0 and all(world.lu[k] == world.clock for k in later.changed_keys)
        assert list(later) == later.changed_ids == [world.launch_id(k) for k in later.changed_keys]
        assert all(server.launch(i, "list")["last_updated"] == iso_z(world.clock) for i in later)
        assert set(later) <= set(world.launch_ids()) and world.upcoming_ids() <= set(world.launch_ids())
        response = requests.post(f"{server.url}/_admin/clock", json={"to": "2020-01-01T00:00:00Z"}, timeout=30)
        assert response.status_code == 400


def test_time_machine_is_deterministic():
    results = []
    for _ in range(2):
        world = World(launches=1000, seed=9, clock=CLOCK)
        steps = [world.advance(s) for s in (3600, 86400, 10 * 86400)]
        results.append(([s.changed_ids for s in steps], world.summary()["by_status"]))
    assert results[0] == results[1]


# ---------------------------------------------------------------------------------------------
# Throttling
# ---------------------------------------------------------------------------------------------
def test_throttling_429_retry_after_and_free_throttle_endpoint():
    with FakeApiServer(launches=300, seed=1, clock=CLOCK, rate_limit_per_hour=3) as server:
        url = server.ll2_base_url + "launches/"
        assert [requests.get(url, timeout=30).status_code for _ in range(3)] == [200, 200, 200]
        throttled = requests.get(url, timeout=30)
        assert throttled.status_code == 429
        wait = int(throttled.headers["Retry-After"])
        assert 3500 <= wait <= 3600
        assert throttled.json() == {"detail": f"Request was throttled. Expected available in {wait} seconds."}

        info = get(server.ll2_base_url + "api-throttle/")
        info_again = get(server.ll2_base_url + "api-throttle/")
        assert info["your_request_limit"] == 3 and info["limit_frequency_secs"] == 3600
        assert info["current_use"] == info_again["current_use"] == 3
        assert info["next_use_secs"] > 0 and info["ident"] == "127.0.0.1"

        keyed = requests.get(url, headers={"Authorization": "Token abc123"}, timeout=30)
        assert keyed.status_code == 200                      # an API key has its own (here unlimited) allowance
        assert requests.get(server.spacex_base_url + "v4/company", timeout=30).status_code == 200

        log = admin(server, "GET", "requests")
        assert [r["status"] for r in log if r["path"] == "/2.3.0/launches/"] == [200, 200, 200, 429, 200]
        assert sum(r["path"] == "/2.3.0/api-throttle/" for r in log) == 2
        assert not any(r["path"].startswith("/_admin") for r in log)

        admin(server, "POST", "throttle/reset")
        assert requests.get(url, timeout=30).status_code == 200
        admin(server, "POST", "throttle", {"rate_limit_per_hour": 0})
        assert all(requests.get(url, timeout=30).status_code == 200 for _ in range(5))
        assert admin(server, "DELETE", "requests")["cleared"] > 0
        assert admin(server, "GET", "requests") == []


def test_clients_behind_one_address_share_the_throttle():
    """Two clients LL2 sees at one address (X-Forwarded-For) share one allowance, and `/api-throttle/`
    shows each of them what the other spent; another address has its own allowance."""
    with FakeApiServer(launches=300, seed=1, clock=CLOCK, rate_limit_per_hour=3) as server:
        url, throttle = server.ll2_base_url + "launches/", server.ll2_base_url + "api-throttle/"
        here, elsewhere = {"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "198.51.100.1"}
        first, second = requests.Session(), requests.Session()     # separate connections
        assert [first.get(url, headers=here, timeout=30).status_code for _ in range(2)] == [200, 200]

        view = second.get(throttle, headers=here, timeout=30).json()
        assert (view["ident"], view["current_use"]) == ("203.0.113.7", 2)
        assert second.get(url, headers=here, timeout=30).status_code == 200
        assert first.get(url, headers=here, timeout=30).status_code == 429
        assert first.get(throttle, headers=here, timeout=30).json()["current_use"] == 3

        assert second.get(throttle, headers=elsewhere, timeout=30).json()["current_use"] == 0
        assert second.get(url, headers=elsewhere, timeout=30).status_code == 200
        assert admin(server, "GET", "throttle")["clients"] == {"203.0.113.7": 3, "198.51.100.1": 1}


def test_throttle_window_rolls_on_its_clock():
    """The rolling window, driven by a hand-moved clock (real monotonic time by default)."""
    assert Throttle().clock is time.monotonic
    now = [1000.0]
    throttle = Throttle(per_hour=2, window=3600, clock=lambda: now[0])
    assert throttle.allow("a", False)[0]
    now[0] = 1010.0
    assert throttle.allow("a", False)[0]
    now[0] = 1020.0
    assert throttle.allow("a", False) == (False, 3580)         # until the first request leaves the window
    assert throttle.allow("b", False)[0]                      # per client
    now[0] = 4599.5                                           # the first request is still in the window
    assert throttle.allow("a", False) == (False, 1)
    now[0] = 4600.0                                           # ... and now it has left it
    assert throttle.allow("a", False) == (True, 0)
    assert throttle.allow("a", False) == (False, 10)          # the second leaves at 4610


# ---------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------
def test_fault_kinds():
    with FakeApiServer(launches=300, seed=2, clock=CLOCK, rate_limit_per_hour=0) as server:
        url = server.ll2_base_url + "launches/"

        def fault(**spec):
            admin(server, "POST", "faults", {"path": "/2.3.0/launches/", **spec})

        fault(kind="429", retry_after=7)
        r = requests.get(url, timeout=30)
        assert r.status_code == 429 and r.headers["Retry-After"] == "7"
        assert requests.get(url, timeout=30).status_code == 200

        for code in ("500", "502", "503"):
            fault(kind=code, count=2)
            assert [requests.get(url, timeout=30).status_code for _ in range(3)] == [int(code), int(code), 200]

        fault(kind="delay", delay_seconds=0.3)
        started = time.monotonic()
        assert requests.get(url, timeout=30).status_code == 200
        assert time.monotonic() - started >= 0.3

        fault(kind="truncate")
        r = requests.get(url, timeout=30)
        assert r.status_code == 200 and int(r.headers["Content-Length"]) == len(r.content)
        with pytest.raises(ValueError):
            r.json()
        fault(kind="truncate", short_read=True)
        with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
            requests.get(url, timeout=30)

        fault(kind="malformed")
        r = requests.get(url, timeout=30)
        assert r.status_code == 200
        with pytest.raises(ValueError):
            r.json()

        fault(kind="drop")
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(url, timeout=30)

        fault(kind="shape")
        body = get(url)
        assert "results" not in body and "error" in body
        fault(kind="shape", body=[1, 2, 3])
        assert get(url) == [1, 2, 3]

        fault(kind="500", count=5)
        assert requests.get(server.ll2_base_url + "agencies/", timeout=30).status_code == 200   # other paths untouched
        assert admin(server, "GET", "faults")["faults"][0]["remaining"] == 5
        assert admin(server, "DELETE", "faults")["cleared"] == 1
        assert requests.get(url, timeout=30).status_code == 200

        faulted = [r["fault"] for r in admin(server, "GET", "requests") if r["fault"]]
        assert faulted[:2] == ["429", "500"] and "drop" in faulted and "shape" in faulted
        bad = requests.post(f"{server.url}/_admin/faults", json={"kind": "explode"}, timeout=30)
        assert bad.status_code == 400


# ---------------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------------
def test_mutations_add_fields_change_types_and_break_contracts():
    with FakeApiServer(launches=400, seed=4, clock=CLOCK, rate_limit_per_hour=0) as server:
        base = server.ll2_base_url + "launches/"
        admin(server, "POST", "mutations", {"kind": "add_field", "field": "new_field_name", "value": {"a": 1}})
        page = get(base, limit=20, mode="list")
        assert all(r["new_field_name"] == {"a": 1} for r in page["results"])
        assert all(r["last_updated"] == "2026-11-20T12:00:00Z" for r in page["results"])

        admin(server, "POST", "mutations", {"kind": "change_type", "field": "probability", "to": "string"})
        probabilities = [r["probability"] for r in get(base, limit=100, ordering="-net")["results"]]
        assert any(isinstance(p, str) for p in probabilities)
        assert all(p is None or (isinstance(p, str) and p.endswith("%")) for p in probabilities)

        server.world.advance(60)       # so that bumps are distinguishable from the add_field bump
        broken = admin(server, "POST", "mutations", {"kind": "break_contract", "field": "net", "count": 3})
        assert len(broken["ids"]) == 3
        for launch_id in broken["ids"]:
            launch = get(base + f"{launch_id}/")
            assert launch["net"] is None and launch["last_updated"] == "2026-11-20T12:01:00Z"
        missing = admin(server, "POST", "mutations", {"kind": "break_contract", "field": "id", "count": 2,
                                                      "how": "missing"})
        page = get(base, limit=100, last_updated__gte="2026-11-20T12:01:00Z")
        assert sum("id" not in r for r in page["results"]) == 2 and len(missing["ids"]) == 2

        admin(server, "DELETE", "mutations")
        assert "new_field_name" not in get(base, limit=1)["results"][0]


# ---------------------------------------------------------------------------------------------
# SpaceX
# ---------------------------------------------------------------------------------------------
def test_spacex_collections_and_quirks(fake):
    base = fake.spacex_base_url
    launches = get(base + "v4/launches")
    assert 50 < len(launches) < 400
    assert all(len(l["id"]) == 24 and int(l["id"], 16) >= 0 for l in launches)
    dates = [l["date_unix"] for l in launches]
    assert dates == sorted(dates) and time.gmtime(dates[0]).tm_year == 2006 and time.gmtime(dates[-1]).tm_year == 2022
    linked = [l for l in launches if l["launch_library_id"]]
    assert 0.65 < len(linked) / len(launches) < 0.95
    for l in linked[::10]:
        ll2 = get(fake.ll2_base_url + f"launches/{l['launch_library_id']}/", mode="list")
        assert ll2["net"][:10] == l["date_utc"][:10]
    numbers = [l["flight_number"] for l in launches]
    assert len(numbers) > len(set(numbers))                                  # duplicate flight numbers
    assert any(l["upcoming"] and l["date_unix"] < time.time() for l in launches)
    assert all(l["success"] is None for l in launches if l["upcoming"])
    assert any(c["core"] is None for l in launches for c in l["cores"])

    v5 = {l["id"]: l for l in get(base + "v5/launches")}
    crewed = [l for l in launches if l["crew"]]
    assert crewed and all(isinstance(c, str) for c in crewed[0]["crew"])
    assert all(set(c) == {"crew", "role"} for c in v5[crewed[0]["id"]]["crew"])
    one = get(base + f"v4/launches/{launches[5]['id']}")
    assert one == launches[5]

    starlink = get(base + "v4/starlink")
    assert 1000 < len(starlink) <= 4500
    launch_ids = {l["id"] for l in launches}
    assert all(s["launch"] in launch_ids for s in starlink)
    assert any(s["spaceTrack"]["DECAY_DATE"] for s in starlink)
    company = get(base + "v4/company")
    assert company["name"] == "SpaceX" and isinstance(company, dict)
    for resource in ("rockets", "launchpads", "landpads", "payloads", "cores", "capsules", "crew", "ships"):
        assert get(base + f"v4/{resource}"), resource
    cores = get(base + "v4/cores")
    assert max(c["reuse_count"] for c in cores) >= 3


def test_spacex_query_envelope(fake):
    url = fake.spacex_base_url + "v4/launches/query"
    keys = ["docs", "totalDocs", "offset", "limit", "totalPages", "page", "pagingCounter", "hasPrevPage",
            "hasNextPage", "prevPage", "nextPage"]
    everything = requests.post(url, json={}, timeout=30).json()
    assert list(everything) == keys
    total = everything["totalDocs"]
    assert everything["limit"] == 10 and len(everything["docs"]) == 10 and everything["page"] == 1
    assert everything["hasNextPage"] and everything["nextPage"] == 2 and everything["prevPage"] is None

    page2 = requests.post(url, json={"query": {}, "options": {"page": 2, "limit": 5}}, timeout=30).json()
    assert page2["page"] == 2 and page2["offset"] == 5 and page2["pagingCounter"] == 6 and page2["prevPage"] == 1

    upcoming = requests.post(url, json={"query": {"upcoming": True}, "options": {"pagination": False}},
                             timeout=30).json()
    assert upcoming["totalDocs"] == len(upcoming["docs"]) > 0 and upcoming["totalPages"] == 1
    assert all(d["upcoming"] for d in upcoming["docs"])

    some = everything["docs"][:3]
    chosen = requests.post(url, json={"query": {"id": {"$in": [d["id"] for d in some]}},
                                      "options": {"sort": {"date_utc": "desc"}, "select": "name date_utc"}},
                           timeout=30).json()
    assert chosen["totalDocs"] == 3
    assert [d["date_utc"] for d in chosen["docs"]] == sorted((d["date_utc"] for d in some), reverse=True)
    assert set(chosen["docs"][0]) == {"name", "date_utc", "id"}

    dated = requests.post(url, json={"query": {"date_utc": {"$gte": "2020-01-01T00:00:00.000Z"}},
                                     "options": {"pagination": False}}, timeout=30).json()
    assert 0 < dated["totalDocs"] < total
    populated = requests.post(url, json={"options": {"limit": 1, "populate": ["rocket", "launchpad"]}},
                              timeout=30).json()["docs"][0]
    assert populated["rocket"]["name"].startswith("Falcon") and "full_name" in populated["launchpad"]
    assert requests.post(url, data=b"{nope", timeout=30).status_code == 400


# ---------------------------------------------------------------------------------------------
# Other LL2 resources
# ---------------------------------------------------------------------------------------------
def test_other_resources_and_modes(fake):
    base = fake.ll2_base_url
    agencies = get(base + "agencies/", limit=100)
    names = [a["name"] for a in agencies["results"]]
    assert "SpaceX" in names and names == sorted(names, key=str.lower)
    spacex = get(base + "agencies/121/")
    assert spacex["response_mode"] == "detailed" and spacex["total_launch_count"] > 0
    assert get(base + "agencies/", mode="list", limit=1)["results"][0]["response_mode"] == "list"
    assert get(base + "locations/", mode="detailed", limit=1)["results"][0]["pads"]
    assert get(base + "events/upcoming/", limit=5)["count"] > 0
    assert get(base + "astronauts/", limit=5)["count"] > 0
    assert get(base + "config/launch_statuses/")["count"] == 9
    assert requests.get(base + "nothing-here/", timeout=30).status_code == 404


# ---------------------------------------------------------------------------------------------
# Conformance with the official LL2 2.3.0 OpenAPI schema
# ---------------------------------------------------------------------------------------------
def _strict_json_schema(openapi: dict) -> dict:
    """OpenAPI 3.0 components -> one JSON Schema document: `nullable` becomes a null alternative,
    `$ref`s point into `definitions`, and objects forbid properties the schema does not declare."""

    def convert(node):
        if isinstance(node, list):
            return [convert(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: convert(v) for k, v in node.items()
                if k not in ("discriminator", "readOnly", "writeOnly", "example", "format")}
        if "$ref" in node:
            node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/definitions/")
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        if node.pop("nullable", False):
            if "type" in node:
                node["type"] = [node["type"], "null"]
                if "enum" in node:
                    node["enum"] = node["enum"] + [None]
            else:
                node = {"anyOf": [node, {"type": "null"}]}
        return node

    definitions = convert(copy.deepcopy(openapi["components"]["schemas"]))
    # LL2 sends null as a pad's first turnaround although the schema declares a plain string
    definitions["LaunchDetailed"]["properties"]["pad_turnaround"]["type"] = ["string", "null"]
    return {"definitions": definitions}


@pytest.fixture(scope="module")
def ll2_schema():
    require_shared(SCHEMA_PATH, "the LL2 OpenAPI schema (the shared reference files)")
    import jsonschema   # a dev dependency (pyproject [dependency-groups] dev): missing, these tests fail
    document = _strict_json_schema(json.loads(SCHEMA_PATH.read_text()))

    def validator(component: str):
        schema = dict(document, **{"$ref": f"#/definitions/{component}"})
        return jsonschema.Draft7Validator(schema)
    return validator


SCHEMA_CASES = [
    ("launches/", {"mode": "list"}, "LaunchBasic"),
    ("launches/", {"mode": "normal"}, "LaunchNormal"),
    ("launches/", {"mode": "detailed"}, "LaunchDetailed"),
    ("launches/", {"mode": "detailed", "is_crewed": "true", "ordering": "-net"}, "LaunchDetailed"),
    ("launches/upcoming/", {"mode": "detailed"}, "LaunchDetailed"),
    ("launches/previous/", {"mode": "normal"}, "LaunchNormal"),
    ("agencies/", {"mode": "list"}, "AgencyMini"),
    ("agencies/", {"mode": "normal"}, "AgencyNormal"),
    ("agencies/", {"mode": "detailed"}, "AgencyEndpointDetailed"),
    ("pads/", {}, "Pad"),
    ("locations/", {}, "Location"),
    ("locations/", {"mode": "detailed"}, "LocationSerializerWithPads"),
    ("launcher_configurations/", {"mode": "list"}, "LauncherConfigList"),
    ("launcher_configurations/", {"mode": "normal"}, "LauncherConfigNormal"),
    ("launcher_configurations/", {"mode": "detailed"}, "LauncherConfigDetailed"),
    ("events/", {"mode": "list"}, "EventEndpointList"),
    ("events/", {}, "EventEndpointNormal"),
    ("events/upcoming/", {"mode": "detailed"}, "EventEndpointDetailed"),
    ("astronauts/", {"mode": "list"}, "AstronautDetailed"),
    ("astronauts/", {}, "AstronautEndpointNormal"),
    ("astronauts/", {"mode": "detailed"}, "AstronautEndpointDetailed"),
]


@pytest.mark.parametrize("path,params,component", SCHEMA_CASES, ids=[f"{c[0]}{c[1].get('mode', '')}:{c[2]}"
                                                                      for c in SCHEMA_CASES])
def test_responses_conform_to_the_ll2_schema(fake, ll2_schema, path, params, component):
    page = get(fake.ll2_base_url + path, limit=40, **params)
    envelope = ll2_schema("PaginatedPadList")        # any paginated envelope: count/next/previous/results
    envelope_errors = [e.message for e in envelope.iter_errors(dict(page, results=[]))]
    assert not envelope_errors
    assert page["results"]
    validator = ll2_schema(component)
    for item in page["results"]:
        errors = sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])


def test_detail_endpoints_conform_to_the_ll2_schema(fake, ll2_schema):
    launch = get(fake.ll2_base_url + "launches/", limit=1, ordering="-net")["results"][0]
    cases = [(launch["url"], "LaunchDetailed"), (fake.ll2_base_url + "agencies/121/", "AgencyEndpointDetailed"),
             (fake.ll2_base_url + "launcher_configurations/64/", "LauncherConfigDetailed"),
             (fake.ll2_base_url + "pads/87/", "Pad"),
             (fake.ll2_base_url + "api-throttle/", "APIThrottle")]
    for url, component in cases:
        errors = list(ll2_schema(component).iter_errors(get(url)))
        assert not errors, f"{url}: {errors[0].message}"


def test_a_reference_table_listed_before_it_was_recorded_is_one_clear_error(tmp_path):
    """A new LL2 endpoint in fake_apis/recorded.py's REFERENCE_TABLES without its recording: the
    recorded world refuses to start, naming what is missing and both ways out."""
    import gzip

    from fake_apis.recorded import REFERENCE_TABLES, RecordedWorld, RecordedWorldMissing

    (tmp_path / "ll2").mkdir()
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"default_clock": "2025-11-01T18:17:59Z"}))
    (tmp_path / "ll2" / "modes.json").write_text(json.dumps({table: {"list": ["id"]} for table in REFERENCE_TABLES[1:]}))
    for name in ("launches_history", "launches_live"):
        with gzip.open(tmp_path / "ll2" / f"{name}.jsonl.gz", "wt"):
            pass
    for table in REFERENCE_TABLES[1:-1]:
        (tmp_path / "ll2" / f"{table}.jsonl").write_text("")
    with pytest.raises(RecordedWorldMissing) as missing:
        RecordedWorld(tmp_path)
    message = str(missing.value)
    assert f"{REFERENCE_TABLES[0]}, {REFERENCE_TABLES[-1]}" in message and "REFERENCE_TABLES" in message
