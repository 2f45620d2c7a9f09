"""Bodies become safe HTML: Markdown without HTML, then an allow-list sanitizer.

Each payload is what an attacker could put in a case body. The renderer is
the wall behind `make check`, so these go straight to it, unchecked.
"""

from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.render.body import ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, render_body, sanitize, sections_html
from scripts.render.pages import body_link
from scripts.render.print_docs import absolute_link

PAYLOADS = [
    # From the security audit
    "<script>alert(20)</script>",
    '<iframe src="javascript:alert(21)"></iframe>',
    "<svg onload=alert(22)></svg>",
    "<img src=x onerror=alert(23)>",
    "[klik her](javascript:alert(24))",
    'Et afsnit.\n{: tabindex="0" autofocus onfocus="alert(26)" }',
    "<!-- kommentar --><img src=x onerror=alert(29)>",
    "<style>.md-header{background:#f00 !important}</style>",
    "<details open ontoggle=alert(33)><summary>x</summary>y</details>",
    '<form action="http://127.0.0.1:9/steal" method="post"><input name="kodeord" type="password"></form>',
    "[ref][r1]\n\n[r1]: javascript:alert(113)",
    '<base href="http://127.0.0.1:9/">',
    '<meta http-equiv="refresh" content="0;url=https://example.com/">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>",
    "[x](java&#x73;cript:alert(1))",
    # Our own
    '<noscript><p title="</noscript><img src=x onerror=alert(201)>">',
    "<svg><animate onbegin=alert(202) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(203)>",
    '<a href="jav&#x09;ascript:alert(204)">tab</a>',
    "[vinkel](<javascript:alert(205)>)",
    "<javascript:alert(206)>",
    "![billede][r2]\n\n[r2]: javascript:alert(207)",
    '[titel](https://eksempel.dk "a\\" onmouseover=\\"alert(208)")',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMDkpPC9zY3JpcHQ+)",
    "&#x3C;script&#x3E;alert(210)&#x3C;/script&#x3E;",
    '<x onclick="alert(211)">klik</x>',
    "[<img src=x onerror=alert(212)>](anden-case.md)",
    '<a href="  JaVaScRiPt:alert(213)">store bogstaver</a>',
    "[vb](vbscript:msgbox(214))",
    '<p id="__config">{}</p>',
    "<x@y.dk\"onmouseover=alert(215)>",
    "<textarea><img src=x onerror=alert(216)></textarea>",
    "<plaintext><img src=x onerror=alert(217)>",
    "[beskyttet](//evil.example/x)",
    "*<em onmouseover=alert(218)>fremhævet</em>*",
    # Found by the red-team hunt
    '[link](https://odder.dk "&lt;meta http-equiv=refresh content=0;url=https://evil.example/phish&gt;")',
    '[link](https://odder.dk "&lt;img src=x onerror=alert(219)&gt;")',
    "[r]:\n   ../../../../../../etc/passwd\n\n[x][r]",
    "[q][s]\n\n[s]:\n  ?q=1",
    '<p lang="da" title="x" dir="rtl">attributter, alle tags får</p>',
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _assert_safe(html: str) -> None:
    for tag, attributes in _elements(html).elements:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attributes, html)
        href = attributes.get("href")
        if href is not None:
            scheme = urlsplit(href).scheme
            assert scheme in ALLOWED_SCHEMES or (not scheme and not href.startswith("//")), (href, html)


def _page(body: str):
    return render_body(body, lambda href: body_link("cases/en-case.md", href))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_body_renders_as_allowed_markup_only(payload):
    sections = _page(payload)
    for section in sections:
        _assert_safe(str(section.html))
    _assert_safe(str(sections_html(render_body(payload, lambda href: absolute_link("cases/en-case.md", href,
                                                                                     "https://kb.example/")))))


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("<") and not p.startswith("<!--") and "@" not in p])
def test_html_in_a_body_is_shown_as_the_text_it_is(payload):
    # The editor sees their HTML on the page and in the preview, and `make check` says why.
    html = "".join(str(section.html) for section in _page(payload))
    assert unescape(payload.split(">")[0].lstrip("<")) in _elements(html).text


def test_comments_never_reach_the_output():
    sections = _page("Før <!-- hemmelig-note-42 --> efter\n\n<!--\nflere linjer\n## Ikke en overskrift\n-->\nSlut.")
    html = "".join(str(section.html) for section in sections)
    assert "hemmelig-note-42" not in html and "flere linjer" not in html and "Ikke en overskrift" not in html
    assert [section.title for section in sections] == [None]


def test_links_between_pages_become_addresses_in_the_build_style():
    body = "[a](anden-case.md#tal) [b](../kommuner/odder.md) [c](../pdf/moedekort-x.pdf) [d](#kilde) [e](https://x.dk/)"
    online = str(render_body(body, lambda href: body_link("cases/en-case.md", href, True))[0].html)
    offline = str(render_body(body, lambda href: body_link("cases/en-case.md", href, False))[0].html)
    for expected in ('href="../anden-case/#tal"', 'href="../../kommuner/odder/"', 'href="../../pdf/moedekort-x.pdf"',
                     'href="#kilde"', 'href="https://x.dk/"'):
        assert expected in online
    for expected in ('href="anden-case.html#tal"', 'href="../kommuner/odder.html"', 'href="../pdf/moedekort-x.pdf"'):
        assert expected in offline


def test_headings_are_split_out_and_nothing_else_becomes_one():
    sections = _page("Intro\n\n## Første\n\n#ikke-en-overskrift\n\nTekst\n===\n\n### Anden #\n\nSlut")
    assert [(s.level, s.title) for s in sections] == [(0, None), (2, "Første"), (3, "Anden")]
    assert "<h" not in "".join(str(section.html) for section in sections)


HTMLISH = st.text(alphabet='<>/="\' abcdefghijklmnopqrstuvwxyzABCSVGIMT0123456789:;&#()[]!*_`{}\n-', max_size=120)


@settings(max_examples=400, deadline=None)
@given(body=HTMLISH)
def test_any_body_renders_as_allowed_markup_only(body):
    for section in _page(body):
        _assert_safe(str(section.html))


@settings(max_examples=200, deadline=None)
@given(html=HTMLISH)
def test_the_sanitizer_alone_keeps_only_the_allow_list(html):
    _assert_safe(sanitize(html))


def test_an_e_mail_autolink_keeps_its_address():
    html = str(_page("Skriv til <kontakt@odder.dk>.")[0].html)
    assert '<a href="mailto:kontakt@odder.dk">kontakt@odder.dk</a>' in html


@pytest.mark.parametrize("href", ["?q=1", "../../../../../etc/passwd", "/etc/passwd", "//evil.example/x", ""])
def test_a_relative_address_that_leads_nowhere_loses_its_link_on_screen_and_paper(href):
    assert body_link("cases/en-case.md", href) is None
    assert absolute_link("cases/en-case.md", href, "https://kb.example/") is None


def test_no_title_reaches_a_page_where_the_theme_would_make_it_html():
    # Material's tooltips (content.tooltips) show a title attribute as HTML.
    for body in ('[a](https://x.dk "t")', "[a][r]\n\n[r]: https://x.dk 'titel'", '<p title="x">x</p>'):
        html = "".join(str(section.html) for section in _page(body))
        assert not [tag for tag, attributes in _elements(html).elements if "title" in attributes], html
