"""Encrypt single cell values into text tokens, and mask values for display.

A token is an ordinary text cell, so an encrypted workbook stays an ordinary workbook::

    xlcrm:v1:<base64url( binding | nonce | AES-256-GCM(ciphertext + tag) )>

* The key is derived once per run from the passphrase by scrypt (:class:`KdfParams`,
  default n=2**15, r=8, p=1, a random 16-byte salt); 64 bytes come out: the first 32 are
  the AES-256-GCM key, the last 32 key an HMAC whose output is the *key check value*, so
  a wrong passphrase is recognised before any cell is touched, and the check value says
  nothing about the AES key.
* Every cell gets a fresh random 96-bit nonce.
* The associated data binds the token to its place: the column (its canonical field
  name, else its header text) and the row. The row is the row's customer id when the
  sheet has one (binding ``i``), so the sheet can still be sorted; otherwise the Excel row
  number (binding ``r``). The binding letter travels in the clear in the token and is
  authenticated too. A token copied to another row or column fails to decrypt.
* The plaintext starts with a type letter, so decryption gives back the same Python
  type: text (leading zeros kept), int, float, bool, date, datetime, time.

Pure: no files, no workbooks. :mod:`xlcrm.io.crypto.columns` applies this to a sheet.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import numbers
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TOKEN_PREFIX = "xlcrm:v1:"
NONCE_BYTES = 12  # 96 bits, what GCM is made for
SALT_BYTES = 16
# The most work a file may ask of scrypt: what xlcrm writes (about 0.1 s and 32 MiB).
MAX_N, MAX_R, MAX_P = 2**15, 8, 1
_CHECK_LABEL = b"xlcrm key check v1"
_AD_PREFIX = b"xlcrm:v1"
BY_ID, BY_ROW = b"i", b"r"


class TokenError(ValueError):
    """A token that is damaged, was changed, or sits in another row or column than its own."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost parameters and salt; stored in the workbook so they can change later."""

    salt: bytes
    n: int = 2**15
    r: int = 8
    p: int = 1

    @classmethod
    def new(cls) -> KdfParams:
        """Fresh parameters with a random salt (for a workbook's first encryption)."""
        return cls(salt=os.urandom(SALT_BYTES))

    def to_dict(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": _b64(self.salt)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KdfParams:
        """Read back :meth:`to_dict`; raises ValueError when it is not usable.

        The costs come from the file, so they are held to what xlcrm itself writes
        (:data:`MAX_N`, :data:`MAX_R`, :data:`MAX_P`): a file asking for more is refused at
        once, before any work, instead of spending minutes and gigabytes on scrypt.
        """
        if data.get("kdf") != "scrypt":
            raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        if n < 2 or n & (n - 1) or n > MAX_N or not (1 <= r <= MAX_R and 1 <= p <= MAX_P):
            raise ValueError("scrypt parameters out of range")
        salt = _unb64(str(data["salt"])[:128])
        if not 8 <= len(salt) <= 64:
            raise ValueError("salt out of range")
        return cls(salt=salt, n=n, r=r, p=p)


class CellKey:
    """The key of one run: derived once, then used for every cell."""

    def __init__(self, passphrase: str, params: KdfParams) -> None:
        if not passphrase:
            raise ValueError("the passphrase is empty")
        secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        # maxmem is left to cryptography: 128 * n * r bytes (32 MiB at the defaults)
        derived = Scrypt(salt=params.salt, length=64, n=params.n, r=params.r, p=params.p).derive(
            secret
        )
        self.params = params
        self._aead = AESGCM(derived[:32])
        self.check_value = _b64(hmac.new(derived[32:], _CHECK_LABEL, hashlib.sha256).digest()[:16])

    def matches(self, check_value: str) -> bool:
        """Whether this key has the stored key check value (that is: the right passphrase)."""
        return hmac.compare_digest(self.check_value.encode(), check_value.encode())

    def encrypt(self, value: object, *, row: int, column: str, customer_id: str | None) -> str:
        """The token of ``value`` for the cell at (``row``, ``column``)."""
        binding = BY_ID if customer_id else BY_ROW
        nonce = os.urandom(NONCE_BYTES)
        data = self._aead.encrypt(
            nonce, encode_value(value), _associated(binding, row, column, customer_id)
        )
        return TOKEN_PREFIX + base64.urlsafe_b64encode(binding + nonce + data).decode().rstrip("=")

    def decrypt(self, token: str, *, row: int, column: str, customer_id: str | None) -> object:
        """The value a token holds; :class:`TokenError` if it is not this cell's token."""
        raw = _token_bytes(token)
        binding, nonce, data = raw[:1], raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES :]
        if binding not in (BY_ID, BY_ROW) or len(data) < 16:
            raise TokenError("the token is damaged")
        if binding == BY_ID and not customer_id:
            raise TokenError("the token belongs to a customer id, but the row has none")
        try:
            plain = self._aead.decrypt(nonce, data, _associated(binding, row, column, customer_id))
        except InvalidTag:
            raise TokenError("the token was changed or belongs to another row or column") from None
        return decode_value(plain)


def is_token(value: object) -> bool:
    """Whether a cell value is an xlcrm token (already encrypted)."""
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def row_id(value: object) -> str | None:
    """A customer id cell as the text bound into tokens (None when empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _associated(binding: bytes, row: int, column: str, customer_id: str | None) -> bytes:
    place = customer_id if binding == BY_ID and customer_id else str(row)
    return b"\x00".join([_AD_PREFIX, binding, place.encode(), column.encode()])


def _token_bytes(token: str) -> bytes:
    if not is_token(token):
        raise TokenError("not an xlcrm token")
    body = token[len(TOKEN_PREFIX) :].strip()
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("the token is damaged") from None


# -- values with their type ------------------------------------------------------------


def encode_value(value: object) -> bytes:
    """``value`` as bytes that start with its type letter."""
    if isinstance(value, str):
        return b"s" + value.encode("utf-8")
    if isinstance(value, bool):
        return b"b1" if value else b"b0"
    if isinstance(value, dt.datetime):
        return b"t" + value.replace(tzinfo=None).isoformat().encode()
    if isinstance(value, dt.date):
        return b"d" + value.isoformat().encode()
    if isinstance(value, dt.time):
        return b"h" + value.isoformat().encode()
    if isinstance(value, numbers.Integral):
        return b"i" + str(int(value)).encode()
    if isinstance(value, numbers.Real):
        return b"f" + repr(float(value)).encode()
    raise TypeError(f"cannot encrypt a {type(value).__name__}")


def decode_value(data: bytes) -> object:
    """The value :func:`encode_value` encoded."""
    kind, body = data[:1], data[1:].decode("utf-8")
    if kind == b"s":
        return body
    if kind == b"i":
        return int(body)
    if kind == b"f":
        return float(body)
    if kind == b"b":
        return body == "1"
    if kind == b"t":
        return dt.datetime.fromisoformat(body)
    if kind == b"d":
        return dt.date.fromisoformat(body)
    if kind == b"h":
        return dt.time.fromisoformat(body)
    raise TokenError(f"unknown value type {kind!r}")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# -- masking for display ---------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def mask_phone(value: object) -> str:
    """138****8000: the 4 digits before the last 4 hidden (fewer shown on short numbers)."""
    text = _display(value)
    digits = [m.start() for m in _DIGIT.finditer(text)]
    count = len(digits)
    if count >= 11:
        hidden = set(digits[count - 8 : count - 4])
    elif count >= 7:
        hidden = set(digits[2 : count - 2])
    else:
        hidden = set(digits[: max(count - 1, 0)])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def mask_email(value: object) -> str:
    """z***@qq.com: the first character of the name, the domain as it is."""
    text = _display(value)
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return mask_text(text)
    return f"{local[0]}***@{domain}"


def mask_text(value: object) -> str:
    """张*, A*** : the first character, the rest hidden (at most 6 stars)."""
    text = _display(value)
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * min(len(text) - 1, 6)


def mask_value(field: str | None, value: object) -> str:
    """The display mask of a value of ``field`` ('' for an empty cell)."""
    if value is None or value == "":
        return ""
    if field == "phone":
        return mask_phone(value)
    if field == "email":
        return mask_email(value)
    if isinstance(value, dt.date | dt.time):
        return "****"
    return mask_text(value)


def _display(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
