#!/usr/bin/env python3
"""How long `build.py import` takes for N typical 公文 (.docx), each with a merged table, two images,
a footnote, a list and an attachment, imported in one command into a copy of the sample site.

    python3 bench/import_word.py [N]        # default 100

The files are written by tests/gongwen_docx.py; everything goes to a temporary folder.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from gongwen_docx import Gongwen, write  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder, site = Path(tmp) / "received", Path(tmp) / "site"
        folder.mkdir()
        shutil.copytree(ROOT / "content", site / "content")
        shutil.copy(ROOT / "config.yaml", site / "config.yaml")
        for n in range(1, count + 1):  # distinct 发文字号, or all but the first would be refused
            write(folder / f"{n:03d}.docx", replace(Gongwen(), doc_number=f"测政办发〔2021〕{100 + n}号"))
        started = time.perf_counter()
        run = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(folder), "--site", str(site),
                              "--date", "2021-07-02"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        imported = len([line for line in run.stdout.splitlines() if line.startswith("已导入")])
        print(f"{imported} of {count} files imported in {seconds:.2f} s ({seconds / count * 1000:.0f} ms a file), "
              f"exit status {run.returncode}")
        sys.exit(0 if imported == count and run.returncode == 0 else 1)


if __name__ == "__main__":
    main()
