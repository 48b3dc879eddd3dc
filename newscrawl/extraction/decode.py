"""Bytes to text without mojibake: UTF-8 if it is UTF-8, else what the page says, else a guess.

Strict UTF-8 goes first because it almost never decodes anything else by accident, while a
declared charset is often wrong (a page saved as UTF-8 that still says ISO-8859-1).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What browsers actually use for these labels (WHATWG Encoding Standard).
_BROWSER_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text; `declared` is the charset the server announced, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    text = _utf8(data) or _mostly_utf8(data)
    if text is not None:
        return text
    for label in (*_declared_in_page(data), declared):
        text = _try_decode(data, label)
        if text is not None:
            return text
    return _guess(data)


def _utf8(data: bytes) -> str | None:
    """Strict UTF-8, tolerating only a multi-byte character cut off by a truncated download."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3 or error.reason != "unexpected end of data":
            return None
        return data[: error.start].decode("utf-8")


def _mostly_utf8(data: bytes) -> str | None:
    """A UTF-8 page with some Windows-1252 (or Latin-1) bytes in it, read run by run.

    A UTF-8 template around text pasted from an older system gives bytes that are no UTF-8
    ("Gr\\xfc\\xdfe" inside an otherwise UTF-8 page). Where the page's valid multi-byte UTF-8
    characters outnumber such bytes, each of these is read as Windows-1252, so neither part
    turns into mojibake ("GrÃ¼ÃŸe") nor into U+FFFD. A page in one legacy charset has (almost)
    no valid multi-byte sequence and is left to its declaration and the guess."""
    text = data.decode("utf-8", errors="surrogateescape")  # a misfit byte b -> U+DC00 + b
    misfits = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    fitting = sum(1 for char in text if ord(char) > 0x7F) - misfits
    if fitting < max(misfits, 1):
        return None
    return text.translate(_MISFIT_AS_WINDOWS_1252)


# Each byte as Windows-1252 reads it; its five unassigned bytes as Latin-1 (C1 controls).
_MISFIT_AS_WINDOWS_1252 = {
    0xDC00 + b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)
}


def _declared_in_page(data: bytes) -> list[str]:
    head = data[:4096]
    found = [m.group(1).decode("ascii") for m in _META_CHARSET.finditer(head)]
    xml = _XML_ENCODING.match(head)
    return found + ([xml.group(1).decode("ascii")] if xml else [])


def _try_decode(data: bytes, label: str | None) -> str | None:
    if not label:
        return None
    name = _BROWSER_ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        if codecs.lookup(name).name in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
            return None  # already failed strict UTF-8; a UTF-16 label on a byte page is a lie
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _guess(data: bytes) -> str:
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")
