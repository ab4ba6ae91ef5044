"""The table of inputs every cell function runs on, under CPython and under Pyodide.

Run as a script (``python cases.py`` or inside Pyodide by ``node/run.mjs``) it prints one
JSON document: the platform, whether pandas or numpy were imported, and each case's
result. tests/lite/test_pyodide.py runs it both ways and requires equal results.
Dates are given as Excel serial numbers, as Office.js (xlwings Lite) hands them; the
Settings range is the Settings sheet's (label, value, help, key) rows, zh and en labels.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PHONES = ["138 0013 8000", 13900139000.0, "+86 138-0013-8000", "(010) 6552 9988", "无",
          "1380013800A", "12345", None, "", "１３８００１３８０００", "+852 9123 4567",
          "13800138000 / 13900139000", "0755-8888 6666 转 123", "N/A"]  # fmt: skip
EMAILS = ["a@qq.com", "ZHANG@QQ.COM ", "mailto:x@163.com", "li@@qq.com", "x@qq.con",
          "ｚ＠ｑｑ．ｃｏｍ", "wang@gmial.com", "no-at-sign", "", None, "暂无",
          "user.name+tag@example.co.uk"]  # fmt: skip
AMOUNTS = [80000, "1.2万", "￥3,000", "3000元", -50, "abc", None, 0, 15000.5, "RMB 12,000"]
COUNTS = [12, "3次", 1, 0, 2, "x", None, 0, 4, "十二"]
DATES = [46300.0, "2026-10-01", "2026年3月5日", "2026/1/5", "bad", None, 45000.0, "",
         46400.0, 46326.0]  # fmt: skip
ASOF = 46327.0  # 2026-11-01
SETTINGS_ZH = [["活跃天数", 30, "", "activity_active_days"],
               ["高价值金额", 20000, "", "tier_high_amount"]]  # fmt: skip
SETTINGS_EN = [["Active days", 10, "", ""], ["Sleeping days", 100, "", ""]]


def column(values: list[Any]) -> list[list[Any]]:
    return [[v] for v in values]


CASES: list[tuple[str, list[Any]]] = [
    *[("XLCRM_PHONE", [p]) for p in PHONES],
    ("XLCRM_PHONE", [column(PHONES)]),
    ("XLCRM_PHONE", [column(PHONES), "HK", "international"]),
    ("XLCRM_PHONE", [[PHONES[:4]], "CN", "national"]),  # a row range
    *[("XLCRM_PHONE_OK", [p]) for p in PHONES],
    ("XLCRM_PHONE_OK", [column(PHONES), "HK"]),
    *[("XLCRM_EMAIL_OK", [e]) for e in EMAILS],
    ("XLCRM_EMAIL_OK", [column(EMAILS)]),
    ("XLCRM_TIER", [80000, 12]),
    ("XLCRM_TIER", [column(AMOUNTS), column(COUNTS)]),
    ("XLCRM_TIER", [column(AMOUNTS), column(COUNTS), SETTINGS_ZH]),
    ("XLCRM_ACTIVITY", [46300.0, ASOF]),
    ("XLCRM_ACTIVITY", [column(DATES), ASOF]),
    ("XLCRM_ACTIVITY", [column(DATES), "2026-11-01", SETTINGS_ZH]),
    ("XLCRM_ACTIVITY", [column(DATES), ASOF, SETTINGS_EN]),
    ("XLCRM_RFM", [column(DATES), column(COUNTS), column(AMOUNTS), ASOF]),
    ("XLCRM_RFM", [column(DATES), column(COUNTS), column(AMOUNTS), ASOF, SETTINGS_ZH]),
    ("XLCRM_RFM", [46300.0, 3, 5000, ASOF]),
]


def run() -> dict[str, Any]:
    """Every case's result, and what the import of the functions pulled in."""
    import xlcrm.lite.functions as functions

    results = [getattr(functions, name)(*args) for name, args in CASES]
    return {
        "platform": sys.platform,
        "pandas": "pandas" in sys.modules,
        "numpy": "numpy" in sys.modules,
        "threads": __import__("threading").active_count(),
        "results": results,
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, default=str))
