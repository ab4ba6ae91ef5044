"""Settings: what users change in the workbook's Settings sheet (设置) or on the CLI.

Each setting is declared once, as a field of :class:`Settings` that carries its
:class:`SettingSpec` (labels, help, allowed values; the default is the field's own).
:data:`SETTING_SPECS` is read off those fields: the templates' Settings sheet is written
from it, the reader parses that sheet back with it, and the CLI validates its options
with it, so the three never drift apart.

The Settings sheet has four columns: 设置项/Setting (label), 值/Value, 说明/Help and
键/Key (the machine key). A row is recognised by its key, or else by its label in either
language, so a user who retypes a label or sorts the rows still gets their value.

Below the settings, the sheet holds rule tables (tag rules, match rules, retention rules
...): a title row (the table's name in column A, its key in column D), a header row, then
one row per rule until a blank row. Each feature declares its table as a
:class:`TableSpec` in its own core module and parses the rows itself; the list of all of
them (:data:`xlcrm.core.rule_tables.RULE_TABLES`) is handed to :func:`settings_from_rows`
by whoever reads a sheet. :attr:`Settings.tables` carries the rows found in the workbook,
and a table missing from the sheet means "use the defaults".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from xlcrm.errors import SettingsError
from xlcrm.schema import normalize_header
from xlcrm.text import LANGUAGES, Language, Text

SETTINGS_SHEET_NAMES = ("设置", "Settings")

T = TypeVar("T")
Rows = tuple[tuple[object, ...], ...]

# What a value of each kind should look like, for the "invalid value" sentence.
KIND_TEXT: dict[type, Text] = {
    bool: Text("是/否", "yes/no"),
    int: Text("整数", "a whole number"),
    float: Text("数字", "a number"),
    str: Text("文本", "text"),
}


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key, label and help in both languages, default and allowed values."""

    key: str
    label: Text
    default: Any
    help: Text
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def kind(self) -> type:
        """The setting's type: its default's (bool, int, float or str)."""
        return type(self.default)

    def parse(self, raw: object) -> Any:
        """The value of this setting from a cell or an option, or SettingsError."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return self.default
        text = str(raw).strip()
        try:
            value = _parse_kind(self.kind, raw, text)
        except ValueError:
            raise SettingsError(
                "setting_invalid", setting=self.label, value=text, kind=KIND_TEXT[self.kind]
            ) from None
        if self.choices:
            folded = {c.casefold(): c for c in self.choices}
            if str(value).casefold() not in folded:
                allowed = " / ".join(self.choices)
                raise SettingsError(
                    "setting_not_a_choice", setting=self.label, allowed=allowed, value=text
                )
            value = folded[str(value).casefold()]
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(
                "setting_below_minimum", setting=self.label, minimum=self.minimum, value=text
            )
        if self.maximum is not None and value > self.maximum:
            raise SettingsError(
                "setting_above_maximum", setting=self.label, maximum=self.maximum, value=text
            )
        return value


def _parse_kind(kind: type, raw: object, text: str) -> Any:
    """``raw`` as a value of ``kind``; ValueError when it is not one."""
    if kind is bool:
        return _parse_bool(raw)
    if kind is int:
        number = float(text)
        if not number.is_integer():
            raise ValueError(text)
        return int(number)
    if kind is float:
        return float(text)
    return text


def _parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in {"1", "true", "yes", "y", "是", "开", "on"}:
        return True
    if text in {"0", "false", "no", "n", "否", "关", "off"}:
        return False
    raise ValueError(text)


_SPEC = "xlcrm.setting"  # the metadata key of a Settings field's SettingSpec


def _setting(
    label: Text,
    default: T,
    help: Text,
    *,
    choices: tuple[str, ...] = (),
    minimum: float | None = None,
    maximum: float | None = None,
) -> T:
    """A field of :class:`Settings`: its default, and the rest of its spec as metadata."""
    spec = SettingSpec("", label, default, help, choices, minimum, maximum)
    return field(default=default, metadata={_SPEC: spec})


@dataclass(frozen=True)
class Settings:
    """Validated settings. Each field is one setting, declared with its spec, once."""

    # fmt: off
    language: str = _setting(
        Text("界面语言", "Language"), "auto",
        Text("提示和新工作表名称的语言：auto（按表头判断）、zh 或 en。",
             "Language of messages and new sheet names: auto (from the headers), zh or en."),
        choices=("auto", "zh", "en"),
    )
    default_phone_region: str = _setting(
        Text("默认电话地区", "Default phone region"), "CN",
        Text("没有国家代码的号码按此地区解析（ISO 代码，如 CN、HK、TW、US）。",
             "Numbers without a country code are read as this region (ISO code: CN, HK, TW, US)."),
    )
    phone_format: str = _setting(
        Text("电话格式", "Phone format"), "E164",
        Text("修正电话时使用的格式：E164（+8613800138000）、national（138 0013 8000）或 international。",
             "Format used when fixing phones: E164 (+8613800138000), national or international."),
        choices=("E164", "national", "international"),
    )
    activity_active_days: int = _setting(
        Text("活跃天数", "Active within days"), 90,
        Text("最近购买在此天数内为“活跃”。", "Customers who bought within this many days are active."),
        minimum=1,
    )
    activity_sleeping_days: int = _setting(
        Text("沉睡天数", "Sleeping after days"), 180,
        Text("超过此天数未购买为“沉睡”，介于两者之间为“一般”。",
             "No purchase for more than this many days is sleeping; in between is regular."),
        minimum=1,
    )
    tier_high_amount: float = _setting(
        Text("高价值金额", "High value amount"), 50000.0,
        Text("累计消费金额达到此值为“高”价值。", "Total spend at or above this is high value."),
        minimum=0,
    )
    tier_mid_amount: float = _setting(
        Text("中价值金额", "Medium value amount"), 10000.0,
        Text("累计消费金额达到此值为“中”价值，否则为“低”。",
             "Total spend at or above this is medium value; below it, low."),
        minimum=0,
    )
    tier_high_count: int = _setting(
        Text("高价值次数", "High value purchases"), 10,
        Text("购买次数达到此值也算“高”价值。", "This many purchases or more also counts as high value."),
        minimum=0,
    )
    tier_mid_count: int = _setting(
        Text("中价值次数", "Medium value purchases"), 3,
        Text("购买次数达到此值也算“中”价值。", "This many purchases or more also counts as medium value."),
        minimum=0,
    )
    vip_amount: float = _setting(
        Text("VIP 金额", "VIP amount"), 100000.0,
        Text("累计消费金额达到此值为 VIP。", "Total spend at or above this makes a VIP."),
        minimum=0,
    )
    vip_count: int = _setting(
        Text("VIP 次数", "VIP purchases"), 20,
        Text("购买次数达到此值也为 VIP。", "This many purchases or more also makes a VIP."),
        minimum=0,
    )
    vip_tenure_days: int = _setting(
        Text("VIP 客龄天数", "VIP tenure days"), 730,
        Text("“高”价值且成为客户已满此天数也为 VIP（0 表示不按客龄）。",
             "A high-value customer for at least this many days is also a VIP (0: tenure not used)."),
        minimum=0,
    )
    segment_model: str = _setting(
        Text("客户分群模型", "Segment model"), "cn8",
        Text("cn8：八类客户（重要价值客户…一般挽留客户）；rfm11：Champions、Loyal … Lost 十一类。",
             "cn8: the eight Chinese classes (重要价值客户 ...); rfm11: Champions, Loyal ... Lost."),
        choices=("cn8", "rfm11"),
    )
    rfm_method: str = _setting(
        Text("RFM 评分方法", "RFM scoring"), "quantile",
        Text("quantile：按本表五分位打 1–5 分；fixed：按下面三行的分界点打分。",
             "quantile: score 1-5 by quintiles of this table; fixed: by the cut points below."),
        choices=("quantile", "fixed"),
    )
    rfm_r_days: str = _setting(
        Text("R 分界（天）", "R cut points (days)"), "30,90,180,365",
        Text("fixed 方法：距上次购买天数 ≤ 第 1 个数得 5 分 … 超过第 4 个数得 1 分。",
             "fixed method: days since the last purchase up to the 1st number score 5 ... over the 4th, 1."),
    )
    rfm_f_counts: str = _setting(
        Text("F 分界（次）", "F cut points (purchases)"), "1,2,5,10",
        Text("fixed 方法：购买次数达到第 1…4 个数分别得 2…5 分，不到第 1 个数得 1 分。",
             "fixed method: reaching the 1st ... 4th number scores 2 ... 5; below the 1st, 1."),
    )
    rfm_m_amounts: str = _setting(
        Text("M 分界（金额）", "M cut points (amount)"), "1000,5000,20000,50000",
        Text("fixed 方法：累计金额达到第 1…4 个数分别得 2…5 分，不到第 1 个数得 1 分。",
             "fixed method: total spend reaching the 1st ... 4th number scores 2 ... 5; below, 1."),
    )
    tier_rules_version: str = _setting(
        Text("分级规则版本", "Tier rules version"), "1",
        Text("改动上面的分级规则时请同时改此版本号；每行结果都记下它。",
             "Change this when you change the tier rules above; every result row records it."),
    )
    dedup_threshold: float = _setting(
        Text("查重阈值", "Duplicate threshold"), 0.85,
        Text("两条记录的相似度（0–1）达到此值视为重复。",
             "Two records this similar (0 to 1) or more are treated as duplicates."),
        minimum=0, maximum=1,
    )
    backups_keep: int = _setting(
        Text("保留备份数", "Backups kept"), 10,
        Text("每个工作簿保留最近多少份自动备份。", "How many automatic backups to keep per workbook."),
        minimum=1,
    )
    # fmt: on
    # Rule tables found in the sheet: (key, rows) pairs; see TableSpec and table_rows().
    tables: tuple[tuple[str, Rows], ...] = ()

    def __post_init__(self) -> None:
        check_tier_order(
            active_days=self.activity_active_days,
            sleeping_days=self.activity_sleeping_days,
            mid_amount=self.tier_mid_amount,
            high_amount=self.tier_high_amount,
            mid_count=self.tier_mid_count,
            high_count=self.tier_high_count,
        )

    def with_overrides(self, overrides: Mapping[str, object]) -> Settings:
        """A copy with the given raw values (from the CLI) parsed and applied."""
        parsed = {}
        for key, raw in overrides.items():
            if raw is None:
                continue
            if key not in SPEC_BY_KEY:
                raise SettingsError("no_such_setting", name=key)
            parsed[key] = SPEC_BY_KEY[key].parse(raw)
        return dataclasses.replace(self, **parsed)

    def as_dict(self) -> dict[str, Any]:
        """Every setting (and the rule tables found) by key."""
        return dataclasses.asdict(self)

    def table_rows(self, key: str) -> Rows | None:
        """The rows of rule table ``key`` as found in the workbook; None when it has none."""
        for name, rows in self.tables:
            if name == key:
                return rows
        return None


def parse_language(value: object) -> Language:
    """'zh' or 'en' as a user or a caller wrote it (case and spaces aside); else SettingsError.

    The language of a template, the ribbon or sample data; the Settings sheet's 界面语言
    also allows "auto" and is checked by its spec.
    """
    text = str(value).strip().casefold()
    for language in LANGUAGES:
        if text == language:
            return language
    raise SettingsError("language_unknown", value=value)


def check_tier_order(
    *,
    active_days: int,
    sleeping_days: int,
    mid_amount: float,
    high_amount: float,
    mid_count: int,
    high_count: int,
) -> None:
    """The tier thresholds go up in order: one check for the Settings sheet and the tier rules."""
    if sleeping_days < active_days:
        raise SettingsError("sleeping_days_below_active_days")
    if high_amount < mid_amount:
        raise SettingsError("high_amount_below_mid_amount")
    if high_count < mid_count:
        raise SettingsError("high_count_below_mid_count")


SETTING_SPECS: tuple[SettingSpec, ...] = tuple(
    dataclasses.replace(f.metadata[_SPEC], key=f.name)
    for f in dataclasses.fields(Settings)
    if _SPEC in f.metadata
)
SPEC_BY_KEY: dict[str, SettingSpec] = {s.key: s for s in SETTING_SPECS}
DEFAULTS = Settings()  # a workbook without a Settings sheet: where rules take their defaults


@dataclass(frozen=True)
class TableSpec:
    """A rule table in the Settings sheet: its title, column headers and starting rows.

    A cell of ``default_rows`` that reads differently in each language is a :class:`Text`.
    """

    key: str
    title: Text
    headers: tuple[Text, ...]
    help: Text
    default_rows: Rows = ()

    def rows(self, language: str) -> Rows:
        """The rows a new template in ``language`` starts with."""
        return tuple(
            tuple(c(language) if isinstance(c, Text) else c for c in row)
            for row in self.default_rows
        )

    def header_row(self, language: str) -> tuple[str, ...]:
        """The column headers in ``language``."""
        return tuple(header(language) for header in self.headers)


def settings_from_rows(
    rows: Iterable[Sequence[object]], *, tables: Sequence[TableSpec] = ()
) -> Settings:
    """Parse the rows of a Settings sheet (label, value, help, key) into Settings.

    ``tables`` are the rule tables to look for below the settings (see
    :data:`xlcrm.core.rule_tables.RULE_TABLES`). Rows that name no known setting (titles,
    headers, blank lines, tables not asked for) are skipped.
    """
    lookup = {name: spec.key for spec in SETTING_SPECS for name in _names(spec.key, spec.label)}
    titles = {name: spec for spec in tables for name in _names(spec.key, spec.title)}
    found: dict[str, object] = {}
    found_tables: dict[str, list[tuple[object, ...]]] = {}
    current: TableSpec | None = None
    header_seen = False
    for row in rows:
        cells = list(row) + [None] * (4 - len(row))
        title = titles.get(normalize_header(cells[3])) or titles.get(normalize_header(cells[0]))
        if title is not None and not _filled(cells[1]):  # a title row: name, (help), key
            current, header_seen = title, False
            found_tables.setdefault(title.key, [])
            continue
        if current is not None:
            if not any(_filled(c) for c in cells):
                current = None
            elif not header_seen:
                header_seen = True  # the table's header row
            else:
                width = len(current.headers)
                found_tables[current.key].append(
                    tuple(cells[:width]) + (None,) * (width - len(cells))
                )
            continue
        key = lookup.get(normalize_header(cells[3])) or lookup.get(normalize_header(cells[0]))
        if key is not None and key not in found:
            found[key] = cells[1]
    settings = Settings().with_overrides(found)
    if found_tables:
        settings = dataclasses.replace(
            settings, tables=tuple((k, tuple(v)) for k, v in found_tables.items())
        )
    return settings


def _names(key: str, label: Text) -> tuple[str, ...]:
    """The ways a row may name a setting or a table: its key or its label in either language."""
    return tuple(normalize_header(text) for text in (key, label.zh, label.en))


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""
