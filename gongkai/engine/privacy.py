"""Personal information that must never be published: resident identity numbers and mobile numbers.

Scanned in the text as the editor wrote it (front matter, body and data files), so a
finding points at its own line. Only published documents are scanned; a number the
document lists under `public_contacts` (a published service line) is allowed.
A number may run across a line break inside a paragraph, which the page shows as a space (in a block
quote too: its `>` markers are not shown, nor a list item's indent, but in fenced code they are); a number
found across lines is not found again in a piece of it alone (an ID number's second half is no mobile number);
a file's name
(a page's address, a copied file's) is checked like a text. Messages mask the number so the report itself
does not spread it. Text is compared in
NFKC form, so numbers typed in full-width (１３９…, Ｘ) are found like ASCII ones, and as the page shows
it: character references (&#49;, &nbsp;) read, and what the page does not show between digits left out
(bold or italic markers, inline tags, zero-width characters), so 139**1234**5678 is the number it shows.
"""
from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import re
import unicodedata
from typing import Iterator

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from gongkai.engine.model import Document
from gongkai.problems import Report

#: 18 characters: 17 digits and a check character, or as forms group them (6-8-4 or 4-4-4-4-2, one kind of
#: space or dash throughout); not inside a longer run of letters or digits
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx]|\d{6}([\s-])\d{8}\2\d{3}[0-9Xx]"
                 r"|\d{4}([\s-])\d{4}\3\d{4}\3\d{4}\3\d[0-9Xx])(?![0-9A-Za-z])")
#: 1[3-9] and nine more digits, optional +86 / 86: spaces or dashes between groups, or 3-4-4 with dots or
#: slashes throughout (not a part of a longer dotted number: 1.139.1234.5678), or (139) 1234-5678
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"
                     r"|(?<!\d[./])1[3-9]\d([./])\d{4}\2\d{4}(?![./]?\d)|[(（]1[3-9]\d[)）]\s?-?\d{4}[\s-]?\d{4}(?!\d))")
#: what NFKC turns into the characters of a number: full-width digits, Ｘ, ＋ and －; a line without
#: them is scanned as it is (normalising every line of Chinese text would cost a tenth of a build)
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff38\uff58\uff0b\uff0d]")
#: what the page does not show between the digits of a number: Markdown's emphasis and code markers, a
#: backslash escape, inline tags, soft hyphens and zero-width characters
_UNSHOWN = re.compile(r"(?<=[\d\s-])(?:[*_~`\\\u00ad\u200b-\u200d\u2060\ufeff]|"
                      r"</?(?:b|strong|i|em|u|s|span|font|mark|small|big|code|del|ins|a)\b[^<>]*>)+(?=[\dXx\s-])")
#: a number the page shows whole but the source writes otherwise: a character reference, or a digit followed
#: by markup or a character the page does not show (an underscore between digits is none: it is shown)
_DISGUISED = re.compile(r"&#|\d(?:[*~`\\<&\u00ad\u200b-\u200d\u2060\ufeff]|_(?!\d))")
#: whatever may hold a number, in one pass over a whole text: what every match of _ID and _MOBILE holds
#: (without the lookarounds, which cost most of a pass), a full-width character, a disguised number, or a
#: line break a number may run across (_across); a text with none has no number to look for line by line
_CANDIDATE = re.compile(r"[\uff10-\uff19\uff38\uff58\uff0b\uff0d]|&#|[(（]1[3-9]\d[)）]|"
                        r"\d(?:\d{16}[0-9Xx]|\d{5}[\s-]\d{8}[\s-]\d{3}[0-9Xx]|\d{3}(?:[\s-]\d{4}){3}[\s-]\d[0-9Xx]|"
                        r"(?<=1)[3-9]\d(?:(?:[\s-]?\d{4}){2}|(?:[./]\d{4}){2})|[*~`\\<&\u00ad\u200b-\u200d\u2060\ufeff]|_(?!\d))|"
                        r"\n(?<=(?:[\d\-./(（)）]|[^\S\n])\n)[^\S\n]*(?:>[^\S\n]*)*(?:[\dXx]|[\-./]\d|[)）]\s?-?\d)")
#: a block quote's markers at the start of a line, at any depth (`> `, `>>`, `> > `)
_QUOTED = re.compile(r"(?:[^\S\n]*>)+")
#: what to do about a number: in a text, and in a file's name (a page's address, a copied file's)
DELETE, RENAME = "请删除或隐去", "请重命名文件，去掉其中的号码"
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def valid_id_number(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character and a real birth date (credit codes fail one or the other)."""
    number = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    if _CHECK[total % 11] != number[17]:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year


def digits(value: str) -> str:
    """A phone number reduced to its digits without the +86 prefix, for comparing with public_contacts."""
    only = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(value)))
    return only[2:] if len(only) == 13 and only.startswith("86") else only


def mask(number: str) -> str:
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    return number[:3] + "****" + number[7:]


def masked(text: str) -> str:
    """`text` with each identity or mobile number in it masked, for a message that names where a number was found:
    a sheet or a bookmark named after a person is a place, and its number is no more to be shown there than the
    one found."""
    if not _CANDIDATE.search(text):
        return text
    end_of_last = len(text)
    for start, end, _, code in sorted(_numbers(text, set(), DELETE), reverse=True):
        if end <= end_of_last:  # numbers of two kinds over the same digits: the later one masked
            found = text[start:end]
            number = digits(found) if code == "privacy-mobile" else re.sub(r"[\s-]", "", found).upper()
            text = text[:start] + mask(number) + text[end:]
            end_of_last = start
    return text


def findings(text: str, allowed: list[str], joined: bool = True, fix: str = DELETE) -> list[tuple[int, str, str]]:
    """(line offset within `text`, message, code) for every identity or mobile number not in `allowed`.
    `joined`: the lines of a paragraph are one on the page (Markdown's soft line break), so a number may run
    across them; `fix`: what the message asks for."""
    if not _CANDIDATE.search(text):
        return []  # most texts: no line can hold a number
    return _by_line(text, allowed, joined, fix)


def _by_line(text: str, allowed: list[str], joined: bool = True, fix: str = DELETE) -> list[tuple[int, str, str]]:
    permitted = {digits(v) for v in allowed} | {unicodedata.normalize("NFKC", str(v)).strip().upper() for v in allowed}
    lines = [_shown(line) for line in text.split("\n")]
    across, taken = _across(lines, permitted, fix) if joined else ([], {})
    found = [(offset, message, code) for offset, line in enumerate(lines)
             for start, end, message, code in _numbers(line, permitted, fix)
             if not any(s < end and start < e and c != code for s, e, c in taken.get(offset, ()))]
    return found + [finding for finding in across if finding not in found]


def _shown(line: str) -> str:
    """A line as the page shows it (per line: line numbers stay those of the source)."""
    if _DISGUISED.search(line):
        line = _UNSHOWN.sub("", html.unescape(line))
    if _FULL_WIDTH.search(line):
        line = unicodedata.normalize("NFKC", line)
    return line


def _numbers(text: str, permitted: set[str], fix: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, message, code) of each number in `text` not permitted."""
    for match in _ID.finditer(text):
        number = re.sub(r"[\s-]", "", match.group(1)).upper()
        if valid_id_number(number) and number not in permitted:
            yield (*match.span(1), f"含有居民身份证号码 {mask(number)}，个人信息不得公开，{fix}"
                                   "（如确需公开，请在公开联系方式 public_contacts 中列出）", "privacy-id")
    for match in _MOBILE.finditer(text):
        number = digits(match.group(1))
        if number not in permitted:
            yield (*match.span(1), f"含有手机号码 {mask(number)}，个人信息不得公开，{fix}；"
                                   "公开的服务电话请列在公开联系方式（public_contacts）中", "privacy-mobile")


def _across(lines: list[str], permitted: set[str], fix: str) -> tuple[list[tuple[int, str, str]], dict]:
    """Numbers that run across a line break inside a paragraph, at the line where each starts; and what each
    takes of each line ({line: [(start, end, code)]}), which is not a number of another kind alone. The page
    puts a space where the break is, which a reader's eye skips: both are tried."""
    found: list[tuple[int, str, str]] = []
    taken: dict[int, list[tuple[int, int, str]]] = {}
    for first, paragraph in _paragraphs(lines):
        pieces = [line.strip() for line in paragraph]
        columns = [lines[first + n].find(piece) for n, piece in enumerate(pieces)]  # after what is not shown
        for glue in ("", " "):
            starts = list(itertools.accumulate((len(p) + len(glue) for p in pieces[:-1]), initial=0))
            for start, end, message, code in _numbers(glue.join(pieces), permitted, fix):
                line, last = bisect.bisect_right(starts, start) - 1, bisect.bisect_right(starts, end - 1) - 1
                if last == line:
                    continue
                for n in range(line, last + 1):
                    taken.setdefault(first + n, []).append(
                        (columns[n] + max(start - starts[n], 0), columns[n] + min(end - starts[n], len(pieces[n])), code))
                if (first + line, message, code) not in found:
                    found.append((first + line, message, code))
    return found, taken


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(offset of its first line, its lines without block-quote markers) of each paragraph of two or more lines
    as the page shows it: a run of lines that are not blank. A line quoted deeper than the paragraph's first
    starts one of its own (a quote after text, or within a quote); one quoted less or not at all goes on with
    it, as Markdown's lazy continuation does. In fenced code a line's `>` is shown: it is no quote marker."""
    run: list[str] = []
    depth = 0
    code = _fenced(lines)
    for offset, line in enumerate([*lines, ""]):
        markers = None if offset in code else _QUOTED.match(line)
        level = markers.group(0).count(">") if markers else 0
        shown = line[markers.end():] if markers else line
        if shown.strip() and run and level <= depth:
            run.append(shown)
            continue
        if len(run) > 1:
            yield offset - len(run), run
        run, depth = ([shown], level) if shown.strip() else ([], 0)


def _fenced(lines: list[str]) -> set[int]:
    """The offsets of the lines of fenced code blocks (``` or ~~~, their fences too), found as the page's
    Markdown finds them."""
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return set()
    code: set[int] = set()
    for block in FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(text):
        first = text.count("\n", 0, block.start())
        code.update(range(first, first + text.count("\n", block.start(), block.end()) + 1))
    return code


def scan(text: str, path: str, allowed: list[str], report: Report, first_line: int = 1, joined: bool = True) -> None:
    """Report every identity or mobile number in `text`, whose first line is line `first_line` of `path`
    (`joined`: as in findings)."""
    for offset, message, code in findings(text, allowed, joined):
        report.error(path, first_line + offset, message, code)


def scan_names(doc: Document, text: str, report: Report) -> None:
    """Report every number in the names of a document's file (line 1) and of the files its body links to (at
    the link), which are published as they are: its page's address in sitemap.xml, catalog.json, the feeds and
    listings; a copied file's, images' among them. A linked name the text holds in full was scanned with it (a
    data file's, with the data file); one it does not (`%31%33….png`) is checked here."""
    allowed = doc.meta["public_contacts"]
    for _, message, code in findings(doc.path + ".md", allowed, fix=RENAME):
        report.error(doc.source, 1, "文件名" + message, code)
    own = set(doc.path.split("/"))
    for link in doc.links:
        found = [] if link.is_document or link.member or link.source else findings(link.target, allowed, fix=RENAME)
        if found and not all(part in own or part in text for part in link.target.split("/")):
            for _, message, code in found:
                report.error(doc.source, link.line, "链接的文件名" + message, code)
