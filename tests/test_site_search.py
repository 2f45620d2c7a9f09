"""The hosted search's build side: the word list the search worker finds variants in."""

import json

import pytest

from scripts.render.site_search import WORDS, article_words, fold, shard_key, word_list, write_word_list

PAGE = """<html><body><nav>Navigation ord</nav>
<article class="md-content__inner md-typeset">
<h1 id="x">Børnene i Hedensted<a class="headerlink" href="#x">¶</a></h1>
<p>Velfærd og hjemløshed, 2018.</p>
<div class="kb-see-also"><ul><li><a href="../y/">Anden case om Uldum</a></li></ul></div>
<h2 data-search-exclude id="r">Relaterede cases</h2>
<img src="a.png" alt=""><br>
<p>Sidste ord</p>
</article><footer>Sidefod</footer></body></html>"""


def test_an_article_gives_its_own_words_and_none_of_what_search_leaves_out():
    assert article_words(PAGE) == {"børnene", "hedensted", "velfærd", "og", "hjemløshed", "2018", "sidste", "ord"}


@pytest.mark.parametrize(("typed", "spelled"), [
    ("boern", "børn"), ("born", "børn"), ("velfaerd", "velfærd"), ("proeveballon", "prøveballon"),
    ("aeldrepleje", "ældrepleje"), ("Aarhus", "Århus"), ("hjemlos", "hjemløs"),
])
def test_a_word_folds_the_same_however_its_letters_are_typed(typed, spelled):
    assert fold(typed) == fold(spelled)
    assert shard_key(typed) == shard_key(spelled)  # so the worker finds the variant in the file it fetches


def test_the_word_list_counts_pages_and_leaves_out_pages_out_of_search(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.replace("Sidste", "Første"), encoding="utf-8")
    hidden = PAGE.replace("Sidste", "Skjult").replace("</article>", '<span hidden data-pagefind-filter="rang:0"></span></article>')
    (tmp_path / "skjult.html").write_text(hidden, encoding="utf-8")
    shards = word_list(tmp_path)
    assert shards["bo"]["børnene"] == 2 and shards["he"]["hedensted"] == 2  # two pages in search
    assert shards["si"]["sidste"] == 1 and shards["fo"]["første"] == 1
    assert "skjult" not in shards.get("sk", {})
    assert write_word_list(tmp_path) == sum(len(words) for words in shards.values())
    assert json.loads((tmp_path / WORDS / "ve.json").read_text(encoding="utf-8")) == {"velfærd": 2}
