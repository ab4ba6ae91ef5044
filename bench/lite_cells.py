"""Each cell function on 10,000 cells, timed where it runs (CPython, or Pyodide via bench/lite.py).

Prints one JSON line: {"platform", "import_s", "cells", "seconds": {function: s}}. Inputs are
made with ``random`` (Pyodide has no numpy offline): messy phones, emails, amounts, counts
and last-purchase dates as Excel serial numbers, as xlwings Lite hands them.
"""

from __future__ import annotations

import json
import random
import sys
import time

CELLS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 10_000


def inputs(n: int, seed: int = 3) -> dict[str, list[list[object]]]:
    rng = random.Random(seed)
    phones = [
        rng.choice(["138", "139", "150", "186"]) + f"{rng.randrange(10**8):08d}" for _ in range(n)
    ]
    phones = [p if rng.random() > 0.2 else p[:3] + " " + p[3:7] + " " + p[7:] for p in phones]
    emails = [
        f"user{rng.randrange(10**6)}@{rng.choice(['qq.com', '163.com', 'gmial.com'])}"
        for _ in range(n)
    ]
    amounts = [
        round(rng.expovariate(1 / 8000), 2) if rng.random() > 0.02 else "1.2万" for _ in range(n)
    ]
    counts = [rng.randrange(0, 30) for _ in range(n)]
    dates = [float(46327 - int(rng.expovariate(1 / 200))) for _ in range(n)]
    column = lambda values: [[v] for v in values]  # noqa: E731
    return {"phones": column(phones), "emails": column(emails), "amounts": column(amounts),
            "counts": column(counts), "dates": column(dates)}  # fmt: skip


def main() -> None:
    started = time.perf_counter()
    import xlcrm.lite.functions as f

    imported = time.perf_counter() - started
    data = inputs(CELLS)
    calls = {
        "XLCRM_PHONE": lambda: f.XLCRM_PHONE(data["phones"]),
        "XLCRM_PHONE_OK": lambda: f.XLCRM_PHONE_OK(data["phones"]),
        "XLCRM_EMAIL_OK": lambda: f.XLCRM_EMAIL_OK(data["emails"]),
        "XLCRM_TIER": lambda: f.XLCRM_TIER(data["amounts"], data["counts"]),
        "XLCRM_ACTIVITY": lambda: f.XLCRM_ACTIVITY(data["dates"], 46327.0),
        "XLCRM_RFM": lambda: f.XLCRM_RFM(data["dates"], data["counts"], data["amounts"], 46327.0),
    }
    seconds = {}
    for name, call in calls.items():
        start = time.perf_counter()
        result = call()
        seconds[name] = round(time.perf_counter() - start, 3)
        assert len(result) == CELLS
    print(json.dumps({"platform": sys.platform, "import_s": round(imported, 3), "cells": CELLS,
                      "seconds": seconds}))  # fmt: skip


if __name__ == "__main__":
    main()
