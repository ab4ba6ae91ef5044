"""The notes' VML drawing: other shapes stay, shape ids never collide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.xlsx.workbooks import patched, read_parts, write_parts
from xlcrm.xlsx import CellPatch


def test_form_controls_in_the_notes_drawing_are_kept(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名"], ["张三"], ["李四"]])
    patched(src, tmp_path / "1.xlsx", {(2, 1): CellPatch(comment="一")})
    parts = read_parts(tmp_path / "1.xlsx")
    vml = next(n for n in parts if n.endswith(".vml"))
    checkbox = (
        b'<v:shape id="_x0000_s5121" type="#_x0000_t201"><x:ClientData ObjectType="Checkbox">'
        b"<x:Anchor>3, 0, 1, 0, 4, 0, 2, 0</x:Anchor></x:ClientData></v:shape></xml>"
    )
    parts[vml] = parts[vml].replace(b"</xml>", checkbox)
    write_parts(tmp_path / "1.xlsx", parts)
    patched(tmp_path / "1.xlsx", tmp_path / "2.xlsx", {(3, 1): CellPatch(comment="二")})
    drawing = read_parts(tmp_path / "2.xlsx")[vml]
    assert b'id="_x0000_s5121"' in drawing and b'ObjectType="Checkbox"' in drawing
    assert drawing.count(b'ObjectType="Note"') == 1 and b"<x:Row>2</x:Row>" in drawing
    ids = [int(i) for i in re.findall(rb'id="_x0000_s(\d+)"', drawing)]
    found = re.search(rb'data="([\d,]+)"', drawing)
    assert found is not None
    blocks = found.group(1).decode().split(",")
    assert len(set(ids)) == len(ids) and {str(i // 1024) for i in ids} <= set(blocks)
