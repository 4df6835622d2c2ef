#!/usr/bin/env python3
"""Deterministic generator of a benchmark site group: one 本级, D 部门 and T 乡镇 members, N documents in all.

    python3 bench/gen_group.py N OUT [--departments 40] [--towns 15] [--seed S]

Writes OUT/group.yaml and one member folder each (xzf/, bm/bmNN/, xz/xzNN/) made by gen_site with a seed of
its own; a member's config.yaml keeps only its columns and the issuing organs its 索引号 name
(site.other_org_codes), the rest it inherits from group.yaml. Member sizes
are spread unevenly (a few large departments, many small ones) between 100 and 2,000 documents where N allows.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import gen_site

GROUP = """\
name: 抚顺县政府信息公开平台
base_path: /
site:
  domain: www.example.gov.cn
  site_id: "2104210001"
  organization: 抚顺县人民政府办公室
  icp: 辽ICP备00000000号
  police_record: 辽公网安备21042100000000号
members:
"""
MEMBER = "  - path: {path}\n    name: {name}\n    kind: {kind}\n    org_code: {code}\n"


def members(departments: int, towns: int) -> list[tuple[str, str, str]]:
    """(path, name, kind) of every member, the county itself first."""
    found = [("xzf", "抚顺县人民政府", "本级")]
    found += [(f"bm/bm{i:02d}", f"抚顺县第{gen_site.cn(i)}部门", "部门") for i in range(1, departments + 1)]
    found += [(f"xz/xz{i:02d}", f"抚顺县第{gen_site.cn(i)}乡镇", "乡镇（街道）") for i in range(1, towns + 1)]
    return found


def sizes(total: int, count: int, seed: str) -> list[int]:
    """`count` member sizes adding up to `total`, skewed, each within 100..2,000 when the total allows."""
    rng = random.Random(seed)
    weights = [rng.paretovariate(1.2) for _ in range(count)]
    low, high = min(100, total // count), max(2000, -(-total // count))
    shares = [min(high, max(low, int(total * w / sum(weights)))) for w in weights]
    step = 1 if sum(shares) < total else -1
    i = 0
    while sum(shares) != total:  # hand out the rounding, within the bounds
        if low <= shares[i % count] + step <= high:
            shares[i % count] += step
        i += 1
    return shares


def generate_group(total: int, out: Path, departments: int = 40, towns: int = 15,
                   seed: str = gen_site.DEFAULT_SEED) -> dict:
    """Write the group and return its manifest: each member's path and document count."""
    listed = members(departments, towns)
    counts = sizes(total, len(listed), seed)
    text = GROUP
    for k, ((path, name, kind), n) in enumerate(zip(listed, counts)):
        folder = out / path
        gen_site.generate(n, str(folder), f"{seed}:{path}", force=True)
        config = (folder / "config.yaml").read_text(encoding="utf-8")
        organs = next(line for line in config.splitlines() if line.lstrip().startswith("other_org_codes:"))
        (folder / "config.yaml").write_text(f"site:\n{organs}\n" + config[config.index("columns:"):], encoding="utf-8")
        text += MEMBER.format(path=path, name=name, kind=kind, code=gen_site.credit_code(1000 + k))
    (out / "group.yaml").write_text(text, encoding="utf-8")
    manifest = {"total": total, "members": dict(zip((m[0] for m in listed), counts))}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="documents in all")
    ap.add_argument("out", type=Path, help="group folder")
    ap.add_argument("--departments", type=int, default=40)
    ap.add_argument("--towns", type=int, default=15)
    ap.add_argument("--seed", default=gen_site.DEFAULT_SEED)
    a = ap.parse_args()
    manifest = generate_group(a.n, a.out, a.departments, a.towns, a.seed)
    print(json.dumps(manifest, ensure_ascii=False), file=sys.stdout)


if __name__ == "__main__":
    main()
