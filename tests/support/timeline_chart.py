"""Reading the numbers back from `kabarchy timeline`'s terminal chart, to compare them with its
CSV and JSON."""

from __future__ import annotations

import re


def chart_numbers(out: str) -> dict[str, tuple[int, list[str], list[str]]]:
    """bucket → (articles, the measure per series, statements per series) as the chart prints them."""
    rows: dict[str, tuple[int, list[str], list[str]]] = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^│(\d{4}-\d{2}-\d{2}) *│ *(\d+) │(.*)│$", line)
        if m:
            measure = [re.findall(r" ([\d.]+)(?: ▲ spike)? *$", cell)[0] for cell in m.group(3).split("│")]
            below = lines[i + 1].split("│")[3:-1]
            said = [re.findall(r" ([\d.]+) said", cell)[0] for cell in below]
            rows[m.group(1)] = (int(m.group(2)), measure, said)
    return rows
