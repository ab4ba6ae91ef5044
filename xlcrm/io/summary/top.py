"""The top-10 block of the Summary sheet: the largest customers, by formula.

Entry k is the largest amount among the customers not listed above it; a customer is its
duplicate group when the sheet has a 重复组 column (the 客户键 helper: "G3"), else its
row, so a customer typed twice is listed once. Each entry is a few one-cell array
formulas (they work in Excel 2016 and LibreOffice alike):

    amount    MAX over the rows whose key is not among the keys listed above
    key       the key of the first row with that amount, not listed above
    position  the first row of that key with that amount (1 = the first data row)
    row, name, company, value tier   read at that position

which is what :func:`xlcrm.core.summary.tables.top_customers` computes in pandas.
"""

from __future__ import annotations

import pandas as pd

from xlcrm.core.summary.tables import TOP_N
from xlcrm.io.summary.sheet import AMOUNT_FORMAT, Grid, Layout, title_and_header
from xlcrm.xlsx import SheetCell

# Columns of the block: rank, row, name, company, amount, value tier, key, position.
RANK, ROW, NAME, COMPANY, AMOUNT, TIER, KEY, POSITION = range(1, 9)
_FIELDS = ((NAME, "name"), (COMPANY, "company"), (TIER, "value_tier"))


def top_block(grid: Grid, layout: Layout, frame: pd.DataFrame, top: int) -> int:
    """The block's title, header and ``TOP_N`` entries; the row after it."""
    t, refs = layout.texts, layout.refs
    header = [t["rank"], t["row"], t["name"], t["company"], t["amount"], t["value_tier"],
              t["key"], t["position"]]  # fmt: skip
    title_and_header(grid, layout, "top_customers", top, header)
    amounts = refs.column("amount")
    keys = refs.column("customer_key") if refs.has("customer_key") else f"ROW({amounts})"
    head = top + 1
    records = frame.to_dict("records")
    for k in range(TOP_N):
        r = head + 1 + k
        record = records[k] if k < len(records) else None
        fresh = f"ISNA(MATCH({keys},$G${head}:$G${r - 1},0))"
        e = f"$E{r}"
        grid.put(r, RANK, k + 1)
        amount = (
            f'IF(SUM(ISNUMBER({amounts})*{fresh})=0,"",'
            f"MAX(IF({fresh},IF(ISNUMBER({amounts}),{amounts}))))"
        )
        key = f'IF({e}="","",INDEX({keys},MATCH(1,({amounts}={e})*{fresh},0)))'
        position = f'IF({e}="","",MATCH(1,({keys}=$G{r})*({amounts}={e}),0))'
        cached = _cached(record, refs.header_row)
        grid.put(r, AMOUNT, SheetCell(cached["amount"], formula=amount, array=True,
                                      number_format=AMOUNT_FORMAT))  # fmt: skip
        grid.put(r, KEY, SheetCell(cached["key"], formula=key, array=True))
        grid.put(r, POSITION, SheetCell(cached["position"], formula=position, array=True))
        row = f'IF({e}="","",INDEX(ROW({amounts}),$H{r}))'
        grid.put(r, ROW, SheetCell(cached["row"], formula=row, array=True))
        for column, name in _FIELDS:
            if name == "value_tier" or refs.has(name):
                text = f'IF({e}="","",INDEX({refs.column(name)},$H{r})&"")'
                grid.put(r, column, SheetCell(cached[name], formula=text))
    return head + TOP_N + 2


def _cached(record: dict[str, object] | None, header_row: int) -> dict[str, object]:
    """An entry's results as pandas has them ("" for an entry beyond the customers)."""
    if record is None:
        return dict.fromkeys(("amount", "key", "position", "row", "name", "company",
                              "value_tier"), "")  # fmt: skip
    row = int(str(record["row"]))
    group = record.get("duplicate_group")
    key: object = row if group in (None, "") or pd.isna(group) else f"G{group}"
    shown = {n: "" if pd.isna(record.get(n)) else str(record.get(n)) for n in
             ("name", "company", "value_tier")}  # fmt: skip
    return {"amount": record["amount"], "key": key, "position": row - header_row, "row": row,
            **shown}  # fmt: skip
