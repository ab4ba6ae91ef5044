"""The destruction record is true: a destroyed customer is found only where it says."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import msoffcrypto
import pytest
from typer.testing import CliRunner

from tests.actions.test_retention import ASOF, RULES, all_text, final_record, write_book
from xlcrm.cli.app import app
from xlcrm.io.written import written_files

# C0007 李四, whom the rules' erasure request destroys, as a person would search for them
NEEDLES = ("C0007", "李四", "13800138002", "li@qq.com", "上海南京路2号")


def find(folder: Path, password: str) -> dict[str, bool]:
    """Every workbook under ``folder`` (backups too): does it hold the customer? None: unopened."""
    found = {}
    for path in sorted(folder.rglob("*.xls[xm]")):
        data = path.read_bytes()
        if data[:4] != b"PK\x03\x04":
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            try:
                office.load_key(password=password, verify_password=True)
            except Exception:
                found[path.name] = True  # cannot look inside: count it as holding
                continue
        text = all_text(path, None if data[:4] == b"PK\x03\x04" else password)
        found[path.name] = any(needle in text for needle in NEEDLES)
    return found


@pytest.mark.parametrize("in_place", [True, False])
def test_a_destroyed_customer_is_found_only_in_files_the_record_names(
    runner: CliRunner, tmp_path: Path, in_place: bool
) -> None:
    book = write_book(tmp_path / "book.xlsx")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    env = {"XLCRM_PASSWORD": "pw", "XLCRM_PASSPHRASE": "口令"}
    steps = [
        ["summary", str(book)],
        ["encrypt", str(book), "--columns", "phone"],
        ["decrypt", str(tmp_path / "book.encrypt.xlsx"), "--columns", "phone"],
        ["protect", str(book)],
        ["unprotect", str(tmp_path / "book.protect.xlsx")],
        ["dedupe", str(book), "--out", str(tmp_path / "book.dedupe.xlsx")],
        ["merge", str(tmp_path / "book.dedupe.xlsx"), "--auto"],
    ]
    for step in steps:
        assert runner.invoke(app, step, env=env).exit_code in (0, 1), step
    other = {"XLCRM_PASSWORD": "another"}
    out = ["--out", str(tmp_path / "book.other.xlsx")]
    assert runner.invoke(app, ["protect", str(book), *out], env=other).exit_code == 0
    before = find(tmp_path, "pw")
    assert all(before.values())  # every copy holds the customer before
    assert len(written_files(book)) >= len(steps)  # all in the manifest of written files
    where = ["--in-place"] if in_place else ["--out", str(tmp_path / "book.retained.xlsx")]
    args = ["retention", str(book), "--rules", str(rules), "--apply", *where, *ASOF]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 1, result.output  # done, and some files still hold the customer
    named = set(final_record(book)["files_not_scrubbed"])
    after = find(tmp_path, "pw")
    holding = {name for name, found in after.items() if found}
    assert holding <= named  # nothing holds the customer that the record does not name
    assert "book.other.xlsx" in named and "book.other.xlsx" in result.stderr
    assert ("book.xlsx" in holding) is not in_place
    scrubbed = {"book.summary.xlsx", "book.encrypt.xlsx", "book.encrypt.decrypt.xlsx",
                "book.protect.xlsx", "book.protect.unprotect.xlsx", "book.dedupe.xlsx",
                "book.dedupe.merge.xlsx"}  # fmt: skip
    assert not (scrubbed & holding), scrubbed & holding
    assert zipfile.is_zipfile(tmp_path / "book.protect.unprotect.xlsx")
