"""Write a small OLE compound file (MS-CFB, version 3), the container of vbaProject.bin.

``olefile`` reads compound files but can only overwrite a stream with one of the same
size, so a VBA project with new modules cannot be made by editing the template's file.
This writer covers what a VBA project needs: nested storages, streams below the
4096-byte cutoff in the mini stream, larger ones in 512-byte sectors, one FAT of at most
109 sectors (6.9 MB). Timestamps are zero, so the same input gives the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    start: int = END
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` ("VBA/dir" → bytes; "/" separates storages)."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        *folders, name = path.split("/")
        parent = root
        for folder in folders:
            found = next((c for c in parent.children if c.name == folder and c.kind == 1), None)
            if found is None:
                found = _Entry(folder, 1)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(name, 2, data))
    entries = _number(root)
    return _layout(entries)


def _number(root: _Entry) -> list[_Entry]:
    """Give every entry its directory index and link siblings into a balanced tree."""
    entries = [root]
    pending = [root]
    while pending:
        entry = pending.pop(0)
        for child in entry.children:
            child.sid = len(entries)
            entries.append(child)
            pending.append(child)
        entry.child = _tree(sorted(entry.children, key=_order))
    return entries


def _order(entry: _Entry) -> tuple[int, str]:
    # MS-CFB compares names by length first, then by upper-case code points.
    return len(entry.name), entry.name.upper()


def _tree(ordered: list[_Entry]) -> int:
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    node = ordered[middle]
    node.left = _tree(ordered[:middle])
    node.right = _tree(ordered[middle + 1 :])
    return node.sid


def _sectors(size: int, unit: int) -> int:
    return (size + unit - 1) // unit


def _layout(entries: list[_Entry]) -> bytes:
    streams = [e for e in entries if e.kind == 2]
    small = [e for e in streams if len(e.data) < CUTOFF]
    large = [e for e in streams if len(e.data) >= CUTOFF]
    mini = bytearray()
    minifat: list[int] = []
    for entry in small:
        if not entry.data:
            continue
        entry.start = len(minifat)
        count = _sectors(len(entry.data), MINI_SECTOR)
        minifat += [entry.start + i + 1 for i in range(count - 1)] + [END]
        mini += entry.data.ljust(count * MINI_SECTOR, b"\x00")
    blobs: list[tuple[str, bytes]] = [("large", e.data) for e in large]
    blobs.append(("mini", bytes(mini)))
    blobs.append(("minifat", b"".join(struct.pack("<I", v) for v in minifat)))
    directory_size = _sectors(len(entries), 4) * SECTOR
    data_sectors = sum(_sectors(len(b), SECTOR) for _, b in blobs) + directory_size // SECTOR
    fat_count = 1
    while fat_count * (SECTOR // 4) < data_sectors + fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("VBA project too large for this writer")
    fat = [FATSECT] * fat_count
    body = bytearray()
    starts: list[int] = []
    for _, blob in [*blobs, ("dir", b"\x00" * directory_size)]:
        count = _sectors(len(blob), SECTOR)
        start = len(fat) if count else END
        fat += [start + i + 1 for i in range(count - 1)] + ([END] if count else [])
        starts.append(start)
        body += blob.ljust(count * SECTOR, b"\x00")
    for entry, start in zip(large, starts, strict=False):
        entry.start = start
    mini_start, minifat_start, dir_start = starts[-3], starts[-2], starts[-1]
    root = entries[0]
    root.start, root.data = (mini_start if mini else END), bytes(mini)
    directory = b"".join(_dir_entry(e) for e in entries)
    directory = directory.ljust(directory_size, b"\x00")
    directory = b"".join(
        directory[i : i + 128] if i < len(entries) * 128 else _EMPTY_ENTRY
        for i in range(0, directory_size, 128)
    )
    body[len(body) - directory_size :] = directory
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    header = _header(fat_count, dir_start, minifat_start if minifat else END, len(minifat))
    return header + fat_bytes + bytes(body)


def _header(fat_count: int, dir_start: int, minifat_start: int, minifat_len: int) -> bytes:
    minifat_sectors = _sectors(minifat_len * 4, SECTOR)
    head = _MAGIC + b"\x00" * 16
    head += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    head += struct.pack("<IIIII", 0, fat_count, dir_start, 0, CUTOFF)
    head += struct.pack("<IIII", minifat_start, minifat_sectors, END, 0)
    difat = list(range(fat_count)) + [FREE] * (109 - fat_count)
    head += b"".join(struct.pack("<I", v) for v in difat)
    assert len(head) == SECTOR
    return head


def _dir_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    if len(name) > 64:
        raise ValueError(f"stream name too long: {entry.name}")
    size = len(entry.data) if entry.kind != 1 else 0
    start = entry.start if entry.kind != 1 else 0
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBB", len(name), entry.kind, 1)  # every node black: a balanced tree
        + struct.pack("<III", entry.left, entry.right, entry.child)
        + b"\x00" * 16  # CLSID
        + struct.pack("<I", 0)  # state bits
        + b"\x00" * 16  # creation and modification times: zero, for reproducible files
        + struct.pack("<IQ", start, size)
    )


_EMPTY_ENTRY = (
    b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
).ljust(116, b"\x00") + struct.pack("<IQ", 0, 0)
