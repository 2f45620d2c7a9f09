"""Where am I, and can I read it (issue 14, points 4 and 7): breadcrumbs, the current section in the
nav, "På siden" on a phone, source and review date in the facts box, page kinds in <title>, line
length, the heading, the key figures."""

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import markdown
import pytest
import yaml

from scripts.check.library import load_library
from scripts.load.paths import heading_anchor
from scripts.load.settings import Settings
from scripts.render.pages import Pager, paginate, render_site
from scripts.render.wayfinding import SECTIONS, breadcrumbs, heading_ids, section_page
from tests.conftest import PAGE_KINDS, ROOT

SETTINGS = Settings(site_url="https://casebiblioteket.example/")
CASE = "cases/odder-samskabt-styring/"


@pytest.fixture(scope="module")
def pages(minimal_library):
    return render_site(minimal_library, SETTINGS, today=date(2028, 11, 15))


def meta_of(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def crumbs(trail) -> list[tuple[str, str | None]]:
    return [(crumb["title"], crumb.get("url")) for crumb in trail]


# --- the trail, computed -------------------------------------------------------------------------

def test_a_case_sits_below_all_cases_and_its_kommune():
    trail = breadcrumbs("cases/x.md", "En case", [("Odder", "kommuner/odder.md")])
    assert crumbs(trail) == [("Forside", ""), ("Alle cases", "cases/"), ("Odder", "kommuner/odder/"),
                             ("En case", None)]


def test_the_offline_copy_links_its_trail_to_html_files():
    trail = breadcrumbs("cases/x.md", "En case", [("Odder", "kommuner/odder.md")], directory_urls=False)
    assert [url for _, url in crumbs(trail)] == ["index.html", "cases/index.html", "kommuner/odder.html", None]


@pytest.mark.parametrize(("page", "label", "trail"), [
    ("kommuner/odder.md", "Odder", ["Forside", "Kommuner", "Odder"]),
    ("kerneopgaver/laering.md", "Læring", ["Forside", "Kerneopgaver", "Læring"]),
    ("temaer/samskabelse.md", "Samskabelse", ["Forside", "Temaer", "Samskabelse"]),
    ("refleksionsspoergsmaal/samskabelse.md", "Samskabelse", ["Forside", "Refleksionsspørgsmål", "Samskabelse"]),
    ("oevelser/x.md", "En øvelse", ["Forside", "Øvelser", "En øvelse"]),
    ("workshops/x.md", "En workshop", ["Forside", "Workshoppakker", "En workshop"]),
    ("strategier/x.md", "En strategi", ["Forside", "Strategier", "En strategi"]),
    ("kilder/x.md", "En kilde", ["Forside", "Kilder", "En kilde"]),
    ("cases/index.md", None, ["Forside", "Alle cases"]),
    ("refleksionsspoergsmaal.md", None, ["Forside", "Refleksionsspørgsmål"]),
    ("tilgaengelighed.md", "Tilgængelighed", ["Forside", "Tilgængelighed"]),
    ("biblioteket-i-tal/index.md", "Biblioteket i tal", ["Forside", "Biblioteket i tal"]),
])
def test_every_kind_of_page_has_a_sensible_trail(page, label, trail):
    assert [title for title, _ in crumbs(breadcrumbs(page, label))] == trail


def test_a_later_page_of_a_list_sits_below_its_first_page():
    (_, _, first), (path, _, second) = paginate("kommuner/odder.md", list(range(150)), 100)
    assert crumbs(breadcrumbs(path, "Odder", pager=second)) == [
        ("Forside", ""), ("Kommuner", "kommuner/"), ("Odder", "kommuner/odder/"), ("Side 2", None)]
    assert crumbs(breadcrumbs("kommuner/odder.md", "Odder", pager=first))[-1] == ("Odder", None)
    pager = Pager(2, ("cases/index.md", "cases/side/2.md"))
    assert crumbs(breadcrumbs("cases/side/2.md", pager=pager)) == [
        ("Forside", ""), ("Alle cases", "cases/"), ("Side 2", None)]


def test_the_home_page_has_no_trail():
    assert breadcrumbs("index.md") == []


def test_each_page_belongs_to_the_section_its_folder_names():
    assert section_page("cases/x.md") == "cases/index.md"
    assert section_page("cases/side/2.md") == "cases/index.md"
    assert section_page("kommuner/odder/side/2.md") == "kommuner/index.md"
    assert section_page("refleksionsspoergsmaal/samskabelse.md") == "refleksionsspoergsmaal.md"
    assert section_page("kilder/index.md") == "kilder/index.md"
    assert section_page("tilgaengelighed.md") is None
    assert section_page("index.md") is None


def test_the_sections_are_named_as_in_the_nav():
    nav = yaml.safe_load(re.sub(r"!!python/name:\S+|!ENV \[[^\]]*\]", "null",
                                (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))["nav"]
    nav = {page: label for entry in nav for label, page in entry.items()}
    assert {page: label for label, page in SECTIONS.values()} == {
        page: nav[page] for _, page in SECTIONS.values()}


@pytest.mark.parametrize("titles", [
    ["Kilde", "Kilde", "kilde_1", "Kilde"],
    ["Fritid & Fællesskab", "A <b> c", "Hvad nu? *ja*", "__config", "Ældre `x`", "100 % [ok]"],
])
def test_heading_ids_are_the_ones_the_engine_gives(titles):
    from scripts.render.escape import markdown_text

    source = "\n\n".join("## " + str(markdown_text(title)) for title in titles)
    engine = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": heading_anchor}})
    assert heading_ids(titles) == re.findall(r'<h2 id="([^"]*)"', engine.convert(source))


# --- the trail and titles, rendered --------------------------------------------------------------

def test_every_page_but_the_home_page_has_a_trail_ending_in_itself(pages):
    for path, text in pages.items():
        trail = meta_of(text).get("breadcrumbs")
        if path == "index.md":
            assert trail is None
            continue
        assert trail and trail[0] == {"title": "Forside", "url": ""}, path
        assert "url" not in trail[-1] and all("url" in crumb for crumb in trail[:-1]), path


def test_trail_titles_are_escaped_once_for_html():
    from scripts.render.pages import front_matter

    meta = meta_of(str(front_matter(title="x", breadcrumbs=[{"title": "<b>A & B</b>", "url": "a/"}])))
    assert meta["breadcrumbs"] == [{"title": "&lt;b&gt;A &amp; B&lt;/b&gt;", "url": "a/"}]


@pytest.mark.parametrize(("path", "title"), [
    ("temaer/samskabelse.md", "Tema: Samskabelse"),
    ("kommuner/odder.md", "Kommune: Odder"),
    ("kerneopgaver/laering.md", "Kerneopgave: Læring"),
    ("refleksionsspoergsmaal/samskabelse.md", "Refleksionsspørgsmål: Samskabelse"),
    ("oevelser/test-oevelse.md", "Øvelse: Hvem skal vi samarbejde med?"),
    ("workshops/test-workshop.md", "Workshoppakke: En workshop for test"),
    ("strategier/test-strategi.md", "Strategi: En strategi for test"),
    ("kilder/testkilde.md", "Kilde: En testkilde – Med undertitel"),
    ("cases/odder-test.md", "Odder prøver noget nyt"),  # the library's main kind: its title alone
])
def test_the_page_title_says_what_kind_of_page_it_is(pages, path, title):
    assert meta_of(pages[path])["title"] == title


@pytest.mark.parametrize("path", ["cases/odder-test.md", "strategier/test-strategi.md", "oevelser/test-oevelse.md"])
def test_the_facts_box_names_the_source_and_the_last_review(pages, path):
    facts = pages[path].split('<div class="kb-facts"', 1)[1].split("</div>", 1)[0]
    assert "Kilde\n:   [En testkilde – Med undertitel](../kilder/testkilde.md)" in facts
    assert "Senest gennemgået\n:   1\\. november 2026" in facts
    assert "*Senest gennemgået" not in pages[path]  # once, in the box


def test_a_workshop_facts_box_has_its_last_review(pages):
    facts = pages["workshops/test-workshop.md"].split('<div class="kb-facts"', 1)[1].split("</div>", 1)[0]
    assert "Senest gennemgået\n:   1\\. november 2026" in facts


def test_the_core_task_overview_links_its_case_counts(pages):
    text = pages["kerneopgaver/index.md"]
    assert "[Se casen](../kerneopgaver/laering.md)" in text
    assert "[Se de 2 cases](../kerneopgaver/social-omsorg.md)" in text


# --- the built site ------------------------------------------------------------------------------

class _Page(HTMLParser):
    """A built page's breadcrumb trail, its active nav entries, its h2 ids and its "På siden" links."""

    def __init__(self):
        super().__init__()
        self.trail: list[tuple[str, str | None, str | None]] = []  # (text, href, aria-current)
        self.trail_navs = 0
        self.active_nav: list[str] = []
        self.h2_ids: list[str] = []
        self.on_page: list[str] = []
        self.title = ""
        self._in = None
        self._depth = {"crumbs": 0, "on_page": 0}
        self._item = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Brødkrumme":
            self.trail_navs += 1
            assert "kb-breadcrumbs" in attrs.get("class", "")
            self._in = "crumbs"
        elif tag == "nav" and "kb-on-page" in (attrs.get("class") or ""):
            self._in = "on_page"
        elif self._in == "crumbs" and tag in ("a", "span"):
            self._item = [tag, attrs.get("href"), attrs.get("aria-current"), ""]
        elif self._in == "on_page" and tag == "a":
            self.on_page.append(attrs["href"])
        if tag == "li" and "md-nav__item--active" in (attrs.get("class") or ""):
            self.active_nav.append("")
            self._item = self._item or ["nav", None, None, ""]
        if tag == "h2" and attrs.get("id"):
            self.h2_ids.append(attrs["id"])
        if tag == "title":
            self._item = ["title", None, None, ""]

    def handle_data(self, data):
        if self._item is not None:
            self._item[3] += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in = None
        if self._item is None:
            return
        kind = self._item[0]
        if kind == "title" and tag == "title":
            self.title, self._item = self._item[3].strip(), None
        elif kind in ("a", "span") and tag == kind:
            self.trail.append((self._item[3].strip(), self._item[1], self._item[2]))
            self._item = None
        elif kind == "nav" and tag in ("a", "label"):
            self.active_nav[-1] = " ".join(self._item[3].split())
            self._item = None


def built(site: Path, url: str) -> _Page:
    page = _Page()
    page.feed((site / url / "index.html" if not url.endswith(".html") else site / url).read_text(encoding="utf-8"))
    return page


def test_a_case_shows_where_it_sits(project_site):
    page = built(project_site, CASE)
    assert [text for text, _, _ in page.trail] == [
        "Forside", "Alle cases", "Odder", "Samskabt styring i Odder: ni workshops om visitation, dokumentation og budget"]
    assert [href for _, href, _ in page.trail[:-1]] == ["../..", "../", "../../kommuner/odder/"]
    assert page.trail[-1][1:] == (None, "page")
    assert page.active_nav == ["Alle cases"]


def test_every_page_below_the_home_page_has_a_trail_that_leads_somewhere(project_site):
    for html_file in project_site.rglob("index.html"):
        url = html_file.parent.relative_to(project_site).as_posix()
        if url.startswith(("k/", "pagefind")) or url == "k":
            continue  # the short addresses only forward
        url = "" if url == "." else url + "/"
        page = built(project_site, url)
        if url == "":
            assert page.trail_navs == 0
            continue
        assert page.trail_navs == 1, url
        assert page.trail[0][0] == "Forside" and page.trail[-1][2] == "page", url
        for text, href, _ in page.trail[:-1]:
            target = urlparse(urljoin("http://site/" + url, href)).path.lstrip("/")
            assert (project_site / unquote(target) / "index.html").is_file(), (url, text, href)


def test_the_404_page_has_no_trail(project_site):
    assert built(project_site, "404.html").trail_navs == 0


@pytest.mark.parametrize(("url", "section"), [
    (CASE, "Alle cases"), ("kommuner/odder/", "Kommuner"), ("kerneopgaver/laering/", "Kerneopgaver"),
    ("temaer/samskabelse/", "Temaer"), ("refleksionsspoergsmaal/samskabelse/", "Refleksionsspørgsmål"),
    ("oevelser/moed-borgeren-foer-sagen/", "Øvelser"), ("workshops/kommunen-som-gaest/", "Workshoppakker"),
    ("strategier/hedensted-kerneopgaver/", "Strategier"), (PAGE_KINDS["kilde"], "Kilder"),
    ("cases/", "Alle cases"), ("", "Forside"), ("tilgaengelighed/", None),
    ("biblioteket-i-tal/", "Biblioteket i tal"),
])
def test_the_nav_marks_the_section_of_pages_it_does_not_list(project_site, url, section):
    assert built(project_site, url).active_nav == ([section] if section else [])


def test_the_on_page_list_of_every_case_names_its_sections_in_order(project_site):
    library, _ = load_library(ROOT / "content")
    for case in library.cases:
        page = built(project_site, f"cases/{case.slug}/")
        assert [unquote(href) for href in page.on_page] == ["#" + anchor for anchor in page.h2_ids], case.slug
        assert "#refleksionsspørgsmål" in [unquote(href) for href in page.on_page]


@pytest.mark.parametrize(("url", "title"), [
    ("temaer/samskabelse/", "Tema: Samskabelse - Casebiblioteket"),
    ("kommuner/odder/", "Kommune: Odder - Casebiblioteket"),
    ("kerneopgaver/laering/", "Kerneopgave: Læring - Casebiblioteket"),
])
def test_the_built_title_names_the_kind_of_page(project_site, url, title):
    assert built(project_site, url).title == title


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture
def new_page(browser):
    opened = []

    def open_page(width: int, height: int = 900):
        page = browser.new_page(viewport={"width": width, "height": height})
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def test_on_a_phone_the_reflection_questions_are_a_tap_away_near_the_top(new_page, site_server):
    page = new_page(375, 667)
    page.goto(site_server + CASE)
    link = page.locator(".kb-on-page a", has_text="Refleksionsspørgsmål")
    assert link.is_visible()
    top = link.evaluate("a => a.getBoundingClientRect().top + scrollY")
    assert top < 2 * 667, f"the link is {top:.0f} px down"
    link.click()
    page.wait_for_function("Math.abs(document.getElementById('refleksionsspørgsmål').getBoundingClientRect().top) < 120")
    assert unquote(page.url).endswith("#refleksionsspørgsmål")


@pytest.mark.parametrize(("width", "shown"), [(375, True), (900, True), (1000, False), (1280, False)])
def test_the_on_page_list_shows_only_where_no_table_of_contents_does(new_page, site_server, width, shown):
    page = new_page(width)
    page.goto(site_server + CASE)
    assert page.locator(".kb-on-page").is_visible() is shown
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible() is not shown


@pytest.mark.parametrize("width", [1280, 375])
def test_the_current_section_looks_current_in_the_nav(new_page, site_server, width):
    page = new_page(width)
    page.goto(site_server + CASE)
    if width < 1220:  # the nav is in the drawer
        page.get_by_role("button", name="Åbn menuen").click()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        page.locator(".md-nav--primary .md-nav__item--active > .md-nav__link").wait_for(state="visible")
    colours = page.evaluate("""() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')]
        .map(li => [li.querySelector('.md-nav__link').textContent.trim(), getComputedStyle(li.querySelector('.md-nav__link')).color])""")
    colours = dict(colours)
    assert page.locator(".kb-breadcrumbs a").first.evaluate("a => getComputedStyle(a).color") == colours["Alle cases"]
    assert colours["Alle cases"] != colours["Kommuner"]


LONGEST_LINE = r"""() => {
  const blocks = [...document.querySelectorAll('.md-content .md-typeset :is(p, li, dd, blockquote)')]
    .filter(e => !e.closest('table, .kb-sheets, .kb-on-page, .md-search') && e.checkVisibility());
  const range = document.createRange();
  let worst = {chars: 0, text: ''};
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let line = '', middle = null;
    const finish = () => {
      const text = line.replace(/\s+/g, ' ').trim();
      if (text.length > worst.chars) worst = {chars: text.length, text};
    };
    for (let node; (node = walker.nextNode());) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box || box.width === 0) continue;
        if (middle !== null && box.top > middle) { finish(); line = ''; }
        middle = (box.top + box.bottom) / 2;
        line += node.data[i];
      }
    }
    finish();
  }
  return worst;
}"""


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("kind", ["forside", "alle cases", "case", "kommune", "kerneopgaver", "kerneopgave",
                                  "tema", "refleksionsspørgsmål", "øvelse", "workshoppakke", "strategi", "kilde",
                                  "tilgængelighed"])
def test_running_text_stays_under_80_characters_a_line(new_page, site_server, kind, width):
    page = new_page(width)
    page.goto(site_server + PAGE_KINDS[kind])
    worst = page.evaluate(LONGEST_LINE)
    assert worst["chars"] <= 80, worst


BODY_TEXT = "getComputedStyle(document.querySelector('.md-content .md-typeset p:not([class])'))"


@pytest.mark.parametrize("kind", ["case", "kommune", "forside"])
def test_the_heading_is_the_strongest_text_on_the_page(new_page, site_server, kind):
    page = new_page(1280)
    page.goto(site_server + PAGE_KINDS[kind])
    h1 = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('.md-typeset h1'));"
                       " return [s.color, Number(s.fontWeight), parseFloat(s.fontSize)]; })()")
    body = page.evaluate(f"(() => {{ const s = {BODY_TEXT}; return [s.color, Number(s.fontWeight), parseFloat(s.fontSize)]; }})()")
    assert h1[0] == body[0]  # the body colour, not Material's 54 % black
    assert h1[1] >= 700 > body[1]
    assert h1[2] > body[2]


def test_the_home_heading_says_what_the_library_holds(project_site):
    html = (project_site / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
    assert heading != "Casebiblioteket" and "velfærdsarbejdet" in heading


def test_key_figures_are_body_size_and_bold(new_page, site_server):
    page = new_page(1280)
    page.goto(site_server + CASE)
    body = page.evaluate(f"parseFloat({BODY_TEXT}.fontSize)")
    cells = page.evaluate("""[...document.querySelectorAll('.kb-results td')].map(td =>
        [td.cellIndex, parseFloat(getComputedStyle(td).fontSize), Number(getComputedStyle(td.firstElementChild || td).fontWeight)])""")
    assert cells
    for column, size, weight in cells:
        assert size >= body
        if column == 0:
            assert weight >= 600


def test_the_workshop_agenda_is_body_size(new_page, site_server):
    page = new_page(1280)
    page.goto(site_server + PAGE_KINDS["workshoppakke"])
    body = page.evaluate(f"parseFloat({BODY_TEXT}.fontSize)")
    sizes = page.evaluate("[...document.querySelectorAll('.kb-schedule td')].map(td => parseFloat(getComputedStyle(td).fontSize))")
    assert sizes and min(sizes) >= body


def test_the_core_task_headings_are_underlined_links(new_page, site_server):
    page = new_page(1280)
    page.goto(site_server + "kerneopgaver/")
    lines = page.evaluate("[...document.querySelectorAll('.md-typeset h2 > a:not(.headerlink)')]"
                          ".map(a => getComputedStyle(a).textDecorationLine)")
    assert lines and set(lines) == {"underline"}


def _nav_current(html: str) -> list[tuple[str, str]]:
    """(aria-current value, link text) of every nav link that says it is current."""
    return [(value, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for value, text in re.findall(
        r'<a href="[^"]*" class="md-nav__link[^"]*" aria-current="(\w+)">(.*?)</a>', html, re.DOTALL)]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize(("url", "current"), [
    (CASE, [("location", "Alle cases")]), ("cases/", [("page", "Alle cases")]),
    ("kommuner/odder/", [("location", "Kommuner")]), ("", [("page", "Forside")]),
    ("biblioteket-i-tal/", [("page", "Biblioteket i tal")]), ("tilgaengelighed/", []),
])
def test_the_nav_tells_a_screen_reader_which_entry_is_current(request, engine, url, current):
    site = request.getfixturevalue("zensical_project_site" if engine == "zensical" else "project_site")
    html = (site / url / "index.html").read_text(encoding="utf-8")
    assert _nav_current(html) == current


def test_nav_current_announced_marks_the_page_and_the_section_once():
    from scripts.render.wayfinding import nav_current_announced

    page = '<li class="md-nav__item md-nav__item--active">\n<a href="./" class="md-nav__link md-nav__link--active">'
    section = '<li class="md-nav__item md-nav__item--active">\n<a href="../" class="md-nav__link">'
    assert nav_current_announced(page).endswith('class="md-nav__link md-nav__link--active" aria-current="page">')
    assert nav_current_announced(section).endswith('class="md-nav__link" aria-current="location">')
    assert nav_current_announced(nav_current_announced(section)) == nav_current_announced(section)
    plain = '<li class="md-nav__item">\n<a href="../" class="md-nav__link">'
    assert nav_current_announced(plain) == plain
