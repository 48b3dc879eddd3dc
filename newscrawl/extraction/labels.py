"""Find the few elements of a body whose visible text could be a whole widget label.

Rendering every element's text to compare it with "Siehe auch" or "Anzeige" costs more than
the rest of the cleaning together. But a label element's first visible text run (its own
text, or a descendant's text or tail) holds nothing beyond the start of a label, and in the
body's XML serialisation every text run stands alone between markup. So one regex over
one C-level serialisation tells whether any element could be a label (usually none), and
which runs to look for: an XPath finds their nodes, and their ancestors are the candidates.

The answer is a superset of the labels, in document order; the caller still checks each one.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.serialised import LITERAL_SERIALISATION, markup, unusual_text

LABEL_END = " :»›"  # what may follow a label and is trimmed before matching it
_MAX_RUNS = 4  # distinct candidate runs one XPath looks for; more and the tree is walked
# `. = $w0 or . = $w1 …`, one compiled XPath per number of runs
_RUNS_EQUAL = [
    etree.XPath("descendant::text()[" + " or ".join(f". = $w{i}" for i in range(n)) + "]")
    for n in range(1, _MAX_RUNS + 1)
]


class LabelFinder:
    """Candidates for labels made of `phrases` (lowercase, single spaces, any case matches)."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        start = rf"\s*(?:{_prefix_pattern(phrases)})[\s{re.escape(LABEL_END)}]*"
        self._run = re.compile(start, re.IGNORECASE)
        # One character class first: most runs fail on it without trying every phrase.
        opens = rf"(?=\s*[{''.join(sorted({re.escape(phrase[0]) for phrase in phrases}))}])"
        # A run ends at markup, and at an entity reference (`&amp;` may be one: lxml's text
        # stops there), which a real `&` in text also looks like: then the XPath finds no
        # node equal to the piece, and the tree is walked. Each pattern opens with a literal
        # character, which the regex engine skips to quickly.
        self._gates = (
            re.compile(rf">{opens}({start})(?=[<&])", re.IGNORECASE),
            re.compile(rf"&[^;&<>]*;{opens}({start})(?=[<&])", re.IGNORECASE),
        )

    def candidates(self, content: HtmlElement, serialised: str) -> list[HtmlElement]:
        """`serialised` is `markup(content)`, taken after the last change to the tree."""
        if not LITERAL_SERIALISATION or unusual_text(serialised):
            return self._walk(content)
        runs = self._runs(serialised)
        if not runs:
            return []
        lines = _run_owners(content, runs)
        return self._walk(content) if lines is None else _in_document_order(lines, content)

    def candidates_after(
        self, content: HtmlElement, before: str, dropped: list[HtmlElement]
    ) -> list[HtmlElement]:
        """Candidates once the `dropped` subtrees are out; `before` is the markup with them.

        A drop only joins the text around the subtree, and a joined run that could start a
        label has a part that could: so with no such run before, or all of them inside the
        dropped subtrees, there is none now, and the body need not be serialised again.
        """
        if dropped and LITERAL_SERIALISATION and not unusual_text(before):
            runs = self._runs(before)
            gone: Counter[str] = Counter()
            for subtree in dropped if runs else []:
                gone.update(self._runs(markup(subtree)))
            if runs == gone:
                return []
        return self.candidates(content, markup(content) if dropped else before)

    def _runs(self, serialised: str) -> Counter[str]:
        after_entities = self._gates[1].finditer(serialised) if "&" in serialised else ()
        found = (*self._gates[0].finditer(serialised), *after_entities)
        return Counter(match.group(1) for match in found)

    def _walk(self, content: HtmlElement) -> list[HtmlElement]:
        """Every element's text and tail, the slow way, for trees the markup may misreport."""
        position: dict[HtmlElement, int] = {}
        chosen: set[HtmlElement] = set()
        for index, node in enumerate(content.iter()):
            position[node] = index
            if node is content:
                continue
            if isinstance(node.tag, str) and node.text and self._run.fullmatch(node.text):
                _add_with_ancestors(node, content, chosen)
            if node.tail and self._run.fullmatch(node.tail):
                _add_with_ancestors(node.getparent(), content, chosen)
        return sorted(chosen, key=position.__getitem__)


def _run_owners(content: HtmlElement, runs: Counter[str]) -> list[HtmlElement] | None:
    """For each run, the lowest element holding it; None unless every run was accounted for.

    XPath sees single text nodes where lxml sees runs of adjacent ones; only a node that is
    its whole run counts, and the counts must match what the serialisation showed (a run
    inside a comment shows there but has no text node).
    """
    if len(runs) > _MAX_RUNS:
        return None
    variables = {f"w{i}": run for i, run in enumerate(runs)}
    found: Counter[str] = Counter()
    lines: list[HtmlElement] = []
    hits = _RUNS_EQUAL[len(runs) - 1](content, **variables)
    for hit in hits if isinstance(hits, list) else []:
        owner = getattr(hit, "getparent", lambda: None)()
        if owner is None:
            continue
        tail = bool(getattr(hit, "is_tail", False))
        if (owner.tail if tail else owner.text) == hit:
            found[str(hit)] += 1
            lines.append(owner.getparent() if tail else owner)
    return lines if found == runs else None


def _in_document_order(lines: list[HtmlElement], content: HtmlElement) -> list[HtmlElement]:
    """The elements of these lines and their ancestors below `content`, in document order."""
    chosen: set[HtmlElement] = set()
    for line in lines:
        _add_with_ancestors(line, content, chosen)
    paths: dict[HtmlElement, tuple[int, ...]] = {content: ()}
    return sorted(chosen, key=lambda element: _path(element, paths))


def _path(element: HtmlElement, paths: dict[HtmlElement, tuple[int, ...]]) -> tuple[int, ...]:
    """Child positions from `content` down: sorting by them is sorting in document order."""
    known = paths.get(element)
    if known is None:
        parent = element.getparent()
        assert parent is not None  # every element asked about lies below `content`
        known = paths[element] = (*_path(parent, paths), parent.index(element))
    return known


def _add_with_ancestors(node: HtmlElement, content: HtmlElement, chosen: set[HtmlElement]) -> None:
    while node is not None and node is not content:
        chosen.add(node)
        node = node.getparent()


def _prefix_pattern(phrases: tuple[str, ...]) -> str:
    """A regex for any non-empty prefix of any phrase; a space stands for any whitespace run.

    Built as a trie so shared starts are tried once; a whitespace run is always followed by a
    letter, which keeps matching linear on long whitespace.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for word_index, word in enumerate(phrase.split(" ")):
            for char_index, char in enumerate(word):
                unit = (r"\s+" if word_index and not char_index else "") + re.escape(char)
                node = node.setdefault(unit, {})
    return _alternation(trie)


def _alternation(node: dict[str, Any]) -> str:
    return "|".join(
        unit + (f"(?:{_alternation(rest)})?" if rest else "") for unit, rest in node.items()
    )
