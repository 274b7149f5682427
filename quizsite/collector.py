"""Python's cycle collector, set for a server that keeps thousands of sockets open.

With the default thresholds the collector walks every object the process
holds, start-up's included, each time enough new ones have survived: in a
live final that is a pause of the event loop every few seconds while
thousands of phones join or answer (measured in docs/BENCHMARKS.md, "The
cycle collector": 0.4–0.7 s of collection per process during a join of
2,000 players). Two changes, as large Python services make them:

- ``gc.freeze()`` once start-up is done: settings, models, URL patterns and
  translations live as long as the process, so the collector never walks
  them again.
- Collect the youngest generation after 20,000 new objects, not 700, and
  the older ones more rarely: a socket's short-lived objects (frames,
  futures, query rows) die young all the same, and a full collection runs
  after about a hundred million allocations instead of every few seconds.
  Garbage in cycles waits a little longer; reference counting frees the
  rest at once, as before.
"""

from __future__ import annotations

import gc

YOUNG = 20_000
MIDDLE = 50
OLD = 100


def tune() -> None:
    """Freeze what start-up made and space the collections out; call once, when the application is built."""
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
