"""What the Word reader gives the recogniser: paragraphs (as runs of styled text) and tables."""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.importing.docx_parts import Image


@dataclass
class Span:
    text: str = ""  # "\n" for a soft line break (Shift+Enter)
    bold: bool = False
    italic: bool = False
    link: str = ""
    image: Image | None = None
    footnote: str | None = None  # the footnote's text, at its reference mark
    note: list[Span] = field(default_factory=list)  # the footnote's text with its marks (struck, raised, lowered)
    floating: bool = False  # a picture placed on the page rather than in the line (wp:anchor)
    struck: bool = False  # struck through (w:strike, w:dstrike): the document shows it as taken out
    script: str = ""  # "sup" or "sub": raised or lowered (10⁴, m²)


@dataclass
class Paragraph:
    spans: list[Span] = field(default_factory=list)
    align: str = ""  # Word's jc: center, right, both …
    heading: int = -1  # Word heading style level; 0 for the Title style
    list_kind: str = ""  # bullet / number
    list_level: int = 0
    list_number: int = 0  # the number Word shows for a numbered paragraph (counted as Word counts); 0 for none
    page_start: bool = False  # begins a new page (after a page or section break)
    indent: int = 0  # leading full-width or ordinary spaces, as typed
    #: a 手动目录's entry naming an attachment: (附件2, its title or ""); published only if the file lacks it
    listed: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip(" \u3000\t")

    @property
    def images(self) -> list[Image]:
        return [s.image for s in self.spans if s.image]


@dataclass
class Table:
    rows: list[list[list[Paragraph]]]  # row -> cell -> paragraphs; a merged cell is the same list in each position


Block = Paragraph | Table


class Blocks(list):
    """A file's blocks in reading order, with warnings about what the reader held back from them."""

    def __init__(self, blocks=(), warnings: list[str] | None = None):
        super().__init__(blocks)
        self.warnings: list[str] = warnings or []
        #: why the document must not be published as imported, whatever its 附注 says (text Word covers that the
        #: site would show, say): each holds its 公开属性 back until the editor has looked
        self.held: list[str] = []
