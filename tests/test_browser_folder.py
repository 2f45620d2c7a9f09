"""Min mappe: a reader's own pack, gathered with "Læg i mappen", ordered, mailed as an address and printed."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.check.library import load_library
from tests.conftest import ROOT, pdftotext

CASE_A = "odder-samskabt-styring"
CASE_B = "ikast-brande-housing-first"
EXERCISE = "moed-borgeren-foer-sagen"
READY = "[data-kb-folder-ready]"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def titles():
    library, _ = load_library(ROOT / "content")
    found = {case.slug: case.title for case in library.cases}
    found.update({exercise.slug: exercise.title for exercise in library.exercises})
    return found


def _add(page, address: str) -> None:
    page.goto(address)
    page.get_by_role("button", name="Læg i mappen").click()
    page.get_by_role("button", name="Fjern fra mappen").wait_for()


def _listed(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".kb-folder__title a").all_inner_texts()]


def _gather(browser, site_server):
    """Two cases and one exercise, added with the buttons on their pages, then Min mappe opened by its link."""
    context = browser.new_context()
    page = context.new_page()
    _add(page, site_server + f"cases/{CASE_A}/")
    assert page.get_by_role("status").filter(has_text="Casen er lagt i mappen").inner_text() == \
        "Casen er lagt i mappen. Mappen har 1 del."
    _add(page, site_server + f"cases/{CASE_B}/")
    _add(page, site_server + f"oevelser/{EXERCISE}/")
    link = page.get_by_role("link", name="Min mappe (3)")
    link.click()
    page.wait_for_selector(READY)
    return context, page


def test_the_button_toggles_and_the_link_counts(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    _add(page, site_server + f"cases/{CASE_A}/")
    page.reload()  # kept in the browser, not in the page
    page.get_by_role("button", name="Fjern fra mappen").click()
    assert page.get_by_role("status").filter(has_text="taget ud").inner_text() == \
        "Casen er taget ud af mappen. Mappen har 0 dele."
    assert page.get_by_role("link", name="Min mappe (0)").is_visible()
    assert page.get_by_role("button", name="Læg i mappen").is_visible()
    context.close()


def test_a_pack_is_ordered_shared_by_its_address_and_printed_as_chosen(browser, site_server, titles, tmp_path):
    context, page = _gather(browser, site_server)
    assert _listed(page) == [titles[CASE_A], titles[CASE_B], titles[EXERCISE]]

    # Reordered with the keyboard: the moved part keeps the focus, and the move is announced.
    page.get_by_role("button", name=f"Flyt op: {titles[EXERCISE]}").focus()
    page.keyboard.press("Enter")
    assert _listed(page) == [titles[CASE_A], titles[EXERCISE], titles[CASE_B]]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Flyt op: {titles[EXERCISE]}"
    assert page.locator(".kb-folder__announce").inner_text() == f"»{titles[EXERCISE]}« er flyttet til nummer 2 af 3."

    # Forms: the second case whole, only the exercise's facilitator sheet.
    items = page.locator(".kb-folder__item")
    items.nth(2).get_by_role("radio", name="Hele casen").check()
    items.nth(1).get_by_role("checkbox", name="Deltagerark").uncheck()
    page.wait_for_selector(READY)
    expected = f"#mappe=case:{CASE_A}:oplaeg,oevelse:{EXERCISE}:facilitator,case:{CASE_B}:hele"
    assert urlsplit(page.url).fragment == expected.lstrip("#")
    assert page.get_by_label("Mappens adresse").input_value() == page.url
    mail = page.get_by_role("link", name="Send til en kollega").get_attribute("href")
    assert mail.startswith("mailto:?subject=") and "%23mappe%3Dcase%3Aodder-samskabt-styring" in mail
    address = page.url
    context.close()

    # A colleague's browser: nothing stored, the same pack from the address alone.
    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(address)
    page.wait_for_selector(READY)
    assert _listed(page) == [titles[CASE_A], titles[EXERCISE], titles[CASE_B]]
    assert page.locator(".kb-folder__item").nth(2).get_by_role("radio", name="Hele casen").is_checked()
    assert not page.locator(".kb-folder__item").nth(1).get_by_role("checkbox", name="Deltagerark").is_checked()
    assert not page.locator(".kb-folder__notice").is_visible()

    page.emulate_media(media="print")
    path = tmp_path / "mappe.pdf"
    page.pdf(path=str(path), format="A4")
    fresh.close()
    pages = [" ".join(text.split()) for text in pdftotext(path).split("\f")[:-1]]
    whole = " ".join(pages)

    # The cover lists the three parts in their order, with their kind and form.
    cover = pages[0]
    assert "Indhold" in cover
    positions = [cover.index(f"{titles[CASE_A]} – Case, mødeoplæg"),
                 cover.index(f"{titles[EXERCISE]} – Øvelse, facilitatorark"),
                 cover.index(f"{titles[CASE_B]} – Case, hele casen")]
    assert positions == sorted(positions)
    # Every page is numbered, out of the pack's own pages.
    assert [re.search(r"Side (\d+) af (\d+)$", text).groups() for text in pages] == \
        [(str(number), str(len(pages))) for number in range(1, len(pages) + 1)]
    # Each part starts on a page of its own, in order.
    starts = [number for number, text in enumerate(pages) if re.match(r"DEL \d AF 3", text)]
    assert len(starts) == 3 and starts == sorted(starts) and starts[0] == 1
    brief, sheets, case = (" ".join(pages[a:b]) for a, b in zip(starts, starts[1:] + [len(pages)]))
    # The brief: its first section, key figures, questions; not the rest of the case.
    assert brief.startswith("DEL 1 AF 3 · CASE · MØDEOPLÆG")
    for heading in ("Kort fortalt", "Nøgletal", "Refleksionsspørgsmål", "Kilde"):
        assert heading in brief
    assert "Udfordringen" not in brief and "Det gjorde de" not in brief
    # The exercise: the facilitator's sheet only.
    assert "FACILITATORARK" in sheets and "Tidsplan" in sheets
    assert "DELTAGERARK" not in whole and "Navn eller gruppe:" not in whole
    # The whole case, without its lists of links to other pages.
    for heading in ("Kort fortalt", "Det gjorde de", "Dilemmaer og læring", "Refleksionsspørgsmål", "Kilde"):
        assert heading in case
    assert "Relaterede cases" not in whole and "Brug casen videre" not in whole
    # A case's source is never alone at the top of a page: it takes the end of the questions with it.
    assert not [number for number, text in enumerate(pages, 1) if text.startswith("Kilde ")]
    # Nothing of the screen: no controls, no navigation.
    for control in ("Flyt op", "Flyt ned", "Udskriv mappen", "Kopiér link", "Send til en kollega",
                    "Mappens adresse", "Læg i mappen", "Færdige workshoppakker", "Hent mødekort"):
        assert control not in whole, control


def test_removing_a_part_keeps_the_keyboard_in_the_list(browser, site_server, titles):
    context, page = _gather(browser, site_server)
    page.get_by_role("button", name=f"Fjern fra mappen: {titles[CASE_A]}").focus()
    page.keyboard.press("Enter")
    assert _listed(page) == [titles[CASE_B], titles[EXERCISE]]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Fjern fra mappen: {titles[CASE_B]}"
    assert page.locator(".kb-folder__announce").inner_text() == \
        f"»{titles[CASE_A]}« er fjernet fra mappen. Mappen har 2 dele."
    for _ in range(2):
        page.keyboard.press("Enter")
    assert page.locator(".kb-folder-empty").is_visible()
    assert page.evaluate("document.activeElement.id") == "kb-folder-contents"
    assert urlsplit(page.url).fragment == ""
    context.close()


def test_the_print_button_prints_the_ready_pack(browser, site_server):
    context, page = _gather(browser, site_server)
    page.evaluate("window.print = () => { window.kbPrinted = true; }")
    page.get_by_role("button", name="Udskriv mappen").click()
    assert page.evaluate("window.kbPrinted") is True
    context.close()


@pytest.mark.parametrize("fragment", [
    "mappe=case:../../etc,case:<img src=x onerror=alert(1)>,oevelse:findes-ikke,case:" + CASE_A,
    "mappe=case:%2e%2e%2f%2e%2e%2fetc,case:" + CASE_A + ",case:" + CASE_A + ":<b>",
    "cases=../../etc,<img src=x onerror=alert(1)>&mappe=case:" + CASE_A,
])
def test_a_hostile_address_is_ignored_with_a_note_and_fetches_nothing_else(browser, site_server, titles, fragment):
    context = browser.new_context()
    page = context.new_page()
    requests, dialogs = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_server + "min-mappe/#" + fragment)
    page.wait_for_selector(READY)
    assert _listed(page) == [titles[CASE_A]]
    note = page.locator(".kb-folder__notice")
    assert note.is_visible() and "sprunget over" in note.inner_text()
    assert page.locator("img[src=x], .kb-folder b, .kb-folder img").count() == 0
    assert dialogs == []
    site = urlsplit(site_server)
    fetched = [urlsplit(url) for url in requests]
    assert all((url.scheme, url.netloc) == (site.scheme, site.netloc) for url in fetched)
    pages = {url.path for url in fetched if url.path.endswith(("/", ".html"))}
    assert pages == {"/min-mappe/", f"/cases/{CASE_A}/"}
    context.close()


def test_a_pack_from_an_address_replaces_the_stored_one_and_says_so(browser, site_server, titles):
    context = browser.new_context()
    page = context.new_page()
    _add(page, site_server + f"cases/{CASE_B}/")
    page.goto(site_server + f"min-mappe/#mappe=case:{CASE_A}:hele")
    page.wait_for_selector(READY)
    assert _listed(page) == [titles[CASE_A]]
    assert "afløst den mappe" in page.locator(".kb-folder__notice").inner_text()
    page.goto(site_server + f"cases/{CASE_B}/")
    assert page.get_by_role("link", name="Min mappe (1)").is_visible()
    context.close()


def test_without_javascript_the_page_says_what_to_use_instead(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + f"cases/{CASE_A}/")
    assert page.locator(".kb-folder-toggle").count() == 1
    assert not page.locator(".kb-folder-toggle").is_visible()
    assert not page.locator(".kb-folder-link").is_visible()
    page.goto(site_server + "min-mappe/")
    assert "Min mappe virker kun med JavaScript" in page.locator("article").inner_text()
    assert page.get_by_role("link", name=re.compile("Hent hele pakken")).count() >= 1
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_findings_on_a_full_folder(browser, site_server, width):
    context, page = _gather(browser, site_server)
    page.set_viewport_size({"width": width, "height": 900})
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []
    every_rule = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    assert [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in every_rule] == []
    context.close()


def test_the_offline_copy_gathers_but_says_plainly_it_cannot_print(browser, offline_copy, titles):
    context = browser.new_context()
    page = context.new_page()
    page.goto((offline_copy / "cases" / f"{CASE_A}.html").as_uri())
    page.get_by_role("button", name="Læg i mappen").click()
    link = page.get_by_role("link", name="Min mappe (1)")
    assert link.get_attribute("href").endswith(f"min-mappe.html#mappe=case:{CASE_A}:oplaeg")
    link.click()
    page.locator(".kb-folder__title").first.wait_for()
    assert _listed(page) == [titles[CASE_A]]
    note = page.locator(".kb-folder-offline")
    assert note.is_visible()
    assert "Den offline kopi kan ikke udskrive mappen" in note.inner_text()
    assert note.get_by_role("link", name="workshoppakker").get_attribute("href") == "workshops/index.html"
    online = note.locator("a.kb-folder-online").get_attribute("href")
    assert online.startswith("https://") and online.endswith(f"/min-mappe/#mappe=case:{CASE_A}:oplaeg")
    assert not page.get_by_role("button", name="Udskriv mappen").is_visible()
    pdfs = page.get_by_role("link", name=re.compile("Hent hele pakken")).evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert pdfs and all((offline_copy / href).is_file() for href in pdfs)
    context.close()
