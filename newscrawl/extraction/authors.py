"""Tell people from outlets: republishing sites put the agency or outlet in the author slot."""

from __future__ import annotations

import re

from newscrawl.extraction.dates import undated_words, words_of

KNOWN_OUTLETS = frozenset(
    name.casefold()
    for name in (
        "CNN",
        "BBC",
        "BBC News",
        "Reuters",
        "dpa",
        "AFP",
        "AP",
        "Associated Press",
        "epd",
        "KNA",
        "APA",
        "SDA",
        "Keystone-SDA",
        "ANSA",
        "EFE",
        "Xinhua",
        "TASS",
        "ANP",
        "PAP",
        "CTK",
        "MTI",
        "Belga",
        "NTB",
        "STT",
        "Ritzau",
        "EPA",
        "PTI",
        "IANS",
        "UPI",
        "AAP",
        "Canadian Press",
        "PA",
        "PA Media",
        "Press Association",
        "Lusa",
        "Europa Press",
        "AGI",
        "Adnkronos",
        "Interfax",
        "RIA Novosti",
        "Sputnik",
        "Anadolu",
        "Kyodo",
        "Yonhap",
        "Bloomberg",
        "The Guardian",
        "Guardian",
        "Al Jazeera",
        "Der Standard",
        "NZZ",
        "Neue Zürcher Zeitung",
        "The New York Times",
        "New York Times",
        "The Washington Post",
        "Washington Post",
        "Der Spiegel",
        "Spiegel",
        "Die Zeit",
        "Zeit Online",
        "FAZ",
        "Süddeutsche Zeitung",
        "SZ",
        "Tagesschau",
        "ZDF",
        "ARD",
        "Welt",
        "Bild",
        "n-tv",
        "ntv",
        "RTL",
        "Politico",
        "Axios",
        "NPR",
        "ABC News",
        "CBS News",
        "NBC News",
        "Fox News",
        "Sky News",
        "The Independent",
        "The Telegraph",
        "Financial Times",
        "The Economist",
        "Le Monde",
        "El País",
        "La Repubblica",
        "Euronews",
        "Deutsche Welle",
        "DW",
        "Handelsblatt",
        "Stern",
        "Focus",
        "t-online",
        "Tagesspiegel",
    )
)
# Words naming an outlet. A site's own collective byline ("Investopedia Team", "Lifestyle
# Desk", "Staff Writer") names who wrote the piece in-house: an author, not a source.
_OUTLET_WORDS = re.compile(
    r"\b(redaktion|agentur|agency|news|newsroom|zeitung|times|post|press|presse|online|"
    r"nachrichten|media|medien|verlag|tv|radio)\b",
    re.IGNORECASE,
)
_IN_HOUSE = re.compile(r"\b(team|desk|staff|editors?|editorial)\b", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^\s*(von|by|autor(?:in)?|quelle|source)\s*:?\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\bund\b|\band\b|\|)\s*", re.IGNORECASE)


_SOURCE_LINE = re.compile(
    r"[(\[]?\s*(?P<label>(?:quelle|source|agentur|agency)\s*:\s*)?(?P<names>[^()\[\]:]{2,60}?)"
    r"\s*[)\]]?\s*\.?",
    re.IGNORECASE,
)


def source_line(paragraph: str) -> str | None:
    """The outlet a paragraph of its own names ("KNA", "(dpa)", "Quelle: Reuters",
    "dpa/AFP"), or None when the paragraph is anything else. Every name must be a known
    outlet: a lone word of the story, or the source of a chart ("Quelle: Statistisches
    Bundesamt"), is no source line."""
    if len(paragraph) > 70:
        return None
    match = _SOURCE_LINE.fullmatch(paragraph.strip())
    if match is None:
        return None
    names = [n.strip() for n in re.split(r"\s*[/,;]\s*|\s+und\s+|\s+and\s+", match["names"])]
    if not all(names):
        return None
    return "/".join(names) if all(n.casefold() in KNOWN_OUTLETS for n in names) else None


def known_outlet(name: str) -> bool:
    """An outlet by its name or by a word of its name ("Redaktion", "News"), where capitals
    alone ("NB") could as well be a person's initials."""
    return name.casefold() in KNOWN_OUTLETS or (
        not _IN_HOUSE.search(name) and bool(_OUTLET_WORDS.search(name))
    )


def is_outlet(name: str) -> bool:
    if name.casefold() in KNOWN_OUTLETS:
        return True
    if _IN_HOUSE.search(name):
        return False
    if re.fullmatch(r"[A-Z]{2,5}", name):  # CNN, AFP, KNA: acronyms are outlets, not people
        return True
    return bool(_OUTLET_WORDS.search(name))


def split_names(byline: str) -> list[str]:
    """The names in a byline; pieces of a date that came along ("Sat", "20 Dec") are none."""
    text = _BYLINE_PREFIX.sub("", byline.strip())
    names = [n.strip(" .") for n in _SEPARATORS.split(text) if n and n.strip(" .")]
    return [n for n in names if not date_piece(n)]


def date_piece(name: str) -> bool:
    """A weekday, a month, digits and punctuation only, or a day with its month."""
    return not undated_words(name) and (bool(words_of(name)) or any(c.isdigit() for c in name))


# Words of a job title that follows the names in a byline ("By A and B, Staff Writers",
# "Jane Smith, Political Editor")
_ROLE_WORDS = frozenset(
    ("staff", "writer", "writers", "editor", "editors", "reporter", "reporters", "correspondent",
     "correspondents", "columnist", "columnists", "contributor", "contributors", "contributing",
     "senior", "chief", "political", "managing", "associate", "deputy", "freelance",
     "freelancer", "photographer", "photographers", "special", "science", "business", "sports",
     "health", "education", "investigative", "national", "foreign", "local", "city", "news",
     "at", "large", "intern", "redakteur", "redakteurin", "korrespondent", "korrespondentin",
     "volontär", "volontärin", "autor", "autorin", "analyst", "analysts", "producer",
     "producers")
)  # fmt: skip


def _is_role(name: str) -> bool:
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return bool(words) and all(word in _ROLE_WORDS for word in words)


def authors_and_source(bylines: list[str], source: str | None) -> tuple[list[str], str | None]:
    """People go to `authors` (each once, in order: linear, a hostile byline can hold 100,000
    names); an outlet found in the author slot becomes `source`; a job title beside the
    names ("…, Staff Writers") is no one's name, alone it is the in-house byline."""
    authors: dict[str, None] = {}
    outlet = _clean_source(source)
    split = [split_names(byline) for byline in bylines]
    named = any(not _is_role(name) for names in split for name in names)
    for names in split:
        if named:  # a job title beside someone's name ("…, Staff Writers") is no one's name
            names = [name for name in names if not _is_role(name)]
        person = False
        for name in names:
            if person and _credential(name):
                continue  # "Dylan Bailey, MS, RD": the person's degrees, not an outlet
            if is_outlet(name):
                outlet = outlet or name
            else:
                authors.setdefault(name)
                person = True
    return list(authors), outlet


def _credential(name: str) -> bool:
    """Letters after a person's name in a byline ("MD", "PhD", "RD", "CPP", "E-RYT 200"):
    capitals (a lower-case letter or two among them, digits after), no known outlet."""
    if name.casefold() in KNOWN_OUTLETS:
        return False
    return re.fullmatch(
        r"(?:[A-Z][A-Za-z]{0,3}\.?){1,4}(?:-[A-Z]{1,5})?(?:\s+\d{1,4})?", name
    ) is not None and (sum(c.isupper() for c in name) >= 2)


def _clean_source(source: str | None) -> str | None:
    if not source:
        return None
    cleaned = _BYLINE_PREFIX.sub("", source.strip()).strip(" .")
    return cleaned or None
