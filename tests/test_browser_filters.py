"""Filters on the case overview: by kommune, kerneopgave and tema, in the address, by keyboard."""

from urllib.parse import parse_qs, urlparse

import pytest


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def shown(page) -> list[str]:
    """The case titles a reader sees: the filtered results, or the plain list when no filter is on."""
    page.locator("[data-kb-filters]").wait_for()  # built once the index of every case has loaded
    results = page.locator(".kb-filters__results")
    if results.is_visible():
        return results.locator("a").all_inner_texts()
    return page.locator(".kb-cards .kb-card h3 > a:not(.headerlink)").all_inner_texts()


def test_filters_narrow_the_list_and_count_what_each_choice_would_show(page, site_server):
    page.goto(site_server + "cases/")
    assert len(shown(page)) == 10
    page.get_by_role("checkbox", name="Hedensted").check()
    assert len(shown(page)) == 7
    assert page.get_by_role("status").inner_text() == "Viser 7 af 10 cases."
    # A tema narrows further; within kommune, ticking a second one widens.
    page.get_by_role("checkbox", name="Samarbejde på tværs").check()
    assert len(shown(page)) == 4
    page.get_by_role("checkbox", name="Odder").check()
    assert len(shown(page)) == 5
    odder = page.locator("label", has=page.get_by_role("checkbox", name="Odder"))
    assert odder.locator(".kb-filters__count").inner_text() == "(1)"
    # While filtering, the plain list and its page links give way to the results.
    assert not page.locator(".kb-cards").is_visible()


def test_a_result_shows_the_summary_its_card_has(page, site_server):
    page.goto(site_server + "cases/?kommune=holstebro")
    assert len(shown(page)) == 1
    result = page.locator(".kb-filters__result")
    card_summary = page.locator(".kb-card", has_text="Holstebros investeringsmodel").locator("h3 + p")
    assert result.locator(".kb-filters__summary").inner_text() == card_summary.inner_text()


def test_the_choice_lives_in_the_address_and_can_be_shared(page, site_server):
    page.goto(site_server + "cases/")
    page.get_by_role("checkbox", name="Læring").check()
    page.get_by_role("checkbox", name="Samskabelse").check()
    assert parse_qs(urlparse(page.url).query) == {"kerneopgave": ["laering"], "tema": ["samskabelse"]}
    page.goto(site_server + "cases/?kommune=odder&tema=medarbejderinddragelse")
    assert shown(page) == ["Samskabt styring i Odder: ni workshops om visitation, dokumentation og budget"]
    assert page.get_by_role("checkbox", name="Odder").is_checked()


def test_filters_work_with_the_keyboard_alone(page, site_server):
    page.goto(site_server + "cases/")
    page.get_by_role("checkbox", name="Holstebro").focus()
    page.keyboard.press("Space")
    assert len(shown(page)) == 1
    reset = page.get_by_role("button", name="Nulstil filtre")
    reset.focus()
    page.keyboard.press("Enter")
    assert len(shown(page)) == 10
    assert urlparse(page.url).query == ""


def test_without_javascript_the_whole_list_shows(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "cases/")
    assert page.locator(".kb-card h3").count() == 10
    assert page.locator(".kb-card h3").first.is_visible()
    assert not page.locator("[data-kb-filters]").is_visible()
    context.close()


def can_take_focus(locator) -> bool:
    """Whether the element is a place the keyboard can land: focus() on it, then ask the page."""
    return locator.evaluate("element => { element.focus(); return document.activeElement === element; }")


def test_buttons_that_would_do_nothing_are_neither_shown_nor_focusable(page, site_server):
    page.goto(site_server + "cases/")
    page.locator("[data-kb-filters]").wait_for()
    reset = page.locator(".kb-filters__reset")
    more = page.locator(".kb-filters__more")
    # Nothing ticked: nothing to reset, and the whole list is already shown.
    assert not reset.is_visible() and not can_take_focus(reset)
    assert not more.is_visible() and not can_take_focus(more)
    # Ticked: reset has something to do; ten results leave no "Vis flere (0 mere)".
    page.get_by_role("checkbox", name="Hedensted").check()
    assert reset.is_visible() and can_take_focus(reset)
    assert not more.is_visible() and not can_take_focus(more)


def test_the_print_button_is_gone_where_it_cannot_print(browser, site_server):
    """Without JavaScript "Udskriv arkene" cannot open the print dialog, so it is not there; with it, it is."""
    exercise = site_server + "oevelser/moed-borgeren-foer-sagen/"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(exercise)
    button = page.locator("[data-kb-print]")
    assert button.count() == 1
    assert not button.is_visible() and not can_take_focus(button)
    context.close()
    page = browser.new_page()
    page.goto(exercise)
    button = page.get_by_role("button", name="Udskriv arkene")
    assert button.is_visible() and can_take_focus(button)
    page.close()
