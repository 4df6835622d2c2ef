"""The versions a PDF keeps of itself. A PDF edited and saved as an update (an incremental save: how Acrobat saves
a signed file or a filled-in form, and many editors save any change) appends what changed and keeps all it held
before, so text deleted or covered since is still in the file, and any PDF reader or a text editor shows it. The
file as each earlier save left it is the file up to the end of that save (its `%%EOF`), a PDF of its own.
"""
from __future__ import annotations

import re

#: the end of a save: where its cross-reference starts and the marker (a stream may hold "%%EOF" too: a CMap's
#: resource ends so), then the line ends and padding writers leave after it
_END = re.compile(rb"startxref\s+\d+\s+%%EOF[ \t\r\n\x00]*")
#: a linearized file ("fast web view") ends its first page's part with a marker of its own: no save of its own
_LINEARIZED = b"/Linearized"


def earlier(data: bytes) -> list[bytes]:
    """The file as each save before its last left it, oldest first."""
    ends = [found.end() for found in _END.finditer(data)]
    if _LINEARIZED in data[:1024]:
        ends = ends[1:]
    return [data[:end] for end in ends[:-1]]
