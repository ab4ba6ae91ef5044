"""Speed of marking up a copy of a large customer workbook, next to openpyxl's load + save.

    python bench/patch.py                      # 100k rows
    python bench/patch.py --rows 10000
    python bench/patch.py --iterparse          # also time an lxml.iterparse rewrite

A messy customer workbook is generated once with xlcrm.sample.data (kept in bench/out/),
then each step runs in its own process and is timed:
  * first run: 10% of the data cells get a fill and a note (the check's worst realistic
    case), 1% of them also a new value (--fix), and a 100k-row Issues sheet with a link
    per row is added; all of it is done by WorkbookPatch.save,
  * re-run on that output: clear_marks, the same patches, the Issues sheet replaced,
  * openpyxl load + save of the input (the floor of the old edit_copy path),
  * with --iterparse: the data sheet alone (10% and 1% of its cells filled) through the
    byte scanner xlcrm uses and through lxml.etree.iterparse, to compare the two.
Prints wall and CPU seconds; never fails on time.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from xlcrm.xlsx import column_letters

OUT = Path(__file__).resolve().parent / "out"
SHEET = {"zh": "客户名单"}
RED, YELLOW = "FFFFC7CE", "FFFFEB9C"
NOTE = "手机号码位数不对：应为 11 位数字。建议：核对后改为 11 位手机号。"
HEADER_ROW, COLUMNS = 4, 19  # what write_messy_workbook writes


def sample(rows: int) -> Path:
    """The generated workbook (made once per size)."""
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    path = OUT / f"patch_customers_{rows}.xlsx"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_messy_workbook(generate_customers(rows, seed=1), path)
    return path


def plan(
    rows: int, density: float = 0.10
) -> tuple[dict[tuple[int, int], Any], list[list[object]], dict[tuple[int, int], str]]:
    """Patches for ``density`` of the data cells, and the Issues rows and links for them."""
    from xlcrm.xlsx import KEEP, CellPatch, cell_location

    rng = random.Random(7)
    cells: dict[tuple[int, int], Any] = {}
    issues: list[list[object]] = [["行", "字段", "列名", "值", "代码", "级别", "问题", "建议"]]
    links: dict[tuple[int, int], str] = {}
    for row in range(HEADER_ROW + 1, HEADER_ROW + rows + 1):
        for column in range(1, COLUMNS + 1):
            if rng.random() >= density:
                continue
            fill = RED if rng.random() < 0.5 else YELLOW
            value = f"1380013{row % 10000:04d}" if rng.random() < 0.1 else KEEP
            cells[(row, column)] = CellPatch(value=value, fill=fill, comment=NOTE)
            if len(issues) <= rows:
                issues.append(
                    [row, "phone", "手机号码", "1380013", "phone_length", "error", NOTE, "核对"]
                )
                links[(len(issues), 1)] = cell_location(SHEET["zh"], row, column)
    return cells, issues, links


def run_patch(src: Path, dst: Path, rows: int, clear: bool) -> dict[str, float]:
    from xlcrm.xlsx import WorkbookPatch

    cells, issues, links = plan(rows)
    wall, cpu = time.perf_counter(), time.process_time()
    patch = WorkbookPatch(src)
    if clear:
        patch.clear_marks(SHEET["zh"])
    patch.patch_cells(SHEET["zh"], cells)
    patch.add_sheet(
        "问题清单", issues, hyperlinks=links, column_widths=[8, 10, 12, 16, 14, 8, 48, 20]
    )
    summary = patch.save(dst)
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "cells": summary.cells_patched,
        "notes": summary.notes_written,
        "issues": len(issues) - 1,
        "mib": dst.stat().st_size / 2**20,
    }


def run_openpyxl(src: Path, dst: Path) -> dict[str, float]:
    import openpyxl

    wall, cpu = time.perf_counter(), time.process_time()
    workbook = openpyxl.load_workbook(src, rich_text=True)
    loaded = time.perf_counter() - wall
    workbook.save(dst)
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "load_s": loaded,
    }


def run_iterparse(src: Path, rows: int, density: float) -> dict[str, float]:
    """The data sheet rewritten with lxml.iterparse: the same fills, no notes, no zip."""
    from lxml import etree

    cells, _, _ = plan(rows, density)
    by_row: dict[int, set[str]] = {}
    for (row, column), _patch in cells.items():
        by_row.setdefault(row, set()).add(column_letters(column) + str(row))
    with zipfile.ZipFile(src) as package:
        data = package.read("xl/worksheets/sheet1.xml")
    wall, cpu = time.perf_counter(), time.process_time()
    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"
    out = io.BytesIO()
    for _event, row in etree.iterparse(io.BytesIO(data), tag=tag):
        wanted = by_row.get(int(row.get("r", "0")), set())
        for cell in row:
            if cell.get("r") in wanted:
                cell.set("s", "9")
        out.write(etree.tostring(row))
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}


def run_scanner(src: Path, rows: int, density: float) -> dict[str, float]:
    """The data sheet alone through xlcrm's scanner, to set beside run_iterparse."""
    from xlcrm.xlsx.sheet import SheetEdit, stream_sheet
    from xlcrm.xlsx.styles import Styles

    cells, _, _ = plan(rows, density)
    by_row: dict[int, dict[int, Any]] = {}
    for (row, column), patch in cells.items():
        by_row.setdefault(row, {})[column] = patch
    with zipfile.ZipFile(src) as package:
        data, styles = package.read("xl/worksheets/sheet1.xml"), package.read("xl/styles.xml")
    wall, cpu = time.perf_counter(), time.process_time()
    for _chunk in stream_sheet(data, SheetEdit(by_row, Styles(styles))):
        pass
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}


def child(step: str, rows: int, density: float) -> dict[str, float]:
    src = sample(rows)
    first = OUT / f"patch_customers_{rows}.check.xlsx"
    steps = {
        "first": lambda: run_patch(src, first, rows, clear=False),
        "rerun": lambda: run_patch(
            first, OUT / f"patch_customers_{rows}.check2.xlsx", rows, clear=True
        ),
        "openpyxl": lambda: run_openpyxl(src, OUT / f"patch_customers_{rows}.openpyxl.xlsx"),
        "iterparse": lambda: run_iterparse(src, rows, density),
        "scanner": lambda: run_scanner(src, rows, density),
    }
    result = steps[step]()
    result["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--iterparse", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--density", type=float, default=0.10, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(child(args.step, args.rows, args.density)))
        return
    started = time.perf_counter()
    sample(args.rows)
    print(f"sample workbook of {args.rows:,} rows ready in {time.perf_counter() - started:.1f}s")
    steps = [("first", 0.10), ("rerun", 0.10), ("openpyxl", 0.10)]
    if args.iterparse:
        steps += [(step, density) for density in (0.10, 0.01) for step in ("scanner", "iterparse")]
    for step, density in steps:
        command = [sys.executable, __file__, "--rows", str(args.rows), "--step", step]
        done = subprocess.run(
            [*command, "--density", str(density)], capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(_line(step, density, result), flush=True)


def _line(step: str, density: float, t: dict[str, float]) -> str:
    label = {
        "first": "patch + Issues sheet + save",
        "rerun": "re-run on its output (clear_marks)",
        "openpyxl": "openpyxl load + save",
        "scanner": f"sheet only, {density:.0%} cells, byte scanner",
        "iterparse": f"sheet only, {density:.0%} cells, lxml iterparse",
    }[step]
    text = f"{label:<38} wall {t['wall_s']:6.1f}s  cpu {t['cpu_s']:6.1f}s  peak {t['peak_rss_gib']:.2f} GiB"
    if "cells" in t:
        text += f"  ({t['cells']:,.0f} cells, {t['notes']:,.0f} notes, {t['issues']:,.0f} issues, {t['mib']:.0f} MiB)"
    if "load_s" in t:
        text += f"  (load {t['load_s']:.1f}s)"
    return text


if __name__ == "__main__":
    main()
