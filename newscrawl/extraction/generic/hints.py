"""Markup and text hints shared by the generic extractor: which tags, class names and short
texts mean page furniture."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

# Never part of the story, whatever their class says.
SKIPPED_TAGS = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "math", "button", "select",
        "textarea", "input", "label", "nav", "aside", "footer", "header", "iframe", "object",
        "embed", "canvas", "video", "audio", "dialog", "menu", "map",
    )
)  # fmt: skip
# Skipped as page furniture unless misnested around the story (see blocks.py).
LANDMARKS = ("header", "footer", "nav", "aside")
# Skipped, but sit inside running text rather than between blocks.
INLINE_SKIPS = frozenset(
    ("script", "style", "noscript", "template", "svg", "math", "button", "select", "textarea",
     "input", "label")
)  # fmt: skip
# Hold a paragraph of text when they hold no other block.
TEXT_BLOCKS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th",
     "address")
)  # fmt: skip
BLOCK_TAGS = TEXT_BLOCKS | frozenset(
    ("div", "section", "article", "main", "ul", "ol", "dl", "table", "tbody", "thead", "tr",
     "figure", "hr", "center")
)  # fmt: skip
HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
_NEGATIVE = re.compile(
    r"comment|disqus|share|sharing|shariff|social|copyright|related|newsletter|subscri|sidebar|footer|"
    r"^nav|navigation|menu|promo|advert|^ads?$|^ad-|-ad$|sponsor|breadcrumb|byline|author|"
    r"dateline|timestamp|^widget([-_]|s?$)|side-?widget|(^|[-_])cta([-_]|$)|donat|popup|modal|cookie|banner|outbrain|taboola|recommend|"
    r"trending|popular|signup|masthead|toolbar|caption|credit|^tags?$|tag-?list|topics|"
    r"read-?more|more-stories|(?<!non-)paywall|teaser|disclaimer|rating|pagination|^(is-|u-)?hidden$|skip|"
    r"^meta$|post-?meta|article-?meta|entry-?meta|also-|infobox|ticker|login|follow|print|"
    r"enlarge|lightbox|bio$|contributor|licen[cs]e",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"article|body|content|entry|story|post-?text|main|prose|rich-?text|blog", re.IGNORECASE
)
# The same for a lower-case ASCII word, several times faster: case-insensitive matching
# also matches a few non-ASCII letters to ASCII ones ("ſ" to "s"), never an ASCII letter
# to anything but its two cases
_NEGATIVE_ASCII = re.compile(_NEGATIVE.pattern)
_POSITIVE_ASCII = re.compile(_POSITIVE.pattern)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
ARTICLE_BODY_PROPS = frozenset({"articlebody", "text", "articletext"})


def is_negative(element: HtmlElement) -> bool:
    """Class or id names page furniture, and nothing names the story itself."""
    names = element.get("class"), element.get("id")
    if names == (None, None) or element.tag in ("html", "body", "article", "main"):
        return False
    if (element.get("itemprop") or "").lower() in ARTICLE_BODY_PROPS:
        return False
    return _names_furniture(*names)


@lru_cache(maxsize=8192)
def _names_furniture(class_value: str | None, id_value: str | None) -> bool:
    """The class and id verdict alone. Pages repeat the same class strings on many elements
    (and sites on every page), so it is computed once per string pair: the regex searches
    were a fifth of generic extraction time on real news pages."""
    tokens = f"{class_value or ''} {id_value or ''}".lower().split()
    if not tokens:
        return False
    kinds = [_token_kind(t) for t in tokens]
    if any(positive and not negative for positive, negative in kinds):
        return False
    return any(negative for _, negative in kinds)


@lru_cache(maxsize=16384)
def _token_kind(token: str) -> tuple[bool, bool]:
    """Whether one class or id word names the story, and whether it names furniture: the
    words repeat across pages far more than whole class and id pairs do (an id is unique)."""
    if token.isascii():  # lower-cased already: matching ignoring case would change nothing
        return _POSITIVE_ASCII.search(token) is not None, _NEGATIVE_ASCII.search(token) is not None
    return _POSITIVE.search(token) is not None, _NEGATIVE.search(token) is not None


def is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


# A consent or sign-up prompt: it names cookies, consent or the terms, and asks to agree.
_PROMPT_TOPIC = re.compile(
    r"\b(?:cookies?|consent|privacy policy|terms of (?:use|service)|einwilligung|zustimmung|"
    r"datenschutz\w*|nutzungsbedingungen)\b",
    re.IGNORECASE,
)
_PROMPT_ASK = re.compile(
    r"\b(?:you agree|i agree|agree to|accept(?:ing|s)?|akzeptier(?:e|en|st)|zustimmen|"
    r"stimmen sie|stimme ich|consent to|allow|erlauben|zulassen|enable|aktivieren)\b",
    re.IGNORECASE,
)
PROMPT_LENGTH = 400


# The placeholder of an embedded post or player: "View this post on Instagram", "Um Inhalte
# von X anzuzeigen, …", "Externer Inhalt", "A post shared by …"
_EMBED_SOURCE = re.compile(
    r"\b(?:twitter|tweets?|x\.com|instagram|facebook|youtube|tiktok|vimeo|spotify|soundcloud|"
    r"pinterest|podcasts?|datawrapper|(?:externe[rn]?|external) (?:inhalte?|content|medien|media)|"
    r"drittanbieter\w*|third[- ]party|inhalte dritter)\b",
    re.IGNORECASE,
)
_EMBED_ASK = re.compile(
    r"\b(?:anzuzeigen|anzeigen lassen|nachladen|einblenden|zu laden|abspielen|entsperren|"
    r"(?:inhalte?|beitrag|video|tweet|post)\w*(?:\s+\S+){0,3}\s+(?:laden|anzeigen)|"
    r"mit einem klick|"
    r"load (?:the )?(?:tweet|post|video|content)|click to (?:load|view|show|play|see)|"
    r"view (?:this|the) (?:post|tweet|video|content)|watch on|unblock)\b",
    re.IGNORECASE,
)
_EMBED_LINE = re.compile(
    r"^\W*(?:(?:a post shared by|ein beitrag geteilt von)\b|"
    r"(?:empfohlener )?(?:externer inhalt|external content)\W*$)",
    re.IGNORECASE,
)
EMBED_PROMPT_LENGTH = 300


def is_prompt(text: str) -> bool:
    """A consent, cookie or sign-up prompt ("By signing up you agree to our Terms…", "Bitte
    akzeptieren Sie Cookies, um das Video zu sehen"): short, on cookies/consent, asking; or
    the placeholder of an embedded post or player ("View this post on Instagram", "Um den
    Inhalt von X anzuzeigen, …"): shorter still, naming the platform and how to show it."""
    if len(text) > PROMPT_LENGTH:
        return False
    if _PROMPT_TOPIC.search(text) is not None and _PROMPT_ASK.search(text) is not None:
        return True
    if len(text) > EMBED_PROMPT_LENGTH:
        return False
    if _EMBED_LINE.match(text):
        return True
    return _EMBED_SOURCE.search(text) is not None and _EMBED_ASK.search(text) is not None


# A share prompt: "Möchten Sie den Artikel teilen?", "Seite teilen:", "Like it? Share it!".
_SHARED = r"\b(?:artikel|beitrag|seite|jetzt|this|it|post|story|page|article)\b"
_SHARE = r"\b(?:teilen|share)\b"
_SHARE_PROMPT = re.compile(f"{_SHARED}.*{_SHARE}|{_SHARE}.*{_SHARED}", re.IGNORECASE)
SHARE_PROMPT_LENGTH = 50


def is_share_prompt(text: str) -> bool:
    return len(text) <= SHARE_PROMPT_LENGTH and _SHARE_PROMPT.search(text) is not None
