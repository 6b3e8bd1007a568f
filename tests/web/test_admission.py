"""Backpressure: requests beyond the concurrency limit queue, and one that waits too long is
answered at once with 503 and Retry-After instead of hanging."""

from __future__ import annotations

import asyncio
import time

import httpx
from fastapi import FastAPI

from web.admission import Admission


def _slow_app(started: list[float], limit: int, wait_s: float) -> FastAPI:
    app = FastAPI()
    app.add_middleware(Admission, limit=limit, wait_s=wait_s)

    @app.get("/api/slow")
    async def slow() -> dict[str, bool]:
        started.append(time.perf_counter())
        await asyncio.sleep(0.6)
        return {"ok": True}

    return app


async def _ask(app: FastAPI, n: int) -> list[tuple[int, float, str | None]]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        async def one() -> tuple[int, float, str | None]:
            start = time.perf_counter()
            resp = await client.get("/api/slow")
            return resp.status_code, time.perf_counter() - start, resp.headers.get("retry-after")
        return list(await asyncio.gather(*(one() for _ in range(n))))


def test_waiting_past_the_queue_timeout_is_a_quick_503() -> None:
    started: list[float] = []
    answers = asyncio.run(_ask(_slow_app(started, limit=1, wait_s=0.2), 3))
    ok = [a for a in answers if a[0] == 200]
    busy = [a for a in answers if a[0] == 503]
    assert len(ok) == 1 and len(busy) == 2 and len(started) == 1
    assert all(seconds < 0.5 and retry == "2" for _, seconds, retry in busy)  # not held for the slow one
    assert ok[0][1] >= 0.6


def test_requests_within_the_limit_run_side_by_side_and_the_queue_drains() -> None:
    started: list[float] = []
    answers = asyncio.run(_ask(_slow_app(started, limit=2, wait_s=5), 4))
    assert [a[0] for a in answers] == [200] * 4
    started.sort()
    assert started[1] - started[0] < 0.3  # two at once
    assert started[2] - started[0] >= 0.5  # the third waited for a slot
