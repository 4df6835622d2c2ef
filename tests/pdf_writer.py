"""Small text PDFs written by hand: the sample's 政府公报 issues and the tests' attachments need a real
text layer, not a PDF library. Offsets in the cross-reference table are exact, so readers accept them."""
from __future__ import annotations


#: how a page shows its image: over most of the page (three quarters of its width, five sixths of its height)
SCAN = "q 451 0 0 698 72 72 cm /Im1 Do Q "
#: a form drawn over the whole page (its matrix the page's size) that draws the image over the form's unit square
SCAN_IN_A_FORM = "/Fm1 Do "


def text_pdf(pages: list[list[str]], images: frozenset[int] = frozenset(), drawn: dict[int, str] | None = None) -> bytes:
    """An A4 PDF with the built-in Helvetica font, one list of ASCII lines a page; the pages numbered in
    `images` (from 0) also show an image, as a scanned page does (with no lines, it is one), drawn by SCAN or
    by the operators `drawn` gives for the page (a stamp: "q 80 0 0 80 400 100 cm /Im1 Do Q ")."""
    count = len(pages)
    font, image, form = 3 + 2 * count, 4 + 2 * count, 5 + 2 * count
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count)),
                                                             count)]
    for i, lines in enumerate(pages):
        text = "".join(f"({_escape(line)}) Tj T* " for line in lines)
        picture = (drawn or {}).get(i, SCAN) if i in images else ""
        stream = f"{picture}BT /F1 14 Tf 72 770 Td 20 TL {text}ET".encode("ascii")
        shown = b" /XObject << /Im1 %d 0 R /Fm1 %d 0 R >>" % (image, form) if i in images else b""
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >>%s >> /Contents %d 0 R >>" % (font, shown, 4 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if images:
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
        inside = b"q 1 0 0 1 0 0 cm /Im1 Do Q"
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Matrix [595 0 0 842 0 0] "
                       b"/Resources << /XObject << /Im1 %d 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
                       % (image, len(inside), inside))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _escape(line: str) -> str:
    """A PDF string literal's special characters escaped."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
