"""The formulas of the summary copy, as text: helper columns and criteria over the data.

The Summary sheet counts and sums the user's own columns through a few *helper columns*
that are formulas themselves, so a value typed later (a changed amount, a new row, a new
region) moves every number once the spreadsheet recalculates:

    在列 / In list          1 for a row with anything in it (blank table rows count 0)
    金额（数值） / Amount     the amount as a number: "¥1,200", "1.2万", "３０００" → 1200 ...
    次数（数值） / Count      the purchase count as a whole number: "3次", " 3 " → 3
    最近购买（日期）          the last purchase as a date: 2026/3/5, 2026年3月5日, 20260305
    地区（归并） / Region     the region's short name (广东省 → 广东) through a lookup table
    标签（归并） / Tags       "、vip、web、": the tags between separators, for whole-tag counts
    价值等级, 活跃度          the value tier and activity, from the helpers and the thresholds

Each reads the same row (:meth:`Refs.cell`), so one formula fills the whole column. The
parsers of :mod:`xlcrm.core.values` stay the reference: the formulas read the forms
office lists hold (those the sample generator plants) the same way, and give "" where a
cell holds no usable value, as the tiers leave it unscored. Forms no formula can read in
Excel 2016 without macros (1万2千, Chinese numerals, two-digit years) count as unusable.

The word lists (currencies, units, placeholders, prospect synonyms) come from the parsers'
own tables, so the two readings cannot drift apart. Every function returns formula text
without the leading "=".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xlcrm.core.values.choices import CUSTOMER_TYPE_SYNONYMS, fold_choice
from xlcrm.core.values.findings import PLACEHOLDERS
from xlcrm.core.values.numbers import COUNT_UNITS, CURRENCIES, MULTIPLIERS

# Full-width forms the parsers fold (NFKC) and numbers use: digits, point, sign, currency.
FULLWIDTH = {chr(0xFF10 + d): str(d) for d in range(10)} | {
    "．": ".", "。": ".", "－": "-", "＋": "+", "￥": "¥", "＄": "$",
}  # fmt: skip
SPACES = (" ", "\u3000", "\u00a0")
TAG_SEPARATORS = ("，", ",", ";", "；", "/", "|", *SPACES)
TAG_MARK = "、"
PROSPECT = "潜在"


def quote_sheet(name: str) -> str:
    """A sheet name as formulas write it: 'Sheet 1'!, with inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def text_literal(text: str) -> str:
    """A string constant in a formula: "a""b"."""
    return '"' + text.replace('"', '""') + '"'


def escape_column(name: str) -> str:
    """A table column name inside a structured reference: ' before [ ] # and '."""
    return "".join("'" + ch if ch in "[]#'" else ch for ch in name)


@dataclass(frozen=True)
class Refs:
    """How the formulas name the data: the columns of an Excel table, or plain ranges.

    With ``table`` a column is ``客户表[金额]`` and the same row ``客户表[[#This Row],[金额]]``,
    which follow the table as it grows. Without it (a sheet that cannot hold a table) a
    column is ``'客户'!$P$5:$P$900`` and the same row ``P5``: written on row ``first``
    and filled down as one shared formula.
    """

    sheet: str
    first: int
    last: int
    header_row: int
    names: Mapping[str, str] = field(default_factory=dict)  # key → table column name
    letters: Mapping[str, str] = field(default_factory=dict)  # key → column letter
    table: str | None = None
    all_names: Sequence[str] = ()  # every column's name, from column A

    def has(self, key: str) -> bool:
        return key in self.letters

    def column(self, key: str) -> str:
        """The whole data column ``key``."""
        if self.table is not None:
            return f"{self.table}[{escape_column(self.names[key])}]"
        letter = self.letters[key]
        return f"{quote_sheet(self.sheet)}!${letter}${self.first}:${letter}${self.last}"

    def cell(self, key: str) -> str:
        """Column ``key`` in the row the formula stands in."""
        if self.table is not None:
            return f"{self.table}[[#This Row],[{escape_column(self.names[key])}]]"
        return f"{self.letters[key]}{self.first}"

    def row_span(self, first_key: str, last_key: str) -> str:
        """The cells of this row from column ``first_key`` to ``last_key``."""
        if self.table is not None:
            a, b = (escape_column(self.names[k]) for k in (first_key, last_key))
            return f"{self.table}[[#This Row],[{a}]:[{b}]]"
        return f"{self.letters[first_key]}{self.first}:{self.letters[last_key]}{self.first}"

    def header_row_ref(self) -> str:
        """The row number of the header, as a formula."""
        if self.table is not None:
            return f"ROW({self.table}[#Headers])"
        return str(self.header_row)


def _substituted(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = f"SUBSTITUTE({text},{text_literal(old)},{text_literal(new)})"
    return text


def _one_of(text: str, words: Iterable[str]) -> str:
    """``text`` equals one of ``words`` (an array constant: no wildcards, no case)."""
    listed = ",".join(text_literal(w) for w in sorted(words))
    return f"OR({text}={{{listed}}})"


def is_missing(cell: str) -> str:
    """The cell is empty or a placeholder such as 无, N/A or -, as the parsers judge it."""
    folded = f"LOWER(TRIM({cell}))"
    return f'OR({folded}="",{_one_of(folded, PLACEHOLDERS)})'


def in_list(refs: Refs, first_key: str, last_key: str) -> str:
    """1 when the row has anything in the user's columns, else 0 (a blank table row)."""
    return f"IFERROR(IF(SUMPRODUCT(LEN({refs.row_span(first_key, last_key)}))>0,1,0),1)"


def _folded_number_text(cell: str, words: Sequence[tuple[str, str]]) -> str:
    """The cell's text in lower case, full-width digits made ASCII, ``words`` replaced."""
    pairs = [*FULLWIDTH.items(), *((s, "") for s in SPACES), *words]
    return _substituted(f"LOWER(TRIM({cell}))", pairs)


def amount_number(cell: str) -> str:
    """An amount as a number; "" when empty or unreadable. 万/千/k... become exponents."""
    currencies = [(c, "") for c in CURRENCIES]  # longest first: 元整 before 元, hk$ before $
    units = sorted(MULTIPLIERS.items(), key=lambda item: -len(item[0]))
    exponents = [(u, f"e{len(str(m)) - 1}") for u, m in units]
    text = _folded_number_text(cell, [*currencies, (",", ""), ("，", ""), *exponents])
    return f'IF(ISNUMBER({cell}),{cell},IF({is_missing(cell)},"",IFERROR(VALUE({text}),"")))'


def count_number(cell: str) -> str:
    """A purchase count as a whole number ≥ 0; "" otherwise ("3次" → 3, "3.5" → "")."""
    units = [(u, "") for u in sorted(COUNT_UNITS, key=len, reverse=True)]
    value = f"VALUE({_folded_number_text(cell, [(',', ''), *units])})"
    whole = f'IF(AND({value}>=0,{value}=INT({value})),{value},"")'
    number = f'IF(AND({cell}>=0,{cell}=INT({cell})),{cell},"")'
    return f'IF(ISNUMBER({cell}),{number},IF({is_missing(cell)},"",IFERROR({whole},"")))'


# Serial numbers the parsers take for dates (1950-01-01 .. 2099-12-31), and yyyymmdd.
SERIAL_FIRST, SERIAL_LAST, COMPACT_FIRST, COMPACT_LAST = 18264, 73415, 19000101, 20991231
ISO_DIGITS = '"0000-00-00"'  # TEXT(20260305, this) is "2026-03-05"


def _iso(text: str) -> str:
    """DATEVALUE of a year-first text ("2026-3-5"), which refuses days that do not exist."""
    return f"DATEVALUE({text})"


def _year_last(d: str) -> str:
    """a-b-yyyy: the day-first and the month-first reading; one date when they agree or
    only one exists, "" when both do and differ (3/5/2026), as the parsers decide."""
    rest = f"LEFT({d},LEN({d})-5)"
    year = f'RIGHT({d},4)&"-"'
    month_first = "IFERROR(" + _iso(year + "&" + rest) + ',"")'
    swapped = f'MID({rest},FIND("-",{rest})+1,9)&"-"&LEFT({rest},FIND("-",{rest})-1)'
    day_first = "IFERROR(" + _iso(year + "&" + swapped) + ',"")'
    x, y = month_first, day_first
    return f'IF({x}="",{y},IF({y}="",{x},IF({x}={y},{x},"")))'


def date_number(cell: str) -> str:
    """A date as a serial number; "" when empty, not a date, or a day/month order that
    cannot be told (3/5/2026 could be either)."""
    n = cell
    compact = _iso(f"TEXT({n},{ISO_DIGITS})")
    number = (
        f"IF(AND({n}=INT({n}),{n}>={COMPACT_FIRST},{n}<={COMPACT_LAST}),{compact},"
        f'IF(AND({n}>={SERIAL_FIRST},{n}<{SERIAL_LAST + 1}),INT({n}),""))'
    )
    trimmed = f"TRIM({cell})"
    d = _substituted(trimmed, [(".", "-"), ("/", "-")])  # 2026/3/5, 3.5.2026
    t = _substituted(d, [("年", "-"), ("月", "-"), ("日", ""), ("号", "")])  # 2026年3月5日
    has_letters = f"NOT(EXACT(UPPER({trimmed}),LOWER({trimmed})))"  # 5 Mar 2026, March 5
    compact_text = _iso(f"TEXT(--{d},{ISO_DIGITS})")  # "20260305"
    space = f'FIND(" ",{trimmed})'  # "5 Mar 2026" read as "Mar 5, 2026" where needed
    month_first = (
        f'MID({trimmed},{space}+1,LEN({trimmed})-{space}-5)&" "&LEFT({trimmed},{space}-1)'
        f'&", "&RIGHT({trimmed},4)'
    )
    text = (
        f"IF({has_letters},IFERROR(DATEVALUE({trimmed}),DATEVALUE({month_first})),"
        f'IF(AND(LEN({d})=8,ISERROR(FIND("-",{d})),ISNUMBER(--{d})),{compact_text},'
        f'IF(AND(MID({t},5,1)="-",ISERROR(FIND("-",LEFT({t},4)))),{_iso(t)},'
        f'IF(MID({d},LEN({d})-4,1)="-",{_year_last(d)},""))))'
    )
    return f'IF(ISNUMBER({n}),{number},IF({is_missing(cell)},"",IFERROR(INT({text}),"")))'


def region_key(cell: str) -> str:
    """The region without spaces, wildcards escaped: what the region map is looked up by."""
    text = _substituted(cell, [(s, "") for s in SPACES])
    return _substituted(text, [("~", "~~"), ("*", "~*"), ("?", "~?")])


def grouped_region(cell: str, region_map: str) -> str:
    """The region's short name from ``region_map`` (written form → short form), else as typed."""
    return f'IF({cell}="","",IFERROR(VLOOKUP({region_key(cell)},{region_map},2,FALSE),{cell}))'


def tags_marked(cell: str) -> str:
    """The tags between marks, "、a、b、", so a whole tag is found with "*、tag、*"."""
    mark = text_literal(TAG_MARK)
    inner = _substituted(f"TRIM({cell})", [(s, TAG_MARK) for s in TAG_SEPARATORS])
    return f'IF(TRIM({cell})="","",{mark}&{inner}&{mark})'


def prospect_words() -> list[str]:
    """How 潜在 (prospect) is written, folded as :func:`fold_choice` folds cells."""
    words = {
        fold_choice(w) for w, canonical in CUSTOMER_TYPE_SYNONYMS.items() if canonical == PROSPECT
    }
    return sorted(words | {PROSPECT})


@dataclass(frozen=True)
class TierCells:
    """What the value tier and activity read, as formula text ("" for an absent column)."""

    amount: str  # the amount helper
    count: str  # the count helper
    date: str  # the date helper
    amount_raw: str | None
    count_raw: str | None
    date_raw: str | None
    type_raw: str | None


@dataclass(frozen=True)
class Thresholds:
    """Cells (absolute references) holding the tier thresholds and the as-of date."""

    asof: str
    active_days: str
    sleeping_days: str
    high_amount: str
    high_count: str
    mid_amount: str
    mid_count: str


def _missing_or_absent(cell: str | None) -> str:
    return "TRUE" if cell is None else is_missing(cell)


def never_bought(cells: TierCells) -> str:
    """No last purchase, no amount (or 0), and a count of 0 or a prospect with no count."""
    no_amount = f"OR({_missing_or_absent(cells.amount_raw)},{cells.amount}=0)"
    prospect = "FALSE"
    if cells.type_raw is not None:
        folded = f'LOWER(SUBSTITUTE(TRIM({cells.type_raw})," ",""))'
        prospect = _one_of(folded, prospect_words())
    no_count = f"OR({cells.count}=0,AND({prospect},{_missing_or_absent(cells.count_raw)}))"
    return f"AND({_missing_or_absent(cells.date_raw)},{no_amount},{no_count})"


def value_tier(cells: TierCells, limits: Thresholds, labels: Sequence[str]) -> str:
    """高/中/低 (``labels``, in the workbook's language) from amount and count; "" when
    either is unusable or the amount negative; 低 for a customer who never bought."""
    high, mid, low = (text_literal(label) for label in labels)
    a, c = cells.amount, cells.count
    graded = (
        f"IF(OR({a}>={limits.high_amount},{c}>={limits.high_count}),{high},"
        f"IF(OR({a}>={limits.mid_amount},{c}>={limits.mid_count}),{mid},{low}))"
    )
    usable = f'IF(AND(ISNUMBER({a}),ISNUMBER({c})),IF({a}<0,"",{graded}),"")'
    return f"IF({never_bought(cells)},{low},{usable})"


def activity(date: str, limits: Thresholds, labels: Sequence[str]) -> str:
    """活跃/一般/沉睡 (``labels``) by days from the last purchase to the as-of day; "" without
    a usable date or for a date after it."""
    active, regular, sleeping = (text_literal(label) for label in labels)
    days = f"({limits.asof}-{date})"
    graded = (
        f"IF({days}<={limits.active_days},{active},"
        f"IF({days}<={limits.sleeping_days},{regular},{sleeping}))"
    )
    return f'IF(AND(ISNUMBER({date}),{date}<={limits.asof}),{graded},"")'


def customer_key(group: str) -> str:
    """A row's customer: its duplicate group ("G3") when it has one, else its own row."""
    return f'IF({group}="",ROW(),"G"&{group})'


# -- criteria of COUNTIFS / SUMIFS ------------------------------------------------------


def needs_escape(label: str) -> bool:
    """Whether COUNTIFS would read ``label`` as a pattern or an operator."""
    return any(ch in label for ch in "*?~") or label[:1] in ("=", "<", ">")


def escaped(ref: str) -> str:
    """The text in cell ``ref`` with COUNTIFS' wildcards escaped."""
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'


def criterion(label: str, ref: str, *, blank: bool = False) -> str:
    """The criterion matching exactly the label in cell ``ref`` ("" for the blank category)."""
    if blank:
        return '""'
    if needs_escape(label):
        return f'"="&{escaped(ref)}'
    return ref


def tag_criterion(ref: str) -> str:
    """Rows whose marked tags (:func:`tags_marked`) hold the whole tag in cell ``ref``."""
    mark = TAG_MARK
    return f'"*{mark}"&{escaped(ref)}&"{mark}*"'
