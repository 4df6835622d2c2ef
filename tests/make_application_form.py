#!/usr/bin/env python3
"""Write the default theme's 政府信息公开申请表 (static/yssqgk/zfxxgksqb.docx) from the fields the
printable page shows (gongkai/doctypes/application.FORM), so the two never differ.

    python3 tests/make_application_form.py

A minimal WordprocessingML package written by hand: a title, and one bordered two-column table per
part of the form. Fixed timestamps, so running it again writes the same bytes.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.doctypes.application import FORM, FORM_TITLE  # noqa: E402
from gongkai.engine.config_schema import DEFAULT_FORM  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"""
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def run(text: str, size: int = 24, bold: bool = False) -> str:
    """A run of text in 宋体 at `size` half-points."""
    props = f'<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/>'
    return f"<w:r><w:rPr>{props}</w:rPr><w:t>{escape(text)}</w:t></w:r>"


def paragraph(text: str, size: int = 24, bold: bool = False, centred: bool = False) -> str:
    align = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centred else ""
    return f"<w:p>{align}{run(text, size, bold)}</w:p>"


def cell(content: str, width: int) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def table(heading: str, fields: tuple[str, ...]) -> str:
    rows = [f'<w:tr>{cell(paragraph(heading, bold=True), 9000)}</w:tr>'.replace(
        "<w:tcPr>", '<w:tcPr><w:gridSpan w:val="2"/>', 1)]
    rows += [f"<w:tr><w:trPr><w:trHeight w:val=\"560\"/></w:trPr>{cell(paragraph(f), 3200)}{cell('<w:p/>', 5800)}</w:tr>"
             for f in fields]
    grid = '<w:tblGrid><w:gridCol w:w="3200"/><w:gridCol w:w="5800"/></w:tblGrid>'
    return (f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>{BORDERS}</w:tblBorders></w:tblPr>'
            f"{grid}{''.join(rows)}</w:tbl>{paragraph('')}")


def document() -> str:
    body = paragraph(FORM_TITLE, size=36, bold=True, centred=True)
    body += "".join(table(heading, fields) for heading, fields in FORM)
    body += paragraph("注：申请表填好后，可当面提交、邮寄或通过网上渠道提交；受理机构、地址和电话见本机关网站“依申请公开”栏目。", size=21)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
            'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>')


def main() -> None:
    target = ROOT / "static" / DEFAULT_FORM
    target.parent.mkdir(parents=True, exist_ok=True)
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document(),
             "word/_rels/document.xml.rels": DOCUMENT_RELS}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2019, 5, 15, 0, 0, 0)), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    print(f"wrote static/{DEFAULT_FORM} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
