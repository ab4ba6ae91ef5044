"""Folding text for comparison: width, case, spaces, placeholders, traditional characters.

Every match key starts here: :func:`fold` turns a cell into comparable text (NFKC turns
ＡＢＣ１２３ into ABC123, case and runs of spaces are folded, placeholders such as 无 and
N/A are blank) and :func:`simplified` reads traditional characters as simplified (opencc
"t2s"), so 陳偉, 陈 伟 and 陈伟 can meet. :func:`column_keys` applies a key function to a
column once per distinct value, converting the column's traditional characters in one
batch first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from xlcrm.core.values.findings import PLACEHOLDERS, is_blank

__all__ = ["CJK", "PUNCT", "column_keys", "fold", "generic_key", "is_cjk", "simplified"]

_SPACES = re.compile(r"\s+")
PUNCT = re.compile(r"[\s\-_.,;:!?'\"`·•/\\|&+*#@()\[\]{}<>，。；：！？、（）【】《》“”‘’]+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return CJK.search(text) is not None


def fold(value: object) -> str:
    """A cell as comparable text: NFKC (full-width to half-width), case-folded, spaces collapsed.

    Blank cells and placeholders (无, N/A, -) give ""; whole floats lose their ".0"
    (Excel stores 2119 as 2119.0); dates become yyyy-mm-dd.
    """
    if isinstance(value, str):  # the common case first: one cached call
        return _fold_text(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime | pd.Timestamp):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return _fold_text(str(value))


@lru_cache(maxsize=200_000)
def _fold_text(text: str) -> str:
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return "" if folded in PLACEHOLDERS else folded


_converter: object | None = None
_batch: dict[str, str] = {}  # filled by column_keys for one column at a time


def _opencc() -> object:
    """The t2s converter: OpenCC where it installs, else opencc-purepy (Pyodide)."""
    global _converter
    if _converter is None:
        try:
            import opencc

            _converter = opencc.OpenCC("t2s")
        except ImportError:  # no build of opencc for WebAssembly: the pure-Python port
            import opencc_purepy

            _converter = opencc_purepy.OpenCC("t2s")
    return _converter


@lru_cache(maxsize=200_000)
def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified (陳偉 -> 陈伟); other text unchanged."""
    if not CJK.search(text):
        return text
    if text in _batch:
        return _batch[text]
    return str(_opencc().convert(text))  # type: ignore[attr-defined]


def _simplify_batch(texts: list[str]) -> dict[str, str]:
    """Many texts converted in one opencc call (joined by newlines, which fold removed)."""
    todo = [t for t in texts if t and "\n" not in t and CJK.search(t)]
    if not todo:
        return {}
    done = str(_opencc().convert("\n".join(todo))).split("\n")  # type: ignore[attr-defined]
    return dict(zip(todo, done, strict=True)) if len(done) == len(todo) else {}


def generic_key(value: object) -> str:
    """Any cell as a key: folded, simplified, and without spaces and punctuation."""
    return PUNCT.sub("", simplified(fold(value)))


def column_keys(
    column: pd.Series, key: Callable[[object], str], *, text: bool = False
) -> np.ndarray:
    """``key`` applied to each distinct value of ``column`` once; an object array of str.

    ``text``: the key reads Chinese text, so traditional characters are converted for
    all distinct values in one batch first (much faster than one call per value).
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if text:
        _batch.update(_simplify_batch([fold(u) for u in uniques]))
    try:
        mapped = np.array([key(u) for u in uniques] + [""], dtype=object)
    finally:
        _batch.clear()
    return mapped[codes]  # code -1 (missing) picks the trailing ""
