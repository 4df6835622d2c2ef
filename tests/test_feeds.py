"""Atom feeds, sitemap.xml and robots.txt: absolute URLs, only published documents, the same bytes every build;
every feed of the sample site as a feed reader (feedparser) reads it."""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from conftest import BASE_CONFIG, doc, normative, read_tree, site_tree

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONFIG = BASE_CONFIG.replace('  police_record: 皖公网安备34000000000001号\n',
                             '  police_record: 皖公网安备34000000000001号\n  base_path: /xxgk/\n')
BASE = "https://www.test.gov.cn/xxgk/"
FILES = {
    "content/gfxwj/2024-bf.md": normative("关于印发测试县保障办法的通知", 1, date="2024-05-06 09:30",
                                          summary="保障办法的概述"),
    "content/gfxwj/fzsx/2021-old.md": normative("关于印发测试县旧办法的通知", 2, 2021, validity="废止"),
    "content/zcjd/2024-jd.md": doc("测试县保障办法解读", 3, form="文字", interprets="gfxwj/2024-bf"),
    "content/qtxx/2024-sq.md": doc("依申请公开的台账汇总表", 4, disclosure="依申请公开", date="2024-12-30"),
    "content/qtxx/2024-bm.md": doc("不予公开的部署方案", 5, disclosure="不予公开", withheld_reason="涉及国家秘密",
                                   date="2024-12-31"),
}


def entries(xml: bytes) -> list[tuple[str, str]]:
    feed = ET.fromstring(xml)
    return [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href")) for e in feed.iter(f"{ATOM}entry")]


def built(site, cli, name="site"):
    root = site(FILES, CONFIG, name=name)
    out = root / "public"
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 0, run.err
    return out


def test_site_feed_lists_every_published_document_newest_first_with_absolute_urls(site, cli):
    out = built(site, cli)
    feed = ET.fromstring((out / "feeds/all.xml").read_bytes())
    assert feed.findtext(f"{ATOM}id") == BASE + "feeds/all.xml"
    assert feed.findtext(f"{ATOM}updated") == "2024-05-06T09:30:00+08:00"  # the newest document, not the build time
    assert entries((out / "feeds/all.xml").read_bytes()) == [
        ("关于印发测试县保障办法的通知", BASE + "gfxwj/2024-bf.html"),
        ("测试县保障办法解读", BASE + "zcjd/2024-jd.html"),
        ("关于印发测试县旧办法的通知", BASE + "gfxwj/fzsx/2021-old.html"),
    ]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.findtext(f"{ATOM}summary") == "保障办法的概述"
    assert first.find(f"{ATOM}category").get("label") == "规范性文件"


def test_each_column_has_a_feed_with_its_own_and_its_childrens_documents(site, cli):
    out = built(site, cli)
    assert [t for t, _ in entries((out / "feeds/gfxwj.xml").read_bytes())] == [
        "关于印发测试县保障办法的通知", "关于印发测试县旧办法的通知"]
    assert [t for t, _ in entries((out / "feeds/gfxwj.fzsx.xml").read_bytes())] == ["关于印发测试县旧办法的通知"]
    column_page = (out / "gfxwj/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="测试县人民政府政府信息公开：规范性文件" ' \
           'href="../feeds/gfxwj.xml">' in column_page
    assert 'href="../feeds/all.xml"' in column_page


def test_sitemap_and_robots_use_absolute_urls_under_base_path(site, cli):
    out = built(site, cli)
    urls = [u.findtext(f"{SITEMAP}loc") for u in ET.fromstring((out / "sitemap.xml").read_bytes())]
    assert BASE + "index.html" in urls and BASE + "gkml/index.html" in urls and BASE + "gfxwj/2024-bf.html" in urls
    assert BASE + "404.html" not in urls
    assert all(u.startswith(BASE) for u in urls)
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots and "Allow: /xxgk/" in robots


def test_no_feed_or_map_mentions_a_non_public_document(site, cli):
    out = built(site, cli)
    for rel, data in read_tree(out).items():
        if rel.endswith((".xml", ".txt")):
            text = data.decode("utf-8")
            assert "台账汇总表" not in text and "部署方案" not in text and "2024-sq" not in text, rel


def test_feeds_and_maps_are_the_same_bytes_every_build(site, cli):
    first, second = built(site, cli, "one"), built(site, cli, "two")
    for rel in ["feeds/all.xml", "feeds/gfxwj.xml", "sitemap.xml", "robots.txt"]:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_a_column_without_documents_has_no_feed_and_advertises_none(site, cli):
    out = built(site, cli)  # 其他信息 holds only documents that are not public
    assert not (out / "feeds/qtxx.xml").exists()
    page = (out / "qtxx/index.html").read_text(encoding="utf-8")
    assert "feeds/qtxx.xml" not in page
    assert 'href="../feeds/all.xml"' in page
    assert "其他信息（Atom）" not in page and "全部信息（Atom）" in page


def test_a_site_without_documents_has_no_feed_at_all(site, cli):
    root = site({"content/qtxx/index.md": "---\ntitle: 其他\n---\n介绍。\n"}, CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert not (root / "public/feeds").exists()
    for rel in ["index.html", "qtxx/index.html", "404.html", "search/index.html", "gkml/index.html"]:
        page = (root / "public" / rel).read_text(encoding="utf-8")
        assert "application/atom+xml" not in page and "Atom）" not in page, rel


def test_the_first_document_brings_the_feed_links_to_every_page(site, cli, tmp_path):
    root = site({"content/qtxx/index.md": "---\ntitle: 其他\n---\n介绍。\n"}, CONFIG)
    assert cli("build", "--site", root).code == 0
    (root / "content/gfxwj/a.md").parent.mkdir()
    (root / "content/gfxwj/a.md").write_text(normative("首个文件", 1), encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    clean = site({"content/qtxx/index.md": "---\ntitle: 其他\n---\n介绍。\n",
                  "content/gfxwj/a.md": normative("首个文件", 1)}, CONFIG, name="clean")
    assert cli("build", "--site", clean).code == 0
    assert site_tree(root / "public") == site_tree(clean / "public")


def test_a_feed_reader_reads_every_feed_the_sample_sites_pages_advertise(sample_site):
    """feedparser, as subscribers' readers parse: well-formed Atom, each entry a published page, newest first."""
    base = "https://www.example.gov.cn/"
    advertised = {(sample_site / href[1:] if href.startswith("/") else page.parent / href).resolve()  # 404.html: from /
                  for page in sample_site.rglob("*.html")
                  for href in re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"',
                                         page.read_text(encoding="utf-8"))}
    feeds = sorted(sample_site.glob("feeds/*.xml"))
    assert len(feeds) > 10 and advertised == {f.resolve() for f in feeds}
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.get("bozo_exception"))
        assert feed.version == "atom10" and feed.feed.title.startswith("示例县人民政府政府信息公开")
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == base + f"feeds/{path.name}" and _published(sample_site, base, links["alternate"])
        assert 0 < len(feed.entries) <= 50
        assert len({entry.id for entry in feed.entries}) == len(feed.entries)
        for entry in feed.entries:
            assert entry.title and entry.id == entry.link and _published(sample_site, base, entry.link), entry.link
            assert entry.published_parsed is not None and entry.author
        updated = [time.mktime(entry.updated_parsed) for entry in feed.entries]
        assert updated == sorted(updated, reverse=True), path.name


def _published(out: Path, base: str, url: str) -> bool:
    return url.startswith(base) and (out / url[len(base):]).is_file()
