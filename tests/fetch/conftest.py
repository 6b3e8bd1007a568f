"""Async tests here run on asyncio through anyio's pytest plugin (installed with httpx)."""

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
