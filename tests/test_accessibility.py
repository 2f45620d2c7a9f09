"""WCAG 2.1 AA in a real browser: axe-core on every kind of page, keyboard use, link styling, the statement."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.load.settings import load_settings
from tests.conftest import (
    PAGE_KINDS,
    SEARCH_HINT,
    SEARCH_RESULT,
    ZENSICAL_SEARCH_HINT,
    ZENSICAL_SEARCH_RESULT,
    open_search,
    wait_for_animations,
)

WIDTHS = {"desktop": 1280, "mobil": 375}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


@pytest.fixture(scope="module", params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser):
    page = browser.new_page(viewport={"width": WIDTHS[request.param], "height": 900})
    yield page
    page.close()


def violations(page) -> list[str]:
    response = Axe().run(page, options=AXE_OPTIONS).response
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in response["violations"]]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_axe_violations(page, site_server, kind):
    page.goto(site_server + PAGE_KINDS[kind])
    assert violations(page) == []


# Every axe rule, best practices included.
@pytest.mark.parametrize("width", [1280, 375, 320])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_axe_findings_with_every_rule(browser, site_server, kind, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_server + PAGE_KINDS[kind])
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    found = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in response["violations"]]
    page.close()
    assert found == []


# A few results, and a list long enough to scroll (Zensical's scroll area was out of the keyboard's reach).
@pytest.mark.parametrize("query", ["bostøtte", "kommune"])
def test_no_axe_violations_in_search_results(page, site_server, query):
    open_search(page, site_server, query)
    assert violations(page) == []


def test_no_axe_violations_in_an_empty_search_result_with_its_hint(page, site_server):
    page.goto(site_server + "?q=xqzzy")
    page.locator(f"{SEARCH_HINT}, {ZENSICAL_SEARCH_HINT}").first.wait_for(state="visible")
    wait_for_animations(page)
    assert violations(page) == []


def test_no_axe_violations_in_filtered_case_list(page, site_server):
    page.goto(site_server + "cases/?kommune=hedensted&tema=samarbejde-paa-tvaers")
    page.locator("[data-kb-filters] h2").wait_for()
    assert violations(page) == []


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_findings_in_a_case_list_filtered_to_nothing(browser, site_server, width):
    """Every rule on the filters' hardest state: no result, a button per choice, every group open."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_server + "cases/?kommune=odder&kerneopgave=laering&tema=samskabelse")
    page.locator(".kb-filters__chips button").first.wait_for()
    page.evaluate("document.querySelectorAll('.kb-filters details').forEach(group => { group.open = true; })")
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    found = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in response["violations"]]
    page.close()
    assert found == []


FOCUS_INFO = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), style = getComputedStyle(e);
  return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
          visible: e.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0
                   && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight};
}"""


@pytest.mark.parametrize("kind", ["case", "alle cases", "øvelse"])
def test_keyboard_focus_never_lands_on_hidden_links(page, site_server, kind):
    page.goto(site_server + PAGE_KINDS[kind])
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_INFO)
        if not focus["visible"] and not focus["what"].startswith("BODY"):
            hidden.append(focus["what"])
    assert hidden == []


def test_mobile_menu_opens_and_closes_with_the_keyboard(browser, site_server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(site_server + PAGE_KINDS["case"])
    menu = page.get_by_role("button", name="Åbn menuen")
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.textContent.trim() === 'Forside'")  # no eval under the CSP
    assert page.get_by_role("button", name="Luk menuen").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_INFO) == {"what": "A Alle cases", "visible": True}
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/")
    page.get_by_role("button", name="Åbn menuen").focus()
    page.keyboard.press(" ")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Åbn menuen"
    page.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_pages_reflow_at_400_percent_zoom(browser, site_server, kind):
    """WCAG 1.4.10: 1280 px at 400 % is 320 CSS px; nothing may need sideways scrolling."""
    page = browser.new_page(viewport={"width": 320, "height": 256})
    page.goto(site_server + PAGE_KINDS[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_links_in_running_text_are_underlined(page, site_server):
    page.goto(site_server + PAGE_KINDS["case"])
    decorations = page.locator(".md-typeset p a, .md-typeset li a, .md-typeset dd a").evaluate_all(
        "links => links.filter(a => !a.classList.contains('md-button') && !a.classList.contains('headerlink'))"
        ".map(a => getComputedStyle(a).textDecorationLine)")
    assert decorations and set(decorations) == {"underline"}


@pytest.mark.parametrize("kind", ["forside", "case", "øvelse", "kilde"])
def test_footer_links_to_the_accessibility_statement(page, site_server, kind):
    page.goto(site_server + PAGE_KINDS[kind])
    link = page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring")
    configured = load_settings().accessibility_statement_url
    href = link.evaluate("a => a.href")
    assert href == (configured or site_server + "tilgaengelighed/")


@pytest.mark.parametrize("kind", ["forside", "case", "tilgængelighed", "ikke fundet"])
def test_every_page_names_where_to_report_a_problem(page, site_server, kind):
    page.goto(site_server + PAGE_KINDS[kind])
    address = load_settings().contact_email
    link = page.locator("footer").get_by_role("link", name=address)
    assert link.get_attribute("href") == f"mailto:{address}"


def test_the_accessibility_statement_gives_the_contact(page, site_server):
    page.goto(site_server + PAGE_KINDS["tilgængelighed"])
    address = load_settings().contact_email
    section = page.locator("h2#fandt-du-et-problem + p")
    assert section.get_by_role("link", name=address).get_attribute("href") == f"mailto:{address}"


def test_the_404_page_is_danish_and_leads_on(page, site_server):
    page.goto(site_server + PAGE_KINDS["ikke fundet"])
    assert page.title() == "Siden findes ikke – Casebiblioteket"
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert "Not found" not in page.locator("body").inner_text()
    # The host serves this page at any address, however deep: its links start at the site's root.
    hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"/cases/", "/kommuner/", "/kerneopgaver/", "/temaer/"} <= set(hrefs)
    assert all(href.startswith("/") for href in hrefs)
    for href in hrefs:
        assert page.request.get(site_server.rstrip("/") + href).ok, href
    page.get_by_role("searchbox", name="Søg efter siden").fill("samskabelse")
    page.locator("article").get_by_role("button", name="Søg", exact=True).click()
    page.locator(f"{SEARCH_RESULT}, {ZENSICAL_SEARCH_RESULT}").first.wait_for()
