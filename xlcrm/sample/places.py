"""Where sample customers are: regions, cities and addresses, in Chinese or English.

The tables weight regions roughly by economic size and keep each city's landline area code
and districts together, so an address, its region and a landline always agree.
:class:`PlaceMaker` draws a region and writes an address in the style of the place.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from xlcrm.sample.pools import Pools, Weighted
from xlcrm.schema import REGIONS

REGION_EN: dict[str, str] = dict(zip(REGIONS, (
    "Beijing", "Tianjin", "Shanghai", "Chongqing", "Hebei", "Shanxi", "Liaoning", "Jilin",
    "Heilongjiang", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan",
    "Hubei", "Hunan", "Guangdong", "Hainan", "Sichuan", "Guizhou", "Yunnan", "Shaanxi", "Gansu",
    "Qinghai", "Inner Mongolia", "Guangxi", "Tibet", "Ningxia", "Xinjiang", "Hong Kong", "Macau",
    "Taiwan", "Overseas",
), strict=True))  # fmt: skip


# region -> (weight, ((city, area code, districts), ...)): mainland customers, weighted
# roughly by economic size; the area code keeps a landline consistent with the address.
MAINLAND: dict[str, tuple[float, tuple[tuple[str, str, str], ...]]] = {
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
_DISTRICTS = {d: tuple(d.split()) for _, cities in MAINLAND.values() for _, _, d in cities}
OFFSHORE_WEIGHTS = {"香港": 2.0, "澳门": 0.3, "台湾": 1.5, "海外": 2.0}
# an English list: customers abroad, in Hong Kong and in the big mainland cities
EN_PLACES: dict[str, tuple[float, tuple[tuple[str, str, str], ...]]] = {
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
_ESTATES = ("锦园", "阳光花园", "翠苑", "金色家园", "幸福里", "碧水湾", "名都花园", "和平小区",
            "书香苑", "滨江花城")  # fmt: skip
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
REGION_FULL_NAMES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区", "海外": "国外",
}  # fmt: skip


class Place(NamedTuple):
    region: str
    city: str  # short form for company names: 深圳, 北京
    address: str
    area: str  # landline area code, "" where landlines are not generated
    phone_kind: str  # cn | hk | mo | tw | us | uk


class PlaceMaker:
    """Makes places: a region drawn by weight, then an address in that region's style."""

    def __init__(self, rng: random.Random, language: str, pools: Pools) -> None:
        self.rng = rng
        self.language = language
        self.pools = pools
        places = EN_PLACES if language == "en" else MAINLAND
        weights = {region: weight for region, (weight, _) in places.items()}
        if language == "zh":
            weights.update(OFFSHORE_WEIGHTS)
        self._regions = Weighted(list(weights), list(weights.values()))

    def place(self, region: str | None = None) -> Place:
        """Somewhere a customer lives or works, in ``region`` when given."""
        region = region or self._regions.pick(self.rng)
        if region in ("海外", "Overseas"):
            return self._overseas(region)
        if self.language == "en":
            return self._place_en(region)
        offshore = {"香港": self._hong_kong, "澳门": self._macau, "台湾": self._taiwan}
        return offshore.get(region, self._mainland)(region)

    def _mainland(self, region: str) -> Place:
        rng = self.rng
        city, area, districts = rng.choice(MAINLAND[region][1])
        road = f"{rng.choice(_DISTRICTS[districts])}{rng.choice(_ROADS)}{rng.randrange(1, 1000)}号"
        unit = rng.random()
        if unit < 0.2:
            road += f"{rng.randrange(1, 31)}栋{rng.randrange(1, 7)}单元{rng.randrange(1, 31)}0{rng.randrange(1, 5)}室"
        elif unit < 0.35:  # a housing estate: 锦园3-502 or 锦园3栋502室
            flat = rng.choice(("{b}-{f}0{r}", "{b}栋{f}0{r}室"))
            road += rng.choice(_ESTATES) + flat.format(
                b=rng.randrange(1, 31), f=rng.randrange(1, 31), r=rng.randrange(1, 5)
            )
        elif unit < 0.55:
            road += f"{rng.choice('ABCD')}座{rng.randrange(2, 41)}{rng.randrange(1, 21):02d}室"
        elif unit < 0.75:
            road += f"{rng.randrange(2, 31)}楼"
        province = REGION_FULL_NAMES.get(region, region + "省")
        prefix = province if city != region and rng.random() < 0.4 else ""
        return Place(region, city, f"{prefix}{city}市{road}", area, "cn")

    def _hong_kong(self, region: str) -> Place:
        rng = self.rng
        flat = f"{rng.randint(1, 40)}樓{rng.choice('ABCDEFGH')}室"
        address = f"香港{rng.choice(_HK_STREETS)}{rng.randint(1, 300)}號{flat}"
        return Place(region, "香港", address, "", "hk")

    def _macau(self, region: str) -> Place:
        address = f"澳門{self.rng.choice(_MO_STREETS)}{self.rng.randint(1, 200)}號"
        return Place(region, "澳門", address, "", "mo")

    def _taiwan(self, region: str) -> Place:
        rng = self.rng
        address = f"{rng.choice(_TW_STREETS)}{rng.randint(1, 300)}號{rng.randint(2, 20)}樓"
        return Place(region, "臺北", address, "", "tw")

    def _overseas(self, region: str) -> Place:
        rng, pools = self.rng, self.pools
        if rng.random() < 0.65:
            street, town, kind = rng.choice(pools.us_streets), rng.choice(pools.us_towns), "us"
        else:
            street, town, kind = rng.choice(pools.uk_streets), rng.choice(pools.uk_towns), "uk"
        return Place(region, "", f"{rng.randint(1, 9999)} {street}, {town}", "", kind)

    def _place_en(self, region: str) -> Place:
        rng = self.rng
        if region == "Hong Kong":
            flat = f"Flat {rng.choice('ABCDEFGH')}, {rng.randint(1, 40)}/F"
            address = f"{flat}, {rng.randint(1, 300)} {rng.choice(_HK_STREETS_EN)}, Hong Kong"
            return Place(region, "Hong Kong", address, "", "hk")
        if region == "Taiwan":
            address = f"No. {rng.randint(1, 300)}, Zhongxiao East Road, Da'an District, Taipei"
            return Place(region, "Taipei", address, "", "tw")
        city, area, districts = rng.choice(EN_PLACES[region][1])
        room = f"Room {rng.randint(2, 40)}{rng.randint(1, 20):02d}, "
        road = f"{rng.randint(1, 999)} {rng.choice(_ROADS_EN)}"
        address = f"{room}{road}, {rng.choice(districts.split('|'))}, {city}"
        return Place(region, city, address, area, "cn")
