"""Synthetic German sentences, titles and captions built from `vocab` and templates.

Everything takes an explicit `random.Random` so that an article's text depends only on its
own generator (and therefore only on seed and article index).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from newscrawl.demo import vocab as v


def cap(text: str) -> str:
    """Capitalise the first letter only (noun phrases are stored lower-case-first)."""
    return text[:1].upper() + text[1:]


def number(rng: random.Random) -> str:
    """A count in German notation with thousands dots, e.g. '12.400'."""
    kind = rng.randrange(3)
    if kind == 0:
        value = rng.randint(3, 99)
    elif kind == 1:
        value = rng.randint(100, 999)
    else:
        value = rng.randint(10, 900) * 100
    return f"{value:,}".replace(",", ".")


def percent(rng: random.Random) -> str:
    """A percentage with a decimal comma, e.g. '3,4'."""
    return f"{rng.randint(0, 30)},{rng.randint(1, 9)}"


def person_name(rng: random.Random) -> str:
    """A generated German-style person name, e.g. 'Anna Schmidt'."""
    return f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.LAST_NAMES)}"


Template = Callable[[random.Random], str]
_c = random.Random.choice  # shorthand inside the template tables below

_QUOTES: tuple[Template, ...] = (
    lambda r: f"Wir {_c(r, v.VERBS)[2]} {_c(r, v.OBJECTS)} ausdrücklich",
    lambda r: f"Das ist {_c(r, v.ADJECTIVES)} für {_c(r, v.PLACES)}",
    lambda r: f"Es geht um {_c(r, v.OBJECTS)} und um Vertrauen",
    lambda r: f"Niemand sollte {_c(r, v.OBJECTS)} unterschätzen",
)

_FIGURES: tuple[Template, ...] = (
    lambda r: (
        f"Nach Angaben {_c(r, v.SOURCES_GEN)} waren {number(r)} {_c(r, v.GROUPS)} "
        f"von {_c(r, v.ISSUES)} betroffen."
    ),
    lambda r: f"Die Zahl der betroffenen {_c(r, v.GROUPS)} stieg zuletzt um {percent(r)} Prozent.",
    lambda r: f"Die Kosten werden auf rund {number(r)} Millionen Euro geschätzt.",
    lambda r: f"Im Vergleich zum Vorjahr entspricht das einem Plus von {percent(r)} Prozent.",
)

_OUTLOOK: tuple[Template, ...] = (
    lambda r: f"Eine Entscheidung wird {_c(r, v.WHEN)} erwartet.",
    lambda r: f"Beobachter werten {_c(r, v.OBJECTS)} als {_c(r, v.SIGNALS)} für {_c(r, v.PLACES)}.",
    lambda r: f"Kritik kam von {_c(r, v.CRITICS)} aus {_c(r, v.PLACES)}.",
    lambda r: f"Zuvor hatte {_c(r, v.SUBJECTS)} {_c(r, v.OBJECTS)} {_c(r, v.VERBS)[1]}.",
    lambda r: (
        f"{cap(_c(r, v.SUBJECTS))} will {_c(r, v.OBJECTS)} {_c(r, v.WHEN)} "
        f"erneut {_c(r, v.VERBS)[2]}."
    ),
    lambda r: f"Ob das reicht, gilt in {_c(r, v.PLACES)} als {_c(r, v.ADJECTIVES)}.",
)

_SENTENCES: tuple[Template, ...] = (
    lambda r: f"{cap(_c(r, v.SUBJECTS))} {_c(r, v.VERBS)[0]} {_c(r, v.OBJECTS)} {_c(r, v.TIMES)}.",
    lambda r: f"In {_c(r, v.PLACES)} {_c(r, v.VERBS)[0]} {_c(r, v.SUBJECTS)} {_c(r, v.OBJECTS)}.",
    lambda r: _c(r, _FIGURES)(r),
    lambda r: _c(r, _OUTLOOK)(r),
    lambda r: f"„{_c(r, _QUOTES)(r)}“, sagte {_c(r, v.SPEAKERS)} {_c(r, v.TIMES)}.",
    lambda r: _c(r, _OUTLOOK)(r),
)


def sentence(rng: random.Random) -> str:
    """One random news sentence (templates are picked first, so only one is filled)."""
    return rng.choice(_SENTENCES)(rng)


def _title_candidate(rng: random.Random) -> str:
    verb = rng.choice(v.VERBS)
    subj, obj, place = rng.choice(v.SUBJECTS), rng.choice(v.OBJECTS), rng.choice(v.PLACES)
    kind = rng.randrange(6)
    if kind == 0:
        return f"{cap(subj)} {verb[0]} {obj} in {place}"
    if kind == 1:
        return f"{place}: {cap(subj)} {verb[0]} {obj} {rng.choice(v.TIMES)}"
    if kind == 2:
        return f"Warum {subj} {obj} {verb[1]} hat"
    if kind == 3:
        return (
            f"{number(rng)} {rng.choice(v.GROUPS)} in {place} von {rng.choice(v.ISSUES)} betroffen"
        )
    if kind == 4:
        return f"Streit um {obj.split(' ', 1)[1]}: {cap(subj)} {verb[0]} {rng.choice(v.OBJECTS)}"
    return f"Nach {rng.choice(v.ISSUES)} in {place}: {cap(subj)} will {obj} {verb[2]}"


def title(rng: random.Random) -> str:
    """A headline of 6 to 14 words."""
    while True:
        text = _title_candidate(rng)
        if 6 <= len(text.split()) <= 14:
            return text


def lead(rng: random.Random) -> str:
    """The teaser: one or two sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 2)))


def subheading(rng: random.Random) -> str:
    """A short in-text heading (never six words, so it cannot equal a title)."""
    return rng.choice(v.HEADINGS).format(place=rng.choice(v.PLACES))


def caption(rng: random.Random) -> str:
    """An image caption; no parentheses, so '(Foto: …)' stays unambiguous."""
    scene = rng.choice(v.CAPTION_SCENES).format(place=rng.choice(v.PLACES))
    return f"{scene} {rng.choice(v.TIMES)}."


def credit(rng: random.Random) -> str:
    """A photo credit in agency style, e.g. 'Michael Kappeler/dpa'."""
    agency = rng.choice(v.PHOTO_AGENCIES)
    return rng.choice(
        (
            f"{person_name(rng)}/{agency}",
            f"Stringer/{agency}",
            f"{person_name(rng)}/Pool/{agency}",
        )
    )


def ad_text(rng: random.Random) -> str:
    """Advertising copy for sponsored teasers."""
    return f"Jetzt {rng.choice(v.PRODUCTS)} sichern und bis zu {rng.randint(10, 60)} Prozent sparen"
