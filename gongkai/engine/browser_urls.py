"""URLs as a browser reads them, so that the checks see the address a reader's browser goes to."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit

_AUTHORITY = re.compile(r"(?:https?:)?[/\\]{2,}", re.I)  # what starts a URL naming a host, as browsers read it


def own(url: str, domain: str) -> SplitResult | None:
    """`url` split as a browser reads it when it names the site at `domain`, else None: tabs and line breaks
    dropped, http(s) or no scheme and any number of “/” or “\\” before the host, its %-escapes, full-width forms,
    case and root's dot read as a resolver reads them, “\\” in the path read as “/”."""
    url = re.sub(r"[\t\n\r]", "", url)
    start = _AUTHORITY.match(url)
    rest = url[start.end():] if start else ""
    path_end = len(re.match(r"[^?#]*", rest).group())
    parts = split("https://" + rest[:path_end].replace("\\", "/") + rest[path_end:])
    if parts is None:
        return None
    host = unicodedata.normalize("NFKC", unquote(parts.hostname or "")).replace("\u3002", ".")
    return parts if start and host.lower().rstrip(".") == domain.rstrip(".") else None


def split(url: str) -> SplitResult | None:
    """`url` split into its parts; None for one no browser can go to (https://[::1/x: a bracket left open)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None
