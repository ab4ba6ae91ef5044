"""Two things the dedupe and merge sheets need that :class:`WorkbookPatch` does not offer yet.

* a dropdown (list data validation) on a range of a sheet added with ``add_sheet``: the
  sheet's XML stream is wrapped so ``<dataValidations>`` lands where the schema wants it
  (after ``<autoFilter>``, before ``<hyperlinks>``/``<pageMargins>``);
* a hidden sheet (``state="hidden"`` in the workbook part), for the merge journal.

Both reach into the patcher's package and workbook objects; they belong in
:mod:`xlcrm.io.patch` as ``add_sheet(..., validations=..., hidden=...)`` and are kept
apart here until they move there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from xlcrm.io._patch_cells import xml_attr
from xlcrm.io.patch import WorkbookPatch

_END = b"</sheetData>"
_BEFORE = (b"<hyperlinks>", b"<pageMargins")


def add_list_validation(
    patch: WorkbookPatch, title: str, sqref: str, choices: Sequence[str], *, prompt: str = ""
) -> None:
    """A dropdown of ``choices`` on ``sqref`` (e.g. ``"E2:E100"``) of the added sheet ``title``."""
    entry = patch._book.find(title)
    if entry is None or not patch._package.is_streamed(entry.part):
        raise ValueError(f"sheet {title!r} is not a sheet added by this patch")
    produce = patch._package._streams[entry.part]
    listed = ",".join(choices)
    shown = f' promptTitle="{xml_attr(title)}" prompt="{xml_attr(prompt)}"' if prompt else ""
    xml = (
        '<dataValidations count="1"><dataValidation type="list" allowBlank="1"'
        f' showInputMessage="{1 if prompt else 0}" showErrorMessage="1"{shown}'
        f' sqref="{xml_attr(sqref)}"><formula1>"{xml_attr(listed)}"</formula1>'
        "</dataValidation></dataValidations>"
    ).encode()

    def wrapped() -> Iterator[bytes]:
        for chunk in produce():
            end = chunk.find(_END)
            if end >= 0:
                chunk = _insert(chunk, end + len(_END), xml)
            yield chunk

    patch._package.put_stream(entry.part, wrapped)


def _insert(chunk: bytes, start: int, xml: bytes) -> bytes:
    for marker in _BEFORE:
        at = chunk.find(marker, start)
        if at >= 0:
            return chunk[:at] + xml + chunk[at:]
    raise ValueError("the sheet's XML has no place for data validation")


def hide_sheet(patch: WorkbookPatch, title: str) -> None:
    """Mark sheet ``title`` hidden (Excel: right-click a tab, Unhide, to see it)."""
    entry = patch._book.find(title)
    if entry is None:
        raise ValueError(f"no sheet {title!r}")
    node = patch._book._sheet_nodes()[entry.index]
    node.set("state", "hidden")
    patch._book.changed = True
