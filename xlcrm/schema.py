"""The canonical customer fields and how sheet headers map to them.

A header matches a field when its normalised text equals the normalised text of one of
the field's aliases. Normalising folds case and full-width characters, drops spaces,
punctuation, a required-field star and bracketed units such as "(元)" or "（RMB）", so
"手机号码（必填）*", "ＭＯＢＩＬＥ" and "Mobile Phone" all find their field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from xlcrm.text import Text


class FieldType(StrEnum):
    """What a field holds, which decides how it is checked and validated."""

    TEXT = "text"
    PHONE = "phone"
    EMAIL = "email"
    DATE = "date"
    INTEGER = "integer"
    MONEY = "money"
    ENUM = "enum"
    TAGS = "tags"


@dataclass(frozen=True)
class Field:
    """One canonical column of a customer list."""

    name: str
    label: Text  # the header in each language's template
    type: FieldType
    required: bool = False
    personal: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # for ENUM fields: the canonical (Chinese) values
    width: int = 14  # column width in the templates, in characters


# The choices of the enum fields, each in both languages; the Chinese is the canonical value.
CUSTOMER_TYPE_CHOICES = (
    Text("个人", "Individual"),
    Text("企业", "Company"),
    Text("潜在", "Prospect"),
)
CONSENT_CHOICES = (Text("是", "Yes"), Text("否", "No"))
CUSTOMER_TYPES = tuple(choice.zh for choice in CUSTOMER_TYPE_CHOICES)
CONSENT_VALUES = tuple(choice.zh for choice in CONSENT_CHOICES)
# The English words, for the sample generator (sample/customers.py) until it reads the
# choices above; nothing else uses them.
CUSTOMER_TYPES_EN = tuple(choice.en for choice in CUSTOMER_TYPE_CHOICES)
CONSENT_VALUES_EN = tuple(choice.en for choice in CONSENT_CHOICES)

# Provinces, municipalities, autonomous regions and SARs of China, in the short form
# office lists use; plus Taiwan and an "abroad" bucket for overseas customers.
REGIONS = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
    "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
    "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏",
    "新疆", "香港", "澳门", "台湾", "海外",
)  # fmt: skip

FIELDS: tuple[Field, ...] = (
    Field(
        "customer_id", Text("客户编号", "Customer ID"), FieldType.TEXT,
        aliases=("客户编号", "客户ID", "客户代码", "客户号", "客户编码", "会员号", "会员编号",
                 "编号", "ID", "Customer ID", "Customer No", "Customer Number", "Client ID",
                 "Cust ID", "Account ID", "Account Number"),
        width=12,
    ),
    Field(
        "name", Text("姓名", "Name"), FieldType.TEXT, required=True, personal=True,
        aliases=("姓名", "客户姓名", "客户名称", "客户名", "名字", "联系人", "联系人姓名", "客户",
                 "Name", "Customer Name", "Full Name", "Client Name", "Contact",
                 "Contact Name", "Customer"),
        width=12,
    ),
    Field(
        "company", Text("公司", "Company"), FieldType.TEXT,
        aliases=("公司", "公司名称", "单位", "单位名称", "工作单位", "企业名称", "所属公司",
                 "机构", "机构名称", "Company", "Company Name", "Organization",
                 "Organisation", "Employer", "Account Name", "Firm"),
        width=26,
    ),
    Field(
        "customer_type", Text("客户类型", "Customer Type"), FieldType.ENUM,
        aliases=("客户类型", "客户类别", "客户性质", "客户分类", "类型", "类别", "Customer Type",
                 "Client Type", "Type", "Category", "Customer Category"),
        choices=CUSTOMER_TYPES,
        width=10,
    ),
    Field(
        "phone", Text("手机", "Phone"), FieldType.PHONE, personal=True,
        aliases=("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "移动电话",
                 "联系方式", "联系手机", "手机电话", "座机", "Mobile", "Phone", "Tel",
                 "Telephone", "Mobile Phone", "Cell", "Cell Phone", "Phone Number",
                 "Contact Number", "Mobile No"),
        width=16,
    ),
    Field(
        "email", Text("邮箱", "Email"), FieldType.EMAIL, personal=True,
        aliases=("邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "电邮", "Email", "E-mail",
                 "Mail", "Email Address", "E-mail Address"),
        width=24,
    ),
    Field(
        "region", Text("地区", "Region"), FieldType.TEXT,
        aliases=("地区", "区域", "省份", "省市", "所在地区", "所属区域", "所在省份", "省",
                 "Region", "Province", "Area", "State", "Territory"),
        choices=REGIONS,
        width=10,
    ),
    Field(
        "address", Text("地址", "Address"), FieldType.TEXT, personal=True,
        aliases=("地址", "详细地址", "联系地址", "通讯地址", "收货地址", "住址", "家庭住址",
                 "公司地址", "Address", "Street Address", "Mailing Address",
                 "Postal Address", "Street"),
        width=30,
    ),
    Field(
        "owner", Text("负责人", "Owner"), FieldType.TEXT,
        aliases=("负责人", "销售", "业务员", "客户经理", "跟进人", "归属销售", "所属销售",
                 "销售代表", "销售人员", "负责销售", "Owner", "Sales Rep", "Salesperson",
                 "Account Manager", "Account Owner", "Sales Owner", "Rep"),
        width=10,
    ),
    Field(
        "tags", Text("标签", "Tags"), FieldType.TAGS,
        aliases=("标签", "客户标签", "标记", "分组", "Tags", "Tag", "Labels", "Label"),
        width=16,
    ),
    Field(
        "source", Text("来源", "Source"), FieldType.TEXT,
        aliases=("来源", "客户来源", "渠道", "获客渠道", "来源渠道", "Source", "Lead Source",
                 "Channel", "Origin", "Acquisition Channel"),
        width=10,
    ),
    Field(
        "created_at", Text("创建日期", "Created"), FieldType.DATE,
        aliases=("创建日期", "创建时间", "录入日期", "登记日期", "建档日期", "注册日期",
                 "开户日期", "Created", "Created At", "Created Date", "Date Created",
                 "Signup Date", "Registration Date"),
        width=12,
    ),
    Field(
        "last_purchase_at", Text("最近购买日期", "Last Purchase"), FieldType.DATE,
        aliases=("最近购买日期", "最后购买日期", "最近消费日期", "最后消费时间", "最近下单时间",
                 "最近成交日期", "最后交易日期", "最近购买", "Last Purchase",
                 "Last Purchase Date", "Last Order Date", "Last Order",
                 "Most Recent Purchase"),
        width=14,
    ),
    Field(
        "purchase_count", Text("购买次数", "Purchases"), FieldType.INTEGER,
        aliases=("购买次数", "消费次数", "下单次数", "成交次数", "订单数", "交易次数",
                 "累计购买次数", "Purchases", "Purchase Count", "Orders", "Order Count",
                 "Number of Orders", "Frequency"),
        width=10,
    ),
    Field(
        "total_amount", Text("累计消费金额", "Total Spend"), FieldType.MONEY,
        aliases=("累计消费金额", "消费总额", "累计金额", "成交金额", "消费金额", "总金额", "金额",
                 "累计消费", "交易金额", "销售额", "Total Spend", "Amount", "Total Amount",
                 "Total Sales", "Revenue", "Lifetime Value", "Monetary"),
        width=14,
    ),
    Field(
        "consent", Text("营销授权", "Consent"), FieldType.ENUM,
        aliases=("营销授权", "授权", "同意", "是否同意", "隐私同意", "同意接收", "同意营销",
                 "Consent", "Marketing Consent", "Opt-in", "Opt In", "GDPR Consent"),
        choices=CONSENT_VALUES,
        width=10,
    ),
    Field(
        "notes", Text("备注", "Notes"), FieldType.TEXT,
        aliases=("备注", "说明", "备注信息", "附注", "其他", "Notes", "Note", "Remarks",
                 "Remark", "Comment", "Comments", "Memo"),
        width=24,
    ),
    Field(
        "updated_at", Text("更新日期", "Updated"), FieldType.DATE,
        aliases=("更新日期", "更新时间", "最后更新", "修改时间", "最近更新", "最后修改日期",
                 "Updated", "Updated At", "Last Updated", "Last Modified",
                 "Modified Date"),
        width=12,
    ),
)  # fmt: skip

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
PERSONAL_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.personal)

# A record needs at least one field of each of these groups to be reachable.
REQUIRED_ANY: tuple[tuple[str, ...], ...] = (("phone", "email"),)

# Bracketed parts of a header are units or remarks: (元), （RMB）, [必填], 【选填】, <yyyy-mm-dd>.
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>|《[^》]*》")
_NOISE = re.compile(r"[\s\-_.,:;'\"*/\\|#·•、。：；]+")


def normalize_header(text: object) -> str:
    """Fold a header cell to the key used for matching (case, width, spaces, units)."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    folded = _NOISE.sub("", _BRACKETED.sub("", folded))
    # Casefolding and dropping characters can leave decomposed sequences: compose again.
    return unicodedata.normalize("NFKC", folded).casefold()


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in FIELDS:
        for alias in (f.label.zh, f.label.en, f.name, *f.aliases):
            key = normalize_header(alias)
            existing = index.setdefault(key, f.name)
            if existing != f.name:  # pragma: no cover - guarded by a test
                raise ValueError(f"alias {alias!r} is claimed by {existing} and {f.name}")
    return index


def match_header(text: object) -> str | None:
    """The canonical field a header names, or None when it names none."""
    key = normalize_header(text)
    return _alias_index().get(key) if key else None


def map_headers(headers: Sequence[object]) -> list[str | None]:
    """Map a header row to fields; a field claimed twice keeps only its first column."""
    taken: set[str] = set()
    result: list[str | None] = []
    for header in headers:
        field = match_header(header)
        if field is not None and field in taken:
            field = None
        if field is not None:
            taken.add(field)
        result.append(field)
    return result


def field_named(name: object) -> str | None:
    """The field a user means by ``name``: a field name (phone) or a header alias (手机)."""
    return name if isinstance(name, str) and name in FIELD_BY_NAME else match_header(name)


def column_position(name: str, headers: Sequence[object]) -> int | None:
    """The column a user means by ``name`` (``--on``, ``--columns``, ``--by``, rule tables).

    The one place user-given names become columns: a header written exactly so, else the
    column of the field ``name`` names (phone, 手机, Mobile), else a header that matches
    once case, width, spaces and units are folded. None when no column is meant.
    """
    texts = [str(h) if h is not None else "" for h in headers]
    if name in texts:
        return texts.index(name)
    field = field_named(name)
    mapped = map_headers(headers)
    if field is not None and field in mapped:
        return mapped.index(field)
    key = normalize_header(name)
    folded = [normalize_header(h) for h in headers]
    return folded.index(key) if key and key in folded else None


def resolve_columns(names: Iterable[str], headers: Sequence[object]) -> list[int]:
    """Column positions for names given by a user (see :func:`column_position`).

    KeyError names the first that matches no column.
    """
    positions: list[int] = []
    for name in names:
        position = column_position(name, headers)
        if position is None:
            raise KeyError(name)
        positions.append(position)
    return positions


def guess_language(headers: Iterable[object]) -> str:
    """'zh' when the headers are mostly Chinese, else 'en'."""
    texts = [str(h) for h in headers if h not in (None, "")]
    if not texts:
        return "zh"
    chinese = sum(1 for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t))
    return "zh" if chinese * 2 >= len(texts) else "en"
