"""The generic path finds the story on a page no profile describes, and never raises."""

from __future__ import annotations

import contextlib

import lxml.html
import pytest

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.document import Document, UnparseablePage, parse_html
from newscrawl.extraction.draft import extract_draft
from newscrawl.extraction.generic import hints
from newscrawl.extraction.generic.content import generic_content
from newscrawl.extraction.images import image_url, is_advert
from newscrawl.extraction.normalize import IncompleteArticle

URL = "https://news.example/2024/05/02/harbour-reopens/"
STORY = [
    "The harbour reopened on Thursday after three weeks of repairs, the port authority said, "
    "and the first ferries left on time in the morning.",
    "Engineers had replaced the damaged quay wall, which storms had undermined in April. "
    "Traders said the closure had cost them a large part of the spring season.",
    "The authority expects traffic to be back to normal by the end of the month.",
]
PAGE = f"""<!doctype html><html lang="en"><head><title>Harbour reopens | Example News</title>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a></nav>
</header>
<div class="layout">
 <main><article>
  <h1>Harbour reopens after repairs</h1>
  <div class="byline">By Jane Doe, 2 May 2024</div>
  <div class="article-body">
   <p>{STORY[0]}</p>
   <figure><img src="/img/quay.jpg" width="800"><figcaption>The new quay wall.
     Photo: Max Muster</figcaption></figure>
   <p>{STORY[1]}</p>
   <div class="related-box"><h4>Related</h4><ul>
     <li><a href="/a/">Storm damage in April: what happened to the coast</a></li>
     <li><a href="/b/">Ferries cancelled as wind reaches gale force again</a></li></ul></div>
   <h2>What comes next</h2>
   <p>{STORY[2]}</p>
   <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share by email</a></div>
  </div>
 </article>
 <section id="comments" class="comments"><h3>3 comments</h3>
  <p>I think this is a great day for the town and everybody who depends on the ferries here.</p>
 </section>
 </main>
 <aside class="sidebar"><h3>Most read</h3><ol><li><a href="/c/">Another story</a></li></ol></aside>
</div>
<div class="more-stories"><article><a href="/d/">Local elections: the results</a>
 <p>Voters in the district chose a new council on Sunday, with turnout higher than expected.</p>
</article></div>
<footer><p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_typical_news_page_yields_only_the_story() -> None:
    article = extract_article(PAGE, URL, known_article=True)
    assert article.body.split("\n\n") == [STORY[0], STORY[1], "What comes next", STORY[2]]
    assert article.title == "Harbour reopens after repairs"  # h1 before <title>
    assert [image.url for image in article.images] == ["https://news.example/img/quay.jpg"]
    assert article.images[0].credit == "Max Muster"
    assert article.site == "generic"


def test_content_is_a_new_tree_in_reading_order() -> None:
    root = parse_html(PAGE)
    content = generic_content(Document(root), URL)
    assert content is not None and content.getparent() is None
    assert [child.tag for child in content] == ["p", "figure", "p", "h2", "p"]
    assert root.find(".//figure") is not None  # the page itself is left untouched


def test_json_ld_article_body_confirms_the_blocks() -> None:
    teaser = "A widely shared opinion piece that sits in the same container as the story text."
    story = " ".join(STORY)
    ld = f'{{"@type": "NewsArticle", "headline": "Harbour reopens", "articleBody": "{story}"}}'
    page = PAGE.replace("</head>", f'<script type="application/ld+json">{ld}</script></head>')
    page = page.replace(f"<p>{STORY[2]}</p>", f"<p>{STORY[2]}</p><p>{teaser}</p>")
    body = extract_article(page, URL).body
    assert STORY[2] in body and teaser not in body


def test_loose_text_with_line_breaks_is_read() -> None:
    text = "An old page keeps its story in one cell, with line breaks instead of paragraphs."
    page = (
        f"<html><body><table><tr><td>{text}<br><br>{text.upper()}</td></tr></table></body></html>"
    )
    content = generic_content(Document.parse(page), URL)
    assert content is not None
    assert text in content.text_content()


GERMAN_STORY = [
    "Der Hafen ist am Donnerstag nach drei Wochen Bauzeit wieder geöffnet worden, teilte die "
    "Hafenbehörde mit. Die ersten Fähren legten pünktlich ab.",
    "Die Ingenieure haben die beschädigte Kaimauer ersetzt, die im April von Stürmen "
    "unterspült worden war. Händler sprachen von großen Einbußen.",
    "Die Behörde erwartet, dass der Verkehr bis Monatsende wieder normal läuft.",
]


@pytest.mark.parametrize(
    ("story", "landmark"),
    [(STORY, "header"), (GERMAN_STORY, "header"), (STORY, "nav"), (GERMAN_STORY, "aside")],
)
def test_a_landmark_left_open_around_the_story_is_read(story: list[str], landmark: str) -> None:
    """A theme that never closes its <header> (or wraps the page in one) still shows the story:
    a landmark holding most of the page's paragraphs is a wrapper, not furniture."""
    paragraphs = "".join(f"<p>{text}</p>" for text in story)
    page = (
        f"<html><body><{landmark} class='site'><div class='logo'><a href='/'>Logo</a></div>"
        f"<div class='content'><h1>Hafen / Harbour</h1>{paragraphs}</div></{landmark}>"
        "<footer><p>© 2024 Example</p></footer></body></html>"
    )
    content = generic_content(Document.parse(page), URL)
    assert content is not None
    assert [element.text_content() for element in content] == story


@pytest.mark.parametrize("story", [STORY, GERMAN_STORY])
def test_class_names_of_layout_are_not_furniture(story: list[str]) -> None:
    """Page builders call every block a widget, and responsive themes hide columns on small
    screens only: neither name makes the story furniture. A sidebar widget, a box hidden
    outright and a call to donate are."""
    parts = [
        f"<div class='builder-widget-wrap'><div class='builder-widget-container'><p>{text}</p>"
        "</div></div>"
        for text in story[:2]
    ]
    page = (
        "<html><body><div class='page'><div class='main'><h1>Hafen / Harbour</h1>"
        + "".join(parts)
        + f"<div class='overflow-hidden hidden-xs field--label-hidden'><p>{story[2]}</p></div>"
        "<div class='support-cta-letter'><p>Unterstützen Sie unabhängigen Journalismus: Ihre "
        "Spende hilft uns, auch morgen wieder zu berichten. Jetzt spenden!</p></div>"
        "</div><div class='widget widget_text'><p>Our partner shop has opened a new branch in the "
        "town centre, with many offers for the whole family this week.</p></div>"
        "<div class='hidden'><p>A text the page never shows to its readers, neither on small "
        "nor on large screens, because it is hidden.</p></div>"
        "</div></body></html>"
    )
    content = generic_content(Document.parse(page), URL)
    assert content is not None
    assert [element.text_content() for element in content] == story


@pytest.mark.parametrize(
    ("story", "form"),
    [
        (
            STORY,
            "Get our morning briefing in your inbox. Enter your e-mail address below, "
            "and confirm the link we send you.",
        ),
        (
            GERMAN_STORY,
            "Unser Newsletter bringt Ihnen jeden Morgen die wichtigsten Nachrichten. "
            "Geben Sie Ihre E-Mail-Adresse ein und bestätigen Sie den Link.",
        ),
    ],
)
def test_a_sign_up_form_in_the_story_is_furniture(story: list[str], form: str) -> None:
    paragraphs = [f"<p>{text}</p>" for text in story]
    page = (
        "<html><body><div class='non-paywall'><h1>Hafen / Harbour</h1>"
        + "".join(paragraphs[:2])
        + f"<form action='/subscribe'><p>{form}</p><input type='email' name='email'>"
        "<button>OK</button></form>" + paragraphs[2] + "</div></body></html>"
    )
    content = generic_content(Document.parse(page), URL)
    assert content is not None
    assert [element.text_content() for element in content] == story


def test_a_page_wrapped_in_one_form_is_still_read() -> None:
    """Older server frameworks wrap the whole page in a <form>: it holds the story."""
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    page = f"<html><body><form id='aspnetForm'><div><h1>Harbour</h1>{paragraphs}</div></form>"
    content = generic_content(Document.parse(page + "</body></html>"), URL)
    assert content is not None
    assert [element.text_content() for element in content] == STORY


@pytest.mark.parametrize(
    ("class_value", "furniture"),
    [
        ("widget widget_text", True),
        ("hidden", True),
        ("is-hidden", True),
        ("support-cta-letter", True),
        ("donation-box", True),
        ("paywall-teaser", True),
        ("shariff shariff-align-center", True),  # a share-button plugin and its headline
        ("image-copyright", True),  # a picture's credit, not story text
        ("postmetadata alt", True),
        ("builder-widget-container", False),
        ("hidden-xs", False),
        ("overflow-hidden", False),
        ("field--label-hidden", False),
        ("non-paywall", False),
    ],
)
def test_which_class_names_mean_furniture(class_value: str, furniture: bool) -> None:
    element = Document.parse(f"<div class='{class_value}'>x</div>").select("div")[0]
    assert hints.is_negative(element) is furniture


def test_a_real_page_header_stays_out() -> None:
    page = PAGE.replace("<header>", "<header><p>Breaking: the site header speaks.</p>")
    assert "site header" not in extract_article(page, URL, known_article=True).body


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        b"\x00\x01\x02\xff\xfe\x00garbage\x89PNG",
        "<html></html>",
        "<div>" * 5000 + "deep text" + "</div>" * 5000,
        "<p>" + "word " * 20 + "</p>" * 3,
        '<script type="application/ld+json">{"@type": ["NewsArticle"], "author": [1, {}]</script>',
        "<html><head><meta property='og:title'></head><body><p>x</p></body></html>",
    ],
)
def test_garbage_never_raises_anything_unexpected(html: str | bytes) -> None:
    with contextlib.suppress(UnparseablePage, IncompleteArticle):
        extract_draft(URL, html)
    for known in (False, True):
        try:
            extract_article(html, URL, known_article=known)
        except NotAnArticle as refused:  # the one exception of the library entry point
            assert refused.reason


def _theme_page(lang: str, title: str, lead: str, story: list[str], label: str) -> str:
    """A story in a common WordPress theme's markup, as no profile knows it: the standfirst
    and the lead picture sit above the content element, the agency line opens it, pictures
    inside are lazy-loaded `wp-caption` boxes, a related box leaves its label behind."""
    return f"""<html lang="{lang}"><head><title>{title} – Portal</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta name="description" content="{lead}"></head><body>
<header class="site-header"><nav><a href="/">Home</a></nav></header>
<article class="post type-post"><header class="entry-header"><h1 class="entry-title">{title}</h1>
 </header>
 <div class="entry-summary td-post-sub-title"><p>{lead}</p></div>
 <figure class="post-thumbnail"><img src="/uploads/lead.jpg" width="1200" height="675"></figure>
 <div class="entry-content"><p class="source-line">KNA</p><p>{story[0]}</p>
  <div class="wp-caption aligncenter"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="
   data-src="/uploads/inside.jpg" class="lazyload" width="1024">
   <p class="wp-caption-text">{story[1][:40]} (Foto: Max Muster/AFP)</p></div>
  <p>{story[1]}</p>
  <div class="wp-block-group"><p>{label}</p><ul><li><a href="/other/">{title} – ein
   anderer Artikel</a></li></ul></div>
  <p>{story[2]}</p></div></article>
<footer><p>© Portal</p></footer></body></html>"""


@pytest.mark.parametrize(
    ("lang", "story", "lead", "label"),
    [
        ("de", GERMAN_STORY, "Drei Wochen Bauzeit, dann öffnet der Hafen wieder für die Fähren.",
         "Das könnte Sie auch interessieren"),
        ("en", STORY, "Three weeks of repairs, and the harbour opens again for the ferries.",
         "Related stories"),
    ],
)  # fmt: skip
def test_a_theme_page_gives_lead_source_body_and_pictures_apart(
    lang: str, story: list[str], lead: str, label: str
) -> None:
    page = _theme_page(lang, "Hafen / Harbour", lead, story, label)
    article = extract_article(page, URL)
    assert article.lead == lead
    assert article.body.split("\n\n") == story  # no standfirst, agency line or label
    assert article.source == "KNA"
    assert [(i.url, i.credit) for i in article.images] == [
        ("https://news.example/uploads/lead.jpg", None),
        ("https://news.example/uploads/inside.jpg", "Max Muster/AFP"),
    ]


def _tagdiv_page(lang: str, title: str, story: list[str], words: dict[str, str]) -> str:
    """A story in a tagDiv-style WordPress theme, as the profile's selectors miss it: an ad
    slot headed by a dashed label, with its banner linked to an ad server, a newsletter
    form, figures whose credit and caption share the <figcaption>, tag links in the
    article's footer and the post's category in its classes."""
    figure = (
        '<figure class="wp-caption"><img src="/wp-content/uploads/{name}.jpg" width="696">'
        '<figcaption class="wp-caption-text"><span class="image-credit">{credit}</span><br>'
        "{caption}</figcaption></figure>"
    )
    return f"""<html lang="{lang}"><head><title>{title} - Portal</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:image" content="https://news.example/wp-content/uploads/lead.jpg">
<meta property="article:published_time" content="2024-05-02T10:00:00+00:00"></head>
<body><div class="td-header-wrap"><ul class="sf-menu"><li><a href="/politik/">Politik</a></li>
</ul></div><div class="td-main-content"><article id="post-7" class="post-7 post type-post
 category-politik"><div class="td-post-header"><header class="td-post-title">
<h1 class="entry-title">{title}</h1><div class="td-module-meta-info">
<div class="td-post-author-name"><div class="td-author-by">{words["by"]}</div>
<a href="/author/anna-meier/">Anna Meier</a></div></div></header></div>
<div class="td-post-content tagdiv-type">
<div class="td-post-featured-image">{
        figure.format(name="lead", credit=words["credit"], caption=words["caption"])
    }</div>
<p>{story[0]}</p>
<div class="td-a-rec td-a-rec-id-content_inline"><span class="td-adspot-title">{words["ad"]}</span>
<a href="https://ads.example/click?id=9"><img src="https://cdn.example/banner-300x250.jpg"
 width="300" height="250"></a><p>{words["pitch"]}</p></div>
<p>{story[1]}</p>
{figure.format(name="inside", credit=words["credit"], caption=words["caption"])}
<div class="mailpoet_form"><form method="post" action="/subscribe"><p>{words["newsletter"]}</p>
<input type="email" name="email"><input type="submit" value="OK"></form></div>
<p>{story[2]}</p></div>
<footer><ul class="td-tags"><li><span>TAGS</span></li><li><a href="/tag/hafen/">{words["tag"]}</a>
</li></ul></footer></article></div>
<div class="td-footer-wrapper"><p>© Portal</p></div></body></html>"""


@pytest.mark.parametrize(
    ("lang", "story", "words"),
    [
        ("de", GERMAN_STORY, {"by": "Von", "ad": "- Werbung -", "credit": "Foto: Max Muster/dpa",
          "caption": "Die neue Kaimauer.", "tag": "Hafen",
          "pitch": "Jetzt Girokonto eröffnen und 100 Euro Startguthaben sichern.",
          "newsletter": "Newsletter abonnieren: die Nachrichten jeden Morgen im Postfach."}),
        ("en", STORY, {"by": "By", "ad": "- Advertisement -", "credit": "Photo: Max Muster/AFP",
          "caption": "The new quay wall.", "tag": "Harbour",
          "pitch": "Open an account today and get 100 dollars to start.",
          "newsletter": "Subscribe to our newsletter: the news every morning in your inbox."}),
    ],
)  # fmt: skip
def test_a_tagdiv_theme_page_keeps_no_ad_no_form_and_every_caption(
    lang: str, story: list[str], words: dict[str, str]
) -> None:
    article = extract_article(_tagdiv_page(lang, "Hafen / Harbour", story, words), URL)
    assert article.body.split("\n\n") == story  # no ad label, ad text or newsletter form
    assert article.authors == ["Anna Meier"]
    credit = words["credit"].split(": ", 1)[1]
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        ("https://news.example/wp-content/uploads/lead.jpg", words["caption"], credit),
        ("https://news.example/wp-content/uploads/inside.jpg", words["caption"], credit),
    ]  # the featured picture first, with the caption its figure gives; no banner
    assert article.tags == [words["tag"]]
    assert article.sections == ["politik"]


@pytest.mark.parametrize(
    ("img", "advert"),
    [
        ('<a href="https://shop.example/x"><img src="/b.jpg" width="728" height="90"></a>', True),
        ('<a href="https://x.example/"><img src="/u/banner-300x250.png"></a>', True),
        ('<img src="https://ads.example/slot.gif" width="400" height="300">', True),
        ('<a href="https://doubleclick.net/c?x"><img src="/p.jpg"></a>', True),
        ('<img src="/u/photo.jpg" width="300" height="250">', False),  # not linked
        ('<a href="/u/photo-big.jpg"><img src="/u/photo.jpg" width="640" height="480"></a>', False),
    ],
)
def test_which_pictures_are_banners(img: str, advert: bool) -> None:
    element = lxml.html.fragment_fromstring(f"<div>{img}</div>")
    picture = next(element.iter("img"))
    url = image_url(picture, URL)
    assert url is not None and is_advert(picture, url, URL) is advert


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("By signing up, you agree to our Terms of Use and Privacy Policy.", True),
        ("Please accept YouTube cookies to play this video.", True),
        ("Mit der Registrierung akzeptiere ich die Nutzungsbedingungen.", True),
        ("Wir würden hier einen Tweet zeigen. Leider haben Sie uns hierfür keine Zustimmung "
         "gegeben. Wenn Sie ihn anzeigen wollen, stimmen Sie bitte der Nutzung zu.", True),
        ("Apps must get user consent and secure personal data during storage.", False),
        ("Special vaccination consent forms had been sent out to parents recently.", False),
        ("Roll the mixture into balls and place them onto a cookie sheet.", False),
        ("Die Einwilligung der Eltern lag vor, sagte die Schulleiterin am Montag.", False),
        # the placeholders of embedded posts and players
        ("View this post on Instagram", True),
        ("A post shared by Harbour Town (@harbourtown)", True),
        ("Um den Inhalt von X anzuzeigen, klicken Sie hier. / Watch on YouTube", True),
        ("Externer Inhalt: Podcast abspielen", True),
        ("Inhalte von Drittanbietern laden", True),
        ("Das Video wurde auf YouTube mehr als zwei Millionen Mal angesehen.", False),
        ("The clip, posted on TikTok, was viewed two million times before it was removed.", False),
        ("Die Polizei will die Aufnahmen auf Instagram auswerten und die Zeugen laden.", False),
    ],
)  # fmt: skip
def test_which_short_texts_are_consent_or_sign_up_prompts(text: str, prompt: bool) -> None:
    assert hints.is_prompt(text) is prompt


def test_a_consent_prompt_in_the_story_is_left_out() -> None:
    prompt = "Please accept cookies to view this content. By accepting you agree to our terms."
    body = "".join(f"<p>{p}</p>" for p in (STORY[0], prompt, STORY[1], STORY[2]))
    page = f"<html><body><article><h1>Harbour</h1>{body}</article></body></html>"
    assert extract_article(page, URL).body.split("\n\n") == STORY


@pytest.mark.parametrize(
    ("story", "embed"),
    [
        (GERMAN_STORY, '<div class="embed"><p>Externer Inhalt</p><p>Um den Inhalt von Instagram '
                       'anzuzeigen, klicken Sie hier.</p><button>Inhalt laden</button></div>'),
        (STORY, '<blockquote class="instagram-media"><p><a href="https://www.instagram.com/p/1/">'
                'View this post on Instagram</a></p><p>A post shared by Harbour Town '
                "(@harbourtown)</p></blockquote>"),
    ],
)  # fmt: skip
def test_the_placeholder_of_an_embedded_post_is_left_out(story: list[str], embed: str) -> None:
    body = f"<p>{story[0]}</p>{embed}" + "".join(f"<p>{p}</p>" for p in story[1:])
    page = f"<html><body><article><h1>Hafen / Harbour</h1>{body}</article></body></html>"
    assert extract_article(page, URL, known_article=True).body.split("\n\n") == story


def _summary_page(lang: str, summary: str, markup: str, story: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in story)
    return f"""<html lang="{lang}"><head><title>Hafen</title>
<meta property="og:type" content="article"><meta name="description" content="{summary}">
</head><body><header class="site"><a href="/">Portal</a></header><main>
<div class="article-head"><h1>Hafen / Harbour</h1>{markup.format(summary=summary)}</div>
<div class="article-body">{body}</div></main></body></html>"""


VORSPANN = (
    "Nach drei Wochen Bauzeit ist der Hafen wieder offen. Die Fähren fahren pünktlich, "
    "die Händler atmen auf – doch die Kosten der Reparatur sind noch nicht geklärt."
)
DECK = (
    "Three weeks of repairs, and the harbour opens again for the ferries – but who pays for "
    "the new quay wall is still an open question in the town."
)

OPENING = (
    "After three weeks of repairs the harbour opened again on Thursday, and the ferries ran on "
    "time; who pays for the new quay wall is still an open question in the town hall."
)


@pytest.mark.parametrize(
    ("lang", "summary", "markup", "story", "in_body"),
    [
        ("de", VORSPANN, '<p class="intro">{summary}</p>', GERMAN_STORY, True),
        ("de", VORSPANN, "<p><strong>{summary}</strong></p>", GERMAN_STORY, True),
        # the page's own summary is no other story's teaser, whatever its box is called
        ("de", VORSPANN, '<div class="teaser-text"><p>{summary}</p></div>', GERMAN_STORY, True),
        ("en", OPENING, '<div class="news-teaser"><p>{summary}</p></div>', STORY, True),
        ("de", VORSPANN, '<div class="entry-summary"><p>{summary}</p></div>', GERMAN_STORY, False),
        ("en", DECK, '<p class="dek">{summary}</p>', STORY, False),
        ("en", DECK, "<h2>{summary}</h2>", STORY, False),
        ("en", DECK[:90], "<p>{summary}</p>", STORY, False),
    ],
)  # fmt: skip
def test_a_summary_above_the_story_is_body_only_as_its_opening_paragraph(
    lang: str, summary: str, markup: str, story: list[str], in_body: bool
) -> None:
    """A long paragraph repeating the page's summary between the headline and the story is
    the story's first paragraph (a German "Vorspann"); a short deck, a heading or a box
    named a summary is the lead alone."""
    article = extract_article(_summary_page(lang, summary, markup, story), URL)
    assert article.lead == summary
    assert article.body.split("\n\n") == ([summary, *story] if in_body else story)


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("Möchten Sie den Artikel teilen?", True),
        ("Seite teilen:", True),
        ("Like it? Share it!", True),
        ("Share this article", True),
        ("Wie wir Wohnraum teilen", False),  # a subheading of the story
        ("Why we share our data", False),
    ],
)
def test_which_short_texts_ask_to_share(text: str, prompt: bool) -> None:
    assert hints.is_share_prompt(text) is prompt


@pytest.mark.parametrize(
    ("dateline", "story"),
    [("Mittwoch, 26.02.2020", GERMAN_STORY), ("Updated: March 4, 2025", STORY)],
)
def test_a_dateline_among_the_paragraphs_is_no_text(dateline: str, story: list[str]) -> None:
    dated = "Am 26.02.2020 begann der Bau. / On March 4, 2025, work began."
    body = "".join(f"<p>{p}</p>" for p in (dateline, story[0], dated, *story[1:]))
    page = f"<html><body><article><h1>Hafen / Harbour</h1>{body}</article></body></html>"
    found = extract_article(page, URL, known_article=True)
    assert found.body.split("\n\n") == [story[0], dated, *story[1:]]


@pytest.mark.parametrize(
    ("lang", "summary", "markup", "story", "in_body"),
    [
        ("de", VORSPANN, '<p class="intro">{summary}</p>', GERMAN_STORY, True),
        ("en", OPENING, "<div><p>{summary}</p></div>", STORY, True),
        ("en", DECK, "<p>{summary}</p>", STORY, False),  # a short deck: the lead alone
        ("de", VORSPANN, "<h2>{summary}</h2>", GERMAN_STORY, False),
    ],
)  # fmt: skip
def test_a_summary_in_the_storys_own_header_is_found_there(
    lang: str, summary: str, markup: str, story: list[str], in_body: bool
) -> None:
    """The story's `<header>` (headline, standfirst, byline) is not the site's header: the
    opening paragraph set there belongs to the body, though headers are furniture."""
    body = "".join(f"<p>{p}</p>" for p in story)
    page = f"""<html lang="{lang}"><head><title>Hafen</title>
<meta property="og:type" content="article"><meta name="description" content="{summary}">
</head><body><header class="site"><a href="/">Portal</a></header><main><article>
<header class="article-header"><h1>Hafen / Harbour</h1>{markup.format(summary=summary)}
<p class="byline">Anna Meier</p></header><div class="article-body">{body}</div>
</article></main></body></html>"""
    article = extract_article(page, URL)
    assert article.lead == summary
    assert article.body.split("\n\n") == ([summary, *story] if in_body else story)


def test_a_post_made_of_a_list_is_its_list_and_a_license_line_is_no_story() -> None:
    """A note's bullet points under its headline, a license line under them and a sidebar of
    tags (a Jekyll theme's post): no running text anywhere, so the plain list is the story."""
    points = ["BigTable clone, similar to HBase", "Cell-based access control",
              "Server-side programming", "Use it for complex security needs"]  # fmt: skip
    page = (
        "<html><body><main><article><h1>Accumulo</h1><div class='post-content'><ul>"
        + "".join(f"<li>{p}</li>" for p in points)
        + "</ul></div><div class='license-wrapper'>This post is licensed under CC BY 4.0 by "
        "the author.</div></article></main><aside><div class='post-content'><h3>Trending "
        "Tags</h3><a href='/tags/aws/'>aws</a> <a href='/tags/db/'>db</a></div></aside>"
        "</body></html>"
    )
    content = generic_content(Document.parse(page), "https://blog.example/posts/accumulo/")
    assert content is not None
    assert [element.text_content() for element in content] == points


def test_a_note_of_one_line_is_that_line_not_the_sidebar_beside_it() -> None:
    """No running text anywhere: the text after the headline in the headline's own box is
    the story, not a sidebar heading or another post's card."""
    page = (
        "<html><body><div class='row'><div id='post-wrapper'><div class='post'>"
        "<h1>Idiom</h1><div class='post-meta'>Posted by Kim</div><div class='post-content'>"
        "<h2>Prefer A to B</h2><blockquote><p>Prefer A over B, always.</p></blockquote></div>"
        "<div class='post-tail-wrapper'><div class='license-wrapper'>This post is licensed "
        "under CC BY 4.0.</div></div></div>"
        "</div><div id='panel-wrapper'><div class='post-content'><h3>Trending Tags</h3>"
        "<p>Recently updated posts</p></div></div></div></body></html>"
    )
    content = generic_content(Document.parse(page), "https://blog.example/posts/idiom/")
    assert content is not None
    texts = [element.text_content() for element in content]
    assert "Prefer A over B, always." in texts
    assert not any("Trending" in t or "Recently" in t or "licensed" in t for t in texts)
