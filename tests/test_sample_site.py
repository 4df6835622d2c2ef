"""The sample site: builds clean, passes the strict check, leaks nothing, and matches its golden output."""
from __future__ import annotations

import re

import pytest

from conftest import AS_OF, ROOT, read_tree
from gongkai import doctypes
from gongkai.engine.config import load_config
from refresh_golden import GOLDEN, build_sample

#: phrases that appear only in the sample's 依申请公开 and 不予公开 documents
NON_PUBLIC = ["行政执法案卷调阅清单", "案卷调阅清单仅供依申请查阅", "房屋征收补偿分户台账汇总表", "分户台账依申请提供",
              "内部绩效考核评分细则", "内部掌握不得外传", "重要目标防护部署方案", "重要目标防护部署", "neibu-kaohe"]


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "public"
    build_sample(out)
    return out


#: what the sample schedules for a later time (the feedback of the consultation still open, the plan it leads
#: to): noted on every build until then
SCHEDULED = ("content/fdzdgknr/ghxx/2027-ghxx-ylfw.md", "content/fdzdgknr/zdxzjc/yjfk/2026-ylfw-fk.md")


def test_sample_builds_without_warnings(cli, tmp_path):
    run = cli("build", "--out", tmp_path / "public")
    assert run.code == 0, run.err
    assert "0 个错误，0 个警告" in run.out
    notes = run.err.splitlines()
    assert len(notes) == len(SCHEDULED) and all(n.startswith(SCHEDULED) and ": 提示：发布时间 " in n for n in notes), run.err


def test_sample_passes_strict_check(cli):
    run = cli("check", "--strict")
    assert run.code == 0, run.err


@pytest.mark.parametrize("as_of", ["2027-11-20", "2031-06-30"])
def test_sample_passes_strict_check_years_later(cli, as_of):
    """Nothing in the sample decays: the README's first command builds it clean on any later day."""
    run = cli("check", "--strict", "--as-of", as_of)
    assert run.code == 0, run.err
    assert "0 个错误，0 个警告" in run.err


def test_non_public_text_is_in_no_output_file(sample_output):
    assert all((ROOT / "content").rglob("*.md"))
    for path, data in read_tree(sample_output).items():
        text = data.decode("utf-8", "replace")
        assert "neibu" not in path
        for phrase in NON_PUBLIC:
            assert phrase not in text, f"{phrase} in {path}"


def test_sample_non_public_phrases_are_really_in_the_content():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md"))
    for phrase in NON_PUBLIC[:-1]:
        assert phrase in sources, phrase


def test_every_column_and_document_has_a_page(sample_output):
    config, _ = load_config(ROOT, doctypes.registry())
    for column in (c for top in config.columns for c in top.walk()):
        assert (sample_output / column.url).is_file(), column.url
    urls = re.findall(r'"url":"([^"]+)"', (sample_output / "catalog.json").read_text(encoding="utf-8"))
    assert len(urls) >= 40
    for url in urls:
        assert (sample_output / url).is_file(), url
    for page in ("index.html", "gkml/index.html", "404.html"):
        assert (sample_output / page).is_file()


def test_golden_output(sample_output):
    """Refresh with `python3 tests/refresh_golden.py` after an intended change, and review the diff."""
    expected, actual = read_tree(GOLDEN), read_tree(sample_output)
    assert sorted(actual) == sorted(expected)
    changed = [path for path in expected if expected[path] != actual[path]]
    assert changed == [], f"{len(changed)} files differ from tests/golden/sample, e.g. {changed[:5]}"
    assert AS_OF in (ROOT / "tests/refresh_golden.py").read_text(encoding="utf-8")
