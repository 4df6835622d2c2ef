"""What a rendered page links to, as the link check reads it: a plain relative link, the most common kind
by far, is taken by a shorter route than one with a query, a fragment or an escape, and must land on the
same file."""
from __future__ import annotations

import posixpath

from hypothesis import given, strategies as st

from gongkai.checks.links import scan

NAMES = st.sampled_from(["a", "b", "..", ".", "x.html", "文件", "..x", "~y", "t2024_1.html", "a-b_c"])
PAGES = st.lists(st.sampled_from(["normative", "a", "b", "gkml"]), max_size=3).map(
    lambda folders: posixpath.join(*folders, "index.html"))


def _targets(page: str, url: str) -> list[str]:
    return [target for target, _ in scan(page, f'<a href="{url}">x</a>'.encode(), "content/x.md", "/").links]


@given(PAGES, st.lists(NAMES, min_size=1, max_size=5).map("/".join))
def test_a_plain_link_names_the_file_the_same_link_with_a_query_names(page, url):
    assert _targets(page, url) == _targets(page, f"{url}?v=1")


def test_a_listing_links_to_its_documents_from_its_own_folder():
    html = "".join(f'<li><a href="../normative/t{i}.html">文件{i}</a></li>' for i in range(3)).encode()
    found = scan("normative/wjk.html", html + b'<a href="./">x</a><a href="../feeds/all.xml">y</a>', "o", "/")
    assert [target for target, _ in found.links] == ["normative/t0.html", "normative/t1.html", "normative/t2.html",
                                                     "normative/index.html", "feeds/all.xml"]
