"""One run at a time per data folder: two runs would fetch every page twice from the outlets.

An advisory `flock` on `<data_dir>/run.lock`: the kernel drops it when the process dies (even
on SIGKILL), so a crashed run never leaves a stale lock behind. The holder writes its pid and
start time into the file so the refusal can name it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class RunLocked(RuntimeError):
    """Another process holds the data folder."""


@contextmanager
def run_lock(data_dir: Path, what: str = "kabarchy run") -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "run.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "another process"
            raise RunLocked(f"{data_dir} is in use by {holder}; wait for it to finish or stop it "
                            "(one run at a time per data folder)") from None
        os.ftruncate(fd, 0)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.pwrite(fd, f"{what} (pid {os.getpid()}, started {stamp})\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
