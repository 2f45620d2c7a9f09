"""Where a page sits in the site: its breadcrumb trail, its section, the headings it jumps to.

Pure functions of page paths and titles, for the render step (which writes a
page's trail into its front matter, see pages.front_matter) and the hook
(which marks the page's section in the navigation for pages the navigation
does not list, such as cases).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scripts.load.paths import (
    CASES_DIR,
    CORE_TASKS_DIR,
    EXERCISES_DIR,
    MUNICIPALITIES_DIR,
    QUESTIONS_PAGE,
    SOURCES_DIR,
    STRATEGIES_DIR,
    THEMES_DIR,
    WORKSHOPS_DIR,
    heading_anchor,
    site_address,
)

HOME = ("Forside", "index.md")

# The sections of mkdocs.yml's nav that have pages below them: folder -> (nav label, the section's page).
# tests/test_build.py checks the labels against the nav.
SECTIONS: dict[str, tuple[str, str]] = {
    CASES_DIR: ("Alle cases", f"{CASES_DIR}/index.md"),
    MUNICIPALITIES_DIR: ("Kommuner", f"{MUNICIPALITIES_DIR}/index.md"),
    CORE_TASKS_DIR: ("Kerneopgaver", f"{CORE_TASKS_DIR}/index.md"),
    THEMES_DIR: ("Temaer", f"{THEMES_DIR}/index.md"),
    QUESTIONS_PAGE.removesuffix(".md"): ("Refleksionsspørgsmål", QUESTIONS_PAGE),
    EXERCISES_DIR: ("Øvelser", f"{EXERCISES_DIR}/index.md"),
    WORKSHOPS_DIR: ("Workshoppakker", f"{WORKSHOPS_DIR}/index.md"),
    STRATEGIES_DIR: ("Strategier", f"{STRATEGIES_DIR}/index.md"),
    SOURCES_DIR: ("Kilder", f"{SOURCES_DIR}/index.md"),
}
_SECTION_PAGES = {page: label for label, page in SECTIONS.values()}


def section_page(page: str) -> str | None:
    """The page of the nav section `page` belongs to ('cases/x.md' -> 'cases/index.md'); None outside them."""
    if page in _SECTION_PAGES:
        return page
    folder = page.split("/", 1)[0] if "/" in page else None
    return SECTIONS[folder][1] if folder in SECTIONS else None


def breadcrumbs(page: str, label: str | None = None, between: Iterable[tuple[str, str]] = (),
                pager=None, directory_urls: bool = True) -> list[dict[str, str]]:
    """The trail from the home page to `page`: [{"title", "url"}, ..., {"title"}] (the last is the page itself).

    `label` names the page in the trail (default: its section's name, for a
    section's own page); `between` are (title, page path) steps between the
    section and the page, such as a case's kommune. Page 2 and on of a list
    ('pager') sit below its first page. Addresses are from the site root, in
    the build's URL style; the home page has no trail.
    """
    first_page = pager.paths[0] if pager is not None else page
    if page == HOME[1]:
        return []
    steps = [HOME]
    section = section_page(first_page)
    if section is not None and section != first_page:
        steps.append((_SECTION_PAGES[section], section))
    steps += list(between)
    label = label if label is not None else _SECTION_PAGES.get(first_page)
    if label is None:
        raise ValueError(f"{page}: a page outside the nav's sections needs a label for its breadcrumb")
    if pager is not None and pager.number > 1:
        steps.append((label, first_page))
        label = f"Side {pager.number}"
    return [{"title": title, "url": site_address(path, directory_urls)} for title, path in steps] + [{"title": label}]


_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def heading_ids(titles: Iterable[str]) -> list[str]:
    """The ids the engine gives headings with these texts, in page order.

    Python-Markdown's table of contents makes each id from the text (the
    project's own rule, paths.heading_anchor) and numbers repeats: a second
    'Kilde' is 'kilde_1'. Give every heading of the page, the title first.
    """
    used: set[str] = set()
    ids = []
    for title in titles:
        anchor = heading_anchor(title)
        while anchor in used:
            numbered = _NUMBERED.match(anchor)
            anchor = f"{numbered.group(1)}_{int(numbered.group(2)) + 1}" if numbered else f"{anchor}_1"
        used.add(anchor)
        ids.append(anchor)
    return ids


def page_contents(headings: Iterable[tuple[int, str]], level: int = 2) -> list[tuple[str, str]]:
    """(title, id) of a page's headings of `level`, from all its (level, title) headings in order."""
    headings = list(headings)
    ids = heading_ids(title for _, title in headings)
    return [(title, anchor) for (depth, title), anchor in zip(headings, ids) if depth == level]


def mark_section(nav, page_uri: str):
    """Mark the nav entry of `page_uri`'s section active, for a page the nav does not list; returns it.

    The theme then shows that section as the current one, as on its own page.
    The caller unmarks it after the page is rendered (the nav is shared by all pages).
    """
    section = section_page(page_uri)
    if section is None or section == page_uri:
        return None
    for item in nav.pages:
        if item.file.src_uri == section and not item.active:
            item.active = True
            return item
    return None


# Material marks the current page's nav link and the active section's item by class only, which a
# screen reader does not announce.
_CURRENT_PAGE_LINK = re.compile(r'(<a href="[^"]*" class="md-nav__link md-nav__link--active")(?! aria-current)')
_ACTIVE_SECTION_LINK = re.compile(
    r'(<li class="md-nav__item md-nav__item--active">\s*<a href="[^"]*" class="md-nav__link")(?! aria-current)')


def nav_current_announced(html: str) -> str:
    """A finished page whose nav says which entry is current: `aria-current="page"` on the link to the page
    itself, `aria-current="location"` on its section's link when the page is inside it (a case under
    Alle cases, see mark_section)."""
    html = _CURRENT_PAGE_LINK.sub(r'\1 aria-current="page"', html)
    return _ACTIVE_SECTION_LINK.sub(r'\1 aria-current="location"', html)
