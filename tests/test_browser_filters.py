"""Filters on the case overview: by kommune, kerneopgave and tema, in the address, by keyboard."""

from urllib.parse import parse_qs, urlparse

import pytest


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def shown(page) -> list[str]:
    """The case titles a reader sees: the cards the filters leave shown (all of them when no filter is on)."""
    page.locator("[data-kb-filters] h2").wait_for()  # built once the index of every case has loaded
    return page.locator(".kb-cards .kb-card:visible h3 > a:not(.headerlink)").all_inner_texts()


def test_filters_narrow_the_list_and_count_what_each_choice_would_show(page, site_server):
    page.goto(site_server + "cases/")
    assert len(shown(page)) == 10
    page.get_by_role("checkbox", name="Hedensted").check()
    assert len(shown(page)) == 7
    assert page.locator(".kb-filters").get_by_role("status").inner_text() == "Viser 7 af 10 cases."
    # A tema narrows further; within kommune, ticking a second one widens.
    page.get_by_role("checkbox", name="Samarbejde på tværs").check()
    assert len(shown(page)) == 4
    page.get_by_role("checkbox", name="Odder").check()
    assert len(shown(page)) == 5
    odder = page.locator("label", has=page.get_by_role("checkbox", name="Odder"))
    assert odder.locator(".kb-filters__count").inner_text() == "(1)"
    # While filtering, the other cards hide.
    assert page.locator(".kb-cards .kb-card:not(:visible)").count() == 5


def card_parts(card) -> dict:
    """What a card shows, part by part: its title link, its summary and its labelled meta line."""
    return card.evaluate("""card => ({
        tag: card.tagName, classes: card.className,
        title: card.querySelector("h3 > a:not(.headerlink)").textContent,
        summary: (card.querySelector("h3 + p:not(.kb-card__meta)") || {}).textContent || null,
        labels: Array.from(card.querySelectorAll(".kb-card__meta strong"), strong => strong.textContent),
        meta: card.querySelector(".kb-card__meta").textContent.replace(/\\s+/g, " ").trim()})""")


def test_results_are_the_cards_they_stand_for(page, site_server):
    """A filtered result is the page's own card (summary and labelled meta line), not a list item of its own."""
    page.goto(site_server + "cases/")
    card = page.locator(".kb-card", has_text="Holstebros investeringsmodel")
    before = card_parts(card)
    assert before["labels"] == ["Kommune:", "Kerneopgaver:", "Temaer:"] and before["summary"]
    page.get_by_role("checkbox", name="Holstebro").check()
    assert shown(page) == [before["title"]]
    assert card_parts(page.locator(".kb-card:visible")) == before
    assert page.locator("[data-kb-filters] ol, [data-kb-filters] li a").count() == 0


def test_a_result_from_another_page_of_the_list_gets_the_same_card(page, site_server):
    """The filters cover every case; one not on this page of the list gets a card of the same markup,
    built from the index (which has no summaries). Here the page is served without Holstebro's card."""
    page.goto(site_server + "cases/")
    server_card = card_parts(page.locator(".kb-card", has_text="Holstebros investeringsmodel"))

    def without_holstebro(route):
        html = route.fetch().text()
        # The engines write the link differently ("holstebro-…/" or "../cases/holstebro-…/"); same target.
        link = html.index('holstebro-investeringsmodel-voksenomraadet/"', html.index('<div class="kb-cards">'))
        start = html.rindex('<article class="kb-card">', 0, link)
        end = html.index("</article>", start) + len("</article>")
        route.fulfill(body=html[:start] + html[end:], content_type="text/html; charset=utf-8")

    page.route("**/cases/", without_holstebro)
    page.goto(site_server + "cases/")
    assert page.locator(".kb-card", has_text="Holstebros investeringsmodel").count() == 0
    page.get_by_role("checkbox", name="Holstebro").check()
    built = card_parts(page.locator(".kb-card:visible"))
    assert built == dict(server_card, summary=None)
    address = page.locator(".kb-card:visible h3 > a").evaluate("a => a.href")
    assert address == site_server + "cases/holstebro-investeringsmodel-voksenomraadet/"


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


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent")


def test_no_result_names_the_choices_to_remove(page, site_server):
    """Zero results say so and offer each ticked choice as a button that removes it; focus stays useful."""
    page.goto(site_server + "cases/?kommune=odder&kerneopgave=laering&tema=samskabelse")
    assert shown(page) == []
    status = page.locator(".kb-filters").get_by_role("status")
    assert status.inner_text() == "Ingen cases passer til alle valg – fjern et af dem:"
    chips = page.locator(".kb-filters__chips button")
    assert chips.all_inner_texts() == ["Fjern Odder", "Fjern Læring", "Fjern Samskabelse"]
    # The "×" after each is drawn by CSS and left out of the name.
    page.get_by_role("button", name="Fjern Samskabelse", exact=True).click()
    assert not page.get_by_role("checkbox", name="Samskabelse").is_checked()
    assert parse_qs(urlparse(page.url).query) == {"kommune": ["odder"], "kerneopgave": ["laering"]}
    # Odder and Læring still find nothing: the focus moves to the next choice to remove.
    assert status.inner_text() == "Ingen cases passer til alle valg – fjern et af dem:"
    assert focused_text(page) == "Fjern Læring"
    page.keyboard.press("Enter")
    # Now Odder alone finds a case: the message and its buttons go, the focus goes to the first result.
    assert status.inner_text() == "Viser 1 af 10 cases."
    assert not page.locator(".kb-filters__chips").is_visible()
    assert shown(page) == [focused_text(page)]


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport={"width": 375, "height": 667})
    yield page
    page.close()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_on_a_phone_the_groups_fold_and_the_results_stay_near(phone, site_server):
    page = phone
    page.goto(site_server + "cases/")
    page.locator("[data-kb-filters] h2").wait_for()
    # The groups are folded: a phone sees three headings, not twenty checkboxes, before the cases.
    assert not page.get_by_role("checkbox", name="Hedensted").is_visible()
    summaries = page.locator(".kb-filters summary")
    assert summaries.all_inner_texts() == ["Kommune", "Kerneopgave", "Tema"]
    first_card = page.locator(".kb-card:visible").first
    assert first_card.bounding_box()["y"] < 667
    page.get_by_text("Kommune", exact=True).click()
    page.get_by_role("checkbox", name="Hedensted").check()
    assert summaries.first.inner_text() == "Kommune (1 valgt)"
    # The status and the first result are on screen right after the choice, without scrolling.
    assert in_view(page, page.locator(".kb-filters").get_by_role("status"))
    assert page.locator(".kb-filters").get_by_role("status").inner_text() == "Viser 7 af 10 cases."
    assert first_card.bounding_box()["y"] < 667 * 1.5
    # In the longest group, ticking its last option: the status line stays in view (it sticks) ...
    page.get_by_text("Tema", exact=True).click()
    last = page.get_by_role("checkbox", name="Borgerens egne ressourcer")
    last.check()
    assert in_view(page, page.locator(".kb-filters").get_by_role("status"))
    assert page.locator(".kb-filters").get_by_role("status").inner_text() == "Viser 2 af 10 cases."
    # ... and "Vis 2 cases" takes the reader, and the keyboard, to the first result.
    page.get_by_role("link", name="Vis 2 cases").click()
    first_link = page.locator(".kb-card:visible h3 > a").first
    assert in_view(page, first_link)
    assert focused_text(page) == first_link.inner_text()


def test_on_a_narrow_phone_nothing_runs_off_screen(browser, site_server):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site_server + "cases/?tema=forebyggelse-og-tidlig-indsats&kommune=odder")
    page.locator("[data-kb-filters] h2").wait_for()
    page.get_by_text("Tema", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # A label that wraps starts its second line under its text (hanging indent), and the count
    # "(0)" keeps company with the last word instead of wrapping alone.
    label = page.locator(".kb-filters__option", has_text="Forebyggelse og tidlig indsats")
    box, text, count = (label.locator(part).bounding_box() for part in
                        ("input", ".kb-filters__text", ".kb-filters__count"))
    assert text["height"] > count["height"] * 1.5, "the label should wrap at 320 px"
    assert text["x"] >= box["x"] + box["width"]
    assert count["x"] > text["x"] + 10
    # Results use the column's full width: no list indent.
    page.get_by_role("button", name="Fjern Odder").click()
    card = page.locator(".kb-card:visible").first.bounding_box()
    panel = page.locator("[data-kb-filters]").bounding_box()
    assert abs(card["x"] - panel["x"]) < 2 and card["width"] >= panel["width"] - 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()
