"""The security suite: hostile content in every field and every body, built once, opened in Chromium.

tests/hostile/corpus.py makes every text of every content type and of both
registries hostile, and puts a block of hostile Markdown and HTML in every
body kind. tests/hostile/build_unchecked.py builds it (online and as the
offline zip) with `make check`'s markup rules switched off, so what is tested
here is the wall behind them: the escaping, the renderer and sanitizer, the
PDF fetcher and the browser's Content-Security-Policy.

Every page of both builds is opened, searched and filtered in Chromium, and
must show: no dialog, no `on*` attribute, no javascript:/data: address, no
<base>, <meta refresh>, <form>, <iframe>, <object> or <embed> from content, no
policy violation, no request leaving the site. Every PDF must be free of
embedded files, and no file the build made may hold the canary secrets or the
content's HTML comments. Payloads carry numbers, so a failure names its field.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import zipfile
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from scripts.engine.build import OFFLINE_FOLDER
from scripts.load.model import slugify
from scripts.tools.local_server import serve
from tests.conftest import ROOT, pdftotext
from tests.hostile.corpus import EXACT_SUMMARY, EXACT_TITLE, write_corpus
from tests.test_csp import Watched

BUILD = ROOT / "tests" / "hostile" / "build_unchecked.py"


class _Canary(BaseHTTPRequestHandler):
    """A service on the build machine's network: nothing may ever reach it."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"KANARIE-SVAR")

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(port=server.server_address[1], hits=_Canary.hits)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, canary):
    """The hostile library, built online and as the offline zip (unpacked), with its secrets."""
    root = tmp_path_factory.mktemp("hostile")
    file_secret, environment_secret = f"FILHEMMELIGHED-{secrets.token_hex(6)}", f"MILJOHEMMELIGHED-{secrets.token_hex(6)}"
    canary_file = root / "hemmelig.txt"
    canary_file.write_text(file_secret, encoding="utf-8")
    corpus = write_corpus(root / "content", canary.port, canary_file, file_secret)
    env = dict(os.environ, CASEBIBLIOTEK_TEST_SECRET=environment_secret)
    for arguments in ([root / "site"], [root / "offline-site", "--offline", root / "offline.zip"]):
        result = subprocess.run([sys.executable, str(BUILD), str(corpus.content), *map(str, arguments)],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(root / "offline.zip") as archive:
        archive.extractall(root / "unzipped")
    return SimpleNamespace(corpus=corpus, site=root / "site", offline=root / "unzipped" / OFFLINE_FOLDER,
                           secrets=(file_secret, environment_secret, "root:x:0:0", "KANARIE-SVAR"))


# --- What the build wrote -------------------------------------------------------------------------

def _written_text(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, pdftotext(path) if path.suffix == ".pdf" else path.read_bytes().decode("utf-8", "replace")


def test_the_build_reads_nothing_outside_the_project_and_asks_nothing_of_the_network(hostile, canary):
    assert canary.hits == []  # WeasyPrint fetched none of the addresses content named
    for folder in (hostile.site, hostile.offline):
        for path, text in _written_text(folder):
            for secret in hostile.secrets:
                assert secret not in text, f"{path.relative_to(folder)} holds {secret}"


def test_the_tags_are_not_exported_as_a_file_nothing_reads(hostile):
    assert not (hostile.site / "tags.json").exists()  # it would hold the pages' escaped tags


def test_comments_in_content_reach_no_published_file(hostile):
    for folder in (hostile.site, hostile.offline):
        for path, text in _written_text(folder):
            assert "kommentar-" not in text, path.relative_to(folder)


def test_the_feed_and_the_open_data_of_the_hostile_library_stay_data(hostile):
    """feed.xml is a markup type (LIVE_MARKUP): it is safe because it holds only Atom elements, all text escaped."""
    import csv
    import io

    import feedparser

    from scripts.render.open_data import would_be_formula
    from tests.test_feed import atom_problems

    for folder in (hostile.site, hostile.offline):
        text = (folder / "feed.xml").read_text(encoding="utf-8")
        assert atom_problems(text) == []
        feed = feedparser.parse(text)
        assert feed.bozo == 0 and feed.entries
        cases = json.loads((folder / "data" / "cases.json").read_text(encoding="utf-8"))
        # The texts as the case has them, in the data and in the feed (where a reader shows them as text).
        assert any(record["title"] == EXACT_TITLE and record["summary"] == EXACT_SUMMARY for record in cases["cases"])
        assert any(entry.title == EXACT_TITLE and entry.summary == EXACT_SUMMARY for entry in feed.entries)
        rows = list(csv.reader(io.StringIO((folder / "data" / "cases.csv").read_text(encoding="utf-8-sig"), newline="")))
        assert not any(would_be_formula(cell) for row in rows for cell in row)


def test_opening_the_hostile_feed_in_the_browser_runs_nothing(hunt, hostile_site):
    mode, address, _, _ = hostile_site
    hunt.watched.goto(address("feed.xml"))
    with contextlib.suppress(Exception):
        hunt.page.wait_for_load_state("networkidle", timeout=5000)
    hunt.page.mouse.move(400, 300)
    # Not a theme page (INSPECT looks for the theme's own elements): Chromium shows it in its XML viewer, as
    # text, so nothing in it can be an element that runs or loads anything, and the hostile title is text.
    found = hunt.page.evaluate("""() => ({
        active: [...document.querySelectorAll('script, iframe, object, embed, img, svg, form, base, meta, a[href]')]
            .map(e => e.outerHTML.slice(0, 120)),
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
            .filter(name => name.startsWith('on')),
        text: document.documentElement.textContent})""")
    assert found["active"] == [] and found["handlers"] == []
    assert EXACT_TITLE in found["text"]
    assert hunt.dialogs == [] and hunt.leaving == [] and hunt.watched.errors == []
    assert hunt.watched.violations() == []


def test_no_pdf_carries_a_file_or_a_link_to_one(hostile):
    from pypdf import PdfReader

    pdfs = sorted((hostile.site / "pdf").glob("*.pdf"))
    assert len(pdfs) == 5  # two meeting briefs, two exercise sheets, one workshop pack
    for path in pdfs:
        reader = PdfReader(path)
        names = reader.trailer["/Root"].get("/Names", {})
        assert "/EmbeddedFiles" not in names, path.name
        for page in reader.pages:
            for annotation in page.get("/Annots", []) or []:
                annotation = annotation.get_object()
                assert annotation.get("/Subtype") != "/FileAttachment", path.name
                action = annotation.get("/A", {})
                uri = str(action.get("/URI", "")) if action else ""
                assert not uri.lower().startswith(("javascript:", "file:", "data:")), (path.name, uri)
        assert b"/JavaScript" not in path.read_bytes() and b"/Launch" not in path.read_bytes(), path.name


class _Inert(HTMLParser):
    """Elements and attributes of a fragment that would be live if a page used it as HTML."""

    LIVE = {"script", "img", "svg", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "input",
            "textarea", "details", "math", "noscript", "a", "b", "i", "x"}

    def __init__(self):
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.LIVE or any(name.startswith("on") for name, _ in attrs):
            self.live.append(f"<{tag} {attrs}>")


def test_the_search_index_holds_only_text_where_the_search_shows_html(hostile):
    # Material writes titles, tags and texts from the index into the results with innerHTML.
    for folder in (hostile.site, hostile.offline):
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:
            for value in [doc.get("title", ""), doc.get("text", ""), doc.get("keywords", ""), *doc.get("tags", [])]:
                parser = _Inert()
                parser.feed(value)
                assert parser.live == [], (doc["location"], parser.live)


def test_the_short_addresses_only_forward_to_their_case(hostile):
    for page in sorted((hostile.site / "k").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
        assert re.fullmatch(r"\.\./\.\./cases/[a-z0-9-]+/", target), target
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
        parser = _Inert()
        parser.feed(html[html.index("<body>"):])
        assert parser.live == [f"<a [('href', '{target}')]>"], parser.live


# --- In Chromium ----------------------------------------------------------------------------------

# Elements content must never add. The theme's own: Material's search form, the
# home page's search form (kb.js), the policy's meta tag, the offline copy's
# hidden worker frame. (Style attributes are not looked for here: Material's
# scripts set styles through the CSSOM, which the DOM shows as attributes; a
# style attribute in markup is refused by the policy and found by test_csp.py.)
INSPECT = """(ownFiles) => {
  const found = [];
  // The one image the pipeline itself puts in a page: the printed case header's QR code, a data: SVG
  // (segno's), made of nothing but the shapes of the code: no script, no handler, no address.
  const ownQr = (element) => {
    if (!element.matches(".kb-print-header > img.kb-print-header__qr")) return false;
    const prefix = "data:image/svg+xml;base64,";
    if (!element.getAttribute("src").startsWith(prefix)) return false;
    const svg = new DOMParser().parseFromString(atob(element.getAttribute("src").slice(prefix.length)), "image/svg+xml");
    return [...svg.querySelectorAll("*")].every((part) => ["svg", "path", "rect", "g"].includes(part.localName)
      && [...part.attributes].every((a) => !/^(on|href|xlink:href|style)/i.test(a.name)));
  };
  // The charts of "Biblioteket i tal" (scripts/render/charts.py): inline SVG the build draws, of nothing but
  // groups, shapes and text, with no address, handler or style; its labels from content are text in it.
  const ownChart = (element) => element.matches(".kb-chart__figure > svg.kb-chart__svg")
    && [element, ...element.querySelectorAll("*")].every((part) =>
      ["svg", "title", "desc", "g", "rect", "text"].includes(part.localName)
      && [...part.attributes].every((a) => !/^(on|href|xlink:|style|src)/i.test(a.name)));
  const addressAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc",
                             "background", "ping"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${element.tagName} ${name}=${attribute.value.slice(0, 40)}`);
      const own = ownFiles && attribute.value.startsWith(ownFiles);  // the offline copy's own files
      if (addressAttributes.includes(name) && /^(javascript|data|vbscript|file):/.test(value) && !own
          && !ownQr(element)) {
        found.push(`${element.tagName} ${name}=${attribute.value.slice(0, 60)}`);
      }
    }
  }
  const allowed = {
    form: (e) => e.matches(".md-search__form, .kb-search"),
    meta: (e) => e.httpEquiv.toLowerCase() === "content-security-policy",
    iframe: (e) => !e.closest(".md-content") && !e.src,  // the offline search's worker frame
  };
  for (const tag of ["base", "meta", "form", "iframe", "object", "embed", "frame", "frameset", "applet", "portal"]) {
    for (const element of document.querySelectorAll(tag === "meta" ? "meta[http-equiv]" : tag)) {
      if (!(allowed[tag] && allowed[tag](element))) found.push(`<${tag}> ${element.outerHTML.slice(0, 80)}`);
    }
  }
  for (const element of document.querySelectorAll(".md-content script, .md-content style, .md-content link, "
                                                    + ".md-content svg, .md-content img, .md-content input")) {
    // The theme's and the site's own: the search, the filters kb.js builds, the home page's search field,
    // Min mappe's list (kb-folder.js).
    if (!element.closest(".md-search, .kb-filters, .kb-search, .kb-folder") && !ownQr(element)
        && !ownChart(element)) {
      found.push(`in content: ${element.outerHTML.slice(0, 80)}`);
    }
  }
  for (const element of document.querySelectorAll(".md-content [title]:not(.headerlink)")) {
    found.push(`title in content: <${element.tagName.toLowerCase()} title="${element.title.slice(0, 60)}">`);
  }
  for (const tip of document.querySelectorAll(".md-tooltip2__inner, .md-tooltip__inner")) {
    if (tip.querySelector("*")) found.push(`markup in a tooltip: ${tip.innerHTML.slice(0, 80)}`);
  }
  if (document.querySelectorAll("#__config").length !== 1 || document.querySelector("#__config").tagName !== "SCRIPT") {
    found.push("an element took the id __config");
  }
  return found;
}"""


class Hunt:
    """One browser page that records every sign of live content: dialogs, policy refusals, requests leaving."""

    def __init__(self, browser, site_origin: str | None, own_files: str | None = None, **options):
        self.watched = Watched(browser, **options)
        self.page = self.watched.page
        self.dialogs: list[str] = []
        self.leaving: list[str] = []
        self.findings: list[str] = []
        self.own_files = own_files
        self.page.on("dialog", self._dialog)
        self.page.context.route("**/*", lambda route: self._request(route, site_origin))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}({dialog.message}) on {self.page.url}")
        dialog.dismiss()

    def _request(self, route, site_origin) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")) or (site_origin and url.startswith(site_origin)):
            route.continue_()
        else:
            self.leaving.append(url)
            route.abort()

    def inspect(self, where: str) -> None:
        page = self.page
        with contextlib.suppress(Exception):  # give autofocus, onload and animations their moment
            page.wait_for_load_state("networkidle", timeout=5000)
        for _ in range(3):  # focus handlers from tabindex/autofocus payloads would fire here
            page.keyboard.press("Tab")
        page.mouse.move(400, 300)
        page.mouse.move(600, 500)
        # Material shows a title as a tooltip, as HTML, when its element gets focus: no element from
        # content may have one (INSPECT), and any that has is focused to see what its tooltip does.
        address = page.url
        titled = page.locator(".md-content [title]:not(.headerlink)")
        for number in range(min(titled.count(), 20)):
            with contextlib.suppress(Exception):
                titled.nth(number).focus(timeout=500)
                page.wait_for_timeout(300)
        if page.url != address:
            self.findings.append(f"{where}: pointing at a link took the reader to {page.url}")
        self.findings += [f"{where}: {finding}" for finding in page.evaluate(INSPECT, self.own_files)]

    def problems(self) -> list[str]:
        return (self.findings + self.dialogs + [f"request left the site: {url}" for url in self.leaving]
                + [f"policy refused: {v}" for v in self.watched.violations()] + self.watched.errors)


@pytest.fixture(scope="session")
def hostile_server(hostile):
    with serve(hostile.site) as base:
        yield base


def _pages(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html")
                  if path.parts[len(folder.parts)] != "k")  # the short addresses forward at once


@pytest.fixture(params=["online", "offline"])
def hostile_site(request, hostile):
    """(mode, a function from a page file ('cases/x/index.html') to its address, the pages, the site's origin).

    Offline, the "origin" is the copy's folder: its own file: addresses are the site's.
    """
    if request.param == "online":
        base = request.getfixturevalue("hostile_server")
        return "online", lambda page: base + page.removesuffix("index.html"), _pages(hostile.site), base
    return "offline", lambda page: (hostile.offline / page).as_uri(), _pages(hostile.offline), hostile.offline.as_uri()


@pytest.fixture
def hunt(browser, hostile_site):
    own_files = hostile_site[3] if hostile_site[0] == "offline" else None
    hunt = Hunt(browser, hostile_site[3], own_files, viewport={"width": 1280, "height": 900})
    yield hunt
    hunt.watched.close()


def test_no_page_of_the_hostile_library_runs_or_loads_anything_from_content(hunt, hostile_site):
    mode, address, pages, _ = hostile_site
    assert len(pages) > 25
    for page in pages:
        hunt.watched.goto(address(page))
        hunt.inspect(page)
    assert hunt.problems() == [], "\n".join(hunt.problems())


@pytest.mark.parametrize("form", ["oplaeg", "hele"])
def test_a_pack_of_every_hostile_case_and_exercise_stays_inert(browser, hostile, hostile_server, form):
    """Min mappe imports the chosen pages' content into itself (kb-folder.js): nothing in it may come alive."""
    pages = _pages(hostile.site)
    items = [f"case:{path.split('/')[1]}:{form}" for path in pages if re.fullmatch(r"cases/[a-z0-9-]+/index\.html", path)]
    items += [f"oevelse:{path.split('/')[1]}:begge" for path in pages
              if re.fullmatch(r"oevelser/[a-z0-9-]+/index\.html", path)]
    assert len(items) >= 3
    hunt = Hunt(browser, hostile_server, viewport={"width": 1280, "height": 900})
    try:
        hunt.watched.goto(hostile_server + "min-mappe/#mappe=" + ",".join(items))
        hunt.page.wait_for_selector("[data-kb-folder-ready]")
        assert hunt.page.locator(".kb-folder-print .kb-folder-part").count() == len(items)
        hunt.inspect("min-mappe/")
        # Links in the pack: only the site's own pages and web or mail addresses, as full addresses.
        hrefs = hunt.page.locator(".kb-folder-print a").evaluate_all("links => links.map(a => a.href)")
        assert all(re.match(r"(https?|mailto):", href) for href in hrefs), hrefs
        assert hunt.problems() == [], "\n".join(hunt.problems())
    finally:
        hunt.watched.close()


# Words that stand alone near the payloads (lunr splits at spaces, so text glued to markup is no word).
@pytest.mark.parametrize("query", ["protokolrelativ", "Samarbejde", "Odder", "klik", "styring", "vinkel",
                                   "markering"])
def test_search_results_show_hostile_text_as_text(hunt, hostile_site, query):
    mode, address, _, _ = hostile_site
    hunt.watched.goto(address("index.html") + f"?q={quote(query)}")
    hunt.page.locator(".md-search-result__item").first.wait_for()
    hunt.page.mouse.move(640, 400)
    hunt.inspect(f"search '{query}'")
    assert hunt.problems() == [], "\n".join(hunt.problems())


def test_filtered_lists_show_hostile_titles_and_labels_as_text(hunt, hostile_site, hostile):
    mode, address, _, _ = hostile_site
    vocabulary = (hostile.corpus.content / "vocabulary.yml").read_text(encoding="utf-8")
    themes = [slugify(label) for label in re.findall(r"- label: (.+)", vocabulary)]
    for theme in themes:
        hunt.watched.goto(address("cases/index.html") + f"?tema={theme}")
        with contextlib.suppress(Exception):
            hunt.page.locator(".kb-filters__status", has_text="Viser").wait_for(timeout=3000)
        hunt.inspect(f"filter tema={theme}")
    assert hunt.page.locator(".kb-filters__status", has_text="Viser").count() == 1  # the filters ran
    assert hunt.page.locator(".kb-cards .kb-card:visible").count() >= 1
    assert hunt.problems() == []


@pytest.mark.parametrize("page", ["cases/odder-test/index.html", "oevelser/test-oevelse/index.html",
                                  "workshops/test-workshop/index.html"])
def test_printing_a_hostile_page_runs_nothing(hunt, hostile_site, page):
    mode, address, _, _ = hostile_site
    page = page if mode == "online" else page.replace("/index.html", ".html")
    hunt.watched.goto(address(page))
    hunt.page.emulate_media(media="print")
    hunt.inspect(f"print {page}")
    assert hunt.problems() == []


def test_a_title_with_markup_characters_shows_exactly_as_written_everywhere(browser, hostile_server):
    page = browser.new_page()
    page.goto(hostile_server + "cases/odder-test/")
    heading = page.locator("h1").evaluate("h => Array.from(h.childNodes).filter(n => n.nodeType === 3)"
                                           ".map(n => n.textContent).join('')")
    assert heading == EXACT_TITLE  # and no stray backslash
    assert page.title() == f"{EXACT_TITLE} - Casebiblioteket"
    assert page.locator('meta[name="description"]').get_attribute("content") == EXACT_SUMMARY
    assert page.locator(".kb-lead").inner_text() == EXACT_SUMMARY
    page.mouse.wheel(0, 600)  # the header shows the page's title once the H1 has scrolled away
    assert EXACT_TITLE in page.locator(".md-header__topic").all_inner_texts()[-1]
    page.goto(hostile_server + "cases/")
    assert page.get_by_role("link", name=EXACT_TITLE, exact=True).count() == 1
    page.goto(hostile_server + f"?q={quote('Samarbejde')}")
    page.locator(".md-search-result__item").first.wait_for()
    assert EXACT_TITLE in page.locator(".md-search-result__article h1").all_inner_texts()
    page.close()


def test_a_title_with_markup_characters_shows_exactly_as_written_on_paper(hostile):
    text = " ".join(pdftotext(hostile.site / "pdf" / "moedekort-odder-test.pdf").split())
    assert EXACT_TITLE in text and EXACT_SUMMARY not in ("",)
    from pypdf import PdfReader

    assert PdfReader(hostile.site / "pdf" / "moedekort-odder-test.pdf").metadata.title == f"Mødekort: {EXACT_TITLE}"


def test_a_short_address_forwards_in_the_browser_under_its_own_policy(browser, hostile_server, hostile):
    from scripts.load.model import short_code

    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    page.goto(hostile_server + f"k/{short_code(hostile.corpus.exact_case)}/")
    page.wait_for_url(f"**/cases/{hostile.corpus.exact_case}/")
    assert page.title() == f"{EXACT_TITLE} - Casebiblioteket"
    assert refused == []
    page.close()
