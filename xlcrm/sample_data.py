"""Realistic, messy customer lists for tests, benchmarks and ``xlcrm demo``.

:func:`generate_customers` makes clean customers, then types them the way office staff
do: defects injected at a few per cent each, extra copies of some customers typed
differently (duplicates), and different customers who look alike (hard negatives). The
ground truth comes along: which records are the same customer, which defects were
injected where, and which pairs only look alike. :func:`write_messy_workbook` and
:func:`write_messy_csv` save the table the way real exports look.

Faker is called only to fill small pools (surnames, given names, brand words, user names,
streets); customers are cheap random combinations of them (about 15 times faster than a Faker call
per field), so a million rows take about a minute.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import itertools
import math
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from faker import Faker
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xlcrm._sample_messes import (
    DEFECT_CODES,
    REGION_FULL_NAMES,
    TRADITIONAL,
    VARIATION_CODES,
    Mess,
    inject_defects,
    vary_duplicate,
)
from xlcrm.schema import (
    CONSENT_VALUES,
    CONSENT_VALUES_EN,
    CUSTOMER_TYPES,
    CUSTOMER_TYPES_EN,
    FIELD_BY_NAME,
    FIELD_NAMES,
    REGIONS,
)

__all__ = [
    "DEFECT_CODES",
    "REGION_EN",
    "VARIATION_CODES",
    "SampleData",
    "generate_customers",
    "table_header",
    "write_messy_csv",
    "write_messy_workbook",
]

# Header cells that use a synonym instead of the field's label, so header matching is
# exercised; and one column no field claims, which must be carried through untouched.
HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "zh": {"phone": "手机号码", "email": "电子邮箱", "total_amount": "累计消费金额（元）",
           "owner": "业务员", "created_at": "录入日期"},
    "en": {"phone": "Mobile", "email": "E-mail", "total_amount": "Total Spend (USD)",
           "owner": "Sales Rep", "created_at": "Date Created"},
}  # fmt: skip
EXTRA_COLUMN = {"zh": "微信号", "en": "WeChat"}
_SHEET_NAMES = {"zh": "客户名单", "en": "Customers"}
T = TypeVar("T")
_NOT_DIGITS = re.compile(r"\D")


@dataclass
class SampleData:
    """A generated customer list and the truth about it, one entry per record."""

    records: list[dict[str, object]]  # schema field name -> value as typed in Excel
    entity: list[int]  # the real customer behind each record: equal means duplicate
    defects: list[list[str]]  # codes from DEFECT_CODES injected into each record
    lookalike_pairs: list[tuple[int, int]]  # (original, look-alike) record indexes
    variations: list[list[str]] = field(default_factory=list)  # VARIATION_CODES per record
    duplicate_of: list[int | None] = field(default_factory=list)  # record a copy was typed from
    wechat: list[str | None] = field(default_factory=list)  # the extra, unknown column
    language: str = "zh"
    asof: dt.date = field(default_factory=dt.date.today)

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class _Draft:
    """Rows while they are built, before shuffling fixes their final positions."""

    records: list[dict[str, object]] = field(default_factory=list)
    entity: list[int] = field(default_factory=list)
    defects: list[list[str]] = field(default_factory=list)
    variations: list[list[str]] = field(default_factory=list)
    duplicate_of: list[int | None] = field(default_factory=list)
    touched: list[set[str]] = field(default_factory=list)
    wechat: list[str | None] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)

    def add(self, record: dict[str, object], entity: int, wechat: str | None) -> int:
        self.records.append(record)
        self.entity.append(entity)
        self.defects.append([])
        self.variations.append([])
        self.duplicate_of.append(None)
        self.touched.append(set())
        self.wechat.append(wechat)
        return len(self.records) - 1


def generate_customers(
    rows: int = 500,
    *,
    seed: int = 7,
    language: str = "zh",
    messy: bool = True,
    duplicate_rate: float = 0.08,
    lookalike_rate: float = 0.03,
    asof: dt.date | None = None,
) -> SampleData:
    """A customer list of ``rows`` records with its ground truth; the same seed gives the same list.

    ``duplicate_rate`` of the records are extra copies of another customer typed
    differently; ``lookalike_rate`` are different customers sharing a name, company or
    address with another. Without ``messy`` no defects are injected (duplicates still
    differ, but only in ways that are valid values). ``asof`` (default today) is the day
    the list is exported: every history ends there, except injected future dates.
    """
    _check_arguments(rows, language, duplicate_rate, lookalike_rate)
    asof = asof or dt.date.today()
    rng = random.Random(seed)
    maker = CustomerMaker(rng, seed=seed, language=language, asof=asof)
    mess = Mess(rng, language, asof, _valid_regions(language), maker.owners, maker.similar_phone)
    n_duplicates, n_lookalikes = round(rows * duplicate_rate), round(rows * lookalike_rate)
    n_base = rows - n_duplicates - n_lookalikes
    draft = _Draft()
    for entity in range(n_base):
        record = maker.customer(entity)
        draft.add(record, entity, maker.wechat(record))
    for entity in range(n_base, n_base + n_lookalikes):
        original = rng.randrange(n_base)
        record = maker.lookalike(original, entity)
        draft.pairs.append((original, draft.add(record, entity, maker.wechat(record))))
    for _ in range(n_duplicates):
        _add_duplicate(draft, rng.randrange(n_base), maker, mess, messy=messy)
    if messy:
        for record, codes, touched in zip(draft.records, draft.defects, draft.touched, strict=True):
            codes.extend(inject_defects(record, mess, touched))
    return _finish(draft, rng, language, asof)


def _check_arguments(
    rows: int, language: str, duplicate_rate: float, lookalike_rate: float
) -> None:
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}.")
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}.")
    rates_ok = 0 <= duplicate_rate < 1 and 0 <= lookalike_rate < 1
    if not rates_ok or duplicate_rate + lookalike_rate >= 1:
        raise ValueError("duplicate_rate and lookalike_rate must be between 0 and 1, sum below 1.")
    if rows and rows - round(rows * duplicate_rate) - round(rows * lookalike_rate) < 1:
        raise ValueError(f"{rows} rows leave no original customer at these rates.")


def _valid_regions(language: str) -> tuple[str, ...]:
    return tuple(REGION_EN.values()) if language == "en" else REGIONS


def _add_duplicate(
    draft: _Draft, original: int, maker: CustomerMaker, mess: Mess, *, messy: bool
) -> None:
    record = maker.retyped(draft.records[original])
    wechat = draft.wechat[original] if mess.rng.random() < 0.7 else None
    index = draft.add(record, draft.entity[original], wechat)
    applied, defects, touched = vary_duplicate(record, mess, messy=messy)
    draft.variations[index] = applied
    draft.defects[index] = defects
    draft.touched[index] = touched
    draft.duplicate_of[index] = original


def _finish(draft: _Draft, rng: random.Random, language: str, asof: dt.date) -> SampleData:
    """Shuffle rows so copies are not neighbours, then number the customers in row order."""
    order = list(range(len(draft.records)))
    rng.shuffle(order)
    _separate_neighbours(order, draft.entity, rng)
    position = [0] * len(order)
    for new, old in enumerate(order):
        position[old] = new
    records = [draft.records[old] for old in order]
    duplicate_of = [draft.duplicate_of[old] for old in order]
    variations = [draft.variations[old] for old in order]
    for index, record in enumerate(records):
        record["customer_id"] = f"C{index + 1:06d}"
    for index, source in enumerate(duplicate_of):
        if source is not None and "dup_same_id" in variations[index]:
            records[index]["customer_id"] = records[position[source]]["customer_id"]
    return SampleData(
        records=records,
        entity=[draft.entity[old] for old in order],
        defects=[draft.defects[old] for old in order],
        lookalike_pairs=[(position[a], position[b]) for a, b in draft.pairs],
        variations=variations,
        duplicate_of=[None if s is None else position[s] for s in duplicate_of],
        wechat=[draft.wechat[old] for old in order],
        language=language,
        asof=asof,
    )


def _separate_neighbours(order: list[int], entity: list[int], rng: random.Random) -> None:
    """Swap away the few records a shuffle leaves next to a copy of themselves."""
    for _ in range(5):
        clashes = [i for i in range(1, len(order)) if entity[order[i]] == entity[order[i - 1]]]
        if not clashes:
            return
        for i in clashes:
            j = rng.randrange(len(order))
            order[i], order[j] = order[j], order[i]


def _columns(language: str) -> list[tuple[str | None, str]]:
    """(field or None for the extra column, header text) in sheet order."""
    synonyms = HEADER_SYNONYMS[language]
    columns: list[tuple[str | None, str]] = [
        (name, synonyms.get(name, FIELD_BY_NAME[name].label(language))) for name in FIELD_NAMES
    ]
    columns.insert(FIELD_NAMES.index("email") + 1, (None, EXTRA_COLUMN[language]))
    return columns


def table_header(language: str = "zh") -> list[str]:
    """The header row the writers use: schema labels, a few synonyms, one extra column."""
    return [header for _, header in _columns(language)]


def _table_rows(data: SampleData, language: str) -> Iterator[list[object]]:
    fields = [name for name, _ in _columns(language)]
    wechat = data.wechat or [None] * len(data.records)
    for record, extra in zip(data.records, wechat, strict=True):
        yield [record.get(name) if name else extra for name in fields]


def write_messy_workbook(
    data: SampleData,
    path: Path,
    *,
    language: str | None = None,
    title_rows: bool = True,
    sheet_name: str | None = None,
) -> Path:
    """Save ``data`` as an .xlsx export: title rows, then header, then one row per record.

    With ``title_rows`` a merged title, an export note and a blank row come first, so
    the header is on row 4. Text stays text (leading zeros survive), dates are date cells
    shown as yyyy-mm-dd, numbers are numbers. ``language`` defaults to the data's own.
    The sheet is streamed (openpyxl write-only), so a million rows fit in memory.
    """
    language = language or data.language
    columns = _columns(language)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name or _SHEET_NAMES[language])
    for index, (name, _) in enumerate(columns, 1):
        width = FIELD_BY_NAME[name].width if name else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = 4 if title_rows else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    if title_rows:
        _append_title(sheet, data, language, len(columns))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append([_styled(sheet, header, bold, fill) for _, header in columns])
    last = f"{get_column_letter(len(columns))}{header_row + len(data.records)}"
    sheet.auto_filter.ref = f"A{header_row}:{last}"
    for row in _table_rows(data, language):
        sheet.append([_cell(sheet, value) for value in row])
    path = Path(path)
    workbook.save(path)
    return path


def _append_title(sheet: WriteOnlyWorksheet, data: SampleData, language: str, width: int) -> None:
    """Title, export note and a blank row, as CRM exports put above the header."""
    year, day, count = data.asof.year, data.asof.isoformat(), len(data.records)
    if language == "en":
        title = f"Customer list {year}"
        note = f"Exported {day} from the CRM · {count} records · internal use only"
    else:
        title = f"{year}年客户台账"
        note = f"导出时间：{day}　共 {count} 条记录　数据来源：CRM 系统导出，请勿外传"
    sheet.append([_styled(sheet, title, Font(bold=True, size=14))])
    sheet.append([note])
    sheet.append([])
    # write-only sheets write merged ranges after the rows, so merging up front works
    sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")


def _styled(
    sheet: WriteOnlyWorksheet, value: object, font: Font, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    cell.alignment = Alignment(vertical="center")
    if fill is not None:
        cell.fill = fill
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    # openpyxl formats a plain date as yyyy-mm-dd itself; a datetime would show its time
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def write_messy_csv(
    data: SampleData,
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    language: str | None = None,
) -> Path:
    """Save ``data`` as CSV with the header on row 1 (utf-8-sig, or gb18030 as Chinese Excel)."""
    language = language or data.language
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table_header(language))
        for row in _table_rows(data, language):
            writer.writerow([_csv_text(value) for value in row])
    return path


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- clean customers -------------------------------------------------------------------

REGION_EN: dict[str, str] = dict(zip(REGIONS, (
    "Beijing", "Tianjin", "Shanghai", "Chongqing", "Hebei", "Shanxi", "Liaoning", "Jilin",
    "Heilongjiang", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan",
    "Hubei", "Hunan", "Guangdong", "Hainan", "Sichuan", "Guizhou", "Yunnan", "Shaanxi", "Gansu",
    "Qinghai", "Inner Mongolia", "Guangxi", "Tibet", "Ningxia", "Xinjiang", "Hong Kong", "Macau",
    "Taiwan", "Overseas",
), strict=True))  # fmt: skip

# region -> (weight, ((city, area code, districts), ...)): mainland customers, weighted
# roughly by economic size; the area code keeps a landline consistent with the address.
_MAINLAND: dict[str, tuple[float, tuple[tuple[str, str, str], ...]]] = {
    "广东": (14, (("广州", "020", "天河区 越秀区 海珠区 番禺区"), ("深圳", "0755", "南山区 福田区 宝安区 龙岗区"),
                  ("东莞", "0769", "南城区 东城区"), ("佛山", "0757", "禅城区 顺德区"))),
    "北京": (9, (("北京", "010", "朝阳区 海淀区 东城区 西城区 丰台区 通州区"),)),
    "上海": (9, (("上海", "021", "浦东新区 徐汇区 静安区 黄浦区 闵行区 长宁区"),)),
    "浙江": (8, (("杭州", "0571", "西湖区 滨江区 余杭区 拱墅区"), ("宁波", "0574", "鄞州区 海曙区"),
                 ("温州", "0577", "鹿城区 瓯海区"))),
    "江苏": (8, (("南京", "025", "鼓楼区 玄武区 江宁区"), ("苏州", "0512", "姑苏区 吴中区 相城区"),
                 ("无锡", "0510", "梁溪区 滨湖区"))),
    "山东": (5, (("济南", "0531", "历下区 市中区"), ("青岛", "0532", "市南区 崂山区"))),
    "四川": (4, (("成都", "028", "武侯区 锦江区 青羊区"),)),
    "湖北": (4, (("武汉", "027", "洪山区 江汉区 武昌区"),)),
    "福建": (4, (("厦门", "0592", "思明区 湖里区"), ("福州", "0591", "鼓楼区 台江区"))),
    "河南": (3, (("郑州", "0371", "金水区 二七区"),)),
    "湖南": (3, (("长沙", "0731", "岳麓区 芙蓉区"),)),
    "天津": (2.5, (("天津", "022", "和平区 南开区 滨海新区"),)),
    "重庆": (2.5, (("重庆", "023", "渝中区 江北区 渝北区"),)),
    "陕西": (2, (("西安", "029", "雁塔区 碑林区"),)),
    "辽宁": (2, (("沈阳", "024", "和平区 沈河区"), ("大连", "0411", "中山区 沙河口区"))),
    "安徽": (2, (("合肥", "0551", "蜀山区 包河区"),)),
    "河北": (1.5, (("石家庄", "0311", "长安区 桥西区"),)),
    "江西": (1.2, (("南昌", "0791", "东湖区 红谷滩区"),)),
    "广西": (1, (("南宁", "0771", "青秀区 兴宁区"),)),
    "云南": (1, (("昆明", "0871", "五华区 盘龙区"),)),
    "山西": (0.8, (("太原", "0351", "小店区 迎泽区"),)),
    "黑龙江": (0.8, (("哈尔滨", "0451", "南岗区 道里区"),)),
    "吉林": (0.6, (("长春", "0431", "朝阳区 南关区"),)),
    "贵州": (0.6, (("贵阳", "0851", "南明区 云岩区"),)),
    "海南": (0.5, (("海口", "0898", "龙华区 美兰区"),)),
    "内蒙古": (0.5, (("呼和浩特", "0471", "新城区 赛罕区"),)),
    "新疆": (0.4, (("乌鲁木齐", "0991", "天山区 沙依巴克区"),)),
    "甘肃": (0.4, (("兰州", "0931", "城关区 七里河区"),)),
    "宁夏": (0.2, (("银川", "0951", "兴庆区 金凤区"),)),
    "青海": (0.2, (("西宁", "0971", "城中区 城西区"),)),
    "西藏": (0.1, (("拉萨", "0891", "城关区"),)),
}  # fmt: skip
_DISTRICTS = {d: tuple(d.split()) for _, cities in _MAINLAND.values() for _, _, d in cities}
_OFFSHORE_WEIGHTS = {"香港": 2.0, "澳门": 0.3, "台湾": 1.5, "海外": 2.0}
# an English list: customers abroad, in Hong Kong and in the big mainland cities
_EN_PLACES: dict[str, tuple[float, tuple[tuple[str, str, str], ...]]] = {
    "Overseas": (45, ()), "Hong Kong": (15, ()), "Taiwan": (2, ()),
    "Shanghai": (10, (("Shanghai", "021", "Pudong|Jing'an|Xuhui|Huangpu"),)),
    "Beijing": (8, (("Beijing", "010", "Chaoyang|Haidian|Dongcheng"),)),
    "Guangdong": (10, (("Shenzhen", "0755", "Nanshan|Futian|Luohu"),
                       ("Guangzhou", "020", "Tianhe|Yuexiu|Haizhu"))),
    "Zhejiang": (4, (("Hangzhou", "0571", "Xihu|Binjiang"),)),
    "Jiangsu": (3, (("Suzhou", "0512", "Gusu|Wuzhong"),)),
}  # fmt: skip
_ROADS = ("人民路", "中山路", "解放路", "建设路", "长江路", "和平路", "新华路", "人民大道", "科技路",
          "文化路", "青年路", "光明街", "幸福路", "东风路", "工业大道", "滨江大道", "学府路",
          "高新大道", "世纪大道", "朝阳路", "振兴路", "育才路", "府前街", "创业路")  # fmt: skip
_ROADS_EN = ("Century Avenue", "Nanjing West Road", "Huaihai Middle Road", "Jianguo Road",
             "Renmin Road", "Keyuan Road", "Tianhe Road", "Wensan Road", "Zhongshan Road")  # fmt: skip
_HK_STREETS = ("九龍尖沙咀彌敦道", "香港中環德輔道中", "九龍旺角亞皆老街", "新界沙田正街",
               "香港銅鑼灣軒尼詩道", "九龍觀塘巧明街")  # fmt: skip
_HK_STREETS_EN = (
    "Nathan Road, Tsim Sha Tsui",
    "Queen's Road Central, Central",
    "Hennessy Road, Wan Chai",
    "Argyle Street, Mong Kok",
    "Hoi Bun Road, Kwun Tong",
)
_MO_STREETS = ("新馬路", "南灣大馬路", "友誼大馬路", "高士德大馬路")
_TW_STREETS = ("臺北市大安區忠孝東路", "臺北市信義區松仁路", "新北市板橋區文化路",
               "臺中市西屯區臺灣大道", "高雄市前鎮區中山二路")  # fmt: skip
_BRANDS = ("华创", "恒信", "嘉禾", "鼎盛", "瑞丰", "锦程", "天润", "宏远", "博雅", "智联", "中泰", "正邦",
           "金桥", "东方", "远景", "星辰", "蓝海", "启明", "卓越", "汇通", "新锐", "永安", "百川", "千禧")  # fmt: skip
_INDUSTRIES = ("科技", "信息技术", "网络科技", "电子", "贸易", "商贸", "文化传媒", "餐饮管理", "物流",
               "建筑工程", "医疗器械", "生物科技", "食品", "服饰", "教育咨询", "广告", "实业",
               "机械设备", "新材料", "环保科技")  # fmt: skip
_INDUSTRIES_EN = ("Trading", "Technologies", "Logistics", "Consulting", "Foods", "Electronics",
                  "Design", "Industries", "Holdings", "Solutions", "Supplies", "Media")  # fmt: skip
_MOBILE_PREFIXES = tuple(
    str(p)
    for p in (
        *range(130, 140),
        *range(150, 160),
        166,
        173,
        175,
        176,
        177,
        178,
        *range(180, 190),
        198,
        199,
    )
    if p != 154
)
_FREE_MAIL = {
    "zh": {"qq.com": 30, "163.com": 25, "126.com": 10, "gmail.com": 6, "foxmail.com": 6,
           "sina.com": 5, "outlook.com": 5, "hotmail.com": 4, "139.com": 3, "yeah.net": 2},
    "en": {"gmail.com": 40, "outlook.com": 15, "yahoo.com": 12, "hotmail.com": 10,
           "icloud.com": 8, "qq.com": 3},
}  # fmt: skip
# Language-dependent pools: (values, weights)
_POOLS: dict[str, dict[str, tuple[tuple[str, ...], tuple[float, ...]]]] = {
    "zh": {
        "owner": (("张三", "李四", "王芳", "刘洋", "陈静", "赵磊", "孙丽"), (25, 20, 18, 14, 10, 8, 5)),
        "source": (("官网", "展会", "转介绍", "电话营销", "微信", "抖音", "线下门店", "百度推广",
                    "阿里巴巴"), (15, 10, 18, 8, 20, 8, 10, 6, 5)),
        "tag": (("VIP", "老客户", "新客户", "批发", "零售", "线上", "展会", "重点", "高潜",
                 "价格敏感", "长期合作", "渠道商"), (1,) * 12),
        "note": (("需要开发票", "周末勿扰", "对价格敏感", "已加微信", "年底有采购计划",
                  "只接受邮件联系", "发货前电话确认", "已寄样品", "老板朋友介绍", "要求月结"), (1,) * 10),
    },
    "en": {
        "owner": (("Alice Chen", "Bob Smith", "Carol Wong", "David Lee", "Emma Brown",
                   "Frank Liu"), (25, 20, 18, 15, 12, 10)),
        "source": (("Website", "Trade show", "Referral", "Cold call", "LinkedIn", "Google Ads",
                    "Walk-in", "Email campaign"), (20, 10, 18, 6, 12, 10, 8, 8)),
        "tag": (("VIP", "Wholesale", "Retail", "Online", "Key account", "New", "Loyal",
                 "Price sensitive", "Distributor"), (1,) * 9),
        "note": (("Invoice required", "Prefers email", "Price sensitive", "Call before delivery",
                  "Samples sent", "Net 30 terms", "Met at trade show"), (1,) * 7),
    },
}  # fmt: skip
_HISTORY_DAYS = 4 * 365
_SIMILAR_CHARS = dict(zip("伟丽静军芳娟勇杰磊洋艳华明涛斌敏霞波峰刚辉鹏红玲平飞强超英俊建文兰梅宇",
                          "玮莉婧君方鹃涌洁垒阳燕桦铭滔彬民侠博锋钢晖朋虹琳萍菲蔷潮瑛骏健雯岚玫雨",
                          strict=True))  # fmt: skip


class _Weighted(Generic[T]):
    """Values drawn by weight, the cumulative weights summed once rather than per draw."""

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        # what rng.choices does, minus its per-call checks: this runs millions of times
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


_KINDS = _Weighted((0, 1, 2), (45, 35, 20))  # individual, company, prospect
_TAG_COUNTS = _Weighted((0, 1, 2, 3), (40, 35, 18, 7))
_LOOKALIKE_KINDS = _Weighted(
    ("same_name", "similar_name", "same_company", "family"), (35, 20, 25, 20)
)
_COMPANY_FORMS = _Weighted(
    ("{city}{core}有限公司", "{city}市{core}有限公司", "{core}({city})有限公司",
     "{core}（{city}）有限公司", "{core}股份有限公司", "{core}有限责任公司", "{core}有限公司"),
    (30, 15, 8, 8, 15, 9, 15),
)  # fmt: skip


class _Place(NamedTuple):
    region: str
    city: str  # short form for company names: 深圳, 北京
    address: str
    area: str  # landline area code, "" where landlines are not generated
    phone_kind: str  # cn | hk | mo | tw | us | uk


class _Company(NamedTuple):
    name: str
    domain: str
    place: _Place


@dataclass(frozen=True)
class _Pools:
    """Small lists filled by Faker once (per seed); customers combine them at random."""

    surnames: tuple[str, ...]
    givens: tuple[str, ...]
    tw_surnames: tuple[str, ...]
    tw_givens: tuple[str, ...]
    en_first: tuple[str, ...]
    en_last: tuple[str, ...]
    brands: tuple[str, ...]
    users: tuple[str, ...]
    domain_words: tuple[str, ...]
    us_streets: tuple[str, ...]
    us_towns: tuple[str, ...]  # "City, ST 12345"
    uk_streets: tuple[str, ...]
    uk_towns: tuple[str, ...]  # "Town AB1 2CD"


def _is_brand(prefix: str) -> bool:
    """Faker's company prefixes that read as a brand: no city, industry or '公司' in them."""
    words = ("电子", "计算机", "信息", "软件", "科技", "公司", "数字", "电脑", "国际", "济南", "黄石",
             "襄樊", "浙大", "开发区")  # fmt: skip
    return all("\u4e00" <= ch <= "\u9fff" for ch in prefix) and not any(w in prefix for w in words)


@functools.lru_cache(maxsize=4)
def _faker_pools(seed: int) -> _Pools:
    cn, tw, us, gb = (Faker(locale) for locale in ("zh_CN", "zh_TW", "en_US", "en_GB"))
    for offset, fake in enumerate((cn, tw, us, gb)):
        fake.seed_instance(seed + offset)

    def draw(make: Callable[[], str], times: int) -> tuple[str, ...]:
        return tuple(make() for _ in range(times))

    singles = [g for g in draw(cn.first_name, 400) if len(g) == 1]
    pairs = tuple(a + b for a, b in zip(singles[::2], singles[1::2], strict=False))
    prefixes = dict.fromkeys(draw(cn.company_prefix, 300))  # dict: unique, in a fixed order
    return _Pools(
        surnames=draw(cn.last_name, 400),  # Faker weights common surnames
        givens=draw(cn.first_name, 400) + pairs,
        tw_surnames=draw(tw.last_name, 200),
        tw_givens=draw(tw.first_name, 300),
        en_first=draw(us.first_name, 250) + draw(gb.first_name, 250),
        en_last=draw(us.last_name, 250) + draw(gb.last_name, 250),
        brands=(*filter(_is_brand, prefixes), *_BRANDS),
        users=draw(cn.user_name, 600),
        domain_words=draw(cn.domain_word, 200) + draw(us.domain_word, 200),
        us_streets=draw(us.street_name, 300),
        us_towns=draw(lambda: f"{us.city()}, {us.state_abbr()} {us.zipcode()}", 200),
        uk_streets=draw(gb.street_name, 200),
        uk_towns=draw(lambda: f"{gb.city()} {gb.postcode()}", 200),
    )


class CustomerMaker:
    """Makes clean customers: plausible together (address, landline and region agree)."""

    def __init__(self, rng: random.Random, *, seed: int, language: str, asof: dt.date) -> None:
        self.rng = rng
        self.language = language
        self.pools = _faker_pools(seed)
        self.owners = _POOLS[language]["owner"][0]
        self.days = [asof - dt.timedelta(days=d) for d in range(_HISTORY_DAYS + 1)]
        self._asof = asof
        self._phones: set[str] = set()  # last 11 digits of every number handed out
        self._emails: set[str] = set()
        self._companies: list[_Company] = []
        self._company_by_name: dict[str, _Company] = {}
        self._who: dict[int, tuple[str, _Place, _Company | None, int]] = {}  # entity -> facts
        places = _EN_PLACES if language == "en" else _MAINLAND
        weights = {region: weight for region, (weight, _) in places.items()}
        if language == "zh":
            weights.update(_OFFSHORE_WEIGHTS)
        self._regions = _Weighted(list(weights), list(weights.values()))
        self._pools = {k: _Weighted(*v) for k, v in _POOLS[language].items()}
        mail = _FREE_MAIL[language]
        self._pools["mail"] = _Weighted(list(mail), list(mail.values()))

    def _pick(self, pool: str) -> str:
        return self._pools[pool].pick(self.rng)

    # places ------------------------------------------------------------------------

    def place(self, region: str | None = None) -> _Place:
        """Somewhere a customer lives or works, in ``region`` when given."""
        region = region or self._regions.pick(self.rng)
        if region in ("海外", "Overseas"):
            return self._overseas(region)
        if self.language == "en":
            return self._place_en(region)
        offshore = {"香港": self._hong_kong, "澳门": self._macau, "台湾": self._taiwan}
        return offshore.get(region, self._mainland)(region)

    def _mainland(self, region: str) -> _Place:
        rng = self.rng
        city, area, districts = rng.choice(_MAINLAND[region][1])
        road = f"{rng.choice(_DISTRICTS[districts])}{rng.choice(_ROADS)}{rng.randrange(1, 1000)}号"
        unit = rng.random()
        if unit < 0.3:
            road += f"{rng.randrange(1, 31)}栋{rng.randrange(1, 7)}单元{rng.randrange(1, 31)}0{rng.randrange(1, 5)}室"
        elif unit < 0.55:
            road += f"{rng.choice('ABCD')}座{rng.randrange(2, 41)}{rng.randrange(1, 21):02d}室"
        elif unit < 0.75:
            road += f"{rng.randrange(2, 31)}楼"
        province = REGION_FULL_NAMES.get(region, region + "省")
        prefix = province if city != region and rng.random() < 0.4 else ""
        return _Place(region, city, f"{prefix}{city}市{road}", area, "cn")

    def _hong_kong(self, region: str) -> _Place:
        rng = self.rng
        flat = f"{rng.randint(1, 40)}樓{rng.choice('ABCDEFGH')}室"
        address = f"香港{rng.choice(_HK_STREETS)}{rng.randint(1, 300)}號{flat}"
        return _Place(region, "香港", address, "", "hk")

    def _macau(self, region: str) -> _Place:
        address = f"澳門{self.rng.choice(_MO_STREETS)}{self.rng.randint(1, 200)}號"
        return _Place(region, "澳門", address, "", "mo")

    def _taiwan(self, region: str) -> _Place:
        rng = self.rng
        address = f"{rng.choice(_TW_STREETS)}{rng.randint(1, 300)}號{rng.randint(2, 20)}樓"
        return _Place(region, "臺北", address, "", "tw")

    def _overseas(self, region: str) -> _Place:
        rng, pools = self.rng, self.pools
        if rng.random() < 0.65:
            street, town, kind = rng.choice(pools.us_streets), rng.choice(pools.us_towns), "us"
        else:
            street, town, kind = rng.choice(pools.uk_streets), rng.choice(pools.uk_towns), "uk"
        return _Place(region, "", f"{rng.randint(1, 9999)} {street}, {town}", "", kind)

    def _place_en(self, region: str) -> _Place:
        rng = self.rng
        if region == "Hong Kong":
            flat = f"Flat {rng.choice('ABCDEFGH')}, {rng.randint(1, 40)}/F"
            address = f"{flat}, {rng.randint(1, 300)} {rng.choice(_HK_STREETS_EN)}, Hong Kong"
            return _Place(region, "Hong Kong", address, "", "hk")
        if region == "Taiwan":
            address = f"No. {rng.randint(1, 300)}, Zhongxiao East Road, Da'an District, Taipei"
            return _Place(region, "Taipei", address, "", "tw")
        city, area, districts = rng.choice(_EN_PLACES[region][1])
        room = f"Room {rng.randint(2, 40)}{rng.randint(1, 20):02d}, "
        road = f"{rng.randint(1, 999)} {rng.choice(_ROADS_EN)}"
        address = f"{room}{road}, {rng.choice(districts.split('|'))}, {city}"
        return _Place(region, city, address, area, "cn")

    # people and companies ----------------------------------------------------------

    def name(self, place: _Place) -> str:
        rng, pools = self.rng, self.pools
        if self.language == "en" or (place.phone_kind in ("us", "uk") and rng.random() < 0.5):
            return f"{rng.choice(pools.en_first)} {rng.choice(pools.en_last)}"
        if place.phone_kind in ("hk", "mo", "tw"):
            return rng.choice(pools.tw_surnames) + rng.choice(pools.tw_givens)
        return rng.choice(pools.surnames) + rng.choice(pools.givens)

    def company(self, place: _Place) -> _Company:
        """A company at ``place``; a name already made means the same company again."""
        name = self._company_name(place)
        if name not in self._company_by_name:
            company = _Company(name, self._domain(name), place)
            self._company_by_name[name] = company
            self._companies.append(company)
        return self._company_by_name[name]

    def _company_name(self, place: _Place) -> str:
        rng = self.rng
        if self.language == "en" or place.phone_kind in ("us", "uk"):
            return self._company_name_en(place)
        core = rng.choice(self.pools.brands) + rng.choice(_INDUSTRIES)
        if place.phone_kind != "cn":
            return (core + rng.choice(("有限公司", "股份有限公司"))).translate(TRADITIONAL)
        return _COMPANY_FORMS.pick(rng).format(city=place.city, core=core)

    def _company_name_en(self, place: _Place) -> str:
        rng, last = self.rng, self.pools.en_last
        suffix = {"uk": (" Ltd", " Limited", " plc"), "hk": (" Limited", " Company Limited")}.get(
            place.phone_kind, (" Inc.", " LLC", " Corp.", " Co.", " Ltd")
        )
        if rng.random() < 0.3:
            core = f"{rng.choice(last)} & {rng.choice(last)}"
        else:
            core = f"{rng.choice(last)} {rng.choice(_INDUSTRIES_EN)}"
        return core + rng.choice(suffix)

    def _domain(self, company: str) -> str:
        rng = self.rng
        if company.isascii():
            word = "".join(ch for ch in company.split()[0].lower() if ch.isalnum())
            return word + rng.choice(("", "group", "co")) + rng.choice((".com", ".net", ".co.uk"))
        return rng.choice(self.pools.domain_words) + rng.choice((".com", ".cn", ".com.cn", ".net"))

    # contact details ---------------------------------------------------------------

    def phone(self, place: _Place, *, landline: bool = False) -> str:
        """A number nobody else in the list has, in the style of the place."""
        kind = "landline" if landline and place.area else place.phone_kind
        while True:
            number = self._number(kind, place.area)
            key = (number if number.isdigit() else _NOT_DIGITS.sub("", number))[-11:]
            if key not in self._phones:
                self._phones.add(key)
                return number

    def _number(self, kind: str, area: str) -> str:
        r = self.rng.randrange
        if kind == "landline":
            return f"{area}-{r(2 * 10**7, 10**8)}"
        formats = {
            "hk": lambda: f"+852 {self.rng.choice('569')}{r(1000):03d} {r(10000):04d}",
            "mo": lambda: f"+853 6{r(1000):03d} {r(10000):04d}",
            "tw": lambda: f"+886 9{r(100):02d} {r(1000):03d} {r(1000):03d}",
            "us": lambda: f"+1 {r(201, 990)}-{r(200, 1000)}-{r(10000):04d}",
            "uk": lambda: f"+44 7{r(100, 1000)} {r(10**6):06d}",
        }
        if kind in formats:
            return formats[kind]()
        return self.rng.choice(_MOBILE_PREFIXES) + f"{r(10**8):08d}"

    def similar_phone(self, old: object) -> str:
        """A new number of the same kind as ``old`` (a changed or second phone)."""
        text = old if isinstance(old, str) else ""
        prefixes = {"+852": "hk", "+853": "mo", "+886": "tw", "+1 ": "us", "+44": "uk"}
        kind = next((k for p, k in prefixes.items() if text.startswith(p)), "cn")
        area = text.split("-")[0] if text.startswith("0") and "-" in text else ""
        return self.phone(_Place("", "", "", area, kind), landline=bool(area))

    def email(self, name: str, company: _Company | None) -> str:
        """An address nobody else in the list has: at the company, on QQ or a free mail."""
        rng = self.rng
        if company is not None and rng.random() < 0.55:
            local, domain = self._local_part(name), company.domain
        elif self.language == "zh" and rng.random() < 0.4:
            local, domain = str(rng.randrange(10000, 3_999_999_999)), "qq.com"
        else:
            local, domain = self._local_part(name), self._pick("mail")
        while f"{local}@{domain}" in self._emails:
            local += str(rng.randrange(10))
        self._emails.add(f"{local}@{domain}")
        return f"{local}@{domain}"

    def _local_part(self, name: str) -> str:
        rng = self.rng
        digits = str(rng.randrange(1, 2000)) if rng.random() < 0.5 else ""
        if not name.isascii():
            return rng.choice(self.pools.users) + digits
        first, last = (
            part.lower().replace("'", "") for part in (name.split()[0], name.split()[-1])
        )
        form = rng.choice(("{f}.{l}", "{f}{l}", "{i}{l}", "{f}_{l}", "{f}"))
        return form.format(f=first, l=last, i=first[0]) + digits

    def wechat(self, record: dict[str, object]) -> str | None:
        """The WeChat ID column: often the mobile itself, else a wxid or a chosen name."""
        rng = self.rng
        if rng.random() < (0.45 if self.language == "zh" else 0.85):
            return None
        phone = record["phone"]
        if isinstance(phone, str) and phone[:1] == "1" and rng.random() < 0.4:
            return phone
        if rng.random() < 0.5:
            return "wxid_" + "".join(rng.choices("abcdefghijkmnpqrstuvwxyz0123456789", k=12))
        return rng.choice(self.pools.users) + str(rng.randrange(10, 1000))

    # customers ---------------------------------------------------------------------

    def customer(
        self,
        entity: int,
        *,
        place: _Place | None = None,
        company: _Company | None = None,
        kind: int | None = None,
    ) -> dict[str, object]:
        """A new clean customer; ``kind`` 0 individual, 1 company, 2 prospect."""
        rng = self.rng
        kind = _KINDS.pick(rng) if kind is None else kind
        if place is None:
            place, company = self._where(kind)
        elif kind == 1 and company is None:
            company = self.company(place)
        name = self.name(place)
        self._who[entity] = (name, place, company, kind)
        return self._record(name, kind, place, company)

    def _where(self, kind: int) -> tuple[_Place, _Company | None]:
        """Where a new customer is: a company contact at the office, others at home."""
        rng = self.rng
        if kind == 1:
            if self._companies and rng.random() < 0.2:  # a second contact at a known company
                known = rng.choice(self._companies)
                return known.place, known
            place = self.place()
            return place, self.company(place)
        place = self.place()
        has_employer = rng.random() < (0.2 if kind == 0 else 0.5)
        return place, self.company(self.place(place.region)) if has_employer else None

    def _record(
        self, name: str, kind: int, place: _Place, company: _Company | None
    ) -> dict[str, object]:
        rng = self.rng
        phone: str | None = self.phone(place, landline=kind == 1 and rng.random() < 0.3)
        email: str | None = self.email(name, company if kind != 0 else None)
        # clean records can miss one way of contact, never both
        if rng.random() < 0.03:
            phone = None
        elif rng.random() < (0.15 if self.language == "zh" else 0.03):
            email = None
        created, last, count, amount, updated = self._history(kind)
        types = CUSTOMER_TYPES if self.language == "zh" else CUSTOMER_TYPES_EN
        consent = CONSENT_VALUES if self.language == "zh" else CONSENT_VALUES_EN
        return {
            "customer_id": None,  # numbered once the rows have their final order
            "name": name,
            "company": company.name if company else None,
            "customer_type": types[kind],
            "phone": phone,
            "email": email,
            "region": place.region,
            "address": place.address,
            "owner": self._pick("owner"),
            "tags": self._tags(amount),
            "source": self._pick("source"),
            "created_at": created,
            "last_purchase_at": last,
            "purchase_count": count,
            "total_amount": amount,
            "consent": consent[0] if rng.random() < 0.7 else consent[1],
            "notes": self._pick("note") if rng.random() < 0.12 else None,
            "updated_at": updated,
        }

    def _history(self, kind: int) -> tuple[dt.date, dt.date | None, int, float, dt.date]:
        """Created, last purchase, purchases, total spent, updated: new customers are many,
        most buy a few times for a little, a few buy often for a lot."""
        rng = self.rng
        created = int(rng.triangular(0, _HISTORY_DAYS, 0))
        if kind == 2:
            return self.days[created], None, 0, 0.0, self.days[rng.randint(0, created)]
        recency = min(created, int(rng.expovariate(1 / 200)))
        count = 1 + int(rng.expovariate(1 / (8 if kind == 1 else 3)))
        typical = (300.0, 4000.0)[kind] if self.language == "zh" else (80.0, 1500.0)[kind]
        amount = round(count * rng.lognormvariate(math.log(typical), 1.0), 2)
        updated = rng.randint(0, recency)
        return self.days[created], self.days[recency], count, amount, self.days[updated]

    def _tags(self, amount: float) -> str | None:
        rng = self.rng
        values = _POOLS[self.language]["tag"][0]
        tags = rng.sample(values, _TAG_COUNTS.pick(rng))
        if amount > (50_000 if self.language == "zh" else 10_000) and rng.random() < 0.7:
            tags = ["VIP", *(t for t in tags if t != "VIP")]
        return ",".join(tags) or None

    def lookalike(self, original: int, entity: int) -> dict[str, object]:
        """A different customer sharing a name, a company or an address with ``original``,
        but never a phone or an email."""
        rng = self.rng
        name, place, company, kind = self._who[original]
        how = _LOOKALIKE_KINDS.pick(rng)
        if how == "same_company" and company is not None:
            return self.customer(entity, place=company.place, company=company, kind=kind)
        if how in ("same_name", "similar_name"):
            record = self.customer(entity, place=self.place(place.region), kind=kind)
            record["name"] = name if how == "same_name" else _similar_name(name)
        else:  # family: same surname, same address
            record = self.customer(entity, place=place, kind=0)
            record["name"] = self._relative(name, place)
        self._who[entity] = (str(record["name"]), place, company, kind)
        return record

    def _relative(self, name: str, place: _Place) -> str:
        for _ in range(20):
            other = self.name(place)
            relative = (
                f"{other.split()[0]} {name.split()[-1]}" if name.isascii() else name[0] + other[1:]
            )
            if relative != name:
                return relative
        return relative

    def retyped(self, record: dict[str, object]) -> dict[str, object]:
        """A copy of ``record`` as entered again later: its own dates, maybe part of the history."""
        rng, copy = self.rng, dict(record)
        created, last = record["created_at"], record["last_purchase_at"]
        if isinstance(created, dt.date):
            # entered again between the first entry and the last purchase it shows
            recent = (self._asof - last).days if isinstance(last, dt.date) else 0
            again = rng.randint(recent, (self._asof - created).days)
            copy["created_at"] = self.days[again]
            copy["updated_at"] = self.days[rng.randint(0, recent)]
        count, amount = record["purchase_count"], record["total_amount"]
        if (
            isinstance(count, int)
            and isinstance(amount, float)
            and count > 1
            and rng.random() < 0.5
        ):
            part = rng.randint(1, count - 1)  # the orders taken under the second record
            copy["purchase_count"], copy["total_amount"] = part, round(amount * part / count, 2)
        return copy


def _similar_name(name: str) -> str:
    """One given-name character swapped for one that sounds alike: 张伟 -> 张玮."""
    spots = [i for i, ch in enumerate(name) if i > 0 and ch in _SIMILAR_CHARS]
    if not spots:
        return name
    i = spots[-1]
    return name[:i] + _SIMILAR_CHARS[name[i]] + name[i + 1 :]
