"""Text that was decoded with the wrong charset: repaired where it can be, else better
dropped with a reason than emitted.

Mojibake has tell-tale shapes: the replacement character U+FFFD (bytes that fit no charset),
C1 control characters (Windows-1252 bytes read as ISO-8859-1), and UTF-8 sequences read as
Windows-1252 ("Ã¤" for "ä", "â€ž" for "„", "Â " for a no-break space). None of them occurs in
real German, English or French news text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, partial

_REPLACEMENT = "\ufffd"
_C1_CONTROLS = re.compile("[\u0080-\u009f]")
_COMMON_MOJIBAKE = ("Ã¤", "Ã¶", "Ã¼", "ÃŸ", "Ã„", "Ã–", "Ãœ", "â€", "Ã©", "Ã¨", "Â ")
# Each begins with one of three characters, and one character is searched for at memory-scan
# speed: text holding none of them is passed over before the eleven two-character searches
# (a story's text: 86 -> 4 us).
_MOJIBAKE_STARTS = tuple(sorted({pattern[0] for pattern in _COMMON_MOJIBAKE}))


def _common_mojibake(text: str) -> bool:
    return any(start in text for start in _MOJIBAKE_STARTS) and any(
        pattern in text for pattern in _COMMON_MOJIBAKE
    )


_MISREAD_AS = ("cp1252", "cp1250", "latin-1", "iso8859-2", "iso8859-15")


def _plausible(char: str) -> bool:
    """What a repaired character may be: Latin letters, general punctuation, currency."""
    code = ord(char)
    return char.isascii() or 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x20CF


def _decoded(first: int, last: int) -> str:
    """Every character the bytes first..last stand for in one of the legacy charsets."""
    found: set[str] = set()
    for charset in _MISREAD_AS:
        for byte in range(first, last + 1):
            try:
                found.add(bytes([byte]).decode(charset))
            except UnicodeError:
                continue
    return "".join(sorted(found))


# A misread UTF-8 character starts with a lead byte (0xC2-0xF4) followed by a continuation
# byte (0x80-0xBF), each shown as its legacy-charset character. Positions where such a pair
# stands are the only ones worth the exact (encode/decode) check; ordinary umlauts are not
# followed by continuation characters, so German text is passed over at regex speed. The
# pattern begins with the lead character's class, not a lookahead, so that the regex engine
# skips to the next lead character instead of trying every position (a German page's text:
# 200 -> 57 us); a match consumes only the lead, the continuation stays a lookahead.
_LEAD = _decoded(0xC2, 0xF4)
_CONTINUATION = _decoded(0x80, 0xBF)
_CANDIDATE = re.compile(f"[{re.escape(_LEAD)}](?=[{re.escape(_CONTINUATION)}])")


def _misread_utf8(text: str) -> bool:
    """Two or three adjacent characters that are one UTF-8 character read in a legacy
    single-byte charset ("Ã¶" in Windows-1252, "Ă¶" in Windows-1250 for "ö")."""
    for match in _CANDIDATE.finditer(text):
        start = match.start()
        for width in (2, 3):
            window = text[start : start + width]
            for charset in _MISREAD_AS:
                try:
                    repaired = window.encode(charset).decode("utf-8")
                except UnicodeError:
                    continue
                if len(repaired) == 1 and _plausible(repaired) and not repaired.isascii():
                    return True
    return False


def garbled_reason(texts: Iterable[str | None]) -> str | None:
    """Why these texts (one article's) look wrongly decoded, or None when they look like text.

    Replacement and C1 control characters are judged by proportion: text read in the wrong
    charset turns most of its non-ASCII characters into them, while one broken numeric entity
    in a good page leaves a single one among many well-decoded characters."""
    non_ascii = replacements = controls = 0
    for text in texts:
        if not text or text.isascii():
            continue
        if _common_mojibake(text) or _misread_utf8(text):
            return "utf8_misread"
        replacements += text.count(_REPLACEMENT)
        controls += len(_C1_CONTROLS.findall(text))
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))  # counted in C
    if _most_of(replacements, non_ascii):
        return "replacement_character"
    if _most_of(controls, non_ascii):
        return "control_characters"
    return None


def _most_of(odd: int, non_ascii: int) -> bool:
    """Two or more odd characters making a tenth or more of the non-ASCII ones."""
    return odd >= 2 and odd * 10 >= non_ascii


@cache
def _ftfy_repair() -> Callable[[str], str]:
    """ftfy's repair of what a wrong decoding did, imported on the first text that needs it:
    clean pages never do, and its import is 0.05 s of every process's start (its tables and
    patterns)."""
    import ftfy

    # Only what undoes a wrong decoding; the text's quotes, ligatures, widths, line breaks
    # and entities are left as published.
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return partial(ftfy.fix_text, config=config)


def repair(text: str) -> str:
    """UTF-8 text read as a legacy charset, read back: exactly, while the whole text goes
    back to bytes in one of the charsets a page is misread in and those bytes are UTF-8; else
    by ftfy, which also mends text misread only in parts."""
    for _ in range(3):  # misread once, twice, three times
        if not text or text.isascii() or garbled_reason([text]) is None:
            return text
        for charset in _MISREAD_AS:
            try:
                text = text.encode(charset).decode("utf-8")
                break
            except UnicodeError:
                continue
        else:
            return _ftfy_repair()(text)
    return text
