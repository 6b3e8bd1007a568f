"""SQL conditions and their parameters, built up filter by filter (shared by the embedded index's readers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from indexes.dates import day_start_utc


@dataclass
class Where:
    sql: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, sql: str, *args: Any) -> None:
        self.sql.append(sql)
        self.args.extend(args)

    def any_of(self, column: str, values: Sequence[str]) -> None:
        if values:
            self.add(f"{column} IN ({','.join('?' * len(values))})", *values)

    def dates(self, column: str, date_from: date | None, date_to: date | None) -> None:
        """Inclusive Bishkek days as instants on a unix-seconds column."""
        if date_from:
            self.add(f"{column} >= ?", int(day_start_utc(date_from).timestamp()))
        if date_to:
            self.add(f"{column} < ?", int(day_start_utc(date_to + timedelta(days=1)).timestamp()))

    def days(self, column: str, date_from: date | None, date_to: date | None) -> None:
        """Inclusive Bishkek days on a YYYY-MM-DD column."""
        if date_from:
            self.add(f"{column} >= ?", date_from.isoformat())
        if date_to:
            self.add(f"{column} <= ?", date_to.isoformat())

    def text(self) -> str:
        return " AND ".join(self.sql) if self.sql else "1"
