"""The pure-Python fallbacks (Pyodide has no rapidfuzz or opencc build) give identical results.

On the matching test set — the demo generator's duplicates (traditional characters,
full-width, company suffixes, phone formats, look-alikes) — every score the duplicate
finder, the email typo check and the choice matcher take is compared value for value,
and the duplicate groups found are compared whole (rows, score, reasons).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import numpy as np
import opencc
import opencc_purepy
import pandas as pd
import pytest

from xlcrm.core import similarity
from xlcrm.core.dedupe import keys
from xlcrm.core.dedupe.find import find_duplicates
from xlcrm.sample.data import generate_customers

SCORES = ("ratio", "jaro_winkler", "common_prefix")


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    data = generate_customers(400, seed=23)
    frame = pd.DataFrame(data.records, dtype=object)
    frame.index = range(2, len(frame) + 2)
    return frame


@pytest.fixture
def pure() -> Iterator[None]:
    """The fallbacks in use: similarity in Python and opencc-purepy for 繁→简."""
    similarity.use_python(True)
    keys._converter = opencc_purepy.OpenCC("t2s")
    keys.simplified.cache_clear()
    try:
        yield
    finally:
        similarity.use_python(False)
        keys._converter = None
        keys.simplified.cache_clear()


def _texts(frame: pd.DataFrame) -> list[str]:
    columns = ("name", "company", "address", "email")
    found = {keys.generic_key(v) for c in columns for v in frame[c].tolist()}
    return sorted(t for t in found if t)


def test_scores_are_identical_on_the_matching_set(sample: pd.DataFrame) -> None:
    texts = _texts(sample)
    rng = random.Random(5)
    pairs = list(itertools.pairwise(texts)) + [tuple(rng.sample(texts, 2)) for _ in range(3000)]
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    for score in SCORES:
        # As compare.py keeps them: float32 (rapidfuzz's many-pairs path may differ from its
        # one-pair path in the last bit of a double, never in a float32).
        compiled = np.asarray(similarity.paired(score, a, b), dtype=np.float32).tolist()
        similarity.use_python(True)
        try:
            python = np.asarray(similarity.paired(score, a, b), dtype=np.float32).tolist()
        finally:
            similarity.use_python(False)
        assert python == compiled, score
    assert similarity.BACKEND == "rapidfuzz"  # the comparison really ran both


def test_edit_distances_and_choices_are_identical() -> None:
    words = ["gmial", "gmail", "hotmai1", "hotmail", "qq", "qq.con", "163", "sina", "sino"]
    words += ["compnay", "company", "individaul", "individual", "企業", "企业", ""]
    results = []
    for python in (False, True):
        similarity.use_python(python)
        try:
            results.append(
                [
                    (similarity.damerau_levenshtein(x, y, cutoff=c), similarity.ratio(x, y))
                    for x, y in itertools.product(words, repeat=2)
                    for c in (None, 1, 2)
                ]
                + [similarity.extract(w, words, 60) for w in words]
            )
        finally:
            similarity.use_python(False)
    assert results[0] == results[1]


def test_traditional_to_simplified_is_identical(sample: pd.DataFrame) -> None:
    texts = [str(v) for c in ("name", "company", "address") for v in sample[c] if v]
    texts += ["陳偉", "東莞市長安鎮", "臺灣", "香港特別行政區", "發現頭髮", "後來", "乾隆"]
    compiled, python = opencc.OpenCC("t2s"), opencc_purepy.OpenCC("t2s")
    assert [python.convert(t) for t in texts] == [compiled.convert(t) for t in texts]


def test_duplicate_groups_are_identical(
    sample: pd.DataFrame, request: pytest.FixtureRequest
) -> None:
    compiled = find_duplicates(sample)
    request.getfixturevalue("pure")
    python = find_duplicates(sample)
    assert len(compiled.groups) > 20
    assert python.groups == compiled.groups
    assert python.pairs_compared == compiled.pairs_compared
