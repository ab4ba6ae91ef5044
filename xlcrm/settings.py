"""Settings: what users change in the workbook's Settings sheet (设置) or on the CLI.

One table, :data:`SETTING_SPECS`, says every setting's key, labels, default, allowed
values and help text. The templates' Settings sheet is written from it, the reader parses
that sheet back with it, and the CLI validates its options with it, so the three never
drift apart.

The Settings sheet has four columns: 设置项/Setting (label), 值/Value, 说明/Help and
键/Key (the machine key). A row is recognised by its key, or else by its label in either
language, so a user who retypes a label or sorts the rows still gets their value.

Below the settings, the sheet holds rule tables (tag rules, match rules, retention rules
...): a title row (the table's name in column A, its key in column D), a header row, then
one row per rule until a blank row. Each feature declares its table with a
:class:`TableSpec` through :func:`register_table` in its own module (listed in
:data:`TABLE_MODULES`) and parses the rows itself; :attr:`Settings.tables` carries the
rows found in the workbook, and a table missing from the sheet means "use the defaults".
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlcrm.errors import SettingsError

SETTINGS_SHEET_NAMES = ("设置", "Settings")


@dataclass(frozen=True)
class SettingSpec:
    key: str
    zh: str
    en: str
    default: Any
    help_zh: str
    help_en: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def kind(self) -> type:
        return type(self.default)

    def label(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def help(self, language: str) -> str:
        return self.help_zh if language == "zh" else self.help_en

    def parse(self, raw: object) -> Any:
        """The value of this setting from a cell or an option, or SettingsError."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return self.default
        text = str(raw).strip()
        try:
            if self.kind is bool:
                value: Any = _parse_bool(raw)
            elif self.kind is int:
                number = float(text)
                if not number.is_integer():
                    raise ValueError(text)
                value = int(number)
            elif self.kind is float:
                value = float(text)
            else:
                value = text
        except ValueError:
            raise SettingsError(
                f"设置“{self.zh}”的值“{text}”无效，应为{_kind_zh(self.kind)}。"
                f" Setting '{self.en}' has the invalid value '{text}'; expected {_kind_en(self.kind)}."
            ) from None
        if self.choices:
            folded = {c.casefold(): c for c in self.choices}
            if str(value).casefold() not in folded:
                allowed = " / ".join(self.choices)
                raise SettingsError(
                    f"设置“{self.zh}”只能是 {allowed}，而不是“{text}”。"
                    f" Setting '{self.en}' must be one of {allowed}, not '{text}'."
                )
            value = folded[str(value).casefold()]
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(
                f"设置“{self.zh}”不能小于 {self.minimum:g}（现为 {text}）。"
                f" Setting '{self.en}' must be at least {self.minimum:g}, not {text}."
            )
        if self.maximum is not None and value > self.maximum:
            raise SettingsError(
                f"设置“{self.zh}”不能大于 {self.maximum:g}（现为 {text}）。"
                f" Setting '{self.en}' must be at most {self.maximum:g}, not {text}."
            )
        return value


def _parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in {"1", "true", "yes", "y", "是", "开", "on"}:
        return True
    if text in {"0", "false", "no", "n", "否", "关", "off"}:
        return False
    raise ValueError(text)


def _kind_zh(kind: type) -> str:
    return {bool: "是/否", int: "整数", float: "数字"}.get(kind, "文本")


def _kind_en(kind: type) -> str:
    return {bool: "yes/no", int: "a whole number", float: "a number"}.get(kind, "text")


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "language", "界面语言", "Language", "auto",
        "提示和新工作表名称的语言：auto（按表头判断）、zh 或 en。",
        "Language of messages and new sheet names: auto (from the headers), zh or en.",
        choices=("auto", "zh", "en"),
    ),
    SettingSpec(
        "default_phone_region", "默认电话地区", "Default phone region", "CN",
        "没有国家代码的号码按此地区解析（ISO 代码，如 CN、HK、TW、US）。",
        "Numbers without a country code are read as this region (ISO code: CN, HK, TW, US).",
    ),
    SettingSpec(
        "phone_format", "电话格式", "Phone format", "E164",
        "修正电话时使用的格式：E164（+8613800138000）、national（138 0013 8000）或 international。",
        "Format used when fixing phones: E164 (+8613800138000), national or international.",
        choices=("E164", "national", "international"),
    ),
    SettingSpec(
        "activity_active_days", "活跃天数", "Active within days", 90,
        "最近购买在此天数内为“活跃”。", "Customers who bought within this many days are active.",
        minimum=1,
    ),
    SettingSpec(
        "activity_sleeping_days", "沉睡天数", "Sleeping after days", 180,
        "超过此天数未购买为“沉睡”，介于两者之间为“一般”。",
        "No purchase for more than this many days is sleeping; in between is regular.",
        minimum=1,
    ),
    SettingSpec(
        "tier_high_amount", "高价值金额", "High value amount", 50000.0,
        "累计消费金额达到此值为“高”价值。", "Total spend at or above this is high value.",
        minimum=0,
    ),
    SettingSpec(
        "tier_mid_amount", "中价值金额", "Medium value amount", 10000.0,
        "累计消费金额达到此值为“中”价值，否则为“低”。",
        "Total spend at or above this is medium value; below it, low.",
        minimum=0,
    ),
    SettingSpec(
        "tier_high_count", "高价值次数", "High value purchases", 10,
        "购买次数达到此值也算“高”价值。", "This many purchases or more also counts as high value.",
        minimum=0,
    ),
    SettingSpec(
        "tier_mid_count", "中价值次数", "Medium value purchases", 3,
        "购买次数达到此值也算“中”价值。", "This many purchases or more also counts as medium value.",
        minimum=0,
    ),
    SettingSpec(
        "vip_amount", "VIP 金额", "VIP amount", 100000.0,
        "累计消费金额达到此值为 VIP。", "Total spend at or above this makes a VIP.",
        minimum=0,
    ),
    SettingSpec(
        "vip_count", "VIP 次数", "VIP purchases", 20,
        "购买次数达到此值也为 VIP。", "This many purchases or more also makes a VIP.",
        minimum=0,
    ),
    SettingSpec(
        "vip_tenure_days", "VIP 客龄天数", "VIP tenure days", 730,
        "“高”价值且成为客户已满此天数也为 VIP（0 表示不按客龄）。",
        "A high-value customer for at least this many days is also a VIP (0: tenure not used).",
        minimum=0,
    ),
    SettingSpec(
        "segment_model", "客户分群模型", "Segment model", "cn8",
        "cn8：八类客户（重要价值客户…一般挽留客户）；rfm11：Champions、Loyal … Lost 十一类。",
        "cn8: the eight Chinese classes (重要价值客户 ...); rfm11: Champions, Loyal ... Lost.",
        choices=("cn8", "rfm11"),
    ),
    SettingSpec(
        "rfm_method", "RFM 评分方法", "RFM scoring", "quantile",
        "quantile：按本表五分位打 1–5 分；fixed：按下面三行的分界点打分。",
        "quantile: score 1-5 by quintiles of this table; fixed: by the cut points below.",
        choices=("quantile", "fixed"),
    ),
    SettingSpec(
        "rfm_r_days", "R 分界（天）", "R cut points (days)", "30,90,180,365",
        "fixed 方法：距上次购买天数 ≤ 第 1 个数得 5 分 … 超过第 4 个数得 1 分。",
        "fixed method: days since the last purchase up to the 1st number score 5 ... over the 4th, 1.",
    ),
    SettingSpec(
        "rfm_f_counts", "F 分界（次）", "F cut points (purchases)", "1,2,5,10",
        "fixed 方法：购买次数达到第 1…4 个数分别得 2…5 分，不到第 1 个数得 1 分。",
        "fixed method: reaching the 1st ... 4th number scores 2 ... 5; below the 1st, 1.",
    ),
    SettingSpec(
        "rfm_m_amounts", "M 分界（金额）", "M cut points (amount)", "1000,5000,20000,50000",
        "fixed 方法：累计金额达到第 1…4 个数分别得 2…5 分，不到第 1 个数得 1 分。",
        "fixed method: total spend reaching the 1st ... 4th number scores 2 ... 5; below, 1.",
    ),
    SettingSpec(
        "tier_rules_version", "分级规则版本", "Tier rules version", "1",
        "改动上面的分级规则时请同时改此版本号；每行结果都记下它。",
        "Change this when you change the tier rules above; every result row records it.",
    ),
    SettingSpec(
        "dedup_threshold", "查重阈值", "Duplicate threshold", 0.85,
        "两条记录的相似度（0–1）达到此值视为重复。",
        "Two records this similar (0 to 1) or more are treated as duplicates.",
        minimum=0, maximum=1,
    ),
    SettingSpec(
        "backups_keep", "保留备份数", "Backups kept", 10,
        "每个工作簿保留最近多少份自动备份。", "How many automatic backups to keep per workbook.",
        minimum=1,
    ),
)  # fmt: skip

SPEC_BY_KEY: dict[str, SettingSpec] = {s.key: s for s in SETTING_SPECS}

Rows = tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class TableSpec:
    """A rule table in the Settings sheet: its title, column headers and starting rows."""

    key: str
    zh: str
    en: str
    headers_zh: tuple[str, ...]
    headers_en: tuple[str, ...]
    help_zh: str
    help_en: str
    default_rows: Rows = ()
    default_rows_en: Rows | None = None  # the English template's rows, when they differ

    def rows(self, language: str) -> Rows:
        """The rows a new template in ``language`` starts with."""
        if language == "en" and self.default_rows_en is not None:
            return self.default_rows_en
        return self.default_rows

    def title(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def headers(self, language: str) -> tuple[str, ...]:
        return self.headers_zh if language == "zh" else self.headers_en

    def help(self, language: str) -> str:
        return self.help_zh if language == "zh" else self.help_en


# Modules whose import registers a table, in the order the tables appear in the sheet.
TABLE_MODULES = (
    "xlcrm.core.tiers.rules",
    "xlcrm.core.dedupe.rules",
    "xlcrm.core.dedupe.survivorship",
    "xlcrm.core.retention.rules",
)
TABLE_ORDER = ("tag_rules", "match_rules", "survivorship", "retention")
_TABLES: dict[str, TableSpec] = {}


def register_table(spec: TableSpec) -> TableSpec:
    """Declare a rule table; called once at import by the module that parses it."""
    if len(spec.headers_zh) != len(spec.headers_en):
        raise ValueError(f"table {spec.key!r}: zh and en headers differ in number")
    _TABLES[spec.key] = spec
    return spec


def table_specs() -> list[TableSpec]:
    """Every rule table, in :data:`TABLE_ORDER` (modules not built yet are skipped).

    The order is by key, not by registration, since tests and actions may import a
    table's module before the template asks for the list.
    """
    for module in TABLE_MODULES:
        if module not in _loaded_modules and importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            _loaded_modules.add(module)
    rank = {key: i for i, key in enumerate(TABLE_ORDER)}
    return sorted(_TABLES.values(), key=lambda spec: rank.get(spec.key, len(rank)))


_loaded_modules: set[str] = set()


@dataclass(frozen=True)
class Settings:
    """Validated settings; defaults are the values in :data:`SETTING_SPECS`."""

    language: str = "auto"
    default_phone_region: str = "CN"
    phone_format: str = "E164"
    activity_active_days: int = 90
    activity_sleeping_days: int = 180
    tier_high_amount: float = 50000.0
    tier_mid_amount: float = 10000.0
    tier_high_count: int = 10
    tier_mid_count: int = 3
    vip_amount: float = 100000.0
    vip_count: int = 20
    vip_tenure_days: int = 730
    segment_model: str = "cn8"
    rfm_method: str = "quantile"
    rfm_r_days: str = "30,90,180,365"
    rfm_f_counts: str = "1,2,5,10"
    rfm_m_amounts: str = "1000,5000,20000,50000"
    tier_rules_version: str = "1"
    dedup_threshold: float = 0.85
    backups_keep: int = 10
    # Rule tables found in the sheet: (key, rows) pairs; see TableSpec and table_rows().
    tables: tuple[tuple[str, Rows], ...] = ()

    def __post_init__(self) -> None:
        if self.activity_sleeping_days < self.activity_active_days:
            raise SettingsError(
                "“沉睡天数”不能小于“活跃天数”。"
                " 'Sleeping after days' must not be less than 'Active within days'."
            )
        if self.tier_high_amount < self.tier_mid_amount:
            raise SettingsError(
                "“高价值金额”不能小于“中价值金额”。"
                " 'High value amount' must not be less than 'Medium value amount'."
            )

    def with_overrides(self, overrides: Mapping[str, object]) -> Settings:
        """A copy with the given raw values (from the CLI) parsed and applied."""
        parsed = {}
        for key, raw in overrides.items():
            if raw is None:
                continue
            if key not in SPEC_BY_KEY:
                raise SettingsError(f"没有名为“{key}”的设置。 There is no setting named '{key}'.")
            parsed[key] = SPEC_BY_KEY[key].parse(raw)
        return dataclasses.replace(self, **parsed)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def table_rows(self, key: str) -> Rows | None:
        """The rows of rule table ``key`` as found in the workbook; None when it has none."""
        for name, rows in self.tables:
            if name == key:
                return rows
        return None


def _lookup_keys() -> dict[str, str]:
    from xlcrm.schema import normalize_header

    keys: dict[str, str] = {}
    for spec in SETTING_SPECS:
        for text in (spec.key, spec.zh, spec.en):
            keys[normalize_header(text)] = spec.key
    return keys


def settings_from_rows(rows: Iterable[Sequence[object]]) -> Settings:
    """Parse the rows of a Settings sheet (label, value, help, key) into Settings.

    Rows that name no known setting (titles, headers, blank lines, the tables that later
    blocks of the sheet hold) are skipped.
    """
    from xlcrm.schema import normalize_header

    lookup = _lookup_keys()
    titles = _table_titles()
    found: dict[str, object] = {}
    tables: dict[str, list[tuple[object, ...]]] = {}
    current: TableSpec | None = None
    header_seen = False
    for row in rows:
        cells = list(row) + [None] * (4 - len(row))
        title = titles.get(normalize_header(cells[3])) or titles.get(normalize_header(cells[0]))
        if title is not None and not _filled(cells[1]):  # a title row: name, (help), key
            current, header_seen = title, False
            tables.setdefault(title.key, [])
            continue
        if current is not None:
            if not any(_filled(c) for c in cells):
                current = None
            elif not header_seen:
                header_seen = True  # the table's header row
            else:
                width = len(current.headers_zh)
                tables[current.key].append(tuple(cells[:width]) + (None,) * (width - len(cells)))
            continue
        key = lookup.get(normalize_header(cells[3])) or lookup.get(normalize_header(cells[0]))
        if key is not None and key not in found:
            found[key] = cells[1]
    settings = Settings().with_overrides(found)
    if tables:
        settings = dataclasses.replace(
            settings, tables=tuple((k, tuple(v)) for k, v in tables.items())
        )
    return settings


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _table_titles() -> dict[str, TableSpec]:
    from xlcrm.schema import normalize_header

    titles: dict[str, TableSpec] = {}
    for spec in table_specs():
        for text in (spec.key, spec.zh, spec.en):
            titles[normalize_header(text)] = spec
    return titles
