"""Danish search, as a reader uses it: type a word, in any form, and find the case.

Each search test runs twice: on the hosted site (Pagefind, in the site's own
search worker) and on the offline copy opened from the disk (Material's lunr
with the same query layer). The reader sees one search; the engines differ.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlparse

import pytest

from scripts.render.search_index import fit_to_budget, gzipped_size
from scripts.render.site_search import SEARCH_ENV
from scripts.tools.local_server import serve
from tests.conftest import run_kb

HOUSING = "cases/ikast-brande-housing-first/"
ODDER = "cases/odder-samskabt-styring/"
HOLSTEBRO = "cases/holstebro-investeringsmodel-voksenomraadet/"
FAMILIES = "cases/hedensted-familier-paa-vej/"
REFUGEES = "cases/hedensted-flygtningeklasser/"
ADVICE = "cases/hedensted-velfaerdsraadgivningen/"
COUNCIL = "cases/hedensted-politiske-proeveballoner/"
PROTOTYPES = "cases/hedensted-prototyper/"
ULDUM = "cases/hedensted-uldum-udsatte-boern/"
VISION = "cases/hedensted-baeredygtig-velfaerd/"

# (what a reader types, a case that must be among the first three results, or
# the set of cases the first three must all come from)
QUERIES = [
    # inflected forms the pages use in another form
    ("hjemløse", HOUSING),
    ("forsorgshjemmene", HOUSING),
    ("bostøtten", HOUSING),
    ("flygtningene", REFUGEES),
    ("modtageklasserne", REFUGEES),
    ("workshoppene", ODDER),
    ("budgetmodellen", ODDER),
    ("psykologerne", HOLSTEBRO),
    ("opholdstiden", HOLSTEBRO),
    ("netværksmøderne", FAMILIES),
    ("familiekoordinatoren", FAMILIES),
    ("underretningerne", ULDUM),
    ("sundhedsplejersken", ULDUM),
    ("prototyperne", PROTOTYPES),
    ("dialogmøderne", COUNCIL),
    ("borgerbudgettet", COUNCIL),
    ("hjælpemidlerne", ADVICE),
    ("fællesspisningen", VISION),
    # compounds and several words
    ("investeringsmodel voksenområdet", HOLSTEBRO),
    ("visitation dokumentation budget", ODDER),
    # half-typed words, as search shows results while typing
    ("bostø", HOUSING),
    ("flygtn", REFUGEES),
    # municipality names
    ("Ikast-Brande", HOUSING),
    ("Odder", ODDER),
    ("Holstebro", HOLSTEBRO),
    ("Uldum", ULDUM),
    # core tasks and themes
    # A core task or theme many cases share: every one of the first three must carry it.
    ("Beskæftigelse", {FAMILIES, REFUGEES, PROTOTYPES, ULDUM, VISION, COUNCIL}),
    ("frisættelse", HOUSING),
    ("prøvehandlinger", HOLSTEBRO),
    # a keyword a case carries, not its text
    ("herberg", HOUSING),
    # æ, ø, å typed as ae, oe, aa, or as o and a (an English keyboard, a phone)
    ("velfaerd", VISION),
    ("boern", ULDUM),
    ("proeveballon", COUNCIL),
    ("hjemlos", HOUSING),
    ("faellesspisning", VISION),
    # one typo in a longer word
    ("Holstbro", HOLSTEBRO),
    ("hjemlsøhed", HOUSING),
    ("flygtnnge", REFUGEES),
    # half-typed words whose stem is not yet the indexed stem
    ("hjemløsh", HOUSING),
    ("borgerbudgettern", COUNCIL),
    # the Samskabelse cases, and Odder's "Samskabt styring", whose title has the word
    ("samskabende", {VISION, COUNCIL, FAMILIES, PROTOTYPES, ODDER}),
]


@dataclass(frozen=True)
class Engine:
    name: str
    home: str  # the page a reader searches from
    base: str  # the site's address, for turning result links into site paths

    def path(self, href: str) -> str:
        """A result link as a site path the hosted way: cases/x/ (the offline copy links cases/x.html)."""
        path = urlparse(href).path.removeprefix(urlparse(self.base).path)
        path = re.sub(r"(^|/)index\.html$", r"\1", path)
        return re.sub(r"\.html$", "/", path)


@pytest.fixture(scope="module", params=["hosted", "offline"])
def engine(request) -> Engine:
    if request.param == "hosted":
        base = request.getfixturevalue("site_server")
        return Engine("hosted", base, base)
    copy = request.getfixturevalue("offline_copy")
    return Engine("offline", (copy / "index.html").as_uri(), copy.as_uri() + "/")


def wait_for_count(page) -> None:
    # A function, not an expression: Playwright would eval an expression on every poll, and the
    # site's Content-Security-Policy allows no eval.
    page.wait_for_function("() => /\\d|Ingen/.test(document.querySelector('.md-search-result__meta').textContent)")


def search_for(page, engine: Engine, query: str) -> None:
    """Type a query into the search box of a freshly opened page, as a reader does."""
    page.goto(engine.home)
    box = page.locator(".md-search__input")
    # Focus first and let the answer to the empty box land ("Indtast søgeord"): a reader types after
    # the focus, while a fill can put the text in before that answer, which then reads as no results.
    box.focus()
    page.wait_for_function("() => /Indtast/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)
    # Material reads the box on keyup (and just after focus): a fill has no keyup, and under load the
    # read after focus can come before the text. A key that types nothing sends one, as typing does.
    box.press("End")
    wait_for_count(page)


def top_results(page, engine: Engine, query: str, count: int = 3) -> list[str]:
    search_for(page, engine, query)
    pages = []
    for href in page.locator("li.md-search-result__item > a").evaluate_all("links => links.map(a => a.href)"):
        path = engine.path(href)
        if path not in pages:
            pages.append(path)
    return pages[:count]


def top_pages(page, base: str, query: str, count: int = 3) -> list[str]:
    """The first pages in the search results, as site paths."""
    page.goto(f"{base}?q={quote(query)}")
    page.wait_for_selector(".md-search-result__meta")
    # A function, not an expression: Playwright would eval an expression on every poll, and the
    # site's Content-Security-Policy allows no eval.
    page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    pages = []
    for href in page.locator("li.md-search-result__item > a").evaluate_all("links => links.map(a => a.href)"):
        path = urlparse(href).path.removeprefix(urlparse(base).path)
        if path not in pages:
            pages.append(path)
    return pages[:count]


@pytest.fixture(scope="module")
def search_page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize(("query", "case"), QUERIES, ids=[query for query, _ in QUERIES])
def test_query_finds_the_case_in_the_top_three(search_page, engine, query, case):
    found = top_results(search_page, engine, query)
    if isinstance(case, set):
        assert len(found) == 3 and set(found) <= case, found
    else:
        assert case in found, search_page.inner_text(".md-search-result__meta")


@pytest.mark.parametrize("query", ["Ikast-Brande", "Odder", "Holstebro", "velfaerd", "samskabt", "hjemlos"])
def test_a_case_that_matches_comes_before_any_list_of_pages(search_page, engine, query):
    # Lists (kommuner, temaer, kilder, overviews) repeat their cases' words; a case that matches comes first.
    assert top_results(search_page, engine, query, count=1)[0].startswith("cases/")


def test_an_empty_result_says_what_to_try_and_links_the_browse_pages(search_page, engine):
    search_for(search_page, engine, "xqzzy")
    hint = search_page.locator(".kb-search-hint")
    hint.wait_for(state="visible")
    assert "Prøv et kortere ord" in hint.inner_text()
    links = hint.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert [engine.path(link) for link in links] == ["kommuner/", "kerneopgaver/", "temaer/"]
    box = search_page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially("velfaerd")
    hint.wait_for(state="hidden")


SEARCH_FILES = ("search/search_index", "/pagefind/", "/search/words/")


def test_nothing_of_the_search_is_fetched_until_the_reader_searches(browser, site_server):
    page = browser.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if any(
        part in request.url for part in SEARCH_FILES) else None)
    page.goto(f"{site_server}cases/")
    page.wait_for_load_state("networkidle")
    assert fetched == []  # a page view costs no index
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("velfaerd")
    wait_for_count(page)
    assert [url for url in fetched if "/pagefind/" in url] and [url for url in fetched if "/search/words/" in url]
    page.close()


def test_a_shared_search_address_and_the_home_page_form_search_the_hosted_site(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}?q=velfaerd")  # the address a reader mails to a colleague
    wait_for_count(page)
    assert Engine("hosted", site_server, site_server).path(
        page.locator("li.md-search-result__item > a").first.get_attribute("href")) == VISION
    page.goto(site_server)
    form = page.locator("form.kb-search")
    form.locator("input").fill("Holstbro")
    form.locator("input").press("Enter")
    wait_for_count(page)
    assert "q=Holstbro" in page.url
    hrefs = page.locator("li.md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert HOLSTEBRO in [Engine("hosted", site_server, site_server).path(href) for href in hrefs[:3]]
    page.close()


def test_the_hosted_site_shows_how_many_pages_matched_when_it_shows_only_the_best(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}?q=kommunerne")
    page.wait_for_function("() => /bedste af/.test(document.querySelector('.md-search-result__meta').textContent)")
    meta = page.inner_text(".md-search-result__meta")
    shown, total = (int(n.replace(".", "")) for n in re.search(r"De (\d+) bedste af ([\d.]+) resultater", meta).groups())
    assert shown == 20 < total
    assert page.locator("li.md-search-result__item").count() <= shown  # Material adds more as the reader scrolls
    page.close()


def test_a_word_found_in_another_spelling_is_not_listed_as_missing(search_page, engine):
    # Material shows "Mangler: ..." under a result for each query word it lacks. A folded or
    # misspelt word that found the result is not missing there; a word that found nothing still is.
    for query, found in (("velfaerd xqzzy", "velfaerd"), ("Holstbro xqzzy", "holstbro")):
        search_for(search_page, engine, query)
        first = search_page.locator("li.md-search-result__item").first.locator(".md-search-result__terms").first
        missing = first.inner_text().lower()
        assert "xqzzy" in missing and found not in missing


def test_a_themes_other_words_reach_its_cases(search_page, engine):
    # "samskabt" is in the Odder case's text, but the theme is Samskabelse: its keywords in
    # vocabulary.yml bring the theme's cases in too (without them, only Odder's pages matched).
    found = top_results(search_page, engine, "samskabt")
    assert found[0] == ODDER
    assert set(found[1:]) & {VISION, COUNCIL, FAMILIES, PROTOTYPES}


def test_at_least_forty_queries():
    assert len(QUERIES) >= 40


def test_search_suggests_and_highlights_the_stemmed_word(search_page, engine):
    search_for(search_page, engine, "flygtningene")
    first = search_page.locator(".md-search-result__item").first
    first.locator("mark").first.wait_for()
    assert first.locator("h1 mark").inner_text() == "flygtninge"  # the title's own word form, found by its stem
    assert "Mangler" not in search_page.inner_text(".md-search-result")  # no word marked as missing


def test_a_result_names_the_missing_word_as_the_reader_typed_it(search_page, engine):
    # Search matches stems; a result lacking "kommunerne" must not say it lacks "kommun".
    search_for(search_page, engine, "kommunerne investering")
    search_page.locator(".md-search-result__terms del").first.wait_for()
    missing = search_page.locator(".md-search-result__terms del").all_text_contents()
    assert missing and set(missing) <= {"kommunerne", "investering"}, missing


@pytest.fixture(scope="module")
def trimmed_site_server(tmp_path_factory):
    """The real site on Material's lunr search (the offline copy's engine) with its index fitted to half
    its size, as a library of thousands gets it."""
    site = tmp_path_factory.mktemp("trimmed") / "site"
    result = run_kb("build", "--site-dir", str(site), env={SEARCH_ENV: "lunr"})
    assert result.returncode == 0, result.stdout + result.stderr
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    data, fit = fit_to_budget(index, budget=gzipped_size(path.read_bytes()) // 2)
    assert fit.words_per_section is not None
    path.write_bytes(data)
    with serve(site) as address:
        yield address


def test_a_trimmed_index_still_finds_cases_by_title_summary_keywords_and_tags(search_page, trimmed_site_server):
    # What a trimmed index keeps: titles, leads, Kort fortalt, keywords and tags, stemmed as before.
    for query, case in [("bostø", HOUSING), ("flygtningene", REFUGEES), ("Holstebro", HOLSTEBRO),
                        ("herberg", HOUSING), ("prototyperne", PROTOTYPES), ("frisættelse", HOUSING)]:
        assert case in top_pages(search_page, trimmed_site_server, query), query


def test_the_search_worker_folds_words_as_the_word_list_was_filed(browser, site_server):
    # The worker looks a typed word up in the file named by its folded start (site_search.shard_key);
    # if the two folds drifted apart, "boern" would look in another file than "børn" is in.
    from scripts.render.site_search import fold

    page = browser.new_page()
    page.goto(site_server)
    page.wait_for_function("() => true")
    page.wait_for_event("worker") if not page.workers else None
    worker = next(w for w in page.workers if w.url.endswith("workers/kb-search.js"))
    words = ["boern", "Børnene", "velfaerd", "ÆLDREPLEJE", "Aarhus", "prøveballoner", "café", "hjemløshed", "oe", "aa"]
    assert worker.evaluate("words => words.map(fold)", words) == [fold(word) for word in words]
    page.close()


@pytest.mark.parametrize("word", ["kommunerne", "hjemløshed", "borgerbudgettet"])
def test_typing_a_word_letter_by_letter_never_shows_zero_results(search_page, engine, word):
    # Search shows results while the reader types; a half word must not drop to "Ingen resultater"
    # when the whole word has hits (kommunern, hjemløsh, borgerbudgettern did before).
    search_for(search_page, engine, word[:3])  # a fill alone has no keyup, and under load went unread
    box = search_page.locator(".md-search__input")
    search_page.evaluate("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        window.kbSeen = [meta.textContent];
        new MutationObserver(() => window.kbSeen.push(meta.textContent))
            .observe(meta, {childList: true, characterData: true, subtree: true});
    }""")
    box.press_sequentially(word[3:], delay=120)
    search_page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    search_page.wait_for_timeout(500)  # the last answer is in
    seen = search_page.evaluate("() => window.kbSeen")
    assert seen and not [text for text in seen if "Ingen" in text], seen


def test_the_keyboard_alone_searches_and_opens_a_result(search_page, engine):
    # Material's keys, unchanged by the engine behind them: / opens the search, the arrows move
    # through the results, Enter opens the one in focus.
    search_page.goto(engine.home)
    search_page.keyboard.press("/")
    search_page.keyboard.type("flygtningene", delay=40)
    wait_for_count(search_page)
    search_page.keyboard.press("ArrowDown")
    focused = search_page.evaluate("() => document.activeElement.href")
    assert engine.path(focused) == REFUGEES
    search_page.keyboard.press("Enter")
    search_page.wait_for_url(lambda url: "hedensted-flygtningeklasser" in url)
