"""The hosted site's search: a Pagefind index of the built pages, and a word list for spelling variants.

Material builds its lunr index in the reader's browser from one JSON file
with every page's text: at a few thousand cases that is megabytes fetched and
seconds of work before the first result. Pagefind writes a static index split
into small chunks, so a search fetches only the chunks for the words typed,
and the results' own fragments (see docs/search-design.md for the figures).

This runs over the finished site folder, whatever built it, so it is not tied
to MkDocs. The offline copy keeps lunr: Pagefind cannot load from `file://`.

Pagefind stems Danish and completes half-typed words, but knows nothing of
`ae` for `æ` or of typos. The search worker
(`overrides/assets/javascripts/workers/kb-search.js`) finds those variants in
a word list written here: every word of the indexed text once, with the
number of pages it is on, split by the first two letters of its *folded*
form (`fold`), so a variant is always in the one file its typed word leads to.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

SEARCH_ENV = "CASEBIBLIOTEK_SEARCH"  # "lunr" keeps Material's own search (the benchmark's yardstick)
WORKER = "assets/javascripts/workers/kb-search.js"
BUNDLE = "pagefind"  # the folder Pagefind writes, under the site
WORDS = "search/words"  # the word list's files, under the site
LANGUAGE = "da"
# What a search reads: the page's article, without the heading anchors' "¶", the download buttons and
# the print sheets' box, and without lists of other pages' titles (a list page's cards; a case's
# "Relaterede cases" and "Brug casen videre", their headings marked `data-search-exclude`; the home
# page's "Nyt i biblioteket"):
# a search for a case's title should find that case, not every page that points to it.
ROOT_SELECTOR = "article.md-content__inner"
IGNORED_CLASSES = ("headerlink", "kb-downloads", "kb-cards", "kb-sheets", "kb-see-also", "kb-recent")
# The facts box stays (a case's kommune, kerneopgaver and temaer are words to find it by), but not its
# labels: every case has "Kommune", and a search for "kommunerne" would find them all by it.
IGNORED = (*(f".{name}" for name in IGNORED_CLASSES), "[data-search-exclude]", ".kb-facts dt")
# What Pagefind writes that the site does not use: its ready-made interfaces and a worker of its own
# (the site's search worker runs Pagefind in itself).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
OUT_OF_SEARCH = 'data-pagefind-filter="rang:0"'  # overrides/main.html: a page left out of search
MIN_WORD = 2
_WORD = re.compile(r"[0-9a-zæøåéüöäA-ZÆØÅÉÜÖÄ]+")
_FOLDS = (("æ", "ae"), ("ø", "o"), ("oe", "o"), ("å", "a"), ("aa", "a"), ("é", "e"), ("ü", "u"), ("ö", "o"),
          ("ä", "ae"))


def pagefind_enabled() -> bool:
    return os.environ.get(SEARCH_ENV, "pagefind") != "lunr"


def fold(word: str) -> str:
    """A word as it is spelt without æ, ø and å, however the reader wrote them: `børn`, `boern`, `born` → `born`.

    The worker folds the same way (kb-search.js `fold`); tests/test_site_search.py holds the two together.
    """
    word = word.lower()
    for letters, plain in _FOLDS:
        word = word.replace(letters, plain)
    return word


def shard_key(word: str) -> str:
    """The word list file a word belongs in: the first two letters of its folded form."""
    return fold(word)[:2]


class _ArticleText(HTMLParser):
    """The words of a page's article, as Pagefind indexes them (the same root, the same parts left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article: how many open elements deep
        self.ignored_at: int | None = None
        self.words: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self.depth == 0:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
            return
        if tag in _VOID:
            return
        self.depth += 1
        # A superset of what Pagefind reads is harmless (a variant that finds nothing is dropped).
        if self.ignored_at is None and (set(classes) & set(IGNORED_CLASSES) or "data-search-exclude" in attributes):
            self.ignored_at = self.depth

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in _VOID:
            return
        if self.ignored_at == self.depth:
            self.ignored_at = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.ignored_at is None:
            self.words.update(word.lower() for word in _WORD.findall(data) if len(word) >= MIN_WORD)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def article_words(html: str) -> set[str]:
    parser = _ArticleText()
    parser.feed(html)
    return parser.words


def word_list(site: Path) -> dict[str, dict[str, int]]:
    """Every word of the site's articles → the number of pages it is on, grouped by `shard_key`."""
    counts: Counter[str] = Counter()
    for page in site.rglob("*.html"):
        if BUNDLE in page.relative_to(site).parts:
            continue
        html = page.read_text(encoding="utf-8")
        if OUT_OF_SEARCH not in html:
            counts.update(article_words(html))
    shards: dict[str, dict[str, int]] = {}
    for word, pages in sorted(counts.items()):
        shards.setdefault(shard_key(word), {})[word] = pages
    return shards


def write_word_list(site: Path) -> int:
    """Write the word list into the site (one small JSON file per shard); the number of words."""
    folder = site / WORDS
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shards = word_list(site)
    for key, words in shards.items():
        (folder / f"{key}.json").write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")),
                                            encoding="utf-8")
    return sum(len(words) for words in shards.values())


def _index(site: Path) -> int:
    """Run Pagefind's command line over the site (its Python service API hangs when run inside MkDocs)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--root-selector", ROOT_SELECTOR, "--force-language", LANGUAGE]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    pages = re.search(r"Indexed (\d+) pages?", result.stdout)
    if result.returncode != 0 or pages is None:
        raise SearchIndexError(f"Pagefind kunne ikke lave søgeindekset:\n{(result.stdout + result.stderr)[-2000:]}")
    return int(pages.group(1))


class SearchIndexError(RuntimeError):
    """Pagefind failed (its own message attached)."""


def write_search_bundle(site: Path) -> dict[str, int]:
    """Index the built site with Pagefind and write the word list; what was indexed."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    pages = _index(site)
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    return {"pages": pages, "words": write_word_list(site)}


def indexed_pages(site: Path) -> list[dict]:
    """What Pagefind holds for each page (its fragment: url, meta, filters, text), to check a build by."""
    pages = []
    for fragment in sorted((site / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        pages.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return pages


def stub_lunr_index(path: Path) -> None:
    """Material's index without its documents: the page still reads its settings (to mark found words on
    a page opened from a result), but the search itself runs on Pagefind, so nobody downloads the text."""
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = []
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
