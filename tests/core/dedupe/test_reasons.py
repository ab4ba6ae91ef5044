"""The reasons a pair of rows gives for being one customer, exactly, in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from xlcrm.core.dedupe.compare import FieldData
from xlcrm.core.dedupe.reasons import pair_reasons
from xlcrm.core.dedupe.rules import FIELD_LEVELS, GENERIC


def _field(kind: str, a: object, b: object, *, column: str | None = None) -> FieldData:
    """Two rows of one column; every level weighs 1, so each gives a reason."""
    raw = np.array([a, b], dtype=object)
    return FieldData(
        column=column or kind,
        kind=kind,
        raw=raw,
        key=np.array([str(a), str(b)], dtype=object),
        code=np.array([0, 0]),
        fuzzy=raw,
        weights=np.ones(len(FIELD_LEVELS[kind])),
    )


REASONS = [
    ("phone", "exact", "+8613800138000", "138 0013 8000", "同一手机号 +8613800138000",
     "Same mobile +8613800138000"),
    ("phone", "exact", "+862112345678", "021-12345678", "同一电话 +862112345678",
     "Same phone +862112345678"),
    ("email", "exact", "a@qq.com", "A@QQ.COM", "同一邮箱 a@qq.com", "Same email a@qq.com"),
    ("customer_id", "exact", "C001", "C001", "客户编号相同 C001", "Same customer ID C001"),
    ("address", "similar", "浦东 1 号", "浦东1号", "地址相近 浦东 1 号 ≈ 浦东1号",
     "Similar address: 浦东 1 号 ≈ 浦东1号"),
    (GENERIC, "exact", 12.0, 12, "“产地”相同 12", "Same 产地: 12"),
    ("name", "exact", "陈伟", "陈伟", "姓名相同 陈伟", "Same name 陈伟"),
    ("name", "exact", "陈伟", "陳偉", "姓名 陈伟 ≈ 陳偉（繁简）",
     "Name 陈伟 ≈ 陳偉 (traditional/simplified)"),
    ("name", "exact", "ＡＢＣ", "abc", "姓名 ＡＢＣ ≈ abc（全角、大小写）",
     "Name ＡＢＣ ≈ abc (full-width, case)"),
    ("name", "pinyin", "陈伟", "Chen Wei", "姓名拼音相同 陈伟 ≈ Chen Wei",
     "Same name in pinyin: 陈伟 ≈ Chen Wei"),
    ("name", "pinyin", "陈伟", "陈威", "姓名同音 陈伟 ≈ 陈威", "Names sound alike: 陈伟 ≈ 陈威"),
    ("name", "similar", "陈伟", "陈伟明", "姓名相近 陈伟 ≈ 陈伟明", "Similar names: 陈伟 ≈ 陈伟明"),
    ("company", "similar", "华创", "华创科技", "公司名相近 华创 ≈ 华创科技",
     "Similar company names: 华创 ≈ 华创科技"),
    ("company", "exact", "华创科技", "华创科技", "公司名相同 华创科技", "Same company 华创科技"),
    ("company", "exact", "北京华创科技有限公司", "华创科技", "公司名相同（去掉'有限公司'、'北京'）",
     "Same company once '有限公司', '北京' is ignored"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "level", "a", "b", "zh", "en"), REASONS)
def test_reason_reads_exactly(
    kind: str, level: str, a: object, b: object, zh: str, en: str
) -> None:
    field = _field(kind, a, b, column="产地" if kind == GENERIC else None)
    [(column, (weight, why))] = pair_reasons([field], 0, 1, [FIELD_LEVELS[kind].index(level)])
    assert (column, weight) == (field.column, 1.0)
    assert (why.zh, why.en) == (zh, en)
