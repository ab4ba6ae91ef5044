"""Custom document properties: set, read, and kept beside the record of the marks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.xlsx.workbooks import RED, fill_of, rich_workbook
from xlcrm.xlsx import CellPatch, WorkbookPatch


def test_custom_properties_are_set_read_and_kept_beside_the_marks(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    assert patch.get_property("owner") is None
    patch.set_property("owner", "销售部 & <sales>")
    patch.set_property("owner", "销售部")  # replaced, not a second entry
    patch.set_property("batch", '{"n": 1}')
    assert patch.get_property("owner") == "销售部"
    for reserved in ("xlcrm_fill_styles", "xlcrm_fill_styles_2", " "):
        with pytest.raises(ValueError):
            patch.set_property(reserved, "x")
    patch.patch_cells("客户", {(2, 2): CellPatch(fill=RED)})
    patch.save(tmp_path / "one.xlsx")
    props = openpyxl.load_workbook(tmp_path / "one.xlsx").custom_doc_props
    assert {p.name: p.value for p in props} == {
        "owner": "销售部", "batch": '{"n": 1}', "xlcrm_fill_styles": props["xlcrm_fill_styles"].value,
    }  # fmt: skip
    again = WorkbookPatch(tmp_path / "one.xlsx")
    assert again.get_property("batch") == '{"n": 1}'
    again.clear_marks("客户")  # the marks recorded beside the properties are still found
    again.save(tmp_path / "two.xlsx")
    assert fill_of(openpyxl.load_workbook(tmp_path / "two.xlsx")["客户"]["B2"]) is None
