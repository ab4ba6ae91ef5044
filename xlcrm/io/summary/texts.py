"""The words of the Summary sheet (汇总), in Chinese and English."""

from __future__ import annotations

from xlcrm.text import Text

TEXTS: dict[str, Text] = {
    "title": Text("客户汇总", "Customer summary"),
    "rows": Text("客户数", "Customers"),
    "note": Text(
        "以上阈值和截至日期可以修改，所有数字随之重算；改动数据后重算即可（Excel 自动，或按 F9）。",
        "Change the thresholds or the as-of day above and every number follows; after editing"
        " the data, recalculate (Excel does, or press F9).",
    ),
    "note2": Text(
        "新出现的地区、负责人、类型先计入各表的“其他（未列出）”行，重新运行 汇总 即单独列出；"
        "“数据透视表”可随意拖动字段。分群与未评分原因按本次运行计算。",
        "New regions, owners or types count in each block's 'Other (not listed)' row until"
        " Summary is run again; the PivotTables can be re-sliced freely. Segments and"
        " unscored reasons are as of this run.",
    ),
    "no_table": Text(
        "数据区域含合并单元格或其他表格，无法设为 Excel 表格：之后在末尾新增的行不会计入，请重新运行 汇总。",
        "The data has merged cells or another table in it, so it could not become an Excel"
        " table: rows added at its end are not counted; re-run Summary after adding rows.",
    ),
    "total": Text("合计", "Total"),
    "other": Text(
        "其他（未列出，重新运行 汇总 以加入新类别）",
        "Other (not listed: re-run Summary to add new categories)",
    ),
    "blank": Text("（空白）", "(blank)"),
    "count": Text("客户数", "Customers"),
    "amount": Text("金额", "Amount"),
    "average": Text("平均金额", "Average"),
    "region_tier_count": Text("各地区客户数（按价值等级）", "Customers by region and value tier"),
    "region_tier_amount": Text("各地区金额（按价值等级）", "Amount by region and value tier"),
    "owner_activity": Text("各负责人客户数（按活跃度）", "Customers by owner and activity"),
    "customer_type": Text("客户类型", "Customer type"),
    "segment": Text("客户分群", "Segment"),
    "tags": Text("标签", "Tag"),
    "top_customers": Text(
        "金额前十客户（重复组只计一次）", "Top 10 customers by amount (a duplicate group once)"
    ),
    "region": Text("地区", "Region"),
    "owner": Text("负责人", "Owner"),
    "name": Text("姓名", "Name"),
    "company": Text("公司", "Company"),
    "value_tier": Text("价值等级", "Value tier"),
    "rank": Text("排名", "Rank"),
    "row": Text("行", "Row"),
    "key": Text("（客户键）", "(customer key)"),
    "position": Text("（第几条）", "(position)"),
    "bar_chart": Text("各地区客户数（按价值等级）", "Customers by region and value tier"),
    "pie_chart": Text("客户分群占比", "Customers by segment"),
    "unscored": Text(
        "未评分客户（按原因，本次运行）", "Customers not scored, by reason (this run)"
    ),
    "reason": Text("原因", "Reason"),
    "issues": Text("检查发现的问题（按类型）", "Issues found by the check, by kind"),
    "issue": Text("问题", "Issue"),
    "code": Text("代码", "Code"),
    "severity": Text("级别", "Severity"),
    "duplicates": Text("重复客户", "Duplicate customers"),
    "item": Text("项目", "Item"),
    "groups": Text("重复组数（本次运行）", "Duplicate groups (this run)"),
    "rows_in_groups": Text("重复组中的客户数", "Customers in duplicate groups"),
    "tags_block": Text("各标签客户数与金额", "Customers and amounts by tag"),
    "segment_block": Text("客户分群（本次运行）", "Segment (this run)"),
}
# The text key of each block's title (the others are titled by their own key).
BLOCK_TITLES = {"tags": "tags_block", "segment": "segment_block"}
# The cells the formulas read their thresholds from: key → (label, absolute reference).
PARAMETERS: dict[str, tuple[Text, str]] = {
    "asof": (Text("截至日期", "As of"), "$B$2"),
    "active_days": (Text("活跃：天数 ≤", "Active: days ≤"), "$B$3"),
    "sleeping_days": (Text("一般：天数 ≤", "Regular: days ≤"), "$D$3"),
    "high_amount": (Text("高价值：金额 ≥", "High: amount ≥"), "$B$4"),
    "high_count": (Text("或次数 ≥", "or purchases ≥"), "$D$4"),
    "mid_amount": (Text("中价值：金额 ≥", "Medium: amount ≥"), "$B$5"),
    "mid_count": (Text("或次数 ≥", "or purchases ≥"), "$D$5"),
}
