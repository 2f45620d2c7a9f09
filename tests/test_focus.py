"""Keyboard focus that a sighted keyboard user can see (WCAG 2.4.7), measured as they meet it: by Tab."""

import io

import pytest
from PIL import Image, ImageChops

CASE = "cases/odder-samskabt-styring/"
PHONE, DESKTOP = 375, 1280
# (page, the control reached by Tab, what it is, the widths at which it is there)
CONTROLS = [
    ("cases/", ".kb-filters__option input", "a filter checkbox", (DESKTOP,)),
    # On a phone the groups start folded; a reader opens one (Enter on its heading), then tabs on.
    ("cases/#open", ".kb-filters__option input", "a filter checkbox in an opened group", (PHONE,)),
    ("cases/", ".kb-filters summary", "a filter group's heading", (DESKTOP, PHONE)),
    ("cases/?kommune=odder&kerneopgave=laering&tema=samskabelse", ".kb-filters__chip", "a button to remove a choice",
     (DESKTOP, PHONE)),
    ("", ".kb-search input", "the home page's search field", (DESKTOP, PHONE)),
    ("", ".kb-search button", "the home page's search button", (DESKTOP, PHONE)),
    ("", ".md-content .cards a", "a card on the home page", (DESKTOP, PHONE)),
    (CASE, ".md-content .kb-facts a", "a link in the text", (DESKTOP, PHONE)),
    (CASE, ".md-content .kb-downloads a", "a download button", (DESKTOP, PHONE)),
    ("", ".md-footer a", "a footer link", (DESKTOP, PHONE)),
    (CASE, ".md-sidebar--primary .md-nav__link[href]", "a menu link", (DESKTOP,)),
    (CASE, ".md-sidebar--secondary .md-nav__link[href]", "a contents link", (DESKTOP,)),
    ("", "label[for=__drawer] button", "the menu button", (PHONE,)),
    ("", "label[for=__search] button", "the search button", (PHONE,)),
]
CASES = [(path, selector, f"{what} at {width} px", width)
         for path, selector, what, widths in CONTROLS for width in widths]
PAD = 6  # pixels around the control: the ring sits just outside it


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def shot(page, box) -> Image.Image:
    clip = {"x": max(0, box["x"] - PAD), "y": max(0, box["y"] - PAD),
            "width": box["width"] + 2 * PAD, "height": box["height"] + 2 * PAD}
    return Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")


@pytest.mark.parametrize(("path", "selector", "what", "width"), CASES, ids=[what for _, _, what, _ in CASES])
def test_a_control_reached_by_tab_shows_a_ring_of_at_least_two_pixels(browser, site_server, path, selector, what,
                                                                       width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_server + path.removesuffix("#open"))
    if path.endswith("#open"):
        tab_to(page, ".kb-filters summary")
        page.keyboard.press("Enter")
    tab_to(page, selector)
    page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert outline["style"] != "none" and outline["width"] >= 2, (what, outline)
    box = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height}; }""")
    focused = shot(page, box)
    page.evaluate("() => document.activeElement.blur()")
    unfocused = shot(page, box)
    # Pixels that changed clearly: a grey-level difference above 20 of 255.
    changed = sum(ImageChops.difference(focused, unfocused).convert("L").point(lambda v: 255 if v > 20 else 0)
                  .histogram()[255:])
    ring = 2 * (box["width"] + box["height"]) * 2  # a 2 px ring all the way round, in pixels
    assert changed >= ring * 0.5, (what, changed, ring)
    page.close()


def test_heading_anchors_are_not_tab_stops(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_server + "cases/odder-samskabt-styring/")
    assert page.locator(".headerlink").count() > 5
    assert page.locator(".headerlink:not([tabindex='-1'])").count() == 0
    for _ in range(80):
        page.keyboard.press("Tab")
        assert not page.evaluate("() => document.activeElement.matches('.headerlink')")
    page.close()


def test_focus_stays_in_the_open_mobile_menu(browser, site_server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(site_server + "cases/odder-samskabt-styring/")
    page.get_by_role("button", name="Åbn menuen").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    inside = "() => !!document.activeElement.closest('.md-sidebar--primary, label[for=__drawer]')"
    for key in ["Tab"] * 30 + ["Shift+Tab"] * 30:
        page.keyboard.press(key)
        assert page.evaluate(inside), page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.close()


def test_the_header_buttons_are_real_buttons_that_open_what_they_name(browser, site_server):
    page = browser.new_page(viewport={"width": PHONE, "height": 800})
    page.goto(site_server + CASE)
    # <button>s, not <label role="button"> (axe's aria-allowed-role), one per header toggle.
    assert page.locator(".md-header [role='button']").count() == 0
    search = page.get_by_role("button", name="Åbn søgning")
    assert search.evaluate("b => b.tagName") == "BUTTON"
    search.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    page.get_by_role("button", name="Åbn menuen").click()  # a tap: the menu opens, and says so
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert page.get_by_role("button", name="Luk menuen").get_attribute("aria-expanded") == "true"
    page.close()


def test_the_menu_still_opens_by_mouse_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE, "height": 800})
    page = context.new_page()
    page.goto(site_server + CASE)
    page.locator("label.md-header__button[for='__drawer']").click()
    assert page.evaluate("document.getElementById('__drawer').checked")
    context.close()
