"""The reasons a pair of rows gives for or against being one customer, exactly, in both
languages, and the weight shown after each."""

from __future__ import annotations

import numpy as np
import pytest

from xlcrm.core.dedupe.compare import FieldData
from xlcrm.core.dedupe.reasons import pair_reasons, with_weight
from xlcrm.core.dedupe.rules import FIELD_LEVELS, GENERIC
from xlcrm.text import Text


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
    ("phone", "landline", "+862112345678", "021-12345678", "同一电话 +862112345678",
     "Same phone +862112345678"),
    ("phone", "shared", "+862161234567", "021-61234567", "同一总机 +862161234567，姓名不同",
     "Same switchboard +862161234567, different names"),
    ("phone", "shared", "+8613800138000", "13800138000", "同一手机号 +8613800138000，姓名不同",
     "Same mobile +8613800138000, different names"),
    ("phone", "shared", "+864008001234", "400-800-1234", "同一客服热线 +864008001234（公司号码）",
     "Same hotline +864008001234 (a company's number)"),
    ("phone", "different", "13800138000", "13900139000", "电话不同 13800138000 ≠ 13900139000",
     "Different phones 13800138000 ≠ 13900139000"),
    ("email", "exact", "a@qq.com", "A@QQ.COM", "同一邮箱 a@qq.com", "Same email a@qq.com"),
    ("email", "typo", "zhaoliu@qq.con", "zhaoliu@qq.com",
     "邮箱相近（疑似输错）zhaoliu@qq.con ≈ zhaoliu@qq.com",
     "Similar emails (likely a typo) zhaoliu@qq.con ≈ zhaoliu@qq.com"),
    ("email", "shared", "info@hengda.com", "info@hengda.com", "同一公共邮箱 info@hengda.com",
     "Same shared mailbox info@hengda.com"),
    ("email", "shared", "home@163.com", "home@163.com", "同一邮箱 home@163.com，姓名不同",
     "Same email home@163.com, different names"),
    ("email", "different", "a@qq.com", "b@qq.com", "邮箱不同 a@qq.com ≠ b@qq.com",
     "Different emails a@qq.com ≠ b@qq.com"),
    ("customer_id", "exact", "C001", "C001", "客户编号相同 C001", "Same customer ID C001"),
    ("address", "exact", "上海市浦东新区世纪大道100号", "上海浦东新区世纪大道１００号",
     "地址相同 上海市浦东新区世纪大道100号 ≈ 上海浦东新区世纪大道１００号",
     "Same address: 上海市浦东新区世纪大道100号 ≈ 上海浦东新区世纪大道１００号"),
    ("address", "contained", "文三路88号", "文三路88号锦园3栋502室", "同一楼栋 文三路88号 ≈ 文三路88号锦园3栋502室",
     "Same building: 文三路88号 ≈ 文三路88号锦园3栋502室"),
    ("address", "office", "漕溪北路1号", "漕溪北路1号", "同一单位或住户地址 漕溪北路1号",
     "Same premises (a company or household): 漕溪北路1号"),
    ("address", "similar", "浦东 1 号", "浦东1号", "地址相近 浦东 1 号 ≈ 浦东1号",
     "Similar address: 浦东 1 号 ≈ 浦东1号"),
    ("address", "different", "文三路1号", "建国路2号", "地址不同 文三路1号 ≠ 建国路2号",
     "Different addresses 文三路1号 ≠ 建国路2号"),
    ("region", "exact", "浙江", "浙江省", "地区相同 浙江 ≈ 浙江省", "Same region: 浙江 ≈ 浙江省"),
    ("region", "different", "浙江", "上海", "地区不同 浙江 ≠ 上海", "Different regions 浙江 ≠ 上海"),
    ("birth_date", "exact", "1985-03-07", "1985/3/7", "出生日期相同 1985-03-07",
     "Same birth date 1985-03-07"),
    ("birth_date", "similar", "1985-03-07", "1985-07-03",
     "出生日期相近（疑似输错）1985-03-07 ≈ 1985-07-03",
     "Close birth dates (likely a typo) 1985-03-07 ≈ 1985-07-03"),
    ("birth_date", "different", "1962-05-01", "1990-09-12", "出生日期不同 1962-05-01 ≠ 1990-09-12",
     "Different birth dates 1962-05-01 ≠ 1990-09-12"),
    ("gender", "exact", "男", "男", "性别相同 男", "Same gender: 男"),
    ("gender", "different", "张先生", "张女士", "性别不同 张先生 ≠ 张女士",
     "Different genders 张先生 ≠ 张女士"),
    (GENERIC, "exact", 12.0, 12, "“产地”相同 12", "Same 产地: 12"),
    (GENERIC, "similar", "螺丝", "螺栓", "“产地”相近 螺丝 ≈ 螺栓", "Similar 产地: 螺丝 ≈ 螺栓"),
    (GENERIC, "different", "杭州", "上海", "“产地”不同 杭州 ≠ 上海", "Different 产地: 杭州 ≠ 上海"),
    ("name", "exact", "陈伟", "陈伟", "姓名相同 陈伟", "Same name 陈伟"),
    ("name", "exact", "陈伟", "陳偉", "姓名 陈伟 ≈ 陳偉（繁简）",
     "Name 陈伟 ≈ 陳偉 (traditional/simplified)"),
    ("name", "exact", "ＡＢＣ", "abc", "姓名 ＡＢＣ ≈ abc（全角、大小写）",
     "Name ＡＢＣ ≈ abc (full-width, case)"),
    ("name", "exact", "周敏", "周敏女士", "姓名 周敏 ≈ 周敏女士（称谓或顺序）",
     "Name 周敏 ≈ 周敏女士 (title or word order)"),
    ("name", "romanised", "陈伟", "Chen Wei", "姓名拼音相同 陈伟 ≈ Chen Wei",
     "Same name in pinyin: 陈伟 ≈ Chen Wei"),
    ("name", "homophone", "陈伟", "陈威", "姓名同音 陈伟 ≈ 陈威", "Names sound alike: 陈伟 ≈ 陈威"),
    ("name", "similar", "陈伟", "陈伟明", "姓名相近 陈伟 ≈ 陈伟明", "Similar names: 陈伟 ≈ 陈伟明"),
    ("name", "surname", "赵先生", "赵建国", "姓氏相同 赵先生 ≈ 赵建国", "Same surname: 赵先生 ≈ 赵建国"),
    ("name", "different", "张伟", "刘芳", "姓名不同 张伟 ≠ 刘芳", "Different names 张伟 ≠ 刘芳"),
    ("company", "similar", "华创", "华创科技", "公司名相近 华创 ≈ 华创科技",
     "Similar company names: 华创 ≈ 华创科技"),
    ("company", "exact", "华创科技", "华创科技", "公司名相同 华创科技", "Same company 华创科技"),
    ("company", "exact", "北京华创科技有限公司", "华创科技", "公司名相同（去掉'有限公司'、'北京'）",
     "Same company once '有限公司', '北京' is ignored"),
    ("company", "exact", "恒信(上海)贸易有限公司", "恒信（上海）贸易有限公司",
     "公司名相同 恒信(上海)贸易有限公司 ≈ 恒信（上海）贸易有限公司",
     "Same company 恒信(上海)贸易有限公司 ≈ 恒信（上海）贸易有限公司"),
    ("company", "romanised", "恒达机械有限公司", "Hengda Machinery Co., Ltd.",
     "公司名拼音对应 恒达机械有限公司 ≈ Hengda Machinery Co., Ltd.",
     "Same company in pinyin: 恒达机械有限公司 ≈ Hengda Machinery Co., Ltd."),
    ("company", "branch", "恒信餐饮北京分公司", "恒信餐饮上海分公司",
     "同一公司的不同分店 恒信餐饮北京分公司 ≠ 恒信餐饮上海分公司",
     "Other branch of one company: 恒信餐饮北京分公司 ≠ 恒信餐饮上海分公司"),
    ("company", "different", "华创科技", "恒达机械", "公司不同 华创科技 ≠ 恒达机械",
     "Different companies 华创科技 ≠ 恒达机械"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "level", "a", "b", "zh", "en"), REASONS)
def test_reason_reads_exactly(
    kind: str, level: str, a: object, b: object, zh: str, en: str
) -> None:
    field = _field(kind, a, b, column="产地" if kind == GENERIC else None)
    [(key, (weight, why))] = pair_reasons([field], 0, 1, [FIELD_LEVELS[kind].index(level)])
    assert (key.split("\x1f")[0], weight) == (field.column, 1.0)
    assert (why.zh, why.en) == (zh, en)


def test_every_level_of_every_field_has_a_reason_of_its_own() -> None:
    covered = {(kind, level) for kind, level, *_ in REASONS}
    wanted = {(kind, level) for kind, levels in FIELD_LEVELS.items() for level in levels}
    wanted -= {("customer_id", "different"), (GENERIC, "close")}  # weigh 0 / read as similar
    assert wanted <= covered


@pytest.mark.parametrize(
    ("weight", "zh", "en"),
    [(15.0, "原因（+15）", "reason (+15)"), (-1.5, "原因（-1.5）", "reason (-1.5)"),
     (8.66, "原因（+8.7）", "reason (+8.7)"), (0.01, "原因（0）", "reason (0)")],
)  # fmt: skip
def test_the_weight_follows_each_reason(weight: float, zh: str, en: str) -> None:
    shown = with_weight(Text("原因", "reason"), weight)
    assert (shown.zh, shown.en) == (zh, en)


def test_reasons_come_strongest_first_and_skip_what_weighs_nothing() -> None:
    phone = _field("phone", "+8613800138000", "13800138000")
    name = _field("name", "张伟", "刘芳")
    found = pair_reasons([phone, name], 0, 1, [0, 5], [15.0, -10.0])
    assert [w for _k, (w, _r) in found] == [15.0, -10.0]
    assert pair_reasons([phone], 0, 1, [0], [0.0]) == []
