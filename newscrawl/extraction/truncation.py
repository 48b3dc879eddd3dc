"""A page cut short inside its article: the bytes end where the article's text ends, with no
closing of the document after it. A server whose Content-Length is shorter than the page (or
a proxy that cuts it) hands over a well-formed response that stops mid-story; delivered, the
story would be short of its end for good. Cut after the article (in the comments, the
footer) the story itself is whole and is delivered."""

from __future__ import annotations

import html
import re

_TAIL_BYTES = 4096
_DOCUMENT_CLOSED = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)
_TAGS = re.compile(rb"<[^>]*>|<[^>]*$")  # whole tags, and one cut short at the very end
_KEY = 40  # letters and digits of the last paragraph's end that must end the page


def cut_inside_article(body: bytes, last_paragraph: str | None) -> bool:
    """True when the bytes look cut (`looks_cut`: the document not closed, the bytes ending
    mid-text or mid-tag) and the article's last paragraph runs to their end (encodings
    aside: letters and digits of ASCII are compared). A fragment or a template that leaves
    the closing tags out ends with a tag, and is whole."""
    tail = body[-_TAIL_BYTES:]
    if not last_paragraph or not looks_cut(tail):
        return False
    text = html.unescape(_TAGS.sub(b" ", tail).decode("utf-8", "replace"))
    key = _letters(last_paragraph)[-_KEY:]
    if len(key) < 8:
        return False
    return _letters(text).endswith(key)


def looks_cut(body: bytes) -> bool:
    """Whether the bytes look cut short: the document is not closed (no `</body>` or
    `</html>` in the tail) and they end in the middle of text or of a tag, not after one (a
    template that leaves the closing tags out still ends with a tag)."""
    tail = body[-_TAIL_BYTES:]
    return not _DOCUMENT_CLOSED.search(tail) and not tail.rstrip().endswith(b">")


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())
