#!/usr/bin/env python3
"""Write the sample site's 政府公报 PDFs (content/zfgb/*.pdf): one small page per issue.

    python3 tests/make_gazette_pdfs.py

A minimal PDF written by hand (tests/pdf_writer.py: one page, the built-in Helvetica font, ASCII
text), so the sample needs no PDF library and each file stays about a kilobyte. Running it again writes
the same bytes.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdf_writer import text_pdf  # noqa: E402

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


def main() -> None:
    folder = ROOT / "content" / "zfgb"
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in ISSUES.items():
        (folder / name).write_bytes(text_pdf([lines]))
        print(f"wrote content/zfgb/{name}")


if __name__ == "__main__":
    main()
