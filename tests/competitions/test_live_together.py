"""together.Together: work for many sockets in one trip; under a crowd, a trip lingers to carry more."""

from __future__ import annotations

import asyncio
import threading

from competitions.live.together import Together


class Trips:
    """The work: records each trip's items and holds the first trip until ``release`` is set."""

    def __init__(self):
        self.batches: list[list[int]] = []
        self.release = threading.Event()

    def __call__(self, items):
        self.batches.append(list(items))
        self.release.wait(5)
        return [item * 10 for item in items]


async def _crowd(linger: float) -> tuple[list[list[int]], list[int]]:
    """One socket alone, then two while its trip is on the road, then three more just after it comes back."""
    trips = Trips()
    together = Together(trips, most=100, thread_sensitive=False, linger=linger)
    first = asyncio.ensure_future(together(1))
    while not trips.batches:  # the first trip is on the road
        await asyncio.sleep(0.001)
    during = [asyncio.ensure_future(together(n)) for n in (2, 3)]
    await asyncio.sleep(0.01)
    trips.release.set()
    await first
    later = [asyncio.ensure_future(together(n)) for n in (4, 5, 6)]
    results = await asyncio.gather(first, *during, *later)
    return trips.batches, results


async def test_a_lone_socket_goes_at_once_and_a_crowd_waits_a_moment_to_go_together():
    batches, results = await _crowd(linger=0.2)

    assert results == [10, 20, 30, 40, 50, 60]  # each gets its own answer, in order
    assert batches == [[1], [2, 3, 4, 5, 6]]  # the three after the trip came back joined the two waiting


async def test_without_linger_the_next_trip_leaves_with_whoever_is_waiting():
    batches, results = await _crowd(linger=0.0)

    assert results == [10, 20, 30, 40, 50, 60]
    assert batches[:2] == [[1], [2, 3]]
