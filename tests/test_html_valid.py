"""Every page of the sample site is valid HTML for the W3C Nu checker (the validator inspections use)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VNU = Path(__file__).resolve().parent / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_checker_reports_no_error_on_any_page(sample_site):
    assert VNU.is_file() and shutil.which("java"), "run bash tests/install.sh to install the Nu checker and Java"
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    assert len(pages) > 60
    done = subprocess.run(["java", "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [f"{m.get('url', '').rsplit('/public/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == []
