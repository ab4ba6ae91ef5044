"""The VBA project format (MS-OVBA): compressed streams, the ``dir`` stream, PROJECT text.

Excel keeps a workbook's macros in ``xl/vbaProject.bin``, an OLE compound file holding one
compressed source stream per module, a compressed ``dir`` stream that lists the modules
and references, and a ``PROJECT`` text stream. Excel normally also stores compiled
p-code (the ``_VBA_PROJECT`` "performance cache" and the bytes before each module's
source). We write neither: ``_VBA_PROJECT`` carries version 0xFFFF and every module's
source starts at offset 0, which tells Excel there is no cache and it compiles the
source on first load. That is the documented route (MS-OVBA 2.3.4.1) and what the
xlwings template already does.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

CHUNK = 4096
# A _VBA_PROJECT stream with no performance cache: reserved 0x61CC, version 0xFFFF, 0x00, 0.
VBA_PROJECT_NO_CACHE = b"\xcc\x61\xff\xff\x00\x00\x00"

MODULE_PROCEDURAL = 0x0021
MODULE_CLASS = 0x0022  # document modules (ThisWorkbook, sheets) and class modules
_TERMINATOR_MODULES = 0x0010
_PROJECT_MODULES = 0x000F


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 compression: a 0x01 signature then chunks of 4096 source bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data[start : start + CHUNK])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    pos, end = 0, len(chunk)
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix → positions seen, to find matches fast
    while pos < end:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _longest_match(chunk, pos, heads)
            if length >= 3:
                bit_count = max((pos - 1).bit_length(), 4)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                body += struct.pack("<H", token)
                flags |= 1 << bit
                step = length
            else:
                body.append(chunk[pos])
                step = 1
            for i in range(pos, pos + step):
                heads.setdefault(chunk[i : i + 3], []).append(i)
            pos += step
        body[flag_at] = flags
    if len(body) > CHUNK:  # incompressible: a raw chunk, padded to 4096 bytes
        header = (CHUNK - 1) | (0b011 << 12)
        return struct.pack("<H", header) + chunk.ljust(CHUNK, b"\x00")
    header = (len(body) + 2 - 3) | (0b011 << 12) | (1 << 15)
    return struct.pack("<H", header) + bytes(body)


def _longest_match(chunk: bytes, pos: int, heads: dict[bytes, list[int]]) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy of the bytes at ``pos`` in this chunk."""
    if pos == 0:
        return 0, 0
    bit_count = max((pos - 1).bit_length(), 4)
    max_length = min((0xFFFF >> bit_count) + 3, len(chunk) - pos)
    best_offset = best_length = 0
    for candidate in reversed(heads.get(chunk[pos : pos + 3], [])[-64:]):
        length = 0
        while length < max_length and chunk[candidate + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - candidate, length
            if length == max_length:
                break
    return best_offset, best_length


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 decompression (the inverse of :func:`compress`)."""
    if not data or data[0] != 1:
        raise ValueError("not a compressed VBA container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3
        chunk_end = min(pos + size, len(data))
        pos += 2
        start = len(out)
        if not header & 0x8000:
            out += data[pos : pos + CHUNK]
            pos += CHUNK
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", data, pos)[0]
                    pos += 2
                    bit_count = max((len(out) - start - 1).bit_length(), 4)
                    length = (token & (0xFFFF >> bit_count)) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(data[pos])
                    pos += 1
    return bytes(out)


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, source text and whether it is a class/document module."""

    name: str
    source: str
    kind: int = MODULE_PROCEDURAL
    document: bool = False  # ThisWorkbook and sheet modules: tied to a workbook part
    codepage: str = "cp1252"

    def encoded(self) -> bytes:
        return self.source.encode(self.codepage)


def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def split_dir(dir_stream: bytes) -> bytes:
    """The part of a decompressed ``dir`` stream before its module list (info + references)."""
    pos = 0
    while pos < len(dir_stream):
        record_id, size = struct.unpack_from("<HI", dir_stream, pos)
        if record_id == _PROJECT_MODULES:
            return dir_stream[:pos]
        if record_id == 0x0009:  # PROJECTVERSION: Size says 4, the record holds 6 more bytes
            size = 6
        pos += 6 + size
    raise ValueError("the dir stream has no module list")


def module_offsets(dir_stream: bytes) -> dict[str, int]:
    """Module name → where its compressed source starts in its stream (after any p-code)."""
    offsets: dict[str, int] = {}
    pos, name = 0, ""
    while pos < len(dir_stream):
        record_id, size = struct.unpack_from("<HI", dir_stream, pos)
        full = 6 + (6 if record_id == 0x0009 else size)
        if record_id == 0x0019:
            name = dir_stream[pos + 6 : pos + 6 + size].decode("cp1252")
        elif record_id == 0x0031:
            offsets[name] = struct.unpack_from("<I", dir_stream, pos + 6)[0]
        pos += full
    return offsets


def rename_project(head: bytes, name: str) -> bytes:
    """``head`` with its PROJECTNAME record (0x0004) set to ``name``."""
    out = bytearray()
    pos = 0
    while pos < len(head):
        record_id, size = struct.unpack_from("<HI", head, pos)
        full = 6 + (6 if record_id == 0x0009 else size)
        if record_id == 0x0004:
            out += _record(0x0004, name.encode("cp1252"))
        else:
            out += head[pos : pos + full]
        pos += full
    return bytes(out)


def build_dir(head: bytes, modules: list[Module]) -> bytes:
    """A decompressed ``dir`` stream: ``head`` (project info, references) then ``modules``."""
    out = bytearray(head)
    out += _record(_PROJECT_MODULES, struct.pack("<H", len(modules)))
    out += _record(0x0013, b"\xff\xff")  # PROJECTCOOKIE
    for module in modules:
        name = module.name.encode("cp1252")
        wide = module.name.encode("utf-16-le")
        out += _record(0x0019, name) + _record(0x0047, wide)
        out += _record(0x001A, name) + _record(0x0032, wide)
        out += _record(0x001C, b"") + _record(0x0048, b"")
        out += _record(0x0031, struct.pack("<I", 0))  # source at offset 0: no p-code
        out += _record(0x001E, struct.pack("<I", 0))  # help context
        out += _record(0x002C, b"\xff\xff")  # cookie
        out += _record(module.kind, b"")
        out += _record(0x002B, b"")  # module terminator
    out += _record(_TERMINATOR_MODULES, b"")
    return bytes(out)


def build_project_text(template: str, modules: list[Module], name: str) -> str:
    """The PROJECT stream: the template's ID and protection lines, ``name``, our modules."""
    lines = template.replace("\r\n", "\n").split("\n")
    keys = ("ID", "Name", "HelpContextID", "VersionCompatible32", "CMG", "DPB", "GC")
    keep = [
        f'Name="{name}"' if line.startswith("Name=") else line
        for line in lines
        if line.split("=", 1)[0] in keys
    ]
    listed = []
    for module in modules:
        if module.document:
            listed.append(f"Document={module.name}/&H00000000")
        elif module.kind == MODULE_CLASS:
            listed.append(f"Class={module.name}")
        else:
            listed.append(f"Module={module.name}")
    head, tail = keep[:1], keep[1:]
    out = [*head, *listed, *tail, "", "[Host Extender Info]"]
    out.append("&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000")
    out += ["", "[Workspace]"]
    out += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return "\r\n".join(out) + "\r\n"


def build_name_map(modules: list[Module]) -> bytes:
    """The PROJECTwm stream: each module name in the code page and in UTF-16."""
    out = bytearray()
    for module in modules:
        out += module.name.encode("cp1252") + b"\x00"
        out += module.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")
