"""Data validation in the workbook templates: drop-downs, ranges and format checks.

Each data column gets the rule its field type calls for (a list, a date or number range,
a text length, an email formula) with a prompt and an error in the user's language; each
numeric or multiple-choice setting gets a range or a drop-down. The region list is longer
than Excel allows inline, so it lives on a hidden sheet behind a defined name.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm import schema, settings
from xlcrm.io.templates.texts import ERROR_TITLE, bounds_text, choices_text, field_messages
from xlcrm.schema import Field, FieldType
from xlcrm.text import Text

REGIONS_NAME = "xlcrm_regions"
LISTS_SHEET = "lists"


def _email_formula(cell: str) -> str:
    """True for text with exactly one @, something before it and a dotted domain after it."""
    c = cell
    return (
        f'IFERROR(AND(LEN({c})-LEN(SUBSTITUTE({c},"@",""))=1,FIND("@",{c})>1,'
        f'ISNUMBER(FIND(".",{c},FIND("@",{c})+2)),RIGHT({c},1)<>".",'
        f'ISERROR(FIND(" ",{c}))),FALSE)'
    )


def _inline_list(choices: tuple[Text, ...]) -> Text:
    """An Excel list written inline ("个人,企业,潜在"), in each language."""
    return Text.same('"') + Text.join(list(choices), zh=",", en=",") + '"'


# The validation of each field type that needs no more than its type. Phone and email
# checks are heuristics that xlcrm's check refines, so Excel only warns.
_BETWEEN, _AT_LEAST = "between", "greaterThanOrEqual"
_TYPE_RULES: dict[FieldType, dict[str, str]] = {
    FieldType.DATE: dict(type="date", operator=_BETWEEN, formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)"),
    FieldType.INTEGER: dict(type="whole", operator=_AT_LEAST, formula1="0"),
    FieldType.MONEY: dict(type="decimal", operator=_AT_LEAST, formula1="0"),
    FieldType.PHONE: dict(type="textLength", operator=_BETWEEN, formula1="7", formula2="20", errorStyle="warning"),
}  # fmt: skip

# The drop-down lists of the fields whose choices are short enough to be written inline.
_LIST_VALUES: dict[str, Text] = {
    "customer_type": _inline_list(schema.CUSTOMER_TYPE_CHOICES),
    "consent": _inline_list(schema.CONSENT_CHOICES),
}


def _field_rule(field: Field, column: str, language: str) -> dict[str, str] | None:
    """The validation settings for one field's column, or None when it takes anything."""
    if field.name in _LIST_VALUES:
        return {"type": "list", "formula1": _LIST_VALUES[field.name](language)}
    if field.name == "region":
        # The region list is longer than Excel's 255-character inline limit.
        return {"type": "list", "formula1": REGIONS_NAME, "errorStyle": "warning"}
    if field.type is FieldType.EMAIL:
        return {"type": "custom", "formula1": _email_formula(f"{column}2"), "errorStyle": "warning"}
    rule = _TYPE_RULES.get(field.type)
    return None if rule is None else dict(rule)


def add_data_validations(ws: Worksheet, language: str, last_row: int) -> None:
    """Validate each data column from row 2 to ``last_row``, with prompts and errors."""
    for index, field in enumerate(schema.FIELDS, start=1):
        column = get_column_letter(index)
        rule = _field_rule(field, column, language)
        if rule is None:
            continue
        prompt, error = field_messages(field)
        dv = DataValidation(
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=field.label(language),
            prompt=prompt(language),
            errorTitle=ERROR_TITLE(language),
            error=error(language),
            **rule,
        )
        dv.add(f"{column}2:{column}{last_row}")
        ws.add_data_validation(dv)


def write_lists_sheet(wb: Workbook, language: str) -> None:
    """The hidden sheet holding the region list, and the name the drop-down refers to."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    ws["A1"] = schema.FIELD_BY_NAME["region"].label(language)
    for row, region in enumerate(schema.REGIONS, start=2):
        ws.cell(row=row, column=1, value=region)
    last = len(schema.REGIONS) + 1
    target = f"{quote_sheetname(LISTS_SHEET)}!$A$2:$A${last}"
    wb.defined_names[REGIONS_NAME] = DefinedName(REGIONS_NAME, attr_text=target)


def setting_validation(spec: settings.SettingSpec, language: str) -> DataValidation | None:
    """A drop-down for settings with choices, a number range for numeric ones."""
    if spec.choices:
        rule = {
            "type": "list",
            "formula1": _inline_list(tuple(map(Text.same, spec.choices)))(language),
        }
        error = choices_text(spec.choices, language)
    elif spec.kind in (int, float) and (spec.minimum is not None or spec.maximum is not None):
        rule = {"type": "whole" if spec.kind is int else "decimal", **_bounds(spec)}
        error = bounds_text(spec, language)
    else:
        return None
    return DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=spec.label(language),
        prompt=spec.help(language),
        errorTitle=ERROR_TITLE(language),
        error=error,
        **rule,
    )


def _bounds(spec: settings.SettingSpec) -> dict[str, str]:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        return {"operator": "between", "formula1": f"{low:g}", "formula2": f"{high:g}"}
    if low is not None:
        return {"operator": "greaterThanOrEqual", "formula1": f"{low:g}"}
    return {"operator": "lessThanOrEqual", "formula1": f"{high:g}"}
