"""Where every page and printed file lives in the site.

One module owns the addresses, so the site pages, the links between them,
the validator's link check and the PDF files cannot disagree.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata

from scripts.load.model import short_code

# Site addresses of the browse pages (Danish, ASCII so they survive any server).
CASES_DIR = "cases"
MUNICIPALITIES_DIR = "kommuner"
CORE_TASKS_DIR = "kerneopgaver"
THEMES_DIR = "temaer"
STRATEGIES_DIR = "strategier"
EXERCISES_DIR = "oevelser"
WORKSHOPS_DIR = "workshops"
SOURCES_DIR = "kilder"
SHORT_LINKS_DIR = "k"
QUESTIONS_PAGE = "refleksionsspoergsmaal.md"
REVIEW_PAGE = "til-gennemgang.md"
CASE_INDEX_SCRIPT = "assets/javascripts/case-index.js"  # every case, for the filters (generated)
ACCESSIBILITY_PAGE = "tilgaengelighed.md"
# The library in numbers. A folder's index page, so that the page's folder is the same in the Markdown and
# in the site: its tables are raw HTML, whose links MkDocs leaves as they are and Zensical reads as relative
# to the Markdown file, and only there do both mean the same address.
STATS_PAGE = "biblioteket-i-tal/index.md"
FOLDER_PAGE = "min-mappe.md"  # "Min mappe": a reader's own print pack, gathered in the browser (kb-folder.js)

CONTENT_DIRS = {"case": CASES_DIR, "strategy": STRATEGIES_DIR, "exercise": EXERCISES_DIR, "workshop": WORKSHOPS_DIR}


def case_path(slug: str) -> str:
    return f"{CASES_DIR}/{slug}.md"


def municipality_path(name_slug: str) -> str:
    return f"{MUNICIPALITIES_DIR}/{name_slug}.md"


def core_task_path(slug: str) -> str:
    return f"{CORE_TASKS_DIR}/{slug}.md"


def theme_path(slug: str) -> str:
    return f"{THEMES_DIR}/{slug}.md"


def source_path(source_id: str) -> str:
    return f"{SOURCES_DIR}/{source_id}.md"


def content_page_path(kind: str, slug: str) -> str:
    """Where a case, strategy, exercise or workshop file ends up in the site."""
    return f"{CONTENT_DIRS[kind]}/{slug}.md"


def page_url(md_path: str) -> str:
    """The address of a page relative to the site root: 'cases/x.md' -> 'cases/x/'."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path.removesuffix("index.md")
    return md_path.removesuffix(".md") + "/"


def site_address(md_path: str, directory_urls: bool = True) -> str:
    """Where a page is served, relative to the site root, in either URL style.

    'cases/x.md' is 'cases/x/' normally and 'cases/x.html' in the offline copy.
    """
    if directory_urls:
        return page_url(md_path)
    return md_path.removesuffix(".md") + ".html"


# Ids the theme and the site's scripts give their own elements: Material's
# start with '__' (its JavaScript reads `#__config`, `#__drawer`, `#__search`),
# ours with 'kb-'. A heading named '__config' must not take one, or the first
# element with that id would be the heading, and every script would break.
_RESERVED_ID_PREFIXES = ("_", "kb-", "md-")


@functools.lru_cache(maxsize=8192)  # the same few headings, on every page of a kind
def heading_anchor(text: str, separator: str = "-") -> str:
    """The anchor of a heading with this text: 'Det gjorde de' -> 'det-gjorde-de'.

    mkdocs.yml gives this function to the table of contents, so the engine
    makes exactly the anchors `make check` checks links against. Danish letters
    stay ('#ældrepleje'); anchors the theme uses itself get 'afsnit-' in front.
    """
    slug = re.sub(r"</?[^>]*>", "", unicodedata.normalize("NFC", re.sub(r"\s+", " ", text))).strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", separator)
    if not slug or slug.startswith(_RESERVED_ID_PREFIXES):
        slug = f"afsnit{separator}{slug}" if slug else "afsnit"
    return slug


def relative_address(from_page: str, to_path: str, directory_urls: bool = True) -> str:
    """The address of `to_path` (a page 'x/y.md' or a file 'pdf/z.pdf') as a link on page `from_page`."""
    target = site_address(to_path, directory_urls) if to_path.endswith(".md") else to_path
    here = site_address(from_page, directory_urls)
    folder = here if here.endswith("/") or not here else posixpath.dirname(here)
    folder = folder.rstrip("/")
    relative = posixpath.relpath(target or ".", folder or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return relative


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r\x00-\x1f]")
# The schemes a link from content may have: `make check` allows them, and the sanitizer keeps only them.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def has_scheme(href: str) -> bool:
    """True for 'https://…', 'mailto:…' and any other address that names its scheme."""
    return bool(_SCHEME.match(href))


def browser_address(href: str) -> str:
    """An address as a browser reads it: entities decoded, tabs and line breaks dropped.

    So 'java&#x73;cript:' and 'jav\tascript:' are judged as the 'javascript:' they become.
    """
    return _URL_IGNORED.sub("", html.unescape(href)).strip()


def scheme_of(href: str) -> str | None:
    """The scheme a browser would see in `href` ('javascript' for 'JaVa&#x73;cript:…'), lower case, or None."""
    match = _SCHEME.match(browser_address(href))
    return match.group(1).lower() if match else None


def resolve_body_link(page: str, href: str) -> tuple[str, str] | None:
    """(site path, '#fragment' or '') of a relative link in the body of page `page`, or None.

    None when the link is not a path inside the site: it has a scheme, it is
    only an anchor, it starts with '/' (the site may live in a sub-folder) or
    it climbs above the site's root.
    """
    if not href or _SCHEME.match(href) or href.startswith(("#", "/", "\\")):
        return None
    path, hash_mark, fragment = href.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target == "." or target.startswith("../") or target == "..":
        return None
    return target, f"#{fragment}" if hash_mark and fragment else ""


def paged_path(first_page: str, number: int) -> str:
    """The Markdown path of page `number` (2, 3, ...) of a list that starts at `first_page`.

    'cases/index.md' -> 'cases/side/2.md'; 'kommuner/odder.md' -> 'kommuner/odder/side/2.md'.
    A case slug cannot contain '/', so these never collide with a case.
    """
    folder = first_page.removesuffix("/index.md") if first_page.endswith("/index.md") else first_page.removesuffix(".md")
    return f"{folder}/side/{number}.md"


def questions_path(theme_slug: str) -> str:
    return f"{QUESTIONS_PAGE.removesuffix('.md')}/{theme_slug}.md"


def short_link(case_slug: str) -> str:
    """The short printed address of a case, relative to the site root: 'k/abc123/'."""
    return f"{SHORT_LINKS_DIR}/{short_code(case_slug)}/"


# Printed documents sit in a folder of their own, so their links work with or
# without MkDocs' directory URLs (the offline copy uses plain .html files).
PDF_DIR = "pdf"


def brief_pdf(case_slug: str) -> str:
    return f"{PDF_DIR}/moedekort-{case_slug}.pdf"


def facilitator_pdf(exercise_slug: str) -> str:
    return f"{PDF_DIR}/facilitatorark-{exercise_slug}.pdf"


def participant_pdf(exercise_slug: str) -> str:
    return f"{PDF_DIR}/deltagerark-{exercise_slug}.pdf"


def case_sections_pdf(exercise_slug: str) -> str:
    """The sections of its case an exercise asks to be printed (Exercise.case_sections)."""
    return f"{PDF_DIR}/casens-afsnit-{exercise_slug}.pdf"


def workshop_pdf(workshop_slug: str) -> str:
    return f"{PDF_DIR}/workshop-{workshop_slug}.pdf"


# The headings the page templates write (scripts/render/templates/*.md.j2), by kind:
# a body may link to them ('#refleksionsspørgsmål'), and a body heading may
# not repeat them. tests/test_render.py checks the list against the pages.
PAGE_HEADINGS = {
    "case": ("Nøgletal", "Refleksionsspørgsmål", "Relaterede cases", "Brug casen videre", "Kilde"),
    "strategy": ("Cases, der viser strategien i praksis", "Kilde"),
    "exercise": ("Materialer", "Sådan gør I", "Spørgsmål til deltagerne", "Cases, øvelsen bruger", "Kilde"),
    "workshop": ("Dagsorden", "Det indeholder pakken"),
}


def linkable_pages(vocabulary, content: list[tuple[str, str]], source_ids, municipalities_with_cases=None,
                   themes_with_cases=None) -> set[str]:
    """Pages an editor may link to from a body: (kind, slug) content plus the browse pages the site will have.

    A municipality gets a page only when it has cases, and so does a theme's
    page of reflection questions; without those sets, every one counts.
    """
    pages = {content_page_path(kind, slug) for kind, slug in content}
    pages |= {"index.md", QUESTIONS_PAGE, REVIEW_PAGE, ACCESSIBILITY_PAGE, STATS_PAGE, FOLDER_PAGE} | {
        f"{folder}/index.md" for folder in (
        CASES_DIR, MUNICIPALITIES_DIR, CORE_TASKS_DIR, THEMES_DIR, STRATEGIES_DIR, EXERCISES_DIR, WORKSHOPS_DIR,
        SOURCES_DIR)}
    pages |= {municipality_path(m.slug) for m in vocabulary.municipalities
              if municipalities_with_cases is None or m.name in municipalities_with_cases}
    pages |= {core_task_path(t.slug) for t in vocabulary.core_tasks}
    pages |= {theme_path(t.slug) for t in vocabulary.themes}
    pages |= {questions_path(t.slug) for t in vocabulary.themes
              if themes_with_cases is None or t.label in themes_with_cases}
    pages |= {source_path(source_id) for source_id in source_ids}
    return pages


def content_files(content: list[tuple[str, str]]) -> set[str]:
    """The printed files the content's pages offer (site paths), which a body may link to."""
    files = set()
    for kind, slug in content:
        if kind == "case":
            files.add(brief_pdf(slug))
        elif kind == "exercise":
            files |= {facilitator_pdf(slug), participant_pdf(slug)}
        elif kind == "workshop":
            files.add(workshop_pdf(slug))
    return files


# The open data and the feed: files beside the pages, made by scripts/render/open_data.py and feed.py.
DATA_DIR = "data"
CASES_JSON = f"{DATA_DIR}/cases.json"
CASES_CSV = f"{DATA_DIR}/cases.csv"
CASE_SCHEMA = f"{DATA_DIR}/case.schema.json"
VOCABULARY_JSON = f"{DATA_DIR}/vocabulary.json"
FEED = "feed.xml"


def absolute_address(site_url: str, path: str) -> str:
    """The published address of a page ('cases/x.md') or a file ('pdf/x.pdf') on the site at `site_url`."""
    return site_url + (page_url(path) if path.endswith(".md") else path)
