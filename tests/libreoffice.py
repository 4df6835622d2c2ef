"""LibreOffice converting a file for the scripts that make the legacy Office fixtures (tests/make_legacy_*.py):
CI has no LibreOffice, so what it writes is kept in tests/legacy/."""
from __future__ import annotations

import subprocess
from pathlib import Path


def convert(source: Path, kind: str, folder: Path) -> Path:
    """`source` converted by LibreOffice (its own profile in `folder`, so another running copy is no matter)."""
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", kind, "--outdir", str(folder / kind), str(source)],
                   check=True, capture_output=True, timeout=120)
    return folder / kind / f"{source.stem}.{kind}"
