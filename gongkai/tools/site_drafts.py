"""The two pages every 政府信息公开专栏 must have, as init writes them: drafts with their sections.

The sections of the 指南 follow Article 12 of the 政府信息公开条例 (2019): what is published and how,
where and how to apply, the time limits and fees, and the remedies. What the law fixes is written out;
what only the county knows is marked 【请填写：…】. Both are drafts (`draft: true`), so nothing is
published before someone has filled them in and removed that line.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Draft:
    column: str  # its column in the default tree
    name: str  # its file name after the year
    title: str  # {name}: the site's name, {of}: 政府 unless the name ends with it (人民政府信息公开指南)
    body: str


GUIDE = Draft("zfxxgkzn", "gkzn", "{name}{of}信息公开指南", """\
为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。\
需要获得{name}政府信息公开服务的公民、法人或者其他组织，建议阅读本指南。

## 一、主动公开

### （一）公开范围

{name}主动公开《条例》第十九条、第二十条规定的政府信息，具体内容见本专栏“法定主动公开内容”等栏目。

### （二）公开方式

1. {name}门户网站政府信息公开专栏（主要渠道）；
2. 【请填写：政府公报、新闻发布会、政务新媒体等其他公开方式】；
3. 【请填写：政府信息查阅场所的名称和地址】。

### （三）公开时限

属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。

## 二、依申请公开

### （一）受理机构

| 项目 | 内容 |
|---|---|
| 受理机构 | 【请填写】 |
| 办公地址 | 【请填写】 |
| 邮政编码 | 【请填写】 |
| 办公时间 | 【请填写】 |
| 咨询电话 | 【请填写】 |

### （二）申请方式

1. **当面申请：** 到受理机构填写政府信息公开申请表，并出示有效身份证件；
2. **信函申请：** 将申请表邮寄至受理机构，信封左下角注明“政府信息公开申请”字样；
3. **网上申请：** 【请填写：网上申请的网址；没有网上申请渠道的删去这一项】。

申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的\
其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。

### （三）办理程序和时限

1. 能够当场答复的，当场予以答复；
2. 不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人\
同意并告知申请人，延长的期限最长不得超过20个工作日；
3. 申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人作出补正。

### （四）收费

行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，\
可以按照国务院办公厅《政府信息公开信息处理费管理办法》收取信息处理费。

## 三、监督和救济

公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向\
【请填写：投诉、举报的受理机关和电话】投诉、举报，也可以依法申请行政复议或者提起行政诉讼。
""")

RULES = Draft("zfxxgkzd", "gkzd", "{name}{of}信息公开工作制度", """\
为规范{name}政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。

## 一、工作机构

【请填写：政府信息公开工作的主管部门、工作机构及其职责】

## 二、主动公开

【请填写：主动公开的范围、程序、时限和发布渠道】

## 三、依申请公开

【请填写：申请的受理、登记、办理、答复和归档程序】

## 四、保密审查

【请填写：公开前保密审查的责任主体、审查内容和程序】

## 五、监督和考核

【请填写：工作考核、社会评议和责任追究的办法】
""")
