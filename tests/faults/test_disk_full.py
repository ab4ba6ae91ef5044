"""A disk that fills up mid-run: one sentence naming the file, and the workbook untouched.

Each in-place command runs once clean, counting the bytes it writes; then it runs again on
fresh copies with a disk that is full after a part of those bytes (every file opened for
writing counts; the write that passes the budget fails with ENOSPC). After each: exit 2
with one sentence (disk full, or the audit log that could not be written, and where),
never an internal error; the workbook as before (or as after, when only the last audit
line failed); backups whole or absent; no temporary file left; records that match.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.faults.harness import new_files, run, temp_files
from tests.faults.scenarios import SCENARIOS, check_files, check_records, prepare, reference

FRACTIONS = (0.0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.995)
SAID = ("磁盘已满", "No space left on device")  # the disk-full sentence, or the log's reason


@pytest.mark.parametrize("name", ["retention", "encrypt", "encrypt-protected", "merge", "undo"])
def test_a_full_disk_is_one_sentence_and_changes_nothing(tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS[name]
    ref = reference(scenario, tmp_path / "reference")
    before, after, clean = ref.before, ref.after, ref.clean
    failed = 0
    for number, fraction in enumerate(FRACTIONS):
        folder = tmp_path / f"full{number}"
        ready = prepare(scenario, folder)
        outcome = run(scenario.job(ready.book, budget=int(clean.written * fraction)))
        said = outcome.stderr.strip()
        if outcome.status != 2:
            assert outcome.status in (0, 1), said  # the budget was never reached
            continue
        failed += 1
        assert said.count("\n") == 0 and said.startswith("xlcrm: "), said
        assert any(words in said for words in SAID), said
        assert "Internal" not in said and "内部错误" not in said and "Traceback" not in said
        assert temp_files(folder) == [] and list(ready.temp.iterdir()) == []
        new = new_files(ready.kept, folder, ready.temp)
        state = check_files(scenario, ready.book, before, after, new)
        check_records(ready.book, state == after, ready.entries, scenario.password)
        shutil.rmtree(folder)
        shutil.rmtree(ready.temp)
    assert failed >= len(FRACTIONS) - 1  # nearly every budget ran out before the end
