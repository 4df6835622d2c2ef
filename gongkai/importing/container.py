"""What kind of container a file named .docx really is, before python-docx opens it.

Word saves a document with an opening password not as a ZIP package but as an OLE compound
file (the container of the old .doc) holding the encrypted package in an "EncryptionInfo" and
an "EncryptedPackage" stream. Both start with the same OLE signature, so telling an editor
“this is an old .doc” would send them to save a file they cannot open as .docx.
"""
from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: the directory entry of the stream an encrypted Office file holds: UTF-16 name, 128-byte entries
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le") + b"\x00\x00"
_ENTRY = 128
_HEADER = 512

PASSWORD = "文件设置了打开密码，无法导入：请在 Word 或 WPS 中取消密码（文件→信息→保护文档）后再导入"


def encrypted(path: Path) -> bool:
    """True for an Office file saved with an opening password (an OLE file with an EncryptionInfo stream)."""
    with open(path, "rb") as handle:
        if handle.read(4) != _OLE_MAGIC:
            return False
        data = handle.read()
    at = data.find(_ENCRYPTION_INFO)
    while at >= 0:
        if (at + 4 - _HEADER) % _ENTRY == 0:  # a directory entry's name, not text of a document
            return True
        at = data.find(_ENCRYPTION_INFO, at + 1)
    return False


TWICE = ("文件中同一部件出现了两次（{names}），无法确定 Word 显示的是哪一份，未导入："
         "请在 Word 或 WPS 中打开，核对内容后“另存为 .docx”再导入")


def twice(path: Path) -> list[str]:
    """The parts a ZIP package holds more than once (OPC names ignore case). python-docx reads the last, and Word
    shows one or refuses the file: what would be published could be what nobody read."""
    try:
        with zipfile.ZipFile(path) as package:
            names = Counter(info.filename.casefold() for info in package.infolist())
    except (OSError, zipfile.BadZipFile):
        return []  # not a package at all: the reader says so
    return sorted(name for name, count in names.items() if count > 1)
