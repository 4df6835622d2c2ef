"""The shipped deploy/nginx.conf, run by Debian's nginx on loopback: every page of the sample site, IPv6 = IPv4."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, read_tree
from web_server import NGINX, serving

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="tests/install.sh installs nginx")


@pytest.fixture
def nginx(tmp_path, cli):
    out = tmp_path / "public"
    run = cli("build", "--site", ROOT, "--out", out)
    assert run.code == 0, run.err
    with serving(out, tmp_path / "nginx") as port:
        yield port, out


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_every_page_is_served_identically_over_ipv6_and_ipv4(nginx):
    port, out = nginx
    files = read_tree(out)
    assert "index.html" in files and "404.html" in files
    for rel, data in files.items():
        path = "/" + urllib.parse.quote(rel)
        six = get(f"http://[::1]:{port}{path}")
        four = get(f"http://127.0.0.1:{port}{path}")
        assert six[0] == four[0] == (404 if rel == "404.html" else 200), rel
        assert six[2] == four[2] == data, rel
        if rel.endswith(".html"):
            assert six[1]["content-type"] == "text/html; charset=utf-8"
            assert six[1]["cache-control"] == ("no-cache" if rel == "404.html" else "public, max-age=300")
        if rel.startswith("static/"):
            assert six[1]["cache-control"] == "public, max-age=604800"


def test_folders_missing_pages_charset_and_compression(nginx):
    port, out = nginx
    for host in ("[::1]", "127.0.0.1"):
        status, headers, body = get(f"http://{host}:{port}/")
        assert status == 200 and body == (out / "index.html").read_bytes()
        status, headers, body = get(f"http://{host}:{port}/no/such/page.html")
        assert status == 404 and body == (out / "404.html").read_bytes()
        assert headers["content-type"] == "text/html; charset=utf-8"
        status, headers, body = get(f"http://{host}:{port}/index.html", **{"Accept-Encoding": "gzip"})
        assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == (out / "index.html").read_bytes()
        status, headers, body = get(f"http://{host}:{port}/catalog.json", **{"Accept-Encoding": "gzip"})
        assert headers["content-type"] == "application/json; charset=utf-8"
        column = next(p.parent.name for p in sorted(out.glob("*/index.html")) if p.parent.name != "static")
        status, headers, _ = get(f"http://{host}:{port}/{column}")
        assert status == 301 and headers["location"] == f"/{column}/"


def test_nothing_whose_name_starts_with_a_dot_is_served(nginx):
    """A cache built beside an output under the root holds unpublished text; a .git copied along holds tokens."""
    port, out = nginx
    for rel in (".gongkai-cache-public/bodies.sqlite", "static/.git/config", "xxgk/.env"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("内部意见", encoding="utf-8")
    (out / ".well-known/acme-challenge").mkdir(parents=True)
    (out / ".well-known/acme-challenge/token").write_text("token", encoding="utf-8")
    for host in ("[::1]", "127.0.0.1"):
        for rel in (".gongkai-cache-public/bodies.sqlite", "static/.git/config", "xxgk/.env", ".gongkai-cache-public/"):
            status, _, body = get(f"http://{host}:{port}/{rel}")
            assert status == 404 and "内部意见".encode() not in body, (host, rel)
        assert get(f"http://{host}:{port}/.well-known/acme-challenge/token")[0] == 200


LINKINATOR = Path(__file__).resolve().parent / ".linkinator" / "node_modules" / ".bin" / "linkinator"


def crawl(start: str) -> list[dict]:
    """Every link linkinator (a crawler nobody here wrote) follows from `start` on the same host, anchors
    and stylesheet URLs included; links to other hosts are skipped (no network in tests). A request that
    got no answer at all (status 0) is tried again: crawling the output of 10,000 documents over nginx, thousands
    of links were called broken that way, and tried again every one of them was found."""
    assert LINKINATOR.exists(), "run bash tests/install.sh to install linkinator"
    host = urllib.parse.urlsplit(start).netloc
    done = subprocess.run([str(LINKINATOR), start, "--recurse", "--check-fragments", "--check-css", "--format", "json",
                           "--concurrency", "8", "--retry-errors", "--retry-errors-count", "3", "--skip", f"^(?!https?://{re.escape(host)}/)"],
                          capture_output=True, text=True, timeout=300, check=False)
    return json.loads(done.stdout)["links"]


@pytest.mark.parametrize("host", ["[::1]", "127.0.0.1"])
def test_a_link_crawler_finds_no_broken_link_or_anchor(nginx, host):
    port, out = nginx
    assert_crawled_whole(f"http://{host}:{port}/", out)


def test_a_link_crawler_finds_no_broken_link_across_a_site_groups_members(tmp_path, cli):
    """The group's pages, and its members' columns linking to each other and to the group's directory."""
    out = tmp_path / "public"
    assert cli("build", "--site", ROOT / "examples/group", "--out", out).code == 0
    with serving(out, tmp_path / "nginx") as port:
        assert_crawled_whole(f"http://[::1]:{port}/", out)


def assert_crawled_whole(start: str, out: Path) -> None:
    """No link or anchor broken, and every published page reached from `start` (so every page was crawled)."""
    links = crawl(start)
    broken = [f"{link['parent']} → {link['url']} ({link['status']})" for link in links if link["state"] == "BROKEN"]
    assert broken == []
    pages = {urllib.parse.unquote(urllib.parse.urlsplit(link["url"]).path) for link in links if link["state"] == "OK"}
    published = {"/" + rel for rel in read_tree(out) if rel.endswith(".html") and not rel.endswith("404.html")}
    assert published - pages == set()  # every page but the not-found ones reached: every page was crawled


def test_over_https_the_443_pair_the_comment_gives_serves_search_over_http2_on_both_families(tmp_path, cli):
    """HTTP/2 fetches the search index's dozens of files at once (docs/admin.md): the lines the shipped block
    gives for port 443 work on Debian's nginx, and Chromium searches through them."""
    from browsing import chromium
    from measure_search import DONE
    out = tmp_path / "public"
    assert cli("build", "--site", ROOT, "--out", out).code == 0
    with serving(out, tmp_path / "nginx", tls=True) as port, chromium() as browser:
        for host in ("[::1]", "127.0.0.1"):
            context = browser.new_context(ignore_https_errors=True)
            page = context.new_page()
            page.goto(f"https://{host}:{port}/search/index.html?q={urllib.parse.quote('生活垃圾治理')}")
            page.wait_for_function(DONE)
            protocols = page.evaluate("performance.getEntriesByType('navigation').concat("
                                      "performance.getEntriesByType('resource')).map(e => e.nextHopProtocol)")
            status = page.inner_text("#search-status")
            context.close()
            assert set(protocols) == {"h2"} and status.startswith("找到"), (host, protocols, status)
