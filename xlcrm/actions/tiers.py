"""分级 Tiers: RFM scores, segment, value tier, activity and tags of every customer.

The rules live in :mod:`xlcrm.core.tiers`; the copy with the tier columns and the legend
sheet is written by :mod:`xlcrm.io.tiers.report`. The payload is ``xlcrm tier --json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, AsofOptions, register
from xlcrm.progress import Progress, no_progress, step_label
from xlcrm.text import Text, message

if TYPE_CHECKING:
    import pandas as pd

    from xlcrm.core.tiers.rules import TierRules
    from xlcrm.io.reader import SheetTable


@dataclass(frozen=True)
class TierOptions(AsofOptions):
    """``asof``: the day "days since the last purchase" counts to (default today)."""


@dataclass(frozen=True)
class Tiered:
    """A sheet and the tiers of its rows, as of a day, under the workbook's rules."""

    table: SheetTable
    tiers: pd.DataFrame
    asof: dt.date
    rules: TierRules


def read_tiers(request: ActionRequest[TierOptions]) -> Tiered:
    """The requested sheet and its tiers (the start of 分级 Tiers and 汇总 Summary)."""
    from xlcrm.io.reader import read_table

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    return table_tiers(table, request.options.asof, progress=request.progress)


def tier_sheet(request: ActionRequest[TierOptions]) -> ActionResult:
    """RFM scores, segment, value tier, activity and tags for every customer."""
    from xlcrm.core.tiers.scores import tier_payload

    tiered = read_tiers(request)
    table, tiers, asof = tiered.table, tiered.tiers, tiered.asof
    output = None
    if request.out is not None:
        from xlcrm.io.tiers.report import write_tier_workbook

        output = request.out
        request.progress(step_label(message("progress_writing")), 0, 1)
        legend = tier_legend(table, tiered.rules, asof)
        write_tier_workbook(
            table, tiers, output, asof=asof, legend=legend, password=request.password
        )
    unscored = int(tiers["unscored"].notna().sum())
    counts = {"rows": len(tiers), "scored": len(tiers) - unscored, "unscored": unscored}
    counts |= {f"value_{k}": int(v) for k, v in tiers["value_tier"].value_counts().items()}
    return ActionResult(
        action="tier",
        file=request.path,
        sheet=table.sheet,
        counts=counts,
        output=output,
        payload=tier_payload(tiers, asof),
        problems=False,
        language=table.language,
        summary=tier_summary(table, tiers, unscored),
    )


def table_tiers(
    table: SheetTable, asof: dt.date | None, *, progress: Progress = no_progress
) -> Tiered:
    """Tiers of every row as of ``asof`` (default today), with the rules from Settings."""
    from xlcrm.core.tiers.rules import TierRules
    from xlcrm.core.tiers.scores import compute_tiers

    day = TierOptions(asof=asof).today
    rules = TierRules.from_settings(table.settings, language=table.language)
    progress(step_label(message("progress_tiers")), 0, 1)
    return Tiered(table, compute_tiers(table.df, asof=day, rules=rules), day, rules)


def tier_summary(table: SheetTable, tiers: pd.DataFrame, unscored: int) -> Text:
    """Customers by value tier and by activity, and how many could not be scored."""
    by_value = tiers["value_tier"].value_counts()
    by_activity = tiers["activity"].value_counts()
    high, mid, low = (int(by_value.get(k, 0)) for k in ("高", "中", "低"))
    active, regular, sleeping = (int(by_activity.get(k, 0)) for k in ("活跃", "一般", "沉睡"))
    return message(
        "tiered",
        sheet=table.sheet,
        rows=len(tiers),
        high=high,
        mid=mid,
        low=low,
        active=active,
        regular=regular,
        sleeping=sleeping,
        unscored=unscored,
    )


def tier_legend(table: SheetTable, rules: TierRules, asof: dt.date) -> list[list[Any]]:
    """The legend sheet's rows: what each tier column means under these rules."""
    from xlcrm.io.tiers.report import legend_rows

    explained = {
        "asof": Text.same(asof.isoformat()),
        "rules": LEGEND_TEXT["rules"].format(v=rules.version),
        "r": LEGEND_TEXT["r"],
        "f": LEGEND_TEXT["f"],
        "m": LEGEND_TEXT["m"],
        "value_tier": LEGEND_TEXT["value_tier"].format(
            high_amount=f"{rules.high_amount:,.0f}",
            high_count=rules.high_count,
            mid_amount=f"{rules.mid_amount:,.0f}",
            mid_count=rules.mid_count,
        ),
        "segment": SEGMENT_LEGEND.get(rules.segment_model, SEGMENT_LEGEND["rfm11"]),
        "activity": LEGEND_TEXT["activity"].format(
            active=rules.active_days, sleeping=rules.sleeping_days
        ),
    }
    lines = [(LEGEND_TERMS[key], text) for key, text in explained.items()]
    return list(legend_rows(table.language, lines))


# The legend's terms (shown in both languages) and what they mean.
LEGEND_TERMS = {
    "asof": Text("计算日期", "as of"),
    "rules": Text("规则版本", "rules"),
    "r": Text.same("R"),
    "f": Text.same("F"),
    "m": Text.same("M"),
    "value_tier": Text("价值等级", "value tier"),
    "segment": Text("客户分群", "segment"),
    "activity": Text("活跃度", "activity"),
}
LEGEND_TEXT = {
    "rules": Text("第 {v} 版", "version {v}"),
    "r": Text(
        "最近一次购买距今越近分数越高（1–5）", "More recent last purchase scores higher (1-5)"
    ),
    "f": Text("购买次数越多分数越高（1–5）", "More purchases score higher (1-5)"),
    "m": Text("累计消费金额越高分数越高（1–5）", "More spent scores higher (1-5)"),
    "value_tier": Text(
        "高：金额 ≥ {high_amount} 或次数 ≥ {high_count}；"
        "中：金额 ≥ {mid_amount} 或次数 ≥ {mid_count}；其余为低",
        "High: spent >= {high_amount} or >= {high_count} purchases;"
        " medium: >= {mid_amount} or >= {mid_count}; otherwise low",
    ),
    "activity": Text(
        "活跃：{active} 天内购买过；一般：{sleeping} 天内；其余为沉睡",
        "Active: bought within {active} days; regular: within {sleeping}; otherwise sleeping",
    ),
}
SEGMENT_LEGEND = {
    "cn8": Text(
        "重要/一般 价值、发展、保持、挽留客户：R、F、M 各自高于平均为“高”",
        "Important/ordinary value, development, retention, win-back customers: each of R, F"
        " and M above its average counts as high",
    ),
    "rfm11": Text(
        "按 R、F 分数划分的 11 个群组（Champions … Lost）",
        "11 groups by R and F scores (Champions … Lost)",
    ),
}


TIER = register(
    Action(
        name="tier",
        label=Text("分级", "Tiers"),
        group="analyse",
        run=tier_sheet,
        options_type=TierOptions,
        help=Text(
            "计算 RFM 分数、客户分群、价值等级（高/中/低）和活跃度（活跃/一般/沉睡）。",
            "RFM scores, segment, value tier (high/medium/low) and activity for each customer.",
        ),
        image_mso="SortUp",
    )
)
