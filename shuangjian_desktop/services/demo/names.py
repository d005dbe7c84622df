"""Invented names for the demo county: people, places, institutions, and valid-format codes."""

from __future__ import annotations

import datetime as dt
import random

from shuangjian_desktop.domain.credit_code import ALPHABET, check_character
from shuangjian_desktop.domain.id_number import check_digit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫波斌宇浩凯健俊帆帅旭宁欣雪婷琳晶倩颖佳悦"
    "晨阳昊然梓涵子轩一诺思远文博建国建华志强志明海燕春燕晓东晓燕丽华永红国庆德明"
)
TOWNSHIPS = ("城关镇", "青龙镇", "桂花乡", "白鹤镇", "石门乡", "柳江镇", "龙泉街道", "东岳镇")
CITY_COMMUNITIES = ("人民路社区", "学府路社区", "滨江社区", "东门社区", "西街社区", "南华社区")
VILLAGE_COMMUNITY_WORDS = ("中心社区", "新街社区", "场镇社区")
COMPOUND_WORDS = ("花园", "小区", "家园", "苑", "公馆", "新城", "名都", "雅居")
COMPOUND_STEMS = (
    "锦绣",
    "翠湖",
    "阳光",
    "金桂",
    "丽景",
    "华府",
    "御景",
    "书香",
    "滨河",
    "望江",
    "青华",
    "瑞祥",
    "嘉禾",
    "康乐",
    "安居",
    "紫荆",
    "桃源",
    "明珠",
    "碧水",
    "云顶",
    "春晖",
    "清风",
    "幸福",
    "和谐",
    "东城",
    "西岭",
    "南湖",
    "北辰",
    "鹏程",
    "宏达",
    "永安",
    "天和",
    "鸿福",
    "君悦",
    "荷塘",
    "银杏",
    "梧桐",
    "海棠",
    "松涛",
    "竹韵",
    "兰亭",
    "凤鸣",
)
STREETS = (
    "人民路",
    "学府路",
    "滨江路",
    "东街",
    "西街",
    "南华路",
    "新华路",
    "建设路",
    "文化路",
    "育才路",
    "青衣路",
    "金桥路",
)
BRANDS = (
    "启明",
    "星辰",
    "博雅",
    "乐学",
    "童心",
    "飞扬",
    "英才",
    "智慧树",
    "小天使",
    "阳光",
    "书香",
    "未来",
    "彩虹",
    "腾飞",
    "思源",
    "知行",
    "晨曦",
    "青苗",
    "育英",
    "翰林",
    "明德",
    "卓越",
    "优学",
    "精英",
    "梦想",
    "蓝天",
    "金话筒",
    "小荷",
    "墨韵",
    "七彩",
    "跃动",
    "冠军",
    "凌云",
    "创客",
    "机器人",
    "围棋",
    "小百灵",
    "舞之韵",
    "丹青",
    "琴韵",
    "远航",
    "正道",
    "点睛",
    "学而",
    "新思维",
    "求知",
    "奥思",
    "领航",
    "同创",
    "艺心",
    "乐动",
    "少年宫",
    "方圆",
    "致远",
    "启航",
    "鲲鹏",
    "书山",
    "雏鹰",
    "朝阳",
    "春芽",
    "嘉学",
)
AREA_WORDS = {
    "sports": ("体育", "篮球", "跆拳道", "游泳", "足球", "武术"),
    "arts": ("文化艺术", "美术", "舞蹈", "音乐", "书法", "播音主持"),
    "science": ("科技", "机器人", "编程", "科创"),
    "other": ("研学", "托管", "心理素质"),
}
SUBJECT_WORDS = ("教育", "学科辅导", "文化课辅导", "教育咨询")
SCHOOL_STEMS = (
    "实验",
    "第一",
    "第二",
    "第三",
    "城南",
    "城北",
    "东城",
    "西城",
    "青龙",
    "桂花",
    "白鹤",
    "石门",
    "柳江",
    "龙泉",
    "东岳",
    "育才",
    "新华",
    "红星",
    "光明",
    "希望",
)
SUBJECTS = (
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "道德与法治",
    "历史",
    "地理",
    "生物",
    "音乐",
    "体育",
    "美术",
    "科学",
    "信息技术",
)
REGION = "510199"


def person_name(rng: random.Random, used: set[str] | None = None) -> str:
    for _ in range(50):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if used is None or name not in used:
            if used is not None:
                used.add(name)
            return name
    return name


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "135", "136", "150", "151", "158", "177", "180", "189"))
        + f"{rng.randrange(10**8):08d}"
    )


def credit_code(rng: random.Random, *, non_profit: bool) -> str:
    head = "52" if non_profit else "91"
    body = head + REGION + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def id_number(rng: random.Random, born_from: int = 1966, born_to: int = 2000) -> str:
    born = dt.date(born_from, 1, 1) + dt.timedelta(days=rng.randrange((born_to - born_from) * 365))
    body = REGION + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return body + check_digit(body)
