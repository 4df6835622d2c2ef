#!/usr/bin/env python3
"""Write the sample site's 政府公报 PDFs (content/zfgb/*.pdf): one small page per issue.

    python3 tests/make_gazette_pdfs.py

A minimal PDF written by hand (one page, the built-in Helvetica font, ASCII text), so the
sample needs no PDF library and each file stays about a kilobyte. Running it again writes
the same bytes.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: file name -> lines of the issue's cover page
ISSUES = {
    "2025-01.pdf": ["Shili County People's Government Gazette", "2025, Issue 1", "Published 2025-03-20",
                    "Contents: normative documents of 2021-2023; notices."],
    "2025-02.pdf": ["Shili County People's Government Gazette", "2025, Issue 2", "Published 2025-09-18",
                    "Contents: talent measures; personnel notices."],
    "2026-01.pdf": ["Shili County People's Government Gazette", "2026, Issue 1", "Published 2026-07-16",
                    "Contents: amendment of the minimum living allowance rules."],
    "2026-02.pdf": ["Shili County People's Government Gazette", "2026, Issue 2", "Published 2026-10-29",
                    "Contents: rural household waste management measures."],
}


def pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing `lines`, with a correct cross-reference table."""
    text = "".join(f"({_escape(line)}) Tj T* " for line in lines)
    stream = f"BT /F1 14 Tf 72 770 Td 20 TL {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
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


def main() -> None:
    folder = ROOT / "content" / "zfgb"
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in ISSUES.items():
        (folder / name).write_bytes(pdf(lines))
        print(f"wrote content/zfgb/{name}")


if __name__ == "__main__":
    main()
