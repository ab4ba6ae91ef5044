"""What the workbook templates say to users, in Chinese and English.

Sheet titles, the Settings sheet's title and note, the Instructions sheet, and the input
prompts and error messages of data validation, each a :class:`~xlcrm.text.Text`.
:mod:`xlcrm.io.templates.build` lays them out in one language; change a text here, then
rebuild the committed templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlcrm import schema, settings
from xlcrm.schema import Field, FieldType
from xlcrm.text import Text

SHEET_TITLES: dict[str, Text] = {
    "data": Text("客户信息", "Customers"),
    "settings": Text("设置", "Settings"),
    "help": Text("说明", "Instructions"),
}


# ---------------------------------------------------------------- data validation

# (prompt, error) per field; prompts ≤ 255 and errors ≤ 225 characters (Excel).
FIELD_MESSAGES: dict[str, tuple[Text, Text]] = {
    "customer_type": (
        Text("从下拉列表选择：个人、企业或潜在。", "Pick one: Individual, Company or Prospect."),
        Text("请从下拉列表中选择客户类型。", "Choose a customer type from the drop-down list."),
    ),
    "phone": (
        Text(
            "手机和邮箱至少填一项。境外及港澳台号码请带国家或地区代码，如 +852 9123 4567。",
            "Phone or email is required. Add the country code for numbers outside "
            "mainland China, e.g. +852 9123 4567.",
        ),
        Text("电话号码应为 7 到 20 个字符。", "A phone number has 7 to 20 characters."),
    ),
    "email": (
        Text(
            "手机和邮箱至少填一项。格式如 name@example.com。",
            "Phone or email is required, e.g. name@example.com.",
        ),
        Text(
            "邮箱格式不对：应只有一个 @，@ 后要有域名（如 name@example.com），且不含空格。",
            "This is not an email address: one @, a domain after it (name@example.com), no spaces.",
        ),
    ),
    "region": (
        Text(
            "从下拉列表选择省份或地区；境外客户选“海外”。",
            "Pick a province or region; choose 海外 for customers abroad.",
        ),
        Text("请从下拉列表中选择地区。", "Choose a region from the drop-down list."),
    ),
    "purchase_count": (
        Text("购买次数：0 或正整数。", "Number of purchases: a whole number, 0 or more."),
        Text("购买次数应为 0 或正整数。", "Purchases must be a whole number, 0 or more."),
    ),
    "total_amount": (
        Text(
            "累计消费金额：0 或正数，不带单位。", "Total spend: a number, 0 or more, no currency."
        ),
        Text("金额应为 0 或正数。", "The amount must be a number, 0 or more."),
    ),
    "consent": (
        Text(
            "客户是否同意接收营销信息：是 / 否。", "Has the customer agreed to marketing? Yes / No."
        ),
        Text("请从下拉列表中选择 是 或 否。", "Choose Yes or No from the drop-down list."),
    ),
}
DATE_MESSAGES: tuple[Text, Text] = (
    Text("日期格式 yyyy-mm-dd，如 2026-01-31。", "A date as yyyy-mm-dd, e.g. 2026-01-31."),
    Text(
        "请输入 1900-01-01 到 2100-12-31 之间的日期，如 2026-01-31。",
        "Enter a date between 1900-01-01 and 2100-12-31, e.g. 2026-01-31.",
    ),
)
ERROR_TITLE = Text("输入无效", "Invalid entry")
CHOICES_ERROR = Text("只能选择：{allowed}。", "Choose one of: {allowed}.")
# The error for a number setting outside its range, put together from its bounds.
BOUNDS_ERROR = Text("请输入{kind}", "Enter {kind}")
WHOLE_NUMBER, NUMBER = Text("整数", "a whole number"), Text("数字", "a number")
AT_LEAST = Text("，不小于 {value:g}", " of at least {value:g}")
AT_MOST = Text("，不大于 {value:g}", ", at most {value:g}")


def field_messages(field: Field) -> tuple[Text, Text]:
    """The (prompt, error) of a field's data validation."""
    if field.type is FieldType.DATE:
        return DATE_MESSAGES
    return FIELD_MESSAGES[field.name]


def choices_text(choices: Sequence[str], language: str) -> str:
    """The error for a setting typed outside its drop-down."""
    return CHOICES_ERROR.format(allowed=" / ".join(choices))(language)


def bounds_text(spec: settings.SettingSpec, language: str) -> str:
    """The error for a number setting outside its range."""
    text = BOUNDS_ERROR.format(kind=WHOLE_NUMBER if spec.kind is int else NUMBER)
    if spec.minimum is not None:
        text += AT_LEAST.format(value=spec.minimum)
    if spec.maximum is not None:
        text += AT_MOST.format(value=spec.maximum)
    return (text + Text("。", "."))(language)


# ---------------------------------------------------------------- settings sheet

SETTINGS_TITLE = Text("xlcrm 设置", "xlcrm settings")
SETTINGS_NOTE = Text(
    "只修改黄色的“值”列，保存后 xlcrm 运行时读取本表；不要修改“键”列。",
    "Change only the yellow Value column; xlcrm reads this sheet when it runs. "
    "Leave the Key column as it is.",
)
SETTINGS_HEADERS = (
    Text("设置项", "Setting"),
    Text("值", "Value"),
    Text("说明", "Help"),
    Text("键", "Key"),
)


# ---------------------------------------------------------------- instructions sheet


# (style, text): style is title, heading or text. The placeholders: the data and settings
# sheets' titles, the name, phone and email headers, the version and its defined name.
HELP_LINES: tuple[tuple[str, Text], ...] = (
    ("title", Text("客户信息表使用说明（xlcrm 模板 {version} 版）",
                   "How to use this customer list (xlcrm template {version})")),
    ("heading", Text("各工作表", "The sheets")),
    ("text", Text("• {data}：每行一位客户。从第 2 行起填写或粘贴，不要改第 1 行的表头；"
                  "表格会随新增的行自动扩展。可以在右侧加自己的列，xlcrm 会原样保留。",
                  "• {data}: one customer per row. Type or paste from row 2 on and leave "
                  "the headers in row 1 as they are; the table grows as you add rows. "
                  "Extra columns of your own on the right are kept as they are.")),
    ("text", Text("• {sets}：xlcrm 检查、分级、查重时读取本表的设置。",
                  "• {sets}: xlcrm reads its settings from this sheet when it checks, "
                  "tiers and de-duplicates.")),
    ("text", Text("• 说明：本页。", "• Instructions: this page.")),
    ("heading", Text("必填项（表头为橙色的列）", "Required columns (orange headers)")),
    ("text", Text("• {name}必填；{phone}和{email}至少填一项。",
                  "• {name} is required, and at least one of {phone} and {email}.")),
    ("heading", Text("填写格式", "Formats")),
    ("text", Text("• 日期：yyyy-mm-dd，如 2026-01-31。", "• Dates: yyyy-mm-dd, e.g. 2026-01-31.")),
    ("text", Text("• {phone}：大陆手机填 11 位号码即可；港澳台及境外号码请带国家或地区代码，"
                  "如 +852 9123 4567、+1 415 555 0100。",
                  "• {phone}: an 11-digit mainland mobile as it is; for other numbers add the "
                  "country or region code, e.g. +852 9123 4567, +1 415 555 0100.")),
    ("text", Text("• {email}：如 name@example.com，每格只填一个。",
                  "• {email}: like name@example.com, one per cell.")),
    ("text", Text("• 客户类型、地区、营销授权：从单元格的下拉列表中选择。",
                  "• Customer Type, Region and Consent: pick from the cell's drop-down list.")),
    ("text", Text("• 购买次数填整数，累计消费金额填数字，都不要带单位。",
                  "• Purchases is a whole number and Total Spend a number, without units.")),
    ("heading", Text("修改设置", "Changing settings")),
    ("text", Text("• 在“{sets}”表的黄色“值”列中修改，保存后再运行 xlcrm；"
                  "不要修改“键”列。有下拉箭头的设置只能从列表中选择。",
                  "• Edit the yellow Value column of the {sets} sheet, save, then run xlcrm. "
                  "Leave the Key column alone. Settings with a drop-down take only its values.")),
    ("text", Text("• 命令行的同名选项可以临时覆盖表中的设置。",
                  "• Command-line options of the same name override the sheet for one run.")),
    ("heading", Text("模板版本", "Template version")),
    ("text", Text("• 本模板为 {version} 版。xlcrm 据此识别本模板，请不要删除名称 {version_name}。",
                  "• This is version {version}. xlcrm recognises the template by it; "
                  "do not delete the name {version_name}.")),
)  # fmt: skip


def help_lines(language: str, *, version: str, version_name: str) -> list[tuple[str, str]]:
    """(style, text) lines of the Instructions sheet; style is title, heading or text.

    ``version`` is the template's version and ``version_name`` the defined name holding it.
    """
    f = schema.FIELD_BY_NAME
    values: dict[str, object] = {n: f[n].label(language) for n in ("name", "phone", "email")}
    values |= {"data": SHEET_TITLES["data"], "sets": SHEET_TITLES["settings"]}
    values |= {"version": version, "version_name": version_name}
    return [(style, text.format(**values)(language)) for style, text in HELP_LINES]
