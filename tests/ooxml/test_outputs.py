"""Every kind of file xlcrm writes opens in Excel without "We found a problem with some
content": each passes :func:`tests.ooxml.validate_package` (Markup Compatibility, the
ECMA-376 Transitional schemas when present, the semantic checks) and matches, part by
part, the structure of a workbook saved by Excel.

One small demo run (60 rows) makes the files: the sample, both templates, check/fix,
tier, summary (charts), dedupe, merge, unmerge, encrypt, decrypt, protect, unprotect,
distribute (each owner's file and the manifest), collect (master and report), review;
then retention applied with an archive, and the add-in. Password-protected outputs
(protect, the archive) are checked inside, after decrypting them as Excel does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tests.ooxml import compare_with_excel, validate_package
from tests.plain import decrypt_to
from xlcrm.addin.package import build_addin
from xlcrm.cli.app import app

EXCEL = REPO / "tests" / "files" / "excel" / "xlwings_quickstart.xlsm"
STEM = "客户台账_演示"
DEMO_PASSWORD = "xlcrm-demo"
ARCHIVE_PASSWORD = "archive-pw"
KINDS = [
    "sample", "template_zh", "template_en", "check", "tier", "summary", "dedupe", "merge",
    "unmerge", "encrypt", "decrypt", "protect", "unprotect", "distribute_owner",
    "distribute_manifest", "collect", "collect_report", "review", "retention", "archive",
    "addin",
]  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("outputs")
    runner = CliRunner()
    demo = runner.invoke(app, ["demo", "--rows", "60", "--out", str(folder), "--seed", "3"])
    assert demo.exit_code == 0, demo.output
    retention = runner.invoke(
        app,
        ["retention", str(folder / f"{STEM}.xlsx"), "--apply", "--out", str(folder / "kept.xlsx"),
         "--archive", str(folder / "archive.xlsx"), "--witness", "王五", "--approver", "李四",
         "--asof", "2035-01-01",
         "--rules", str(REPO / "xlcrm" / "workbook_templates" / "retention_rules.example.toml")],
        env={"XLCRM_PASSWORD": ARCHIVE_PASSWORD},
    )  # fmt: skip
    assert retention.exit_code in (0, 1), retention.output
    (distributed,) = folder.glob(f"{STEM}.distribute-*")
    owners = sorted(p for p in distributed.glob("*.xlsx") if p.name != "分发清单.xlsx")
    plain = folder / "plain"
    plain.mkdir()
    found = {
        "sample": folder / f"{STEM}.xlsx",
        "template_zh": folder / "templates" / "客户信息表.xlsx",
        "template_en": folder / "templates" / "customers.xlsx",
        **{k: folder / f"{STEM}.{k}.xlsx" for k in ("check", "tier", "summary", "dedupe")},
        **{k: folder / f"{STEM}.{k}.xlsx" for k in ("merge", "unmerge", "encrypt", "decrypt")},
        "protect": decrypt_to(folder / f"{STEM}.protect.xlsx", plain / "p.xlsx", DEMO_PASSWORD),
        "unprotect": folder / f"{STEM}.unprotect.xlsx",
        "distribute_owner": owners[0],
        "distribute_manifest": distributed / "分发清单.xlsx",
        "collect": folder / f"{STEM}.collect.xlsx",
        "collect_report": folder / f"{STEM}.收回报告.xlsx",
        "review": folder / f"{STEM}.review.xlsx",
        "retention": folder / "kept.xlsx",
        "archive": decrypt_to(folder / "archive.xlsx", plain / "a.xlsx", ARCHIVE_PASSWORD),
        "addin": build_addin(folder / "addin"),
    }
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_output_passes_the_ooxml_checks(kind: str, outputs: dict[str, Path]) -> None:
    report = validate_package(outputs[kind])
    assert report.ok, f"{kind} ({outputs[kind].name}):\n" + "\n".join(report.problems[:30])
    assert report.parts_checked >= 6


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_output_is_shaped_like_excels_own(
    kind: str, outputs: dict[str, Path]
) -> None:
    assert compare_with_excel(outputs[kind], EXCEL) == []
