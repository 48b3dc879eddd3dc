"""Images with their caption and photo credit, which never belong in the body text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.document import select
from newscrawl.extraction.text import collapse_whitespace, element_text
from newscrawl.items import Image
from newscrawl.urls import absolute_url

_LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-srcset", "src", "srcset")
_CAPTION_CONTAINERS = "figcaption, .wp-caption-text, .caption, .image-caption"
GENERIC_CREDIT_SELECTORS = (".image-credit", ".credit", ".wp-caption-credit", ".photo-credit")
# "(Foto: X)", "Foto: X", "Bild: X", "© X", "Credit: X" at the end of a caption.
_CREDIT_IN_CAPTION = re.compile(
    r"\s*[\(\[]?\s*(?:(?:Fotos?|Bild(?:er)?|Photo|Credit|Quelle)\s*:\s*|©\s*)"
    r"(?P<credit>[^()\[\]]+?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)


# A banner, not a picture of the story: served or linked by an ad server, or a linked picture
# of one of the standard ad sizes (IAB: 300×250 medium rectangle, 728×90 leaderboard, …).
_AD_HOST = re.compile(
    r"(?:^|[.-])(?:ads?|adserver|adservice|adtech|banners?|doubleclick|googlesyndication|"
    r"adnxs|adform|smartadserver)(?:[.-]|$)",
    re.IGNORECASE,
)
_AD_SIZES = frozenset(
    ((300, 250), (728, 90), (160, 600), (300, 600), (320, 50), (970, 250), (336, 280),
     (468, 60), (120, 600), (970, 90), (320, 100), (300, 50), (234, 60), (125, 125))
)  # fmt: skip
_SIZE_IN_NAME = re.compile(r"(?<![0-9])(\d{2,3})x(\d{2,3})(?![0-9])")


def is_advert(img: HtmlElement, url: str, base: str) -> bool:
    """A banner: from or linking to an ad server, or linked and of a standard ad size."""
    link = next(img.iterancestors("a"), None)
    target = absolute_url(base, link.get("href") or "") if link is not None else None
    if any(_AD_HOST.search(urlsplit(u).hostname or "") for u in (url, target) if u):
        return True
    return link is not None and _ad_size(img, url)


def _ad_size(img: HtmlElement, url: str) -> bool:
    width, height = img.get("width") or "", img.get("height") or ""
    if width.isdigit() and height.isdigit():
        return (int(width), int(height)) in _AD_SIZES
    return any((int(w), int(h)) in _AD_SIZES for w, h in _SIZE_IN_NAME.findall(urlsplit(url).path))


def image_url(img: HtmlElement, base: str) -> str | None:
    for attribute in _LAZY_ATTRIBUTES:
        value = (img.get(attribute) or "").strip()
        if attribute.endswith("srcset"):
            value = value.split(",")[0].strip().split(" ")[0] if value else ""
        if value and not value.startswith("data:"):
            return absolute_url(base, value)
    return None


def image_from_element(
    element: HtmlElement, base: str, credit_selectors: tuple[str, ...] = ()
) -> Image | None:
    """An <img> or a figure-like box holding one; caption and credit read from the box."""
    img = element if element.tag == "img" else next(element.iter("img"), None)
    if img is None:
        return None
    url = image_url(img, base)
    if url is None or is_advert(img, url, base):
        return None
    caption, credit = caption_and_credit(element, credit_selectors or GENERIC_CREDIT_SELECTORS)
    return Image(url=url, caption=caption, credit=credit)


def caption_and_credit(
    box: HtmlElement, credit_selectors: tuple[str, ...]
) -> tuple[str | None, str | None]:
    captions = select(box, _CAPTION_CONTAINERS)
    caption_text = element_text(captions[0]) if captions else ""
    credit: str | None = None
    for selector in credit_selectors:
        found = select(box, selector)
        if found:
            credit = element_text(found[0]) or None
            if credit:
                caption_text = caption_text.replace(credit, "", 1)
            break
    caption_text = collapse_whitespace(caption_text)
    if credit is None and caption_text:
        caption_text, credit = split_credit(caption_text)
    return caption_text or None, _clean_credit(credit)


def split_credit(caption: str) -> tuple[str, str | None]:
    match = _CREDIT_IN_CAPTION.search(caption)
    if match is None:
        return caption, None
    return caption[: match.start()].strip(), match.group("credit").strip()


def _clean_credit(credit: str | None) -> str | None:
    if credit is None:
        return None
    credit = re.sub(r"^(?:Fotos?|Bild|Photo|Credit)\s*:\s*|^©\s*", "", credit.strip(), flags=re.I)
    return credit or None
