"""Weights as Splink computes them: term frequencies, the score scale, shared numbers kept
apart, and the reasons of a group naming every field that decided it with its weight."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from xlcrm.core.dedupe.fields import term_frequency_weights
from xlcrm.core.dedupe.find import find_duplicates
from xlcrm.core.dedupe.rules import MatchRules, score_of, weight_of
from xlcrm.sample.data import generate_customers


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df.index = pd.RangeIndex(2, len(df) + 2)
    return df


def test_term_frequency_adjustment_is_splinks_formula() -> None:
    # 5 rows say a, 2 say b, 1 says c: f(a)=5/8, u = (25 + 4 + 1) / 64
    code = np.array([0, 0, 0, 0, 0, 1, 1, 2, -1])
    u = (25 + 4 + 1) / 64
    expected = [math.log2(u / (5 / 8)), math.log2(u / (2 / 8)), math.log2(u / (1 / 8))]
    assert term_frequency_weights(code, 1.0) == pytest.approx(np.clip(expected, -5, 3))
    assert term_frequency_weights(code, 0.5) == pytest.approx(np.clip(expected, -5, 3) / 2)


def test_a_common_name_weighs_less_than_a_rare_one() -> None:
    surnames, given = "赵钱孙李周吴郑王冯陈", "一二三四五六七八九十"
    rows: list[dict[str, object]] = [
        {"name": surnames[k // 10] + given[k % 10] + "明", "address": f"长宁区{k}号路{k}号"}
        for k in range(100)
    ]
    rows += [{"name": "张伟", "address": f"静安区{k}号路{k}号"} for k in range(18)]
    rows += [{"name": "欧阳娜娜", "address": "徐汇区漕溪北路1号"},
             {"name": "欧阳娜娜", "address": "徐汇区漕溪北路1号"}]  # fmt: skip
    rows += [{"name": "张伟", "address": "徐汇区漕溪北路9号"},
             {"name": "张伟", "address": "徐汇区漕溪北路9号"}]  # fmt: skip
    groups = {g.rows: g for g in find_duplicates(_frame(rows)).groups}
    rare, common = groups[(120, 121)], groups[(122, 123)]
    assert rare.score > common.score

    def name_weight(reasons: tuple[str, ...]) -> float:
        found = next(r for r in reasons if r.startswith("姓名相同"))
        return float(found.split("（")[-1].rstrip("）"))

    # 欧阳娜娜 on 2 rows of 122, 张伟 on 20: u = (102 + 4 + 400) / 122^2
    u = (102 + 4 + 400) / 122**2
    exact = MatchRules().weight("name", "exact")
    assert name_weight(rare.reasons("zh")) == pytest.approx(
        exact + math.log2(u / (2 / 122)), abs=0.06
    )
    assert name_weight(common.reasons("zh")) == pytest.approx(
        exact + math.log2(u / (20 / 122)), abs=0.06
    )


def test_the_score_is_the_weight_on_a_0_1_scale() -> None:
    assert score_of(-5.0) == pytest.approx(0.5)
    assert score_of(10.0) == pytest.approx(1 / (1 + 2**-2.5))
    assert weight_of(0.85) == pytest.approx(6 * math.log2(0.85 / 0.15) - 5)  # about +10
    assert weight_of(float(score_of(23.5))) == pytest.approx(23.5)
    assert [round(float(score_of(w)), 3) for w in (20, 35, 55)] == [0.947, 0.99, 0.999]


def test_scores_spread_over_the_scale_instead_of_sitting_at_1() -> None:
    data = generate_customers(3000, seed=4)
    df = _frame(data.records)
    scores = [g.score for g in find_duplicates(df).groups]
    assert len(scores) > 150
    assert sum(s >= 0.999 for s in scores) < 0.5 * len(scores)
    assert min(scores) < 0.9 and max(scores) > 0.99
    assert len({round(s, 2) for s in scores}) >= 10


def test_a_shared_switchboard_keeps_colleagues_apart_and_says_so() -> None:
    rows = [
        {"name": "张伟", "company": "瑞丰科技有限公司", "phone": "021-61234567"},
        {"name": "刘芳", "company": "瑞丰科技有限公司", "phone": "021-61234567"},
        {"name": "王磊", "phone": "13500001111"},
    ]
    result = find_duplicates(_frame(rows))
    assert result.groups == []
    [apart] = result.kept_apart
    assert apart.rows == (2, 3) and apart.score < result.threshold
    zh, en = apart.reasons("zh"), apart.reasons("en")
    assert "同一总机 +862161234567，姓名不同（+1）" in zh
    assert "Same switchboard +862161234567, different names (+1)" in en
    assert zh[-1] == "姓名不同 张伟 ≠ 刘芳（-10）"


def test_a_group_names_what_speaks_for_it_then_against_it() -> None:
    rows = [
        {"name": "周敏", "company": "杭州恒达机械有限公司", "phone": "13812345678"},
        {"name": "周敏女士", "company": "杭州 恒达机械有限公司", "phone": "13998765432"},
    ]
    [group] = find_duplicates(_frame(rows)).groups
    assert group.reasons("zh") == (
        "姓名 周敏 ≈ 周敏女士（称谓或顺序）（+11）",
        "公司名相同 杭州恒达机械有限公司 ≈ 杭州 恒达机械有限公司（+9）",
        "电话不同 13812345678 ≠ 13998765432（-1.5）",
    )
    assert 0.85 <= group.score < 0.95


def test_an_email_typo_is_not_called_the_same_email() -> None:
    rows = [
        {"name": "赵六", "email": "zhaoliu@qq.con"},
        {"name": "赵六", "email": "zhaoliu@qq.com"},
    ]
    [group] = find_duplicates(_frame(rows)).groups
    assert "邮箱相近（疑似输错）zhaoliu@qq.con ≈ zhaoliu@qq.com（+10）" in group.reasons("zh")
    assert not any(r.startswith("同一邮箱") for r in group.reasons("zh"))


def test_birth_date_and_gender_columns_are_compared_by_their_headers() -> None:
    rows = [
        {"name": "李建国", "address": "成都市锦江区春熙路8号2栋301室", "出生日期": "1962-05-01",
         "性别": "男"},
        {"name": "李建国", "address": "成都市锦江区春熙路8号2-301", "出生日期": "1962/5/1",
         "性别": "男"},
        {"name": "李建国", "address": "成都市锦江区春熙路8号2栋301室", "出生日期": "1990-09-12",
         "性别": "男"},
    ]  # fmt: skip
    result = find_duplicates(_frame(rows))
    assert [g.rows for g in result.groups] == [(2, 3)]
    assert "出生日期" in result.columns and "性别" in result.columns
    assert "出生日期相同 1962-05-01（+" in " ".join(result.groups[0].reasons("zh"))
