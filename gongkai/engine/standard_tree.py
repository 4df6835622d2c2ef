"""The standard column tree (默认栏目) that a site gets when config.yaml has no `columns`, and the
standard 主题分类 and 索引号 form it gets without `topics` and `index_no_pattern`.

It follows 国办公开办函〔2019〕61号: guide, rules, the fifteen items of Article 20 of the
政府信息公开条例 (2019) with 重大行政决策 (its 事项目录, 意见征集 and 反馈) beside them,
annual reports, plus interpretations and the archive of closed
columns. Paths are the conventional pinyin initials. A column of one type is that type's own
(`DocType.column`): the tree only says where it goes.
"""
from __future__ import annotations

from gongkai.engine.doctype import Types

#: 主题分类: the top level of the State Council's topic classification
STANDARD_TOPICS = [
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
    "公安、安全、司法", "民政、扶贫、救灾", "其他",
]
STANDARD_INDEX_NO = r"[0-9A-Za-z]{9,18}/\d{4}(\d{2})?-\d{5}"

STANDARD_COLUMNS: list[dict] = [
    {"path": "zfxxgkzn", "name": "政府信息公开指南", "type": "page", "column_type": "信息公开指南",
     "description": "申请获取政府信息的方式、受理机构、办公地址、办公时间和联系电话"},
    {"type": "application"},
    {"path": "zfxxgkzd", "name": "政府信息公开制度", "type": "page", "column_type": "政策文件",
     "description": "本机关政府信息公开工作制度"},
    {"path": "fdzdgknr", "name": "法定主动公开内容", "type": "page", "column_type": "信息公开目录",
     "description": "《中华人民共和国政府信息公开条例》第二十条规定主动公开的政府信息",
     "children": [
         {"type": "normative"},
         {"path": "jgzn", "name": "机构职能", "column_type": "机构职能",
          "description": "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"},
         {"type": "plan"},
         {"type": "decision_catalog", "children": [{"type": "consultation"}, {"type": "consultation_feedback"}]},
         {"path": "tjxx", "name": "统计信息", "column_type": "数据发布",
          "description": "国民经济和社会发展统计信息"},
         {"path": "xzxk", "name": "行政许可", "column_type": "办事服务",
          "description": "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"},
         {"path": "xzcf", "name": "行政处罚和行政强制", "column_type": "信息公开目录",
          "description": "实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定"},
         {"type": "budget", "children": [{"type": "debt"}]},
         {"path": "xzsyxsf", "name": "行政事业性收费", "column_type": "信息公开目录",
          "description": "行政事业性收费项目及其依据、标准"},
         {"path": "zfcg", "name": "政府集中采购", "column_type": "信息公开目录",
          "description": "政府集中采购项目的目录、标准及实施情况"},
         {"path": "zdjsxm", "name": "重大建设项目", "column_type": "信息公开目录",
          "description": "重大建设项目的批准和实施情况"},
         {"path": "msxx", "name": "扶贫、教育、医疗、社会保障、促进就业", "column_type": "信息公开目录",
          "description": "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"},
         {"path": "yjgl", "name": "应急管理", "column_type": "信息公开目录",
          "description": "突发公共事件的应急预案、预警信息及应对情况"},
         {"path": "jdjc", "name": "监督检查", "column_type": "信息公开目录",
          "description": "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"},
         {"path": "rsxx", "name": "人事信息", "column_type": "信息公开目录",
          "description": "公务员招考的职位、名额、报考条件等事项以及录用结果"},
         {"path": "qtxx", "name": "其他法定主动公开信息", "column_type": "信息公开目录",
          "description": "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"},
     ]},
    {"type": "gazette"},
    {"type": "catalog_area"},
    {"type": "new_media"},
    {"type": "reply"},
    {"type": "report"},
    {"type": "interpretation", "children": [{"type": "policy_qa"}]},
    {"path": "lszt", "name": "历史专题", "column_type": "专题专栏", "archived": True,
     "description": "已关闭栏目和往期专题，作为档案保存"},
]


def standard_columns(types: Types) -> list[dict]:
    """The tree with each type's column where the tree names the type; the columns of types it does
    not name (installed packages) go at the top level, before the archive of closed columns."""
    placed: set[str] = set()

    def fill(items: list[dict]) -> list[dict]:
        result = []
        for item in items:
            if "path" not in item:  # a slot: the type's own column, of that type
                placed.add(item["type"])
                item = dict(types.get(item["type"]).column or {}, **item)
            result.append(dict(item, children=fill(item["children"])) if "children" in item else item)
        return result

    tree = fill(STANDARD_COLUMNS)
    others = [dict(t.column, type=t.name) for t in types if t.column and t.name not in placed]
    archive = next(i for i, column in enumerate(tree) if column.get("archived"))
    return tree[:archive] + others + tree[archive:]
