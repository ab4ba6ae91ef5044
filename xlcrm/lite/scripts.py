"""xlcrm's cleanup buttons as xlwings Lite ``@script``\\ s, acting on the open workbook.

Each script is the ribbon button of the same name, run the same way (:mod:`xlcrm.lite.run`):
the active sheet's values and the other sheets go through the action in a private copy
(Pyodide's in-memory file system), and what the action changed comes back into the book
with what it replaced kept for 撤销 Undo. The form fields above each button in App Mode are
the action's options: an as-of date (typed as text: 2026-11-01, 2026/11/1, 2026年11月1日;
empty is today), a duplicate threshold, the columns to compare or mask.

What needs files on the PC, a password prompt or the network is a button too, whose click
says in one sentence to use the command line (:func:`xlcrm.lite.run.needs_cli`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from xlcrm.lite.run import masked_view, needs_cli, run_script, undo
from xlcrm.text import Text

F = TypeVar("F", bound=Callable[..., Any])

try:  # xlwings Lite brings xlwings and its Book type
    from xlwings import Book, script
except ImportError:  # pragma: no cover - plain Pyodide: the scripts are plain functions
    Book = Any  # type: ignore[misc,assignment]

    def script(*_args: Any, **_kwargs: Any) -> Callable[[F], F]:  # type: ignore[no-redef]
        return lambda f: f


@script(name="检查 Check")
def xlcrm_check(book: Book, fix: bool = False, asof: str = "", dns: bool = False) -> None:
    """# 检查 Check
    检查当前工作表的电话、邮箱、日期、金额、类型和必填项；问题写入“问题清单”。
    勾选 fix 同时写入可确定的修正。Checks the active sheet; fix also writes the sure fixes."""
    if dns:
        needs_cli(
            book, Text("检查邮箱域名能否收信", "check email domains by DNS"), "xlcrm check --dns"
        )
        return
    run_script(book, "check", fix=fix, asof=asof)


@script(name="查重 Duplicates")
def xlcrm_dedupe(book: Book, threshold: float = 0.0, columns: str = "") -> None:
    """# 查重 Duplicates
    找出可能重复的客户并说明原因。threshold 为 0 时用“设置”表的阈值；columns 留空时比较
    客户字段（可填表头，逗号分隔）。Finds duplicate customers; 0 uses the Settings threshold."""
    run_script(book, "dedupe", threshold=threshold or None, on=columns.strip() or None)


@script(name="合并 Merge")
def xlcrm_merge(book: Book, auto: bool = False) -> None:
    """# 合并 Merge
    合并“重复客户”表中标记 Y 的组（auto：全部）。Merges the groups marked Y."""
    run_script(book, "merge", auto=auto)


@script(name="分级 Tiers")
def xlcrm_tier(book: Book, asof: str = "") -> None:
    """# 分级 Tiers
    RFM、价值等级、活跃度和标签，阈值取自“设置”表。RFM scores, value tier and activity."""
    run_script(book, "tier", asof=asof)


@script(name="汇总 Summary")
def xlcrm_summary(book: Book, asof: str = "") -> None:
    """# 汇总 Summary
    按地区、等级、负责人、类型和细分汇总，写入“汇总”表。The Summary sheet."""
    run_script(book, "summary", asof=asof)


@script(name="脱敏视图 Masked view")
def xlcrm_masked_view(book: Book, columns: str = "phone,email") -> None:
    """# 脱敏视图 Masked view
    新增一张脱敏视图表（138****8000、z***@qq.com），原数据不变。A masked copy of columns."""
    masked_view(book, columns)


@script(name="撤销 Undo")
def xlcrm_undo(book: Book) -> None:
    """# 撤销 Undo
    撤销上一次 xlcrm 修改。Undoes the last xlcrm change."""
    undo(book)


@script(name="分发/收回 Distribute/Collect")
def xlcrm_monthly(book: Book) -> None:
    """# 分发/收回 Distribute/Collect
    需要电脑上的文件：请用命令行。Needs files on the PC: use the command line."""
    what = Text("按负责人分发或收回文件", "distribute or collect files by owner")
    needs_cli(book, what, "xlcrm distribute / xlcrm collect")


@script(name="保留期 Retention")
def xlcrm_retention(book: Book) -> None:
    """# 保留期 Retention
    归档、销毁和备份需要电脑上的文件：请用命令行。Archive and destroy need the command line."""
    what = Text("归档、销毁记录或备份工作簿", "archive or destroy records, or back the workbook up")
    needs_cli(book, what, "xlcrm retention --apply")


@script(name="密码 Passwords")
def xlcrm_passwords(book: Book) -> None:
    """# 密码 Passwords
    打开密码和列加密需要密码输入：请用命令行。File passwords and encryption: command line."""
    what = Text("设置打开密码或加密列", "set a workbook password or encrypt columns")
    needs_cli(book, what, "xlcrm protect / xlcrm encrypt")


__all__ = [
    "xlcrm_check", "xlcrm_dedupe", "xlcrm_masked_view", "xlcrm_merge", "xlcrm_monthly",
    "xlcrm_passwords", "xlcrm_retention", "xlcrm_summary", "xlcrm_tier", "xlcrm_undo",
]  # fmt: skip
