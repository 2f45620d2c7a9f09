"""Min mappe, as the build renders it: the page, the buttons on case and exercise pages, the index it reads."""

import json

from scripts.load.paths import FOLDER_PAGE, linkable_pages
from scripts.load.settings import Settings
from scripts.render.pages import case_index_script, render_site

SETTINGS = Settings(site_url="https://casebiblioteket.example/")


def _index(library, directory_urls):
    script = case_index_script(library, directory_urls=directory_urls)
    return json.loads(script.removeprefix("window.kbCaseIndex=").rstrip().removesuffix(";"))


def test_the_index_names_every_exercise_by_title_and_address(minimal_library):
    for directory_urls, suffix in ((True, "/"), (False, ".html")):
        rows = _index(minimal_library, directory_urls)["exercises"]
        assert sorted(rows) == sorted([exercise.title, f"oevelser/{exercise.slug}{suffix}"]
                                      for exercise in minimal_library.exercises)


def test_the_folder_page_is_rendered_out_of_search_with_its_template(minimal_library):
    pages = render_site(minimal_library, SETTINGS, downloads=False)
    page = pages[FOLDER_PAGE]
    assert 'template: "folder.html"' in page
    assert 'search: {"exclude": true}' in page
    assert 'data-kb-folder-page' in page
    assert "<noscript>" in page
    assert SETTINGS.site_url + "min-mappe/" in page  # the offline copy's way to the published pack
    assert FOLDER_PAGE in linkable_pages(minimal_library.vocabulary, [], [])


def test_case_and_exercise_pages_carry_the_button_with_their_own_slug(minimal_library):
    pages = render_site(minimal_library, SETTINGS, downloads=False)
    for case in minimal_library.cases:
        text = pages[f"cases/{case.slug}.md"]
        assert f'data-kb-folder-item="case:{case.slug}" hidden>Læg i mappen</button>' in text
        assert "[Min mappe](../min-mappe.md){ .kb-folder-link hidden }" in text
    for exercise in minimal_library.exercises:
        assert f'data-kb-folder-item="oevelse:{exercise.slug}"' in pages[f"oevelser/{exercise.slug}.md"]
    assert not any("data-kb-folder-item" in text for path, text in pages.items()
                   if not path.startswith(("cases/", "oevelser/")))
