"""The hosted search at a few thousand cases: what a reader's first search costs.

The speed itself is reported by `make bench` (docs/performance.md), not
asserted here; what must hold at any speed is how much the browser fetches.
"""

import os

import pytest

from scripts.render.site_search import BUNDLE, WORDS
from scripts.tools.bench import TARGET_SEARCH_BYTES, first_search
from tests.conftest import build_synthetic_site

CASES = 2000


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    return build_synthetic_site(tmp_path_factory.mktemp("large"), CASES)


def test_the_first_search_fetches_at_most_a_megabyte_with_the_page(browser, large_site):
    # Material's lunr index for the same pages is several megabytes; Pagefind fetches the chunks for
    # the word, the word list's one file, and the text of the pages shown.
    measured = first_search(large_site, repeat=1, chromium=browser.browser_type)
    assert 0 < measured.fetched <= TARGET_SEARCH_BYTES, measured


def test_no_file_the_search_fetches_grows_with_the_library_beyond_a_small_size(large_site):
    words = [path.stat().st_size for path in (large_site / WORDS).glob("*.json")]
    chunks = [path.stat().st_size for path in (large_site / BUNDLE / "index").iterdir()]
    assert max(words) < 50_000 and max(chunks) < 300_000, (max(words), max(chunks))
    assert not (large_site / BUNDLE / "pagefind-ui.js").exists()  # Pagefind's own interfaces are not shipped


def test_the_site_ships_no_full_text_index_to_the_hosted_reader(large_site):
    index = (large_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert len(index) < 2_000 and '"docs":[]' in index
    assert os.path.getsize(large_site / "index.html") < 60_000
