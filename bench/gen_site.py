#!/usr/bin/env python3
"""Deterministic generator of a benchmark site: a county disclosure column of N documents.

    python3 bench/gen_site.py N OUT [--seed S] [--force]

Writes OUT/config.yaml, OUT/content/<column>/<slug>.md (front matter as the editor's
guide docs/editor.md describes it, Markdown body of 1-6 KB; an infographic interpretation (图解) shows
its image, <slug>.png beside it) and OUT/manifest.json (counts, bytes and a sha256 over
all files, to check that two corpora are identical). As a module,
`generate(n, out)` does the same and returns the manifest.
Stdlib only. Same N and seed -> byte-identical output.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import struct
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gongkai.doctypes.validity_terms import last_day_of_term  # noqa: E402  (有效期N年 as the check reads it)

DEFAULT_SEED = "gov-disclosure-1"

COUNTY = "抚顺县"
AREA = "210421"  # administrative division code used in the credit codes
TOWNS = ["石文镇", "后安镇", "上马镇", "救兵镇", "汤图满族乡", "峡河满族乡",
         "马圈子满族乡", "海浪乡", "兰山乡", "章党镇"]

# issuer (发文机关), doc-number prefix (发文字号)
ISSUERS = [
    ("抚顺县人民政府", "抚县政发"),
    ("抚顺县人民政府办公室", "抚县政办发"),
    ("抚顺县财政局", "抚县财发"),
    ("抚顺县发展和改革局", "抚县发改发"),
    ("抚顺县教育局", "抚县教发"),
    ("抚顺县卫生健康局", "抚县卫健发"),
    ("抚顺县自然资源局", "抚县自然资发"),
    ("抚顺县住房和城乡建设局", "抚县住建发"),
    ("抚顺县农业农村局", "抚县农发"),
    ("抚顺县民政局", "抚县民发"),
    ("抚顺县人力资源和社会保障局", "抚县人社发"),
    ("抚顺县生态环境分局", "抚县环发"),
    ("抚顺县交通运输局", "抚县交发"),
    ("抚顺县应急管理局", "抚县应急发"),
    ("抚顺县市场监督管理局", "抚县市监发"),
    ("抚顺县水利局", "抚县水发"),
    ("抚顺县医疗保障局", "抚县医保发"),
    ("抚顺县文化旅游和广播电视局", "抚县文旅发"),
]

# 主题分类 (State Council topic classification)
TOPICS = ["综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
          "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管",
          "城乡建设、环境保护", "科技、教育", "文化、广电、新闻出版", "卫生、体育",
          "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法",
          "民政、扶贫、救灾", "其他"]

FIELDS = ["政务公开", "安全生产", "乡村振兴", "营商环境优化", "生态环境保护", "农村人居环境整治",
          "义务教育", "医疗保障", "养老服务", "就业创业", "住房保障", "农村公路建设", "水利工程建设",
          "森林防火", "防汛抗旱", "食品安全", "数字政府建设", "城乡供水", "文化旅游", "招商引资",
          "消防安全", "耕地保护", "地质灾害防治", "燃气安全", "社会救助", "残疾人事业",
          "全民健身", "应急管理", "河长制", "高标准农田建设", "秸秆综合利用", "政府采购",
          "国有资产管理", "安全饮水", "电子商务进农村", "老旧小区改造"]

TAGS = ["政务公开", "营商环境", "乡村振兴", "安全生产", "生态环境", "教育", "医疗卫生",
        "社会保障", "就业创业", "财政预算", "财政决算", "三公经费", "政府债务", "城乡建设",
        "交通运输", "农业农村", "民生实事", "应急管理", "市场监管", "文化旅游", "自然资源",
        "水利", "养老", "住房", "统计信息", "规划计划", "政策解读", "规范性文件", "人事信息",
        "重点项目", "疫情防控", "数字政府", "招商引资", "森林防火", "防汛抗旱", "食品药品",
        "社会救助", "残疾人", "退役军人", "民族宗教"]

BUDGET_ITEMS = ["一般公共服务支出", "公共安全支出", "教育支出", "科学技术支出",
                "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出",
                "城乡社区支出", "农林水支出", "交通运输支出", "住房保障支出",
                "灾害防治及应急管理支出", "债务付息支出", "其他支出"]

CN_NUM = "一二三四五六七八九十"


CATEGORIES = [  # slug, label, weight, document type
    ("plans", "规划信息", 20, "plan"),
    ("budgets", "财政预决算", 25, "budget"),
    ("normative", "规范性文件", 30, "normative"),
    ("interpretations", "政策解读", 25, "interpretation"),
]

CONFIG = """site:
  name: 抚顺县人民政府
  domain: www.example.gov.cn
  site_id: "2104210001"
  organization: 抚顺县人民政府办公室
  org_code: "11210421MB0000000L"
  other_org_codes: [%s]
  icp: 辽ICP备00000000号
  police_record: 辽公网安备21042100000000号
  base_path: /
output: public
columns:
"""

SENTENCES = [
    "为深入贯彻落实党中央、国务院和省委、省政府关于{f}工作的决策部署，进一步提升全县{f}工作水平，结合我县实际，制定本方案。",
    "{y}年，全县各级各部门坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕县委、县政府中心工作，扎实推进{f}各项任务落实。",
    "各乡镇人民政府、县政府各部门要高度重视，切实加强组织领导，明确责任分工，确保各项工作任务按时保质完成。",
    "截至{y}年底，全县累计完成投资{n}万元，同比增长{p}%，{f}工作取得阶段性成效。",
    "{t}结合本地实际，创新工作方法，探索形成了可复制、可推广的经验做法，得到上级部门充分肯定。",
    "要坚持问题导向和目标导向，聚焦群众急难愁盼问题，持续推动{f}工作提质增效。",
    "县{d}要会同有关部门加强督促检查，对工作推进不力、进展缓慢的单位及时通报，并纳入年度绩效考核。",
    "进一步完善信息发布、政策解读、回应关切工作机制，及时准确发布权威信息，主动回应社会关切。",
    "全年共受理群众诉求{n}件，按时办结率达到{p}%，群众满意度持续提升。",
    "严格落实“三重一大”决策制度，凡涉及群众切身利益的重大事项，均应广泛听取社会公众意见。",
    "加大财政资金统筹力度，{y}年安排专项资金{n}万元，重点支持{f}等民生领域项目建设。",
    "建立健全长效管理机制，推动{f}工作制度化、规范化、常态化。",
    "各单位要于每月{m}日前将工作进展情况报送县{d}，遇有重大情况随时报告。",
    "对照年度目标任务，逐项梳理完成情况，认真查找存在的问题和不足，研究提出下一步工作措施。",
    "强化宣传引导，充分利用政府网站、政务新媒体等平台，营造全社会共同关心支持{f}工作的良好氛围。",
    "{t}共排查整治各类隐患{n}处，整改完成率{p}%，有效防范化解了各类风险。",
    "坚持依法行政，规范行政执法行为，全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
    "着力优化资源配置，提高资金使用效益，确保财政资金安全、规范、高效运行。",
    "按照“谁主管、谁负责”的原则，层层压实责任，形成一级抓一级、层层抓落实的工作格局。",
    "全县{f}工作仍存在基础设施薄弱、专业人才短缺、资金投入不足等问题，需要在今后工作中加以解决。",
    "下一步，我们将以更加务实的作风、更加有力的举措，推动{f}工作再上新台阶，为全面建设社会主义现代化抚顺县作出新的更大贡献。",
]

LIST_ITEMS = [
    "加强组织领导，成立由县政府分管领导任组长的工作专班",
    "完善工作机制，建立定期调度、联席会议和督查通报制度",
    "强化资金保障，将所需经费纳入年度财政预算",
    "严格考核问责，将工作完成情况纳入绩效考核",
    "加强宣传培训，提高干部群众的知晓率和参与度",
    "推进信息化建设，提升数据共享和业务协同水平",
    "规范审批流程，压缩办理时限，实行“一网通办”",
    "开展专项检查，及时发现和纠正存在的问题",
    "健全应急预案，定期组织开展应急演练",
    "做好信息公开，主动接受社会监督",
]

PLAN_TITLES = [
    "关于印发{c}{y}年{f}工作要点的通知",
    "关于印发{c}“{plan5}”{f}发展规划的通知",
    "{c}{y}年{f}专项规划",
    "关于印发{c}{f}三年行动计划（{y}—{y2}年）的通知",
    "{c}{y}年{f}工作实施方案",
    "{c}国民经济和社会发展{y}年计划执行情况与{y1}年计划草案的报告",
]
BUDGET_TITLES = [
    "{c}{y}年财政预算执行情况和{y1}年财政预算草案的报告",
    "{i}{y}年部门预算公开",
    "{i}{y}年部门决算公开",
    "{c}{y}年“三公”经费预算情况说明",
    "关于{c}{y}年政府债务情况的说明",
    "{c}{y}年一般公共预算收支决算表",
]
NORM_TITLES = [
    "关于印发{c}{f}管理办法的通知",
    "关于印发{c}{f}实施细则的通知",
    "关于进一步加强{f}工作的意见",
    "{c}{f}暂行办法",
    "关于印发{c}{f}考核办法的通知",
]
INTERP_TITLES = [
    "《关于印发{c}{f}管理办法的通知》政策解读",
    "图解：{c}{y}年政府工作报告",
    "一图读懂《{c}{y}年{f}工作要点》",
    "关于《{c}{f}实施细则》的解读",
    "《{c}{f}三年行动计划》文字解读",
]
TITLES = {"plans": PLAN_TITLES, "budgets": BUDGET_TITLES,
          "normative": NORM_TITLES, "interpretations": INTERP_TITLES}


CAT_TAG = {"plans": "规划计划", "normative": "规范性文件", "interpretations": "政策解读"}

HEADINGS = {
    "plans": ["总体要求", "主要目标", "重点任务", "保障措施", "实施步骤", "工作要求"],
    "budgets": ["基本情况", "收入预算情况", "支出预算情况", "“三公”经费情况", "政府采购情况", "绩效目标情况", "名词解释"],
    "normative": ["总则", "职责分工", "管理要求", "监督检查", "法律责任", "附则"],
    "interpretations": ["起草背景", "主要依据", "主要内容", "政策亮点", "适用范围", "解读机关及联系方式"],
}


def cn(n: int) -> str:
    """1..99 in Chinese numerals (十一, 二十三): chapter and article numbers."""
    tens, ones = divmod(n, 10)
    return ((CN_NUM[tens - 1] if tens > 1 else "") + ("十" if tens else "")
            + (CN_NUM[ones - 1] if ones else ""))


def credit_code(k: int) -> str:
    """A stable, fake unified social credit code for issuer number k."""
    digits = hashlib.sha256(("issuer%d" % k).encode()).hexdigest()
    first17 = "11%sMB%s" % (AREA, "".join(str(int(c, 16) % 10) for c in digits[:7]))
    # GB 32100's check character: weights 3^i mod 31 over the code's 31 characters
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(chars.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + chars[-total % 31]


def fill(rng: random.Random, tpl: str, field: str, year: int) -> str:
    """One sentence template with its blanks filled."""
    return tpl.format(
        f=field, y=year, n=rng.randint(12, 98000), p=round(rng.uniform(1, 99.9), 1),
        t=rng.choice(TOWNS), d=rng.choice(["发展和改革局", "政府办", "财政局", "营商环境建设局"]),
        m=rng.randint(1, 28))


def paragraph(rng: random.Random, field: str, year: int) -> str:
    """Two to five sentences on one field of work."""
    return "".join(fill(rng, rng.choice(SENTENCES), field, year)
                   for _ in range(rng.randint(2, 5)))


def items_list(rng: random.Random, ordered: bool) -> str:
    """A Markdown list of three to five measures."""
    picks = rng.sample(LIST_ITEMS, rng.randint(3, 5))
    if ordered:
        return "\n".join("%d. %s。" % (k + 1, s) for k, s in enumerate(picks))
    return "\n".join("- %s；" % s for s in picks)


def budget_table(rng: random.Random) -> str:
    """A Markdown budget table with a total row (numbers with two decimals)."""
    rows = ["| 科目 | 预算数（万元） | 决算数（万元） |", "| --- | ---: | ---: |"]
    tb = td = 0.0
    for item in rng.sample(BUDGET_ITEMS, rng.randint(8, len(BUDGET_ITEMS))):
        b = round(rng.uniform(50, 60000), 2)
        d = round(b * rng.uniform(0.82, 1.08), 2)
        tb += b
        td += d
        rows.append("| %s | %.2f | %.2f |" % (item, b, d))
    rows.append("| 合计 | %.2f | %.2f |" % (tb, td))
    return "\n".join(rows)


def body(rng: random.Random, cat: str, title: str, field: str, year: int, issuer: str,
         date: dt.datetime, target: int, term: int) -> str:
    """The Markdown body: sections (chapters and articles for normative documents) up
    to about `target` bytes, ending with the issuer and the date as official documents do;
    a normative document states its 施行 and its 有效期 of `term` years."""
    out = []
    size = 0
    heads = HEADINGS[cat]
    sec = 0
    art = 1
    while (size < target or (cat == "budgets" and sec < 2)) and sec < 10:
        head = heads[sec % len(heads)]
        if cat == "normative":
            block = ["## 第%s章 %s" % (cn(sec + 1), head)]
            for _ in range(rng.randint(1, 3)):
                block.append("**第%s条** %s" % (cn(art), paragraph(rng, field, year)))
                art += 1
        else:
            block = ["## %s、%s" % (cn(sec + 1), head), paragraph(rng, field, year)]
            if rng.random() < 0.4:
                block.append("### （%s）%s" % (CN_NUM[rng.randint(0, 3)], rng.choice(LIST_ITEMS)))
                block.append(paragraph(rng, field, year))
        if cat == "budgets" and sec == 1:
            block.append(budget_table(rng))
        elif rng.random() < 0.35:
            block.append(items_list(rng, rng.random() < 0.5))
        text = "\n\n".join(block)
        n = len(text.encode("utf-8"))
        if size >= 1024 and size + n > 6000:
            break
        out.append(text)
        size += n + 2
        sec += 1
    if cat == "normative":
        kind = "细则" if "细则" in title else "意见" if "意见" in title else "办法"
        out.append("本%s自印发之日起施行，有效期%d年。此前有关规定与本%s不一致的，以本%s为准。"
                   % (kind, term, kind, kind))
    out.append("%s\n\n%d年%d月%d日" % (issuer, date.year, date.month, date.day))
    return "\n\n".join(out) + "\n"


def png(width: int = 96, height: int = 54) -> bytes:
    """A small banner image for infographics: red over white, stored uncompressed so its
    bytes do not depend on the zlib version."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = [b"\0" + (b"\xc8\x1e\x1e" if y < height // 3 else b"\xff\xff\xff") * width
            for y in range(height)]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 0)) + chunk(b"IEND", b""))


def q(s: str) -> str:
    """YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def make_meta(seed: str, i: int) -> dict:
    """Column, date, issuer, field and title of document i; its own RNG carries on
    into the front matter and body, so each document depends only on (seed, i)."""
    rng = random.Random("%s:%d" % (seed, i))
    cat = rng.choices([c[0] for c in CATEGORIES], [c[2] for c in CATEGORIES])[0]
    date = dt.datetime(2015, 1, 1, 8, 30) + dt.timedelta(
        days=rng.randint(0, 3650), minutes=rng.randint(0, 9 * 60))
    year = date.year
    k = 2 if cat == "budgets" and rng.random() < 0.6 else rng.randrange(len(ISSUERS))
    field = rng.choice(FIELDS)
    title = rng.choice(TITLES[cat]).format(
        c=COUNTY, y=year, y1=year + 1, y2=year + 2, f=field, i=ISSUERS[k][0],
        plan5="十四五" if year >= 2021 else "十三五")
    term = random.Random("%s:%d:term" % (seed, i)).choice([2, 3, 5])  # 有效期 in years: its own RNG
    return dict(rng=rng, i=i, cat=cat, date=date, year=year, issuer=k, field=field, title=title, term=term)


def number(docs: list[dict]) -> None:
    """Assign 索引号, 发文字号 and the interpreted document, walking in date order.

    Serial numbers run per issuer and year, as real registers do; an interpretation
    explains the latest normative document published before it (or the first one)."""
    seq_idx: dict[tuple, int] = {}
    seq_doc: dict[tuple, int] = {}
    normative: list[str] = []
    for d in sorted(docs, key=lambda d: (d["date"], d["i"])):
        key = (d["issuer"], d["year"])
        seq_idx[key] = seq_idx.get(key, 0) + 1
        d["index_no"] = "%s/%d-%05d" % (credit_code(d["issuer"]), d["year"], seq_idx[key])
        if d["cat"] == "normative" or d["title"].endswith("通知"):
            seq_doc[key] = seq_doc.get(key, 0) + 1
            d["docno"] = "%s〔%d〕%d号" % (ISSUERS[d["issuer"]][1], d["year"], seq_doc[key])
        else:
            d["docno"] = ""
        if d["cat"] == "normative":
            normative.append(d["index_no"])
        d["target"] = normative[-1] if normative else None
    for d in docs:
        if d["target"] is None and normative:
            d["target"] = normative[0]


def front_matter(d: dict) -> list[str]:
    """The front matter lines of one document, keys as the editor's guide names them."""
    rng, cat = d["rng"], d["cat"]
    issuer = ISSUERS[d["issuer"]][0]
    validity = (rng.choices(["有效", "失效", "废止", "已修改"], [70, 15, 10, 5])[0]
                if cat == "normative" else "有效")
    tags = [CAT_TAG[cat] if cat != "budgets" else rng.choice(["财政预算", "财政决算"])]
    tags += [t for t in rng.sample(TAGS, rng.randint(0, 3)) if t not in tags]
    topic = "财政、金融、审计" if cat == "budgets" and rng.random() < 0.7 else rng.choice(TOPICS)
    fm = [
        "---",
        "title: " + q(d["title"]),
        "date: " + d["date"].strftime("%Y-%m-%d %H:%M"),
        "disclosure: " + q("主动公开"),
        "index_no: " + q(d["index_no"]),
        "issuer: " + q(issuer),
        "topic: " + q(topic),
        "keywords: [" + ", ".join(q(t) for t in tags) + "]",
    ]
    if d["docno"]:
        fm.append("doc_number: " + q(d["docno"]))
    if cat == "normative":
        written = (d["date"] - dt.timedelta(days=rng.randint(1, 5))).date()
        fm.append("written: " + written.isoformat())
        fm.append("validity: " + q(validity))
        if validity == "有效":  # as the text states it: in force from 印发, for `term` years
            fm.append("effective: " + written.isoformat())
            fm.append("expires: " + last_day_of_term(written, d["term"]).isoformat())
    elif cat == "plans":
        fm.append("plan_kind: " + q(rng.choice(["总体规划", "专项规划", "区域规划", "国土空间规划"])))
        fm.append("period: " + q("十四五（2021—2025年）" if d["year"] >= 2021 else "十三五（2016—2020年）"))
    elif cat == "budgets":
        fm.append("fiscal_year: %d" % d["year"])
        fm.append("budget_kind: " + q("决算" if "决算" in d["title"] else "预算"))
        fm.append("department: " + q(issuer))
    elif cat == "interpretations" and d["target"]:
        fm.append("interprets: " + q(d["target"]))
        fm.append("form: " + q("图解" if is_figure(d) else "文字"))
    return fm + ["---", ""]


def slug(d: dict) -> str:
    """File name of a document without extension, in the style of CMS exports."""
    return "t%s_%d" % (d["date"].strftime("%Y%m%d"), 3000000 + d["i"])


def is_figure(d: dict) -> bool:
    """An interpretation in the form of an infographic (图解, 一图读懂): it shows an image."""
    return d["cat"] == "interpretations" and d["target"] is not None and "图" in d["title"]


def document(d: dict) -> bytes:
    """The whole file of one document, UTF-8."""
    fm = front_matter(d)
    target = int(d["rng"].triangular(1100, 6000, 2200))
    issuer = ISSUERS[d["issuer"]][0]
    figure = "![%s](%s.png)\n\n" % (d["title"], slug(d)) if is_figure(d) else ""
    text = "\n".join(fm) + figure + body(d["rng"], d["cat"], d["title"], d["field"], d["year"],
                                         issuer, d["date"], target, d["term"])
    return text.encode("utf-8")


def generate(n: int, out: str, seed: str = DEFAULT_SEED, force: bool = False) -> dict:
    """Write a site of n documents into `out` and return its manifest.

    An existing `out/content` is replaced only with `force` (else FileExistsError)."""
    content = os.path.join(out, "content")
    if os.path.exists(content):
        if not force:
            raise FileExistsError("%s exists; pass --force to replace it" % content)
        shutil.rmtree(content)
    os.makedirs(out, exist_ok=True)
    config = CONFIG % ", ".join('"%s"' % credit_code(k) for k in range(len(ISSUERS))) + "".join("  - path: %s\n    name: %s\n    type: %s\n" % (c[0], c[1], c[3])
                              for c in CATEGORIES)
    with open(os.path.join(out, "config.yaml"), "w", encoding="utf-8") as f:
        f.write(config)

    docs = [make_meta(seed, i) for i in range(n)]
    number(docs)
    h = hashlib.sha256(config.encode("utf-8"))
    counts: dict[str, int] = {}
    total = images = 0
    image = png()
    for d in docs:
        files = [("%s/%s.md" % (d["cat"], slug(d)), document(d))]
        if is_figure(d):
            files.append(("%s/%s.png" % (d["cat"], slug(d)), image))
            images += 1
        if d["cat"] not in counts:
            os.makedirs(os.path.join(content, d["cat"]), exist_ok=True)
        for rel, data in files:
            with open(os.path.join(content, rel), "wb") as f:
                f.write(data)
            h.update(rel.encode() + b"\0" + data)
            total += len(data)
        counts[d["cat"]] = counts.get(d["cat"], 0) + 1

    manifest = dict(n=n, seed=seed, categories=counts, images=images, bytes=total,
                    sha256=h.hexdigest())
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=True)
    return manifest


def main() -> None:
    """Command line: generate and print the manifest as one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out", help="site folder (config.yaml and content/ are written inside)")
    ap.add_argument("--seed", default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true", help="replace an existing OUT/content")
    a = ap.parse_args()
    try:
        manifest = generate(a.n, a.out, a.seed, a.force)
    except FileExistsError as e:
        sys.exit(str(e))
    print(json.dumps(manifest, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
