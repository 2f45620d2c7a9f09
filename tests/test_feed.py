"""The Atom feed (site/feed.xml): valid Atom, newest first, safe with hostile text, announced on every page.

`feedparser` (a real feed reader's parser) must read it without complaint
(bozo == 0); ElementTree checks that it holds nothing but Atom elements, so a
browser that opens it shows data and runs nothing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from scripts.load.settings import Settings
from scripts.load.text import danish_date
from scripts.render.feed import ATOM, FEED_ENTRIES, FEED_TITLE, feed_xml, recent_cases
from tests.conftest import PAGE_KINDS

SETTINGS = Settings(site_url="https://casebiblioteket.example/")
HOSTILE_TITLE = ("Slut ]]> <script>alert(1)</script> &amp; & <![CDATA[x]]> \x00\x01\x08\x0b\x0c\x1b\x7f\x9f"
                 "\ud800\ufffe\uffff <?xml-stylesheet href='x.xsl'?> <!DOCTYPE x [<!ENTITY a 'b'>]> &a; æøå")
HOSTILE_KEPT = "Slut ]]> <script>alert(1)</script> &amp; & <![CDATA[x]]>  <?xml-stylesheet href='x.xsl'?> " \
               "<!DOCTYPE x [<!ENTITY a 'b'>]> &a; æøå"  # the control characters gone, and nothing else


def _parsed(text: str):
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def atom_problems(text: str) -> list[str]:
    """Anything in the feed but Atom elements: other namespaces (XHTML, SVG), processing instructions, DOCTYPE."""
    problems = []
    if "<!DOCTYPE" in text or "<!ENTITY" in text.split("<feed", 1)[0]:
        problems.append("a DOCTYPE")
    builder = ET.TreeBuilder(insert_pis=True, insert_comments=True)
    # The build's own output, checked above to declare no entities (expat expands none it is not given).
    root = ET.fromstring(text, parser=ET.XMLParser(target=builder))  # noqa: S314
    for element in root.iter():
        if element.tag in (ET.PI, ET.Comment):
            problems.append(f"a processing instruction or comment: {element.text!r}")
        elif not str(element.tag).startswith(f"{{{ATOM}}}"):
            problems.append(f"an element outside Atom: {element.tag}")
    if re.search(r"<\?(?!xml version)", text):
        problems.append("a processing instruction")
    return problems


def test_the_feed_is_valid_atom_newest_first_with_every_field(real_library):
    text = feed_xml(real_library, SETTINGS)
    feed = _parsed(text)
    assert feed.version == "atom10"
    assert feed.feed.title == FEED_TITLE
    assert feed.feed.id == "https://casebiblioteket.example/feed.xml"
    assert {(link.rel, link.href) for link in feed.feed.links} == {
        ("self", "https://casebiblioteket.example/feed.xml"), ("alternate", "https://casebiblioteket.example/")}
    assert feed.feed.author_detail.name == "Casebiblioteket"
    assert len(feed.entries) == len(real_library.cases)
    expected = recent_cases(real_library.cases, FEED_ENTRIES)
    for entry, case in zip(feed.entries, expected):
        assert entry.title == case.title
        assert entry.summary == case.summary
        assert entry.link == f"https://casebiblioteket.example/cases/{case.slug}/"
        assert entry.id == entry.link
        assert entry.updated.startswith(case.last_reviewed.isoformat())
        terms = [tag.term for tag in entry.tags]
        assert terms == [case.municipality, *case.core_tasks, *case.themes]
        assert entry.tags[0].scheme.startswith("https://casebiblioteket.example/kommuner/")
    days = [entry.updated for entry in feed.entries]
    assert days == sorted(days, reverse=True)
    assert feed.feed.updated == feed.entries[0].updated
    assert atom_problems(text) == []


def test_the_feed_keeps_the_fifty_most_recent(real_library):
    start = date(2020, 1, 1)
    many = tuple(replace(case, slug=f"{case.slug}-{n}", last_reviewed=start + timedelta(days=n * 10 + i))
                 for n in range(8) for i, case in enumerate(real_library.cases))
    library = replace(real_library, cases=many)
    feed = _parsed(feed_xml(library, SETTINGS))
    assert len(feed.entries) == FEED_ENTRIES == 50
    newest = sorted(many, key=lambda c: c.last_reviewed, reverse=True)[:50]
    assert [e.link.rsplit("/", 2)[1] for e in feed.entries] == [c.slug for c in newest]


def test_a_hostile_title_cannot_break_the_feed_or_add_markup(minimal_library):
    case = minimal_library.cases[0]
    hostile = replace(case, title=HOSTILE_TITLE, summary="<img src=x onerror=alert(1)> ]]> \x00 & slut",
                      municipality=case.municipality)
    library = replace(minimal_library, cases=(hostile, *minimal_library.cases[1:]))
    text = feed_xml(library, replace(SETTINGS, owner="<Ejer> & co ]]>"))
    assert atom_problems(text) == []
    feed = _parsed(text)
    entry = next(e for e in feed.entries if e.link.endswith(f"/{case.slug}/"))
    assert entry.title == HOSTILE_KEPT  # the text, as text; only what XML cannot hold is gone
    assert entry.summary == "<img src=x onerror=alert(1)> ]]>  & slut"
    assert feed.feed.author_detail.name == "<Ejer> & co ]]>"
    assert "<script>" not in text and "<img" not in text


def test_the_feed_with_no_cases_is_still_a_feed(minimal_library):
    feed = _parsed(feed_xml(replace(minimal_library, cases=()), SETTINGS))
    assert feed.entries == []


# --- the built site ------------------------------------------------------------------------------------

class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds: list[dict] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head and attributes.get("type") == "application/atom+xml":
            self.feeds.append(attributes)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


def _page_file(site: Path, address: str) -> Path:
    return site / address if address.endswith(".html") else site / address / "index.html"


@pytest.mark.parametrize("kind", [k for k in PAGE_KINDS if k != "ikke fundet"])
def test_every_page_kind_announces_the_feed_in_its_head(project_site, kind):
    page = _page_file(project_site, PAGE_KINDS[kind])
    head = _Head()
    head.feed(page.read_text(encoding="utf-8"))
    assert len(head.feeds) == 1, kind
    link = head.feeds[0]
    # Feed readers look for the token "alternate"; Material's script fetches sitemap.xml for a rel of exactly
    # "alternate" (see overrides/main.html), so the value is "alternate feed".
    assert link["rel"].split() == ["alternate", "feed"] and link["title"] == FEED_TITLE
    assert not link["href"].startswith(("/", "http"))  # relative, so it works offline and at any depth
    assert (page.parent / link["href"]).resolve() == (project_site / "feed.xml").resolve()


def test_the_built_feed_is_atom_and_nothing_else(project_site, zensical_project_site):
    text = (project_site / "feed.xml").read_text(encoding="utf-8")
    assert atom_problems(text) == []
    assert _parsed(text).entries
    assert (zensical_project_site / "feed.xml").read_text(encoding="utf-8") == text


def test_the_home_page_lists_the_five_newest_cases(project_site, real_library):
    home = (project_site / "index.html").read_text(encoding="utf-8")
    section = home.split(">Nyt i biblioteket<", 1)[1].split("<h2", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.DOTALL)
    newest = recent_cases(real_library.cases, 5)
    assert len(items) == 5
    for item, case in zip(items, newest):
        assert f'href="cases/{case.slug}/"' in item
        assert case.municipality in item and danish_date(case.last_reviewed) in item
    assert 'href="feed.xml"' in section


def test_the_zensical_pages_announce_the_feed_too(zensical_project_site):
    head = _Head()
    head.feed((zensical_project_site / "cases" / "odder-samskabt-styring" / "index.html").read_text(encoding="utf-8"))
    assert [link["href"] for link in head.feeds] == ["../../feed.xml"]


def test_a_page_view_does_not_fetch_the_sitemap_because_of_the_feed_link(browser, site_server):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server + PAGE_KINDS["case"])
    page.wait_for_load_state("networkidle")
    page.close()
    assert any(url.endswith("kb.js") for url in requested)  # the page's scripts ran
    assert not [url for url in requested if "sitemap" in url]


def test_search_does_not_read_the_home_pages_list_of_new_cases(project_site, real_library):
    # Otherwise a search for a case's title finds the home page too, for as long as the case is new.
    from scripts.render.site_search import article_words

    home = (project_site / "index.html").read_text(encoding="utf-8")
    listed = home.split(">Nyt i biblioteket<", 1)[1].split("<h2", 1)[0]
    assert 'class="kb-recent"' in listed
    # What the home page says outside the list (the list cut out whole, so the page stays well formed).
    elsewhere = article_words(re.sub(r'<div class="kb-recent">.*?</div>', "", home, count=1, flags=re.DOTALL))
    title_words = {word.lower() for case in recent_cases(real_library.cases, 5) for word in case.title.split()
                   if len(word) > 6 and word.isalpha()} - elsewhere
    assert title_words and not title_words & article_words(home)
