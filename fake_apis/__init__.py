"""A local fake of the Launch Library 2 (2.3.0) and SpaceX (v4/v5) APIs over a deterministic synthetic world.

    from fake_apis import FakeApiServer
    with FakeApiServer(launches=3000, seed=42) as fake:
        fake.ll2_base_url      # http://127.0.0.1:PORT/2.3.0/
        fake.spacex_base_url   # http://127.0.0.1:PORT/
        fake.world.advance(3600)

Modules: catalog (static reference data), world (the launches, indexes, time machine, mutations),
ll2 and spacex (the two APIs), control (throttle, faults, request log), server (HTTP + admin).
"""

from .server import FakeApiServer, run
from .world import AdvanceResult, LaunchQuery, World

__all__ = ["AdvanceResult", "FakeApiServer", "LaunchQuery", "World", "run"]
