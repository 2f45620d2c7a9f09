"""'Vis på skærm': a case or an exercise shown full-screen at a meeting (kb-present.js), in Chromium.

The slides are checked against the content as the project's loader reads it: the title and *Kort
fortalt*, the key figures, then each reflection question on a screen of its own (an exercise: its
title and summary, its purpose, time and group size, then its questions). Keys, buttons and swipes
move; Escape leaves and the focus returns; a screen reader hears where it is; axe finds nothing; no
request leaves the site; the offline copy presents too; and hostile text stays text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.check.library import load_library
from scripts.tools.local_server import serve
from tests.conftest import MINIMAL, PAGE_KINDS, ROOT, run_kb, wait_for_animations
from tests.test_csp import Watched

CASE = "odder-samskabt-styring"
EXERCISE = "moed-borgeren-foer-sagen"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
SCREENS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "telefon": (375, 667)}

# What the open presentation shows now, as a reader sees it.
CURRENT = """() => {
  const dialog = document.querySelector('dialog.kb-present');
  if (!dialog || !dialog.open) return null;
  const text = (selector) => { const e = dialog.querySelector(selector); return e ? e.innerText.replace(/\\s+/g, ' ').trim() : null; };
  return {
    kicker: text('.kb-present__kicker'),
    heading: text('.kb-present__heading'),
    body: text('.kb-present__prose'),
    paragraph: text('.kb-present__prose > p'),
    figures: [...dialog.querySelectorAll('.kb-present__figure')].map((figure) => [
      figure.querySelector('.kb-present__number').innerText.trim(), figure.querySelector('.kb-present__measure').innerText.trim()]),
    where: text('.kb-present__where'),
    live: dialog.querySelector('[aria-live=polite]').textContent,
  };
}"""


@pytest.fixture(scope="module")
def library():
    found, _ = load_library(ROOT / "content")
    return found


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    yield page
    page.close()


def _words(text: str) -> str:
    return " ".join(text.split())


def kort_fortalt(case) -> str:
    """The text of the case's *Kort fortalt*, from its Markdown: bullets and emphasis as plain text."""
    section = re.search(r"^## Kort fortalt\n(.*?)(?=^## |\Z)", case.body, re.MULTILINE | re.DOTALL).group(1)
    section = re.sub(r"^\s*[-*] ", "", section, flags=re.MULTILINE)
    section = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", section).replace("*", "")
    return _words(section)


def open_presentation(page, how: str = "click") -> None:
    button = page.get_by_role("button", name="Vis på skærm")
    if how == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press(how)
    page.locator("dialog.kb-present[open]").wait_for()
    page.wait_for_function("document.querySelector('dialog.kb-present [aria-live=polite]').textContent !== ''")


def current(page) -> dict | None:
    return page.evaluate(CURRENT)


def all_slides(page) -> list[dict]:
    """Every slide from the first, by the Næste button; ends back on the last."""
    slides = [current(page)]
    while page.get_by_role("button", name="Næste").get_attribute("aria-disabled") != "true":
        page.get_by_role("button", name="Næste").click()
        slides.append(current(page))
    return slides


def test_every_case_and_exercise_page_offers_it_and_no_other_page_does(project_site, library):
    for case in library.cases:
        assert 'data-kb-present-open' in (project_site / "cases" / case.slug / "index.html").read_text(), case.slug
    for exercise in library.exercises:
        assert 'data-kb-present-open' in (project_site / "oevelser" / exercise.slug / "index.html").read_text()
    for kind in ("forside", "alle cases", "kommune", "tema", "strategi", "workshoppakke", "kilde"):
        path = project_site / PAGE_KINDS[kind] / "index.html"
        assert "data-kb-present-open" not in path.read_text(encoding="utf-8"), kind


def test_the_slides_are_the_case_title_kort_fortalt_key_figures_then_each_question(page, site_server, library):
    case = library.case(CASE)
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    slides = all_slides(page)
    count = 2 + len(case.reflection_questions)
    assert len(slides) == count
    intro, figures, *questions = slides
    assert (intro["kicker"], intro["heading"]) == ("Kort fortalt", case.title)
    assert intro["body"] == kort_fortalt(case)
    assert intro["where"] == f"Side 1 af {count}"
    assert (figures["heading"], figures["body"]) == ("Nøgletal", None)
    assert figures["figures"] == [[result.figure, result.measure] for result in case.results]
    for number, (slide, question) in enumerate(zip(questions, case.reflection_questions, strict=True), 1):
        assert slide["kicker"] == f"Spørgsmål {number} af {len(case.reflection_questions)}"
        assert slide["heading"] == question
        assert slide["where"] == f"Side {number + 2} af {count}"


def test_the_exercise_page_presents_its_summary_purpose_and_questions(page, site_server, library):
    exercise = library.exercise(EXERCISE)
    page.goto(site_server + f"oevelser/{EXERCISE}/")
    open_presentation(page)
    intro, about, *questions = all_slides(page)
    assert (intro["kicker"], intro["heading"], intro["body"]) == ("Øvelse", exercise.title, _words(exercise.summary))
    assert (about["heading"], about["paragraph"]) == ("Formål", _words(exercise.purpose))
    assert about["figures"] == [[f"{exercise.duration_minutes} minutter", "Tid"],
                                [exercise.group_size, "Gruppestørrelse"]]
    assert [slide["heading"] for slide in questions] == list(exercise.questions)
    assert questions[1]["live"] == f"Spørgsmål 2 af {len(exercise.questions)}: {exercise.questions[1]}"


@pytest.mark.parametrize("how", ["Enter", " "])
def test_the_keyboard_opens_moves_and_leaves_and_the_focus_comes_back(page, site_server, library, how):
    questions = library.case(CASE).reflection_questions
    last = 2 + len(questions) - 1
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page, how)
    assert page.evaluate("document.activeElement.closest('dialog.kb-present') !== null")

    def at() -> int:
        return int(current(page)["where"].split()[1]) - 1

    for key, expected in [("ArrowRight", 1), ("ArrowDown", 2), ("PageDown", 3), (" ", 4), ("ArrowLeft", 3),
                          ("ArrowUp", 2), ("PageUp", 1), ("Shift+ ", 0), ("ArrowLeft", 0), ("End", last),
                          ("ArrowRight", last), ("Home", 0)]:
        page.keyboard.press(key)
        assert at() == expected, key
    page.get_by_role("button", name="Næste").click()
    page.get_by_role("button", name="Næste").click()
    assert at() == 2
    page.get_by_role("button", name="Forrige").click()
    assert at() == 1
    page.get_by_role("button", name="Forrige").focus()
    page.keyboard.press(" ")  # Space presses the focused button, here back
    assert at() == 0
    assert page.get_by_role("button", name="Forrige").get_attribute("aria-disabled") == "true"
    page.keyboard.press("Tab")  # the buttons stay in the dialog's tab order
    assert page.evaluate("document.activeElement.textContent") == "Næste"
    page.keyboard.press("Escape")
    page.locator("dialog.kb-present").wait_for(state="detached")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-present-open')")
    assert page.evaluate("document.fullscreenElement") is None
    assert not page.evaluate("document.documentElement.classList.contains('kb-presenting')")


def test_afslut_leaves_and_it_opens_again_from_the_start(page, site_server):
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    page.keyboard.press("End")
    page.get_by_role("button", name="Afslut").click()
    page.locator("dialog.kb-present").wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent") == "Vis på skærm"
    open_presentation(page)
    assert current(page)["where"].startswith("Side 1 af ")


def test_a_screen_reader_hears_where_it_is(page, site_server, library):
    questions = library.case(CASE).reflection_questions
    count = 2 + len(questions)
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    live = page.locator("dialog.kb-present [aria-live=polite]")
    assert live.get_attribute("aria-atomic") == "true"
    assert live.text_content() == f"Side 1 af {count}: Kort fortalt"
    page.keyboard.press("ArrowRight")
    assert live.text_content() == f"Side 2 af {count}: Nøgletal"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert live.text_content() == f"Spørgsmål 2 af {len(questions)}: {questions[1]}"
    assert page.locator("dialog.kb-present").get_attribute("aria-label") == f"Vis på skærm: {library.case(CASE).title}"
    assert page.get_by_role("group", name=f"Spørgsmål 2 af {len(questions)}").count() == 1


def _swipe(page, dx: float, dy: float = 0, kind: str = "touch") -> None:
    page.evaluate("""([dx, dy, kind]) => {
      const stage = document.querySelector('.kb-present__stage');
      const at = {x: innerWidth / 2, y: innerHeight / 2};
      const event = (type, x, y) => new PointerEvent(type, {bubbles: true, cancelable: true, pointerId: 7,
        pointerType: kind, isPrimary: true, clientX: x, clientY: y});
      stage.dispatchEvent(event('pointerdown', at.x, at.y));
      stage.dispatchEvent(event('pointermove', at.x + dx / 2, at.y + dy / 2));
      stage.dispatchEvent(event('pointerup', at.x + dx, at.y + dy));
    }""", [dx, dy, kind])


def test_a_swipe_sideways_moves_and_a_scroll_or_a_tap_does_not(page, site_server):
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    _swipe(page, -200)
    assert current(page)["where"].startswith("Side 2 af")
    _swipe(page, -150, kind="pen")
    assert current(page)["where"].startswith("Side 3 af")
    _swipe(page, 200)
    assert current(page)["where"].startswith("Side 2 af")
    _swipe(page, -60, 200)  # mostly up: a scroll
    _swipe(page, -10)  # a tap
    assert current(page)["where"].startswith("Side 2 af")
    assert page.locator(".kb-present__stage").evaluate("stage => getComputedStyle(stage).touchAction") == "pan-y"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_axe_violations_in_the_open_presentation(browser, site_server, screen):
    width, height = SCREENS[screen]
    page = browser.new_page(viewport={"width": width, "height": height})
    for path in (f"cases/{CASE}/", f"oevelser/{EXERCISE}/"):
        page.goto(site_server + path)
        open_presentation(page)
        for _ in range(3):  # the first screen, the figures (or the purpose), a question
            wait_for_animations(page)
            response = Axe().run(page, options=AXE_OPTIONS).response
            found = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in response["violations"]]
            assert found == [], (path, current(page)["where"])
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Escape")
    page.close()


def test_no_axe_findings_with_every_rule_on_a_question(page, site_server):
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    page.keyboard.press("End")
    wait_for_animations(page)
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    assert [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in response["violations"]] == []


FITS = """() => {
  const stage = document.querySelector('.kb-present__stage');
  const bar = document.querySelector('.kb-present__bar').getBoundingClientRect();
  const heading = document.querySelector('.kb-present__heading');
  return {wide: stage.scrollWidth <= stage.clientWidth + 1, tall: stage.scrollHeight <= stage.clientHeight + 1,
          bar: bar.top >= 0 && bar.bottom <= innerHeight + 1 && bar.right <= innerWidth + 1,
          page: document.documentElement.scrollWidth <= innerWidth,
          size: parseFloat(getComputedStyle(heading).fontSize),
          text: parseFloat(getComputedStyle(stage).fontSize),
          question: !!document.querySelector('.kb-present__slide--question')};
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_slide_of_every_case_and_exercise_fits_the_screen_in_large_type(browser, site_server, library,
                                                                               screen):
    width, height = SCREENS[screen]
    page = browser.new_page(viewport={"width": width, "height": height})
    paths = [f"cases/{case.slug}/" for case in library.cases] + [f"oevelser/{e.slug}/" for e in library.exercises]
    for path in paths:
        page.goto(site_server + path)
        open_presentation(page)
        while True:
            fit = page.evaluate(FITS)
            where = f"{path} {current(page)['where']}"
            assert fit["wide"] and fit["bar"] and fit["page"], where  # nothing sideways, the controls on screen
            if width >= 1280:
                assert fit["tall"], where  # a projector shows every slide whole; a phone may scroll
                assert fit["text"] >= 20, where  # and in type a room can read (key figures once shrank to 16)
            if fit["question"]:
                assert fit["size"] >= (40 if width >= 1280 else 22), where
            if page.get_by_role("button", name="Næste").get_attribute("aria-disabled") == "true":
                break
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Escape")
    page.close()


def test_where_full_screen_is_refused_the_dialog_fills_the_window(browser, site_server):
    page = browser.new_page(viewport={"width": 1024, "height": 600})
    page.add_init_script("Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('nej'))")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    box = page.locator("dialog.kb-present").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1024, 600)
    page.keyboard.press("ArrowRight")
    assert current(page)["where"].startswith("Side 2 af")
    page.keyboard.press("Escape")
    page.locator("dialog.kb-present").wait_for(state="detached")
    assert errors == []
    page.close()


def test_leaving_full_screen_leaves_the_presentation(page, site_server):
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    page.wait_for_function("document.fullscreenElement !== null")  # headless Chromium grants it
    page.evaluate("document.exitFullscreen()")  # what the browser does with Escape in full screen
    page.locator("dialog.kb-present").wait_for(state="detached")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-present-open')")


def test_it_requests_nothing_and_trips_no_policy(browser, site_server):
    watched = Watched(browser)
    leaving, requests = [], []
    origin = site_server.rstrip("/")

    def record(route):
        requests.append(route.request.url)
        (route.continue_ if route.request.url.startswith(origin) else route.abort)()
        if not route.request.url.startswith(origin):
            leaving.append(route.request.url)

    watched.page.context.route("**/*", record)
    for path in (f"cases/{CASE}/", f"oevelser/{EXERCISE}/"):
        watched.goto(site_server + path)
        watched.page.wait_for_load_state("networkidle")
        before = len(requests)
        open_presentation(watched.page)
        all_slides(watched.page)
        watched.page.keyboard.press("Escape")
        assert requests[before:] == []  # made from the page itself: nothing fetched
    assert leaving == []
    assert watched.violations() == []
    assert watched.errors == []
    watched.close()


def test_it_works_from_the_offline_copy(browser, offline_copy, library):
    watched = Watched(browser, viewport={"width": 1280, "height": 720})
    page = watched.page
    leaving = []
    page.context.route("**/*", lambda route: (route.continue_() if route.request.url.startswith("file:")
                                              else (leaving.append(route.request.url), route.abort())))
    case = library.case(CASE)
    watched.goto((offline_copy / "cases" / f"{CASE}.html").as_uri())
    open_presentation(page)
    slides = all_slides(page)
    assert [slide["heading"] for slide in slides] == [case.title, "Nøgletal", *case.reflection_questions]
    page.keyboard.press("Escape")
    page.locator("dialog.kb-present").wait_for(state="detached")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-present-open')")
    assert leaving == []
    assert watched.violations() == []
    assert watched.errors == []
    watched.close()


def test_without_javascript_there_is_no_button_that_cannot_work(browser, site_server):
    page = browser.new_page(java_script_enabled=False)
    for path in (f"cases/{CASE}/", f"oevelser/{EXERCISE}/"):
        page.goto(site_server + path)
        button = page.locator("[data-kb-present-open]")
        assert button.count() == 1 and not button.is_visible(), path
    page.close()


def test_the_button_and_the_presentation_do_not_print(page, site_server):
    page.goto(site_server + f"cases/{CASE}/")
    assert page.get_by_role("button", name="Vis på skærm").is_visible()
    open_presentation(page)
    page.emulate_media(media="print")
    assert not page.locator("dialog.kb-present").is_visible()
    assert not page.locator("[data-kb-present-open]").is_visible()


def test_reduced_motion_changes_slides_without_animation(browser, site_server):
    page = browser.new_page(reduced_motion="reduce")
    page.goto(site_server + f"cases/{CASE}/")
    open_presentation(page)
    assert page.locator(".kb-present__slide").evaluate("slide => getComputedStyle(slide).animationName") == "none"
    page.close()


# --- Hostile text ----------------------------------------------------------------------------------

HOSTILE_TITLE = 'Odder <img src=x onerror="window.kbHit=1"> & <b>fed</b> "citat"'
HOSTILE_QUESTION = "Hvem <script>window.kbHit=2</script> skal <em>med</em>? <a href=javascript:alert(3)>x</a>"
HOSTILE_FIGURE = "<svg onload=window.kbHit=4>9"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The minimal library with markup in a case's title, a question and a key figure (make check warns)."""
    root = tmp_path_factory.mktemp("present-hostile")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    case = content / "cases" / "odder-test.md"
    text = case.read_text(encoding="utf-8")
    quoted = lambda value: '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
    text = text.replace("title: Odder prøver noget nyt", f"title: {quoted(HOSTILE_TITLE)}")
    text = text.replace("  - Hvem skal med?", f"  - {quoted(HOSTILE_QUESTION)}")
    text = text.replace('  - figure: "9"', f"  - figure: {quoted(HOSTILE_FIGURE)}")
    text = text.replace("Tre linjer.", "Tre linjer med [et link](https://example.org/).")
    case.write_text(text, encoding="utf-8")
    result = run_kb("--content", str(content), "build", "--site-dir", str(root / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_hostile_text_in_a_slide_shows_as_text_and_runs_nothing(browser, hostile_site):
    with serve(hostile_site) as base:
        watched = Watched(browser, viewport={"width": 1280, "height": 720})
        page = watched.page
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        watched.goto(base + "cases/odder-test/")
        open_presentation(page)
        slides = all_slides(page)
        assert slides[0]["heading"] == HOSTILE_TITLE
        assert slides[1]["figures"][0][0] == HOSTILE_FIGURE
        assert [slide["heading"] for slide in slides[2:]] == ["Hvad ville I gøre?", HOSTILE_QUESTION,
                                                              "Hvad er det første skridt?"]
        assert page.locator(".kb-present__context").inner_text() == HOSTILE_TITLE
        assert page.locator("dialog.kb-present").get_attribute("aria-label") == f"Vis på skærm: {HOSTILE_TITLE}"
        page.keyboard.press("Home")
        dialog = page.locator("dialog.kb-present")
        assert slides[0]["body"] == "Tre linjer med et link."  # on a slide a link is its text
        assert dialog.locator("img, script, svg, b, em, a, [onerror], [onload]").count() == 0
        assert page.evaluate("window.kbHit") is None
        assert dialogs == []
        assert watched.violations() == []
        assert watched.errors == []
        watched.close()


def test_a_case_without_key_figures_goes_from_kort_fortalt_to_the_questions(browser, hostile_site):
    case = load_library(MINIMAL)[0].case("hoeje-taastrup-test")
    assert not case.results
    with serve(hostile_site) as base:
        page = browser.new_page()
        page.goto(base + "cases/hoeje-taastrup-test/")
        open_presentation(page)
        slides = all_slides(page)
        assert [slide["heading"] for slide in slides] == [case.title, *case.reflection_questions]
        assert slides[1]["live"] == f"Spørgsmål 1 af {len(case.reflection_questions)}: {case.reflection_questions[0]}"
        page.close()


def test_the_type_grows_when_the_reader_zooms(browser, site_server):
    # WCAG 1.4.4: at 200 % zoom (half the CSS pixels, each drawn twice as large) the text must come out
    # larger on the screen, not the same (the size once followed the window alone).
    sizes = {}
    for zoom, viewport in ((1, {"width": 1280, "height": 720}), (2, {"width": 640, "height": 360})):
        page = browser.new_page(viewport=viewport, device_scale_factor=zoom)
        page.goto(site_server + f"cases/{CASE}/")
        open_presentation(page)
        page.keyboard.press("End")  # a question: one line of large type
        page.wait_for_timeout(300)
        sizes[zoom] = zoom * page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                           "'.kb-present__stage')).fontSize)")
        page.close()
    assert sizes[2] > 1.2 * sizes[1], sizes
