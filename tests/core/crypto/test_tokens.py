"""Cell tokens: types survive, tokens are bound to their row and column, masks hide digits."""

from __future__ import annotations

import base64
import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.core.crypto.tokens import (
    TOKEN_PREFIX,
    CellKey,
    KdfParams,
    TokenError,
    decode_value,
    encode_value,
    is_token,
    mask_email,
    mask_phone,
    mask_value,
    row_id,
)

# Cheap scrypt parameters keep the unit tests fast; the default cost is tested once.
FAST = KdfParams(salt=b"0123456789abcdef", n=2**4, r=8, p=1)


@pytest.fixture(scope="module")
def key() -> CellKey:
    return CellKey("正确的口令 correct horse", FAST)


VALUES = [
    "013800138000",  # leading zero: must stay text
    "zhang@qq.com",
    "张三",
    "",
    " padded  ",
    13800138000,
    0,
    -7,
    12.5,
    0.1 + 0.2,
    1e20,
    True,
    False,
    dt.date(1990, 1, 2),
    dt.datetime(2024, 3, 4, 5, 6, 7, 123000),
    dt.time(10, 30, 15),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_round_trip_keeps_value_and_type(key: CellKey, value: object) -> None:
    token = key.encrypt(value, row=5, column="phone", customer_id="C001")
    assert is_token(token) and token.startswith(TOKEN_PREFIX)
    back = key.decrypt(token, row=5, column="phone", customer_id="C001")
    assert back == value and type(back) is type(value)


@settings(max_examples=60, deadline=None)
@given(value=st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans()))
def test_round_trip_property(key: CellKey, value: object) -> None:
    token = key.encrypt(value, row=2, column="email", customer_id=None)
    back = key.decrypt(token, row=2, column="email", customer_id=None)
    assert back == value and type(back) is type(value)


def test_each_cell_gets_its_own_nonce(key: CellKey) -> None:
    tokens = {
        key.encrypt("13800138000", row=2, column="phone", customer_id=None) for _ in range(50)
    }
    assert len(tokens) == 50


@pytest.mark.parametrize(
    ("row", "column", "customer_id"),
    [
        (3, "phone", None),  # another row
        (2, "email", None),  # another column
        (3, "phone", "C001"),  # another row that has an id: the token says "row"
    ],
)
def test_row_bound_token_fails_elsewhere(
    key: CellKey, row: int, column: str, customer_id: str | None
) -> None:
    token = key.encrypt("13800138000", row=2, column="phone", customer_id=None)
    with pytest.raises(TokenError):
        key.decrypt(token, row=row, column=column, customer_id=customer_id)


def test_id_bound_token_follows_the_customer_not_the_row(key: CellKey) -> None:
    token = key.encrypt("13800138000", row=2, column="phone", customer_id="C001")
    assert key.decrypt(token, row=99, column="phone", customer_id="C001") == "13800138000"
    for other in ("C002", None):
        with pytest.raises(TokenError):
            key.decrypt(token, row=2, column="phone", customer_id=other)


def _flip(token: str, position: int) -> str:
    body = token[len(TOKEN_PREFIX) :]
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[position] ^= 0x01
    return TOKEN_PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


@pytest.mark.parametrize("position", [0, 1, 13, -1], ids=["binding", "nonce", "data", "tag"])
def test_tampered_token_fails(key: CellKey, position: int) -> None:
    token = key.encrypt("13800138000", row=2, column="phone", customer_id="C1")
    with pytest.raises(TokenError):
        key.decrypt(_flip(token, position), row=2, column="phone", customer_id="C1")


@pytest.mark.parametrize("bad", ["xlcrm:v1:!!!", "xlcrm:v1:", "xlcrm:v1:AAAA", "plain"])
def test_damaged_tokens_fail_cleanly(key: CellKey, bad: str) -> None:
    with pytest.raises(TokenError):
        key.decrypt(bad, row=2, column="phone", customer_id=None)


def test_wrong_passphrase_is_seen_by_the_check_value(key: CellKey) -> None:
    assert CellKey("正确的口令 correct horse", FAST).matches(key.check_value)
    assert not CellKey("wrong", FAST).matches(key.check_value)
    other_salt = KdfParams(salt=b"fedcba9876543210", n=FAST.n)
    assert not CellKey("正确的口令 correct horse", other_salt).matches(key.check_value)


def test_wrong_key_cannot_decrypt(key: CellKey) -> None:
    token = key.encrypt("x", row=2, column="phone", customer_id=None)
    with pytest.raises(TokenError):
        CellKey("wrong", FAST).decrypt(token, row=2, column="phone", customer_id=None)


def test_default_parameters_and_their_record() -> None:
    params = KdfParams.new()
    assert (params.n, params.r, params.p, len(params.salt)) == (2**15, 8, 1, 16)
    assert KdfParams.from_dict(params.to_dict()) == params
    assert KdfParams.new().salt != params.salt
    for broken in ({**params.to_dict(), "kdf": "md5"}, {**params.to_dict(), "n": 1000}):
        with pytest.raises(ValueError):
            KdfParams.from_dict(broken)


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(ValueError):
        CellKey("", FAST)


def test_encoding_refuses_unknown_types_and_tags() -> None:
    with pytest.raises(TypeError):
        encode_value(object())
    with pytest.raises(TokenError):
        decode_value(b"z123")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1001.0, "1001"), ("  C7 ", "C7"), ("", None), (None, None), (float("nan"), None)],
)
def test_row_id(value: object, expected: str | None) -> None:
    assert row_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "138****8000"),
        (13800138000, "138****8000"),
        ("138 0013 8000", "138 **** 8000"),
        ("+86 13800138000", "+86 138****8000"),
        ("62345678", "62****78"),
        ("12345", "****5"),
    ],
)
def test_mask_phone(value: object, expected: str) -> None:
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("zhang@qq.com", "z***@qq.com"), ("a@b.cn", "a***@b.cn"), ("not-an-email", "n******")],
)
def test_mask_email(value: str, expected: str) -> None:
    assert mask_email(value) == expected


def test_mask_value_by_field() -> None:
    assert mask_value("name", "张三") == "张*"
    assert mask_value("address", "北京市朝阳区建国路88号") == "北******"
    assert mask_value(None, dt.date(1990, 1, 2)) == "****"
    assert mask_value("phone", None) == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-()", min_size=1, max_size=20))
def test_phone_mask_keeps_the_shape_and_hides_digits(text: str) -> None:
    masked, kept = mask_phone(text), text.strip()
    assert len(masked) == len(kept)
    assert all(m == c for m, c in zip(masked, kept, strict=True) if not c.isdigit())
    n = sum(c.isdigit() for c in kept)
    shown = n - 4 if n >= 11 else 4 if n >= 7 else min(n, 1)
    assert sum(c.isdigit() for c in masked) == shown


@pytest.mark.parametrize(
    "costly",
    [{"n": 2**22}, {"n": 2**16}, {"r": 64}, {"r": 9}, {"p": 16}, {"p": 2}, {"salt": "A" * 400}],
)
def test_costs_beyond_what_xlcrm_writes_are_refused_at_once(costly: dict[str, object]) -> None:
    started = time.perf_counter()
    with pytest.raises(ValueError):
        KdfParams.from_dict({**KdfParams.new().to_dict(), **costly})
    assert time.perf_counter() - started < 0.1  # refused before scrypt runs
