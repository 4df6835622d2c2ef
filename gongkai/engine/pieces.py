"""What the readers of an attachment's text yield besides its text: the mark of what they could not check, and
how they name pages in a line."""
from __future__ import annotations

#: the `where` of a piece that is no text to scan but what a reader could not check, which the editor is warned
#: to check by hand (a PDF's or an OFD's pages that are images only, an embedded object no reader reads)
UNCHECKED = "\0unchecked"
#: how many files deep one embedded in another is read (a Word file in a workbook in a Word file: 2)
NESTED = 3


def page_runs(pages: list[int]) -> str:
    """1、3—5 for pages 1, 3, 4 and 5: a scan of hundreds of pages in a line."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and runs[-1][-1] == n - 1:
            runs[-1][1:] = [n]
        else:
            runs.append([n])
    return "、".join("—".join(map(str, run)) for run in runs)
