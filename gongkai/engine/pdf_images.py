"""How much of a PDF page its images cover: a page with a line or two of text over a picture of the whole page
is a scan with a typed header or a stamp, whose picture no text reader checks (attachment_text warns).

Where an image is drawn is the transformation in force when the content stream draws it (`cm`, saved and
restored by `q` and `Q`, through the forms it draws with their own matrix); pypdf parses the stream, the
placement is worked out here. Only pages with little text are measured, so the second reading of their
content stream is rare.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import pypdf
    from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as a PDF writes it
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: forms drawn within forms: deeper is no page a scanner or office program writes
_DEPTH = 8


def cover(page: pypdf.PageObject) -> float:
    """The share of the page's visible area (its crop box) that its images cover, from 0 to 1 (images drawn
    over each other counted each)."""
    box = page.cropbox
    left, bottom, right, top = float(box.left), float(box.bottom), float(box.right), float(box.top)
    area = (right - left) * (top - bottom)
    content = page.get_contents()
    if area <= 0 or content is None:
        return 0.0
    covered = 0.0
    for a, b, c, d, e, f in _drawn(content, _value(page, "/Resources"), _IDENTITY, 0):
        xs, ys = (e, a + e, c + e, a + c + e), (f, b + f, d + f, b + d + f)  # the unit square, placed
        width = min(max(xs), right) - max(min(xs), left)
        height = min(max(ys), top) - max(min(ys), bottom)
        covered += max(width, 0.0) * max(height, 0.0)
    return min(covered / area, 1.0)


def _drawn(content: ContentStream, resources: dict | None, ctm: Matrix, depth: int) -> Iterator[Matrix]:
    """The transformation each image of a content stream is drawn with (an image fills the unit square)."""
    from pypdf.generic import ContentStream
    saved: list[Matrix] = []
    xobjects = _value(resources, "/XObject", {})
    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q" and saved:
            ctm = saved.pop()
        elif operator == b"cm" and len(operands) == 6:
            ctm = _times(tuple(float(x) for x in operands), ctm)
        elif operator == b"INLINE IMAGE":
            yield ctm
        elif operator == b"Do" and operands and operands[0] in xobjects:
            drawn = _value(xobjects, operands[0])
            if _value(drawn, "/Subtype") == "/Image":
                yield ctm
            elif _value(drawn, "/Subtype") == "/Form" and depth < _DEPTH:
                written = _value(drawn, "/Matrix")
                matrix = tuple(float(_value(written, n)) for n in range(6)) if written is not None else _IDENTITY
                yield from _drawn(ContentStream(drawn, content.pdf), _value(drawn, "/Resources", resources),
                                  _times(matrix, ctm), depth + 1)


def _value(holder: Any, key: Any, default: Any = None) -> Any:
    """A dictionary's (or an array's) value, followed when the file refers to it elsewhere (`12 0 R`)."""
    value = holder[key] if isinstance(holder, list) else holder.get(key) if holder is not None else None
    return default if value is None else value.get_object()


def _times(m: tuple[float, ...], n: Matrix) -> Matrix:
    """m × n: `m` applied first, as `cm` concatenates to the current transformation."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])
