"""Tests for the tamper-evident audit log (xlcrm.audit.log), on real files in tmp_path."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xlcrm.audit import log as audit
from xlcrm.audit.log import (
    GENESIS_HASH,
    Tampering,
    VerifyResult,
    append_entry,
    file_sha256,
    format_entries,
    read_entries,
    resolve_log_path,
    show_columns,
    verify,
)
from xlcrm.errors import AuditLogError

ENTRY_KEYS = {
    "seq", "time", "user", "host", "action", "file", "sheet", "counts",
    "input_sha256", "output", "output_sha256", "details", "prev", "hash",
}  # fmt: skip


def make_log(folder: Path, n: int = 3) -> Path:
    """A log in FOLDER with N chained entries about a workbook that exists."""
    workbook = folder / "客户.xlsx"
    workbook.write_bytes(b"PK fake workbook")
    log = audit.default_log_path(workbook)
    for i in range(n):
        append_entry(log, action="check", file=workbook, sheet="客户", counts={"rows": 10 + i})
    return log


def lines_of(log: Path) -> list[bytes]:
    # Split on b"\n" only, as the log does: other line breaks may sit inside values.
    return log.read_bytes().split(b"\n")[:-1]


def write_lines(log: Path, lines: list[bytes]) -> None:
    log.write_bytes(b"".join(line + b"\n" for line in lines))


def independent_hash(entry: dict[str, Any]) -> str:
    """The hash as the spec defines it, computed here without xlcrm.audit.log's helpers."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dump(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False).encode("utf-8")


# --- appending ---------------------------------------------------------------------------


def test_three_appends_verify_ok(tmp_path: Path) -> None:
    log = make_log(tmp_path, 3)
    result = verify(log)
    entries = read_entries(log)
    assert result == VerifyResult(True, 3, last_hash=entries[-1]["hash"])
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS_HASH
    assert [e["prev"] for e in entries[1:]] == [e["hash"] for e in entries[:2]]
    assert all(e["hash"] == independent_hash(e) for e in entries)


def test_entry_format(tmp_path: Path) -> None:
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(b"input bytes")
    out = tmp_path / "book_checked.xlsx"
    out.write_bytes(b"output bytes")
    when = datetime(2024, 5, 1, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    log = tmp_path / ".xlcrm" / "audit.jsonl"
    entry = append_entry(
        log, action="check", file=workbook, sheet="客户", counts={"rows": 5, "issues": 2},
        output=out, details={"fix": True}, user="李雷", now=when,
    )  # fmt: skip
    assert set(entry) == ENTRY_KEYS
    assert entry["time"] == "2024-05-01T10:30:00+08:00"
    assert entry["user"] == "李雷"
    assert entry["file"] == str(workbook)
    assert entry["output"] == str(out)
    assert entry["counts"] == {"rows": 5, "issues": 2}
    assert entry["details"] == {"fix": True}
    assert entry["input_sha256"] == hashlib.sha256(b"input bytes").hexdigest()
    assert entry["output_sha256"] == hashlib.sha256(b"output bytes").hexdigest()
    assert entry["hash"] == independent_hash(entry)
    raw = log.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert "客户".encode() in raw  # written as UTF-8, not \\u escapes
    assert read_entries(log) == [entry]


def test_missing_files_and_folders_get_no_hash(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    entry = append_entry(log, action="distribute", file=tmp_path / "gone.xlsx", output=tmp_path)
    assert entry["input_sha256"] is None
    assert entry["output_sha256"] is None
    assert entry["output"] == str(tmp_path)
    assert append_entry(log, action="demo", file=None)["file"] is None


def test_naive_time_gets_an_offset(tmp_path: Path) -> None:
    entry = append_entry(tmp_path / "a.jsonl", action="x", file=None, now=datetime(2024, 1, 2, 3))
    assert entry["time"].startswith("2024-01-02T03:00:00")
    assert datetime.fromisoformat(entry["time"]).utcoffset() is not None


def test_int_keys_are_hashed_as_they_are_read_back(tmp_path: Path) -> None:
    # 2 < 10 as ints but "10" < "2" as text: the hash must cover the text form.
    log = tmp_path / "a.jsonl"
    entry = append_entry(log, action="x", file=None, details={2: "b", 10: "a"})  # type: ignore[dict-item]
    assert entry["details"] == {"2": "b", "10": "a"}
    assert verify(log).ok


def test_file_sha256_streams_large_files(tmp_path: Path) -> None:
    data = bytes(range(256)) * (10 * 1024 + 7)  # about 2.5 MiB: crosses chunk boundaries
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"USERNAME": "张三", "USER": "zs"}, "张三"), ({"USER": "zs"}, "zs"), ({}, "unknown")],
)
def test_user_falls_back_when_getuser_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    def broken() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(audit.getpass, "getuser", broken)
    for name in ("USERNAME", "USER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert append_entry(tmp_path / "a.jsonl", action="x", file=None)["user"] == expected


def test_explicit_user_wins(tmp_path: Path) -> None:
    assert append_entry(tmp_path / "a.jsonl", action="x", file=None, user="ops")["user"] == "ops"


def test_append_reads_only_the_tail(tmp_path: Path) -> None:
    # A damaged early line does not stop appends: proof that only the end is read.
    log = make_log(tmp_path, 2)
    lines = lines_of(log)
    write_lines(log, [b"not json at all", lines[1]])
    entry = append_entry(log, action="x", file=None)
    assert entry["seq"] == 3
    assert entry["prev"] == json.loads(lines[1])["hash"]


def test_append_after_a_last_line_longer_than_a_block(tmp_path: Path) -> None:
    log = tmp_path / "a.jsonl"
    append_entry(log, action="x", file=None)
    append_entry(log, action="x", file=None, details={"note": "备注\n" * 100_000})
    append_entry(log, action="x", file=None)
    assert verify(log).ok and verify(log).entries == 3


def test_append_when_last_newline_is_missing(tmp_path: Path) -> None:
    log = make_log(tmp_path, 1)
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    append_entry(log, action="x", file=None)
    assert verify(log).entries == 2
    assert len(lines_of(log)) == 2


def test_append_after_trailing_blank_lines(tmp_path: Path) -> None:
    log = make_log(tmp_path, 2)
    log.write_bytes(log.read_bytes() + b"\n\r\n  \n")
    assert append_entry(log, action="x", file=None)["seq"] == 3
    assert verify(log).ok and verify(log).entries == 3


@pytest.mark.parametrize("last", [b'{"seq": 3, "hash": "ab', b"[1, 2]", b'{"seq": "3"}'])
def test_append_refuses_a_bad_last_line(tmp_path: Path, last: bytes) -> None:
    log = make_log(tmp_path, 2)
    write_lines(log, [*lines_of(log), last])
    with pytest.raises(AuditLogError, match=r"最后一行.*The last line"):
        append_entry(log, action="x", file=None)


def test_append_to_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the log folder should be")
    with pytest.raises(AuditLogError, match=r"无法写入审计日志.*Cannot write the audit log"):
        append_entry(blocker / ".xlcrm" / "audit.jsonl", action="x", file=None)


# --- tampering ---------------------------------------------------------------------------


def edit_count(lines: list[bytes]) -> list[bytes]:
    entry = json.loads(lines[1])
    entry["counts"]["rows"] = 999
    return [lines[0], dump(entry), *lines[2:]]


def edit_text(lines: list[bytes]) -> list[bytes]:
    return [lines[0], lines[1].replace(b"check", b"chekk"), *lines[2:]]


def rehash_edit(lines: list[bytes]) -> list[bytes]:
    # A careful forger fixes line 2's own hash; line 3 then no longer links to it.
    entry = json.loads(lines[1])
    entry["counts"]["rows"] = 0
    entry["hash"] = independent_hash(entry)
    return [lines[0], dump(entry), *lines[2:]]


def forge_insert(lines: list[bytes]) -> list[bytes]:
    forged = {**json.loads(lines[1]), "action": "destroy", "prev": "f" * 64}
    forged["hash"] = independent_hash(forged)
    return [lines[0], dump(forged), *lines[1:]]


def swap(i: int, j: int) -> Callable[[list[bytes]], list[bytes]]:
    def apply(lines: list[bytes]) -> list[bytes]:
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return out

    return apply


TAMPERINGS = [
    # (id, tamper, first_bad_line, kind, entries that checked out)
    ("edit field of line 2", edit_count, 2, Tampering.EDITED, 1),
    ("edit text of line 2", edit_text, 2, Tampering.EDITED, 1),
    ("edit line 1", lambda ls: [ls[0].replace(b"\xe5\xae\xa2", b"\xe9\xa1\xbe"), *ls[1:]], 1,
     Tampering.EDITED, 0),
    ("delete line 2", lambda ls: [ls[0], *ls[2:]], 2, Tampering.REMOVED, 1),
    ("delete line 1", lambda ls: ls[1:], 1, Tampering.REMOVED, 0),
    ("swap lines 2 and 3", swap(1, 2), 2, Tampering.REORDERED, 1),
    ("swap lines 1 and 2", swap(0, 1), 1, Tampering.REORDERED, 0),
    ("repeat line 2", lambda ls: [*ls[:2], ls[1], *ls[2:]], 3, Tampering.REORDERED, 2),
    ("truncate last line", lambda ls: [*ls[:-1], ls[-1][: len(ls[-1]) // 2]], 4,
     Tampering.NOT_JSON, 3),
    ("garbage line 2", lambda ls: [ls[0], b"hello", *ls[1:]], 2, Tampering.NOT_JSON, 1),
    ("invalid utf-8", lambda ls: [ls[0], ls[1][:-2] + b"\xff}", *ls[2:]], 2,
     Tampering.NOT_JSON, 1),
    ("split a line", lambda ls: [ls[0], ls[1][:40], ls[1][40:], *ls[2:]], 2,
     Tampering.NOT_JSON, 1),
    ("forged line, own hash, wrong prev", forge_insert, 2, Tampering.INSERTED, 1),
    ("line 2 edited and rehashed", rehash_edit, 3, Tampering.INSERTED, 2),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "bad_line", "kind", "good"),
    [pytest.param(*row[1:], id=row[0]) for row in TAMPERINGS],
)
def test_verify_finds_tampering(
    tmp_path: Path,
    tamper: Callable[[list[bytes]], list[bytes]],
    bad_line: int,
    kind: Tampering,
    good: int,
) -> None:
    log = make_log(tmp_path, 4)
    write_lines(log, tamper(lines_of(log)))
    result = verify(log)
    assert (result.ok, result.first_bad_line, result.kind, result.entries) == (
        False,
        bad_line,
        kind,
        good,
    )
    assert result.reason is not None
    assert f"第 {bad_line} 行" in result.reason
    assert f"ine {bad_line}" in result.reason  # "Line 3" or "before line 3"


def test_reason_sentences_name_the_kind(tmp_path: Path) -> None:
    log = make_log(tmp_path, 3)
    lines = lines_of(log)
    write_lines(log, [lines[0], lines[2]])
    assert verify(log).reason == (
        "第 2 行之前有记录被删除（序号应为 2，实为 3）。"
        " An entry before line 2 was removed (expected seq 2, found 3)."
    )
    write_lines(log, edit_count(lines))
    assert verify(log).reason == (
        "第 2 行被修改（哈希不符）。 Line 2 was edited (its hash does not match)."
    )


def test_blank_lines_are_ignored_but_counted(tmp_path: Path) -> None:
    log = make_log(tmp_path, 3)
    lines = lines_of(log)
    write_lines(log, [lines[0], b"", lines[1], b"   ", lines[2]])
    assert verify(log) == VerifyResult(True, 3, last_hash=json.loads(lines[2])["hash"])
    write_lines(log, [lines[0], b"", *edit_count(lines)[1:]])
    assert verify(log).first_bad_line == 3  # file line number, blank line included


def test_empty_log_is_ok(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    log.write_bytes(b"")
    assert verify(log) == VerifyResult(True, 0)
    log.write_bytes(b"\n\n")
    assert verify(log) == VerifyResult(True, 0)
    assert read_entries(log) == []


def test_missing_log_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AuditLogError, match=r"找不到审计日志.*does not exist"):
        verify(tmp_path / "nope.jsonl")
    with pytest.raises(AuditLogError, match="does not exist"):
        read_entries(tmp_path / "nope.jsonl")


def test_read_entries_names_the_bad_line(tmp_path: Path) -> None:
    log = make_log(tmp_path, 3)
    lines = lines_of(log)
    write_lines(log, [lines[0], b"{oops", lines[2]])
    with pytest.raises(AuditLogError, match=r"第 2 行.*Line 2 "):
        read_entries(log)


def test_verify_result_is_frozen() -> None:
    result = VerifyResult(True, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False  # type: ignore[misc]


# --- paths -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([".xlcrm/audit.jsonl"], ".xlcrm/audit.jsonl"),
        (["audit.jsonl"], "audit.jsonl"),
        ([".xlcrm/audit.jsonl", "audit.jsonl"], ".xlcrm/audit.jsonl"),
        ([], ".xlcrm/audit.jsonl"),
    ],
)
def test_resolve_log_path_for_a_folder(tmp_path: Path, existing: list[str], expected: str) -> None:
    for name in existing:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert resolve_log_path(tmp_path) == tmp_path / expected


def test_resolve_log_path_for_a_file_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "elsewhere.jsonl"
    assert resolve_log_path(log) == log  # need not exist yet
    log.write_text("")
    assert resolve_log_path(log, workbook=tmp_path / "x.xlsx") == log
    workbook = tmp_path / "sales" / "客户.xlsx"
    assert resolve_log_path(None, workbook=workbook) == tmp_path / "sales/.xlcrm/audit.jsonl"
    monkeypatch.chdir(tmp_path)
    assert resolve_log_path(None) == tmp_path / ".xlcrm" / "audit.jsonl"


# --- showing -----------------------------------------------------------------------------


def test_format_entries_rows(tmp_path: Path) -> None:
    log = tmp_path / "a.jsonl"
    first = append_entry(
        log, action="check", file="C:\\Users\\li\\客户.xlsx", sheet="客户",
        counts={"rows": 3, "issues": 1}, now=datetime(2024, 5, 1, 9, 5, 7),
    )  # fmt: skip
    append_entry(log, action="demo", file=None)
    rows = format_entries(read_entries(log))
    assert rows[0] == (
        "1", "2024-05-01 09:05:07", first["user"], "check", "—", "客户.xlsx", "客户",
        "rows=3, issues=1", first["hash"][:12],
    )  # fmt: skip
    assert rows[1][5] == rows[1][6] == rows[1][7] == "—"
    assert format_entries(read_entries(log), language="en")[1][5] == "-"
    assert len(show_columns("zh")) == len(show_columns("en")) == len(rows[0])
    assert show_columns("en")[3:5] == ("Action", "Status")
    pending = append_entry(log, action="merge", file="a.xlsx", status="pending")
    append_entry(log, action="merge", file="a.xlsx", status="done", completes=pending["seq"])
    append_entry(log, action="retention", file="a.xlsx", details={"dry_run": True})
    shown = [row[4] for row in format_entries(read_entries(log), language="en")[2:]]
    assert shown == ["pending", "done ←3", "dry run"]


# --- concurrency -------------------------------------------------------------------------


def append_many(log: str, worker: int, count: int, start: Any) -> None:
    """Run in a child process: wait for the others, then append COUNT entries."""
    start.wait()
    for i in range(count):
        append_entry(Path(log), action="test", file=None, counts={"worker": worker, "i": i})


def test_concurrent_appends_keep_one_chain(tmp_path: Path) -> None:
    workers, each = 4, 25
    log = tmp_path / ".xlcrm" / "audit.jsonl"
    context = multiprocessing.get_context("spawn")  # what Windows does; no forked state
    start = context.Barrier(workers)
    procs = [
        context.Process(target=append_many, args=(str(log), w, each, start)) for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * workers
    result = verify(log)
    assert (result.ok, result.entries, result.reason) == (True, workers * each, None)
    entries = read_entries(log)
    assert [e["seq"] for e in entries] == list(range(1, workers * each + 1))
    done = {(e["counts"]["worker"], e["counts"]["i"]) for e in entries}
    assert done == {(w, i) for w in range(workers) for i in range(each)}


# --- properties --------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
counts_maps = st.dictionaries(st.text(), st.integers(), max_size=4)
details_maps = st.dictionaries(
    st.text(), st.one_of(json_scalars, st.lists(json_scalars, max_size=3)), max_size=4
)
entry_args = st.lists(
    st.tuples(st.text(min_size=1), st.one_of(st.none(), st.text()), counts_maps, details_maps),
    min_size=1,
    max_size=5,
)
# Any character but a newline: a newline adds a line, which the split-line case covers.
replacements = st.characters(exclude_categories=["Cs"], exclude_characters="\n")


def append_all(
    log: Path, args: list[tuple[str, str | None, dict[str, int], dict[str, Any]]]
) -> None:
    for action, sheet, counts, details in args:
        append_entry(log, action=action, file=None, sheet=sheet, counts=counts, details=details)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=entry_args)
def test_any_appended_entries_verify(args: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "audit.jsonl"
        append_all(log, args)
        entries = read_entries(log)
        assert verify(log) == VerifyResult(True, len(args), last_hash=entries[-1]["hash"])
        assert [(e["counts"], e["details"]) for e in entries] == [(a[2], a[3]) for a in args]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=entry_args, data=st.data())
def test_changing_one_character_is_detected(args: list[Any], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "audit.jsonl"
        append_all(log, args)
        lines = [line.decode("utf-8") for line in lines_of(log)]
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        line = lines[index]
        at = data.draw(st.integers(0, len(line) - 1), label="position")
        new = data.draw(replacements.filter(lambda c: c != line[at]), label="character")
        changed = line[:at] + new + line[at + 1 :]
        assume(not _same_json(line, changed))  # e.g. "\u001f" -> "\u001F" changes nothing
        lines[index] = changed
        write_lines(log, [text.encode("utf-8") for text in lines])
        result = verify(log)
        assert not result.ok
        assert result.first_bad_line is not None and result.first_bad_line <= index + 1


def _same_json(a: str, b: str) -> bool:
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


def test_an_in_place_action_records_the_input_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlcrm.actions import registry as actions
    from xlcrm.text import Text

    book = tmp_path / "客户.xlsx"
    book.write_bytes(b"before")

    def rewrite(request: actions.ActionRequest[actions.Options]) -> actions.ActionResult:
        request.path.write_bytes(b"after")
        return actions.ActionResult(action="rewrite", file=request.path, output=request.path)

    action = actions.Action(
        "rewrite", Text("改写", "Rewrite"), "tools", rewrite, actions.Options, ribbon=False
    )
    monkeypatch.setitem(actions._REGISTRY, "rewrite", action)
    actions.run_action("rewrite", actions.ActionRequest(book, actions.Options()))
    (entry,) = audit.read_entries(audit.default_log_path(book))
    assert entry["input_sha256"] == hashlib.sha256(b"before").hexdigest()
    assert entry["output_sha256"] == hashlib.sha256(b"after").hexdigest()
    assert audit.verify(audit.default_log_path(book)).ok
