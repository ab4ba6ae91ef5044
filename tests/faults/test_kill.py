"""Killed at any moment, each in-place command leaves the workbook as before or as after.

For every in-place command (retention, encrypt, encrypt of a password-protected workbook,
merge, undo) a clean run first counts the command's I/O events; then fresh copies of the
folder are run again and killed at events spread over the whole run (every flush and
rename is a commit point: killed just before it, and just after) and after random delays.
After each kill: the workbook opens and equals the before or the after state, backups are
whole, no new file (the temporary folder included) holds plaintext of an encrypted column
or of a password-protected workbook, and the audit log and destruction log verify and say
what happened to the file once the next run has swept up after the killed one.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.faults.harness import new_files, run
from tests.faults.scenarios import SCENARIOS, check_files, check_records, prepare, reference

# kill points per command, spread evenly over its events, and random-delay kills
KILL_POINTS = {"retention": 20, "encrypt": 20, "encrypt-protected": 20, "merge": 20, "undo": 20}
RANDOM_KILLS = 2
KILLS: dict[str, int] = {}


def spread(events: int, count: int) -> list[int]:
    """``count`` event numbers from 1 to ``events``, evenly spaced (both ends included)."""
    if events <= count:
        return list(range(1, events + 1))
    return sorted({1 + round(i * (events - 1) / (count - 1)) for i in range(count)})


@pytest.mark.parametrize("name", list(KILL_POINTS))
def test_killed_at_any_point_the_workbook_is_before_or_after(tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS[name]
    ref = reference(scenario, tmp_path / "reference")
    before, after, clean = ref.before, ref.after, ref.clean
    assert after != before and clean.events > 4
    chooser = random.Random(f"{name}-kills")
    faults: list[dict[str, float]] = [
        {"kill_at": n} for n in spread(clean.events, KILL_POINTS[name])
    ]
    faults += [{"delay": chooser.uniform(0.02, clean.seconds)} for _ in range(RANDOM_KILLS)]
    seen = {"before": 0, "after": 0}
    for number, fault in enumerate(faults):
        folder = tmp_path / f"kill{number}"
        ready = prepare(scenario, folder)
        if "delay" in fault:
            outcome = run(scenario.job(ready.book), delay=fault["delay"])
        else:
            outcome = run(scenario.job(ready.book, kill_at=int(fault["kill_at"])))
        if not outcome.killed:
            assert outcome.status in (0, 1), outcome.stderr  # it finished before the kill
        KILLS[name] = KILLS.get(name, 0) + outcome.killed
        new = new_files(ready.kept, folder, ready.temp)
        state = check_files(scenario, ready.book, before, after, new)
        check_records(ready.book, state == after, ready.entries, scenario.password)
        seen["after" if state == after else "before"] += 1
        shutil.rmtree(folder)
        shutil.rmtree(ready.temp)
    assert KILLS[name] >= KILL_POINTS[name]  # each event kill killed
    assert seen["before"] and seen["after"]  # kills landed on both sides of the commit


def test_at_least_fifty_kills_in_all() -> None:
    if set(KILLS) != set(KILL_POINTS):
        pytest.skip("run with the kill tests above")
    assert sum(KILLS.values()) >= 50, KILLS
