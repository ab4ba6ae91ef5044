"""The workbook templates: committed files, data sheet, validation, settings, version, copy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm import schema, settings
from xlcrm.core.rule_tables import RULE_TABLES
from xlcrm.errors import CorruptWorkbookError, FileMissingError, InputFileError, SettingsError
from xlcrm.io.templates import build as templates
from xlcrm.schema import FieldType

LANGUAGES = ("zh", "en")
SHEET_NAMES = {
    "zh": ("客户信息", "设置", "说明", "lists"),
    "en": ("Customers", "Settings", "Instructions", "lists"),
}
LAST_ROW = templates.DATA_ROWS + 1

# field -> (validation type, operator); every other field must have no validation.
EXPECTED_RULES: dict[str, tuple[str, str | None]] = {
    "customer_type": ("list", None),
    "phone": ("textLength", "between"),
    "email": ("custom", None),
    "region": ("list", None),
    "created_at": ("date", "between"),
    "last_purchase_at": ("date", "between"),
    "purchase_count": ("whole", "greaterThanOrEqual"),
    "total_amount": ("decimal", "greaterThanOrEqual"),
    "consent": ("list", None),
    "updated_at": ("date", "between"),
}


# ---------------------------------------------------------------- helpers and fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Freshly generated templates, one per language (built once for the module)."""
    directory = tmp_path_factory.mktemp("built")
    paths = templates.rebuild_templates(directory)
    return dict(zip(LANGUAGES, paths, strict=True))


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def book(built: dict[str, Path], language: str) -> Iterator[Workbook]:
    wb = openpyxl.load_workbook(built[language])
    yield wb
    wb.close()


def data_sheet(wb: Workbook, language: str) -> Worksheet:
    return wb[SHEET_NAMES[language][0]]


def column_of(field_name: str) -> str:
    return get_column_letter(schema.FIELD_NAMES.index(field_name) + 1)


def validations_by_column(ws: Worksheet) -> dict[str, list[DataValidation]]:
    """Validations keyed by the column letter of each range they cover."""
    found: dict[str, list[DataValidation]] = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            found.setdefault(get_column_letter(cell_range.min_col), []).append(dv)
    return found


def cjk_share(text: str) -> float:
    """Share of CJK characters among the letters of a text."""
    letters = [ch for ch in text if ch.isalpha()]
    cjk = [ch for ch in letters if "\u4e00" <= ch <= "\u9fff"]
    return len(cjk) / len(letters) if letters else 0.0


def assert_in_language(text: str | None, language: str) -> None:
    assert text, "message is empty"
    if language == "zh":
        assert cjk_share(text) > 0.3, text
    else:
        assert cjk_share(text) < 0.2, text


def rewrite_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite one part of a zip package in place."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, edit(data) if info.filename == part else data)


# ---------------------------------------------------------------- committed files


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_template_equals_a_fresh_build(lang: str, built: dict[str, Path]) -> None:
    committed = templates.TEMPLATES_DIR / templates.TEMPLATE_FILES(lang)
    assert committed.is_file(), "run xlcrm.io.templates.build.rebuild_templates() and commit"
    fresh, old = templates.workbook_parts(built[lang]), templates.workbook_parts(committed)
    assert sorted(fresh) == sorted(old)
    changed = [name for name in fresh if fresh[name] != old[name]]
    assert changed == [], f"stale parts {changed}: rebuild the templates"


def test_rebuilding_gives_byte_identical_files(tmp_path: Path, built: dict[str, Path]) -> None:
    again = templates.rebuild_templates(tmp_path)
    for path in again:
        assert path.read_bytes() == (built["zh"].parent / path.name).read_bytes()


def test_workbook_parts_ignores_core_dates_only(tmp_path: Path, built: dict[str, Path]) -> None:
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(built["en"].read_bytes())
    rewrite_part(copy, "docProps/core.xml", lambda xml: xml.replace(b"2026-01-01", b"2031-07-15"))
    assert templates.workbook_parts(copy) == templates.workbook_parts(built["en"])
    rewrite_part(copy, "docProps/core.xml", lambda xml: xml.replace(b">xlcrm<", b">someone<"))
    assert templates.workbook_parts(copy) != templates.workbook_parts(built["en"])


def test_document_properties_are_fixed(book: Workbook) -> None:
    assert book.properties.creator == "xlcrm"
    assert book.properties.created == dt.datetime(2026, 1, 1)
    assert book.properties.modified == dt.datetime(2026, 1, 1)


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="must be zh"):
        templates.build_template("fr", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------- data sheet


def test_sheets_in_order_and_lists_hidden(book: Workbook, language: str) -> None:
    assert tuple(book.sheetnames) == SHEET_NAMES[language]
    assert [ws.sheet_state for ws in book.worksheets] == ["visible"] * 3 + ["hidden"]
    assert book.active is not None and book.active.title == SHEET_NAMES[language][0]


def test_every_header_maps_back_to_its_field(book: Workbook, language: str) -> None:
    ws = data_sheet(book, language)
    headers = [cell.value for cell in ws[1]]
    fields = [templates.header_text(f, language) for f in schema.FIELDS]
    assert headers == [*fields, templates.ACTIVITY_HEADER(language)]
    # The formula column after the fields is the user's own: it maps to no field.
    assert [schema.match_header(h) for h in headers] == [*schema.FIELD_NAMES, None]
    assert schema.guess_language(headers) == language
    assert not any("*" in str(h) for h in headers)


def test_required_headers_stand_out(book: Workbook, language: str) -> None:
    ws = data_sheet(book, language)
    fills = {f.name: ws.cell(1, i).fill.fgColor.rgb for i, f in enumerate(schema.FIELDS, 1)}
    required = {"name", "phone", "email"}
    assert {fills[name] for name in required} == {fills["name"]}
    assert fills["name"] not in {fills[n] for n in schema.FIELD_NAMES if n not in required}
    assert all(ws.cell(1, i).font.b for i in range(1, len(schema.FIELDS) + 1))


def test_header_frozen_and_columns_wide_enough(book: Workbook, language: str) -> None:
    ws = data_sheet(book, language)
    assert ws.freeze_panes == "A2"
    for field in schema.FIELDS:
        assert ws.column_dimensions[column_of(field.name)].width >= field.width


def test_table_covers_header_and_empty_rows(book: Workbook, language: str) -> None:
    ws = data_sheet(book, language)
    assert list(ws.tables) == [templates.TABLE_NAME]
    table = ws.tables[templates.TABLE_NAME]
    last_col = get_column_letter(len(schema.FIELDS) + 1)  # the activity formula column too
    assert table.ref == f"A1:{last_col}{LAST_ROW}"
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    assert [c.name for c in table.tableColumns] == [cell.value for cell in ws[1]]
    assert table.tableStyleInfo is not None and table.tableStyleInfo.name == "TableStyleMedium2"


def test_activity_formula_column(book: Workbook, language: str) -> None:
    ws = data_sheet(book, language)
    column = len(schema.FIELDS) + 1
    formula = "=" + templates.activity_formula(language)
    assert {ws.cell(row, column).value for row in range(2, LAST_ROW + 1)} == {formula}
    assert ws.cell(LAST_ROW + 1, column).value is None
    table = ws.tables[templates.TABLE_NAME]
    calculated = table.tableColumns[-1].calculatedColumnFormula
    assert calculated is not None and calculated.attr_text == formula[1:]
    # The thresholds are the Settings sheet's value cells, by name.
    settings_ws = book[SHEET_NAMES[language][1]]
    for name, key in (
        (templates.ACTIVE_DAYS_NAME, "activity_active_days"),
        (templates.SLEEPING_DAYS_NAME, "activity_sleeping_days"),
    ):
        (destination,) = list(book.defined_names[name].destinations)
        assert destination[0] == settings_ws.title
        row = int(destination[1].split("$")[-1])
        assert settings_ws.cell(row, 4).value == key


@pytest.mark.sheetcheck
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_activity_formula_follows_dates_and_settings_in_libreoffice(
    lang: str, tmp_path: Path, built: dict[str, Path], sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    wb = openpyxl.load_workbook(built[lang])
    ws = data_sheet(wb, lang)
    date_column = schema.FIELD_NAMES.index("last_purchase_at") + 1
    today = dt.date.today()
    for row, days in ((2, 10), (3, 120), (4, 400)):
        ws.cell(row, date_column, today - dt.timedelta(days=days))
    ws.cell(5, date_column, "不详")  # not a date: no activity
    probe = tmp_path / f"activity_{lang}.xlsx"
    wb.save(probe)
    letter = get_column_letter(len(schema.FIELDS) + 1)
    shown = f"{SHEET_NAMES[lang][0]}!{letter}2:{letter}6"
    report = sheetcheck(probe, "--show", shown)
    assert report["_exit_code"] == 0, report.get("error")
    active, regular, sleeping = (label(lang) for label in templates.ACTIVITY_LABELS)
    assert [r[0] for r in report["values"][shown]] == [active, regular, sleeping, "", ""]
    # With 活跃天数 set to 5 in Settings, ten days ago is no longer active.
    wb[SHEET_NAMES[lang][1]][f"B{_setting_row('activity_active_days')}"] = 5
    wb.save(probe)
    report = sheetcheck(probe, "--show", shown)
    assert [r[0] for r in report["values"][shown]][:1] == [regular]


def _setting_row(key: str) -> int:
    keys = [spec.key for spec in settings.SETTING_SPECS]
    return templates.SETTINGS_HEADER_ROW + 1 + keys.index(key)


def expected_format(field: schema.Field) -> str:
    if field.name in ("customer_id", "phone"):
        return "@"
    return {
        FieldType.DATE: "yyyy-mm-dd",
        FieldType.MONEY: "#,##0.00",
        FieldType.INTEGER: "0",
    }.get(field.type, "General")


@pytest.mark.parametrize("field", schema.FIELDS, ids=lambda f: f.name)
def test_column_number_formats(field: schema.Field, built: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(built["zh"])
    ws = data_sheet(wb, "zh")
    column = schema.FIELD_NAMES.index(field.name) + 1
    for row in (2, 250, LAST_ROW):
        assert ws.cell(row, column).number_format == expected_format(field), row
    assert ws.cell(LAST_ROW + 1, column).number_format == "General"  # nothing past the table


# ---------------------------------------------------------------- data validation


def test_validations_sit_on_exactly_the_expected_columns(book: Workbook, language: str) -> None:
    found = validations_by_column(data_sheet(book, language))
    assert sorted(found) == sorted(column_of(name) for name in EXPECTED_RULES)
    assert all(len(rules) == 1 for rules in found.values())


@pytest.mark.parametrize("field_name", EXPECTED_RULES)
def test_each_validation_type_range_and_messages(
    field_name: str, book: Workbook, language: str
) -> None:
    column = column_of(field_name)
    (dv,) = validations_by_column(data_sheet(book, language))[column]
    kind, operator = EXPECTED_RULES[field_name]
    assert (dv.type, dv.operator) == (kind, operator)
    assert str(dv.sqref) == f"{column}2:{column}{LAST_ROW}"
    assert dv.showInputMessage and dv.showErrorMessage and dv.allow_blank
    for text in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error):
        assert_in_language(text, language)
    # Excel refuses to open a file whose validation texts pass these lengths.
    assert len(dv.promptTitle) <= 32 and len(dv.errorTitle) <= 32
    assert len(dv.prompt) <= 255 and len(dv.error) <= 225


def only_validation(book: Workbook, language: str, field_name: str) -> DataValidation:
    (dv,) = validations_by_column(data_sheet(book, language))[column_of(field_name)]
    return dv


def test_list_values_follow_the_language(book: Workbook, language: str) -> None:
    types = schema.CUSTOMER_TYPES if language == "zh" else schema.CUSTOMER_TYPES_EN
    consent = schema.CONSENT_VALUES if language == "zh" else schema.CONSENT_VALUES_EN
    assert only_validation(book, language, "customer_type").formula1 == f'"{",".join(types)}"'
    assert only_validation(book, language, "consent").formula1 == f'"{",".join(consent)}"'


def test_region_list_comes_from_the_hidden_sheet(book: Workbook, language: str) -> None:
    dv = only_validation(book, language, "region")
    assert dv.formula1 == templates.REGIONS_NAME
    (sheet, cells), *rest = book.defined_names[templates.REGIONS_NAME].destinations
    assert rest == [] and sheet == templates.LISTS_SHEET
    assert book[sheet].sheet_state == "hidden"
    values = [row[0].value for row in book[sheet][cells.replace("$", "")]]
    assert tuple(values) == schema.REGIONS


def test_date_and_number_bounds(book: Workbook, language: str) -> None:
    for name in ("created_at", "last_purchase_at", "updated_at"):
        dv = only_validation(book, language, name)
        assert (dv.formula1, dv.formula2) == ("DATE(1900,1,1)", "DATE(2100,12,31)")
    assert only_validation(book, language, "purchase_count").formula1 == "0"
    assert only_validation(book, language, "total_amount").formula1 == "0"
    phone = only_validation(book, language, "phone")
    assert (phone.formula1, phone.formula2) == ("7", "20")


def test_email_formula_refers_to_its_own_column(book: Workbook, language: str) -> None:
    formula = only_validation(book, language, "email").formula1
    assert formula is not None
    references = set(re.findall(r"\b[A-Z]{1,3}[0-9]+\b", formula))
    assert references == {f"{column_of('email')}2"}
    assert '"@"' in formula and '"."' in formula


# ---------------------------------------------------------------- settings sheet


def settings_rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_settings_sheet_parses_to_the_defaults(book: Workbook, language: str) -> None:
    ws = book[SHEET_NAMES[language][1]]
    assert ws.title in settings.SETTINGS_SHEET_NAMES
    parsed = settings.settings_from_rows(settings_rows(ws), tables=RULE_TABLES)
    assert dataclasses.replace(parsed, tables=()) == settings.Settings()
    # Each rule table is there with the rows a new workbook in this language starts with.
    assert [key for key, _ in parsed.tables] == [spec.key for spec in RULE_TABLES]
    for spec in RULE_TABLES:
        blank = tuple(tuple(None if v == "" else v for v in row) for row in spec.rows(language))
        assert parsed.table_rows(spec.key) == blank


def test_settings_sheet_layout(book: Workbook, language: str) -> None:
    ws = book[SHEET_NAMES[language][1]]
    header = [c.value for c in ws[templates.SETTINGS_HEADER_ROW]][:4]
    expected_header = ["设置项", "值", "说明", "键"] if language == "zh" else [
        "Setting", "Value", "Help", "Key"
    ]  # fmt: skip
    assert header == expected_header
    first = templates.SETTINGS_HEADER_ROW + 1
    for row, spec in enumerate(settings.SETTING_SPECS, start=first):
        cells = [ws.cell(row, column) for column in range(1, 5)]
        values = [c.value for c in cells]
        assert values == [spec.label(language), spec.default, spec.help(language), spec.key]
        assert cells[1].protection.locked is False
        assert cells[0].protection.locked and cells[3].protection.locked
        assert cells[1].fill.fgColor.rgb != cells[0].fill.fgColor.rgb


def test_settings_with_choices_have_a_drop_down(book: Workbook, language: str) -> None:
    ws = book[SHEET_NAMES[language][1]]
    by_cell = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    first = templates.SETTINGS_HEADER_ROW + 1
    choice_specs = [s for s in settings.SETTING_SPECS if s.choices]
    assert choice_specs, "the spec table has settings with choices"
    for row, spec in enumerate(settings.SETTING_SPECS, start=first):
        dv = by_cell.get(f"B{row}")
        if spec.choices:
            assert dv is not None and dv.type == "list"
            assert dv.formula1 == f'"{",".join(spec.choices)}"'
            assert_in_language(dv.prompt, language)


def test_a_changed_setting_is_read_back(tmp_path: Path, built: dict[str, Path]) -> None:
    for lang, path in built.items():
        wb = openpyxl.load_workbook(path)
        ws = wb[SHEET_NAMES[lang][1]]
        (row,) = [r for r in ws.iter_rows() if r[3].value == "activity_active_days"]
        row[1].value = 60
        copy = tmp_path / f"changed_{lang}.xlsx"
        wb.save(copy)
        reread = openpyxl.load_workbook(copy)[SHEET_NAMES[lang][1]]
        got = settings.settings_from_rows(settings_rows(reread), tables=RULE_TABLES)
        assert got.activity_active_days == 60
        assert dataclasses.replace(got, tables=()) == dataclasses.replace(
            settings.Settings(), activity_active_days=60
        )


# ---------------------------------------------------------------- instructions and version


def test_instructions_cover_the_essentials(book: Workbook, language: str) -> None:
    ws = book[SHEET_NAMES[language][2]]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for name in ("name", "phone", "email"):
        assert schema.FIELD_BY_NAME[name].label(language) in text
    for fact in (templates.TEMPLATE_VERSION, "yyyy-mm-dd", "+852", SHEET_NAMES[language][1]):
        assert fact in text


def test_version_and_language_are_stored_twice(book: Workbook, language: str) -> None:
    names = book.defined_names
    assert names[templates.VERSION_NAME].attr_text == f'"{templates.TEMPLATE_VERSION}"'
    assert names[templates.LANGUAGE_NAME].attr_text == f'"{language}"'
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props[templates.VERSION_NAME] == templates.TEMPLATE_VERSION


@pytest.mark.parametrize("lang", LANGUAGES)
def test_read_template_version(lang: str, built: dict[str, Path]) -> None:
    committed = templates.TEMPLATES_DIR / templates.TEMPLATE_FILES(lang)
    assert templates.read_template_version(built[lang]) == templates.TEMPLATE_VERSION
    assert templates.read_template_version(committed) == templates.TEMPLATE_VERSION


def test_version_falls_back_to_the_custom_property(tmp_path: Path, built: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(built["en"])
    del wb.defined_names[templates.VERSION_NAME]
    wb.custom_doc_props[templates.VERSION_NAME].value = "0.9"
    wb.save(tmp_path / "old.xlsx")
    assert templates.read_template_version(tmp_path / "old.xlsx") == "0.9"


def test_plain_or_bad_files_have_no_version(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "plain.xlsx")
    assert templates.read_template_version(tmp_path / "plain.xlsx") is None
    with pytest.raises(FileMissingError):
        templates.read_template_version(tmp_path / "missing.xlsx")
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(CorruptWorkbookError):
        templates.read_template_version(tmp_path / "notes.xlsx")


# ---------------------------------------------------------------- copy_templates


def test_copy_templates_writes_both(tmp_path: Path) -> None:
    dest = tmp_path / "new" / "folder"
    written = templates.copy_templates(dest)
    assert sorted(p.name for p in written) == sorted(
        templates.TEMPLATE_FILES(lang) for lang in LANGUAGES
    )
    for path in written:
        assert path.parent == dest
        assert path.read_bytes() == (templates.TEMPLATES_DIR / path.name).read_bytes()


def test_copy_templates_never_overwrites(tmp_path: Path) -> None:
    mine = tmp_path / templates.TEMPLATE_FILES.zh
    mine.write_bytes(b"my customers")
    written = templates.copy_templates(tmp_path)
    assert written == [tmp_path / templates.TEMPLATE_FILES.en]
    assert mine.read_bytes() == b"my customers"
    assert templates.copy_templates(tmp_path) == []


def test_copy_templates_refuses_a_file_as_folder(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError):
        templates.copy_templates(target)


def test_copy_templates_builds_missing_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "TEMPLATES_DIR", tmp_path / "nowhere")
    written = templates.copy_templates(tmp_path / "out")
    assert len(written) == 2
    assert all(templates.read_template_version(p) == templates.TEMPLATE_VERSION for p in written)


# ---------------------------------------------------------------- in LibreOffice


@pytest.mark.sheetcheck
@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_open_cleanly_in_libreoffice(
    lang: str, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    report = sheetcheck(templates.TEMPLATES_DIR / templates.TEMPLATE_FILES(lang))
    assert report["_exit_code"] == 0, report.get("error")
    assert report["summary"]["error_cells"] == 0
    sheets = {sheet["name"]: sheet for sheet in report["sheets"]}
    assert set(sheets) == set(SHEET_NAMES[lang])
    data, setting = sheets[SHEET_NAMES[lang][0]], sheets[SHEET_NAMES[lang][1]]
    kinds = {dv["type"] for dv in data["data_validations"]}
    assert kinds == {"LIST", "TEXT_LEN", "CUSTOM", "DATE", "WHOLE", "DECIMAL"}
    regions = [
        dv for dv in data["data_validations"] if column_of("region") + "2" in dv["ranges"][0]
    ]
    assert regions and regions[0]["formula1"] == templates.REGIONS_NAME
    assert setting["visible"] and setting["data_validation_count"] > 0
    assert not sheets["lists"]["visible"]
    names = {n["name"]: n for n in report["defined_names"]}
    assert not any(n.get("broken") for n in names.values())
    assert {templates.VERSION_NAME, templates.LANGUAGE_NAME, templates.REGIONS_NAME} <= set(names)


EMAIL_CASES = {
    "name@example.com": True,
    "a.b@sub.example.cn": True,
    "no-at.example.com": False,
    "a@@example.com": False,
    "@example.com": False,
    "name@example": False,
    "name@.com": False,
    "na me@example.com": False,
    "name@example.com.": False,
}


@pytest.mark.sheetcheck
def test_email_rule_accepts_and_rejects_in_libreoffice(
    tmp_path: Path, built: dict[str, Path], sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    wb = openpyxl.load_workbook(built["en"])
    formula = only_validation(wb, "en", "email").formula1
    assert formula is not None
    probe = wb.create_sheet("probe")
    for row, text in enumerate(EMAIL_CASES, start=1):
        probe.cell(row, 1, text)
        probe.cell(row, 2, "=" + formula.replace(f"{column_of('email')}2", f"A{row}"))
    wb.save(tmp_path / "probe.xlsx")
    report = sheetcheck(tmp_path / "probe.xlsx", "--show", f"probe!B1:B{len(EMAIL_CASES)}")
    assert report["_exit_code"] == 0, report.get("error")
    values = [bool(row[0]) for row in report["values"][f"probe!B1:B{len(EMAIL_CASES)}"]]
    assert dict(zip(EMAIL_CASES, values, strict=True)) == EMAIL_CASES
