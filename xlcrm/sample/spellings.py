"""Other ways people write the same value: the tables the defect injectors draw from.

Placeholders typed for "nothing", titles stuck to names, mistyped mail domains, traditional
characters, full-width forms, and the variants of customer types, consent and regions.
"""

from __future__ import annotations

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "zh": ("无", "暂无", "-", "N/A", "空", "/", "未知", "没有"),
    "en": ("N/A", "n/a", "-", "none", "TBD", "unknown", "/"),
}
NAME_TITLES = ("先生", "女士", "总", "经理", "老师", "Mr. ", "Ms. ", "Dr. ")
EMAIL_DOMAIN_TYPOS: dict[str, tuple[str, ...]] = {
    "qq.com": ("qq.con", "qq.cm", "qq.co", "qq.comm", "qq.om"),
    "163.com": ("163.cm", "163.con", "163.co", "136.com"),
    "126.com": ("126.co", "126.con", "162.com"),
    "gmail.com": ("gmial.com", "gmai.com", "gmail.con", "gamil.com"),
    "hotmail.com": ("hotmial.com", "hotmail.con", "hotmai.com"),
    "outlook.com": ("outlok.com", "outlook.cm"),
    "foxmail.com": ("foxmial.com", "foxmail.con"),
    "sina.com": ("sina.con", "sian.com"),
    "yahoo.com": ("yaho.com", "yahoo.con"),
    "icloud.com": ("iclould.com", "icloud.con"),
}
TLD_TYPOS: dict[str, tuple[str, ...]] = {"com": ("con", "cm", "co", "comm"), "net": ("ne", "nte")}

# Simplified -> traditional for characters common in names, companies and addresses:
# enough to make a duplicate typed on a Hong Kong or Taiwan machine.
TRADITIONAL = str.maketrans(
    "陈张刘杨黄赵吴郑华伟丽军国孙马罗许邓冯韩萧叶苏卢蒋贾钟陆龙万顾谢邹韦刚红兰凤东辉宁"
    "荣涛凯鹏艳飞丰义宝贵庆杰静颖云兴进长达乔汤钱贺阳爱书学晓岚庄泽鸿贸电网络实业发传广设"
    "备机医疗环讯询饰务资术药饮际纺织装车厂钢铁产计软数据门区号楼层单栋园场镇县乡湾",
    "陳張劉楊黃趙吳鄭華偉麗軍國孫馬羅許鄧馮韓蕭葉蘇盧蔣賈鍾陸龍萬顧謝鄒韋剛紅蘭鳳東輝寧"
    "榮濤凱鵬艷飛豐義寶貴慶傑靜穎雲興進長達喬湯錢賀陽愛書學曉嵐莊澤鴻貿電網絡實業發傳廣設"
    "備機醫療環訊詢飾務資術藥飲際紡織裝車廠鋼鐵產計軟數據門區號樓層單棟園場鎮縣鄉灣",
)
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})

TYPE_VARIANTS = {
    "个人": ("个人客户", "个 人", "散客", "私人", "individual"),
    "企业": ("企 业", "企业客户", "公司", "单位", "company", "B2B"),
    "潜在": ("潜在客户", "意向", "意向客户", "潜客", "prospect"),
    "Individual": ("individual", "Personal", "Indiv.", "person", "B2C"),
    "Company": ("company", "Corp", "Business", "COMPANY", "B2B"),
    "Prospect": ("prospect", "Lead", "Potential", "PROSPECT"),
}
CONSENT_VARIANTS = {
    "是": ("Y", "同意", "√", "1", "yes", "已授权"),
    "否": ("N", "不同意", "×", "0", "no", "未授权"),
    "Yes": ("Y", "yes", "TRUE", "1", "x", "opted in"),
    "No": ("N", "no", "FALSE", "0", "opted out"),
}
EN_REGION_SHORT = {"Hong Kong": "HK", "Overseas": "Abroad", "Taiwan": "TW", "Shanghai": "SH",
                   "Beijing": "BJ", "Macau": "MO"}  # fmt: skip

# The trades of sample company names in English, for a company written the English way.
TRADES_EN = {
    "科技": "Technology", "信息技术": "Information Technology", "网络科技": "Network Technology",
    "电子": "Electronics", "贸易": "Trading", "商贸": "Trading", "文化传媒": "Media",
    "餐饮管理": "Catering Management", "物流": "Logistics", "建筑工程": "Construction",
    "医疗器械": "Medical Devices", "生物科技": "Biotech", "食品": "Foods", "服饰": "Apparel",
    "教育咨询": "Education Consulting", "广告": "Advertising", "实业": "Industrial",
    "机械设备": "Machinery", "新材料": "New Materials", "环保科技": "Environmental Technology",
}  # fmt: skip
CITY_PINYIN = {"广州": "Guangzhou", "深圳": "Shenzhen", "北京": "Beijing", "上海": "Shanghai",
               "杭州": "Hangzhou", "南京": "Nanjing", "苏州": "Suzhou", "成都": "Chengdu",
               "武汉": "Wuhan", "厦门": "Xiamen"}  # fmt: skip
