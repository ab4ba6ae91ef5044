"""What the workbook templates say to users, in Chinese and English.

Sheet titles, the Settings sheet's title and note, the Instructions sheet, and the input
prompts and error messages of data validation. Texts are ``(zh, en)`` pairs; :func:`pick`
chooses one. :mod:`xlcrm.io.templates.build` lays them out; change a text here, then rebuild
the committed templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlcrm import schema, settings
from xlcrm.schema import Field, FieldType

Pair = tuple[str, str]  # (zh, en)

SHEET_TITLES: dict[str, Pair] = {
    "data": ("客户信息", "Customers"),
    "settings": ("设置", "Settings"),
    "help": ("说明", "Instructions"),
}


def pick(pair: Pair, language: str) -> str:
    """The Chinese text of ``pair`` for "zh", the English one otherwise."""
    return pair[0] if language == "zh" else pair[1]


# ---------------------------------------------------------------- data validation

# (prompt, error) per field, zh then en; prompts ≤ 255 and errors ≤ 225 characters (Excel).
FIELD_MESSAGES: dict[str, tuple[Pair, Pair]] = {
    "customer_type": (
        ("从下拉列表选择：个人、企业或潜在。", "Pick one: Individual, Company or Prospect."),
        ("请从下拉列表中选择客户类型。", "Choose a customer type from the drop-down list."),
    ),
    "phone": (
        (
            "手机和邮箱至少填一项。境外及港澳台号码请带国家或地区代码，如 +852 9123 4567。",
            "Phone or email is required. Add the country code for numbers outside "
            "mainland China, e.g. +852 9123 4567.",
        ),
        ("电话号码应为 7 到 20 个字符。", "A phone number has 7 to 20 characters."),
    ),
    "email": (
        (
            "手机和邮箱至少填一项。格式如 name@example.com。",
            "Phone or email is required, e.g. name@example.com.",
        ),
        (
            "邮箱格式不对：应只有一个 @，@ 后要有域名（如 name@example.com），且不含空格。",
            "This is not an email address: one @, a domain after it (name@example.com), no spaces.",
        ),
    ),
    "region": (
        (
            "从下拉列表选择省份或地区；境外客户选“海外”。",
            "Pick a province or region; choose 海外 for customers abroad.",
        ),
        ("请从下拉列表中选择地区。", "Choose a region from the drop-down list."),
    ),
    "purchase_count": (
        ("购买次数：0 或正整数。", "Number of purchases: a whole number, 0 or more."),
        ("购买次数应为 0 或正整数。", "Purchases must be a whole number, 0 or more."),
    ),
    "total_amount": (
        ("累计消费金额：0 或正数，不带单位。", "Total spend: a number, 0 or more, no currency."),
        ("金额应为 0 或正数。", "The amount must be a number, 0 or more."),
    ),
    "consent": (
        ("客户是否同意接收营销信息：是 / 否。", "Has the customer agreed to marketing? Yes / No."),
        ("请从下拉列表中选择 是 或 否。", "Choose Yes or No from the drop-down list."),
    ),
}
DATE_MESSAGES: tuple[Pair, Pair] = (
    ("日期格式 yyyy-mm-dd，如 2026-01-31。", "A date as yyyy-mm-dd, e.g. 2026-01-31."),
    (
        "请输入 1900-01-01 到 2100-12-31 之间的日期，如 2026-01-31。",
        "Enter a date between 1900-01-01 and 2100-12-31, e.g. 2026-01-31.",
    ),
)
ERROR_TITLE: Pair = ("输入无效", "Invalid entry")


def field_messages(field: Field) -> tuple[Pair, Pair]:
    """The (prompt, error) pairs of a field's data validation."""
    if field.type is FieldType.DATE:
        return DATE_MESSAGES
    return FIELD_MESSAGES[field.name]


def choices_text(choices: Sequence[str], language: str) -> str:
    """The error for a setting typed outside its drop-down."""
    allowed = " / ".join(choices)
    return pick((f"只能选择：{allowed}。", f"Choose one of: {allowed}."), language)


def bounds_text(spec: settings.SettingSpec, language: str) -> str:
    """The error for a number setting outside its range."""
    whole = spec.kind is int
    if language == "zh":
        text = "请输入" + ("整数" if whole else "数字")
        text += f"，不小于 {spec.minimum:g}" if spec.minimum is not None else ""
        text += f"，不大于 {spec.maximum:g}" if spec.maximum is not None else ""
        return text + "。"
    text = "Enter " + ("a whole number" if whole else "a number")
    text += f" of at least {spec.minimum:g}" if spec.minimum is not None else ""
    text += f", at most {spec.maximum:g}" if spec.maximum is not None else ""
    return text + "."


# ---------------------------------------------------------------- settings sheet

SETTINGS_TITLE: Pair = ("xlcrm 设置", "xlcrm settings")
SETTINGS_NOTE: Pair = (
    "只修改黄色的“值”列，保存后 xlcrm 运行时读取本表；不要修改“键”列。",
    "Change only the yellow Value column; xlcrm reads this sheet when it runs. "
    "Leave the Key column as it is.",
)
SETTINGS_HEADERS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("设置项", "值", "说明", "键"),
    ("Setting", "Value", "Help", "Key"),
)


# ---------------------------------------------------------------- instructions sheet


def help_lines(language: str, *, version: str, version_name: str) -> list[tuple[str, str]]:
    """(style, text) lines of the Instructions sheet; style is title, heading or text.

    ``version`` is the template's version and ``version_name`` the defined name holding it.
    """
    f = schema.FIELD_BY_NAME
    name, phone, email = (f[n].label(language) for n in ("name", "phone", "email"))
    data, sets = pick(SHEET_TITLES["data"], language), pick(SHEET_TITLES["settings"], language)
    if language == "zh":
        return [
            ("title", f"客户信息表使用说明（xlcrm 模板 {version} 版）"),
            ("heading", "各工作表"),
            ("text", f"• {data}：每行一位客户。从第 2 行起填写或粘贴，不要改第 1 行的表头；"
                     "表格会随新增的行自动扩展。可以在右侧加自己的列，xlcrm 会原样保留。"),
            ("text", f"• {sets}：xlcrm 检查、分级、查重时读取本表的设置。"),
            ("text", "• 说明：本页。"),
            ("heading", "必填项（表头为橙色的列）"),
            ("text", f"• {name}必填；{phone}和{email}至少填一项。"),
            ("heading", "填写格式"),
            ("text", "• 日期：yyyy-mm-dd，如 2026-01-31。"),
            ("text", f"• {phone}：大陆手机填 11 位号码即可；港澳台及境外号码请带国家或地区代码，"
                     "如 +852 9123 4567、+1 415 555 0100。"),
            ("text", f"• {email}：如 name@example.com，每格只填一个。"),
            ("text", "• 客户类型、地区、营销授权：从单元格的下拉列表中选择。"),
            ("text", "• 购买次数填整数，累计消费金额填数字，都不要带单位。"),
            ("heading", "修改设置"),
            ("text", f"• 在“{sets}”表的黄色“值”列中修改，保存后再运行 xlcrm；"
                     "不要修改“键”列。有下拉箭头的设置只能从列表中选择。"),
            ("text", "• 命令行的同名选项可以临时覆盖表中的设置。"),
            ("heading", "模板版本"),
            ("text", f"• 本模板为 {version} 版。xlcrm 据此识别本模板，"
                     f"请不要删除名称 {version_name}。"),
        ]  # fmt: skip
    return [
        ("title", f"How to use this customer list (xlcrm template {version})"),
        ("heading", "The sheets"),
        ("text", f"• {data}: one customer per row. Type or paste from row 2 on and leave "
                 "the headers in row 1 as they are; the table grows as you add rows. "
                 "Extra columns of your own on the right are kept as they are."),
        ("text", f"• {sets}: xlcrm reads its settings from this sheet when it checks, "
                 "tiers and de-duplicates."),
        ("text", "• Instructions: this page."),
        ("heading", "Required columns (orange headers)"),
        ("text", f"• {name} is required, and at least one of {phone} and {email}."),
        ("heading", "Formats"),
        ("text", "• Dates: yyyy-mm-dd, e.g. 2026-01-31."),
        ("text", f"• {phone}: an 11-digit mainland mobile as it is; for other numbers add the "
                 "country or region code, e.g. +852 9123 4567, +1 415 555 0100."),
        ("text", f"• {email}: like name@example.com, one per cell."),
        ("text", "• Customer Type, Region and Consent: pick from the cell's drop-down list."),
        ("text", "• Purchases is a whole number and Total Spend a number, without units."),
        ("heading", "Changing settings"),
        ("text", f"• Edit the yellow Value column of the {sets} sheet, save, then run xlcrm. "
                 "Leave the Key column alone. Settings with a drop-down take only its values."),
        ("text", "• Command-line options of the same name override the sheet for one run."),
        ("heading", "Template version"),
        ("text", f"• This is version {version}. xlcrm recognises the template by it; "
                 f"do not delete the name {version_name}."),
    ]  # fmt: skip
