"""Header matching: a table of real-world headers → the field they name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.schema import (
    FIELD_BY_NAME,
    FIELDS,
    FieldType,
    column_position,
    field_named,
    guess_language,
    map_headers,
    match_header,
    normalize_header,
    resolve_columns,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("手机", "phone"),
        ("手机号码", "phone"),
        ("  联系电话 ", "phone"),
        ("移动电话", "phone"),
        ("Mobile", "phone"),
        ("ＭＯＢＩＬＥ", "phone"),  # full-width letters
        ("Tel.", "phone"),
        ("Phone Number", "phone"),
        ("手机号码（必填）*", "phone"),  # bracketed remark and required star
        ("E-mail", "email"),
        ("电子邮箱", "email"),
        ("email address", "email"),
        ("累计消费金额（元）", "total_amount"),
        ("累计消费金额(RMB)", "total_amount"),
        ("消费总额 【元】", "total_amount"),
        ("Total Spend (CNY)", "total_amount"),
        ("成交金额", "total_amount"),
        ("姓名", "name"),
        ("客户姓名", "name"),
        ("Customer Name", "name"),
        ("客户编号", "customer_id"),
        ("Customer No.", "customer_id"),
        ("客户类型", "customer_type"),
        ("最后购买日期", "last_purchase_at"),
        ("Last Order Date", "last_purchase_at"),
        ("购买次数", "purchase_count"),
        ("负责人", "owner"),
        ("业务员", "owner"),
        ("Sales Rep", "owner"),
        ("省份", "region"),
        ("公司名称", "company"),
        ("Opt-in", "consent"),
        ("创建日期", "created_at"),
        ("Last Updated", "updated_at"),
    ],
)
def test_known_headers_map_to_their_field(header: str, field: str) -> None:
    assert match_header(header) == field


@pytest.mark.parametrize("header", ["微信号", "WeChat", "序号", "", None, "生日", "2026"])
def test_other_headers_map_to_nothing(header: object) -> None:
    assert match_header(header) is None


def test_every_field_has_labels_type_and_enough_aliases() -> None:
    for field in FIELDS:
        assert field.label.zh and field.label.en and isinstance(field.type, FieldType)
        assert match_header(field.label.zh) == field.name
        assert match_header(field.label.en) == field.name
        assert len(field.aliases) >= 5, field.name


def test_required_and_personal_flags() -> None:
    assert FIELD_BY_NAME["name"].required
    assert FIELD_BY_NAME["phone"].personal and FIELD_BY_NAME["email"].personal
    assert not FIELD_BY_NAME["total_amount"].personal


def test_a_field_claimed_twice_keeps_its_first_column() -> None:
    assert map_headers(["手机", "电话", "姓名"]) == ["phone", None, "name"]


def test_resolve_columns_accepts_field_names_and_header_text() -> None:
    headers = ["客户姓名", "手机号码", "微信号"]
    assert resolve_columns(["phone", "微信号", "Name"], headers) == [1, 2, 0]
    with pytest.raises(KeyError):
        resolve_columns(["nope"], headers)


def test_guess_language() -> None:
    assert guess_language(["姓名", "手机", "Email"]) == "zh"
    assert guess_language(["Name", "Phone", "邮箱"]) == "en"


@given(st.text())
def test_normalize_header_is_idempotent(text: str) -> None:
    once = normalize_header(text)
    assert normalize_header(once) == once


def test_field_named_takes_field_names_and_aliases() -> None:
    assert [field_named(n) for n in ("phone", "手机号", "Mobile", "微信号", None)] == [
        "phone",
        "phone",
        "phone",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("name", "position"),
    [
        ("手机", 2),  # a header written exactly so wins over the field it names
        ("phone", 1),  # the field's column: the first header that names it
        ("Phone", 1),
        ("微信 号", 3),  # header text, folded
        ("email", None),
    ],
)
def test_column_position_is_where_user_names_become_columns(name: str, position: int) -> None:
    headers = ["姓名", "联系电话", "手机", "微信号"]
    assert column_position(name, headers) == position
