"""Additions to Material's search index: the cases' own search words, and a size budget.

Editors can give a case `keywords` (synonyms and words a reader might try,
like "herberg" for a case about shelters). They go into a field of their own
in the search index with a boost between the title's and the text's, so a
case ranks high for its keywords without them being shown anywhere.

The browser downloads the whole index on the first search, so it has a
budget. A library too large for it keeps, in full, every title, keyword, tag,
each page's lead (a case's summary) and its *Kort fortalt*; the other
sections keep their first words, as many as the budget allows.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

KEYWORD_FIELD = "keywords"
KEYWORD_BOOST = 100.0  # title is 1000, text 1: a keyword counts for more than a word in the text

BUDGET_GZIPPED = 3_000_000  # bytes the first search may download (gzip, as web servers send it)
KEPT_IN_FULL = {"Kort fortalt"}  # sections a reader is most likely to search for
MIN_WORDS = 12  # below this a section's text says too little to be worth its place
_TAG = re.compile(r"<[^>]+>")


def add_keywords(index: dict, keywords: dict[str, list[str]]) -> dict:
    """The search index with a keyword field; `keywords` maps a page location to its words.

    Tags stay on a page's own entry only: Material repeats them on every
    section, where they make each section of an Odder case match 'Odder'
    (and take a seventh of the index).
    """
    index["config"].setdefault("fields", {})[KEYWORD_FIELD] = {"boost": KEYWORD_BOOST}
    for doc in index["docs"]:
        if "#" in doc["location"]:
            doc.pop("tags", None)
        words = keywords.get(doc["location"])
        if words:
            doc[KEYWORD_FIELD] = " ".join(words)
    return index


def serialize(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class Fit:
    """What fitting the index to its budget did."""

    raw_before: int
    gzipped_before: int
    raw_after: int
    gzipped_after: int
    words_per_section: int | None
    """The words each trimmed section kept; None when the index was within budget."""


def _trimmable(doc: dict) -> bool:
    return "#" in doc["location"] and doc.get("title") not in KEPT_IN_FULL


def _first_words(words: list[str], count: int) -> str:
    return "<p>" + " ".join(words[:count]) + " …</p>"


def fit_to_budget(index: dict, budget: int = BUDGET_GZIPPED) -> tuple[bytes, Fit]:
    """The index as bytes, its trimmed section texts making it at most `budget` bytes gzipped.

    Every trimmed section keeps the same number of words: the largest that
    fits. Titles, keywords, tags, leads and the sections in KEPT_IN_FULL stay
    whole, so every page can still be found by them. `index` is changed in place.
    """
    data = serialize(index)
    raw_before, before = len(data), gzipped_size(data)
    trimmed = [(doc, doc["text"], _TAG.sub(" ", doc["text"]).split()) for doc in index["docs"] if _trimmable(doc)]
    if before <= budget or not trimmed:
        return data, Fit(raw_before, before, raw_before, before, None)
    untouched = len(data) - sum(len(json.dumps(text, ensure_ascii=False).encode()) for _, text, _ in trimmed)

    # (bytes of the whole text, words, bytes per word) of each trimmable section, for estimates.
    shapes = [(len(text.encode()) + 2, len(words), (len(" ".join(words).encode()) + 1) / max(1, len(words)))
              for _, text, words in trimmed]

    def raw_size(count: int) -> float:  # close to the serialized size, without serializing
        return untouched + sum(whole if length <= count else count * per_word + 12 for whole, length, per_word in shapes)

    def most_words_within(ratio: float) -> int:  # by estimate: the most words whose size fits
        low, high, count = MIN_WORDS + 1, max(len(words) for _, _, words in trimmed), MIN_WORDS
        while low <= high:
            middle = (low + high) // 2
            if raw_size(middle) * ratio <= budget:
                count, low = middle, middle + 1
            else:
                high = middle - 1
        return count

    def trim_to(count: int) -> bytes:
        nonlocal applied
        applied = count
        for doc, text, words in trimmed:
            doc["text"] = text if len(words) <= count else _first_words(words, count)
        return serialize(index)

    # gzip's ratio shifts as text is trimmed, so estimate, measure, and estimate again.
    ratio, tried, best, applied = before / raw_before, set(), None, None
    for _ in range(5):
        count = most_words_within(ratio)
        if count in tried:
            break
        tried.add(count)
        data = trim_to(count)
        size = gzipped_size(data)
        if size <= budget and (best is None or count > best[0]):
            best = (count, data, size)
        ratio = size / len(data) * (1.01 if size > budget else 1.0)
    if best is None:  # even the fewest words are over budget: say so, with the real size
        data = trim_to(MIN_WORDS)
        return data, Fit(raw_before, before, len(data), gzipped_size(data), MIN_WORDS)
    count, data, size = best
    if applied != count:
        trim_to(count)  # leave `index` as the bytes returned
    return data, Fit(raw_before, before, len(data), size, count)


def latest_entries(index: dict) -> dict:
    """One entry per location, the last one written.

    On a dirty rebuild of the preview, Material drops the old entries of only
    the first rebuilt page and appends the new ones, so the other rebuilt
    pages would appear twice in search.
    """
    latest = {doc["location"]: doc for doc in index["docs"]}
    index["docs"] = list(latest.values())
    return index


def trim_message(fit: Fit) -> str:
    """The build's note (in Danish) that the index was trimmed, with the sizes before and after."""
    def number(value: int) -> str:  # Danish digit grouping: 7.123.456
        return f"{value:,}".replace(",", ".")

    return (f"Søgeindekset fylder for meget til én download ({number(fit.gzipped_before)} bytes gzip, "
            f"{number(fit.raw_before)} i alt); afsnittenes tekst er forkortet til de første "
            f"{fit.words_per_section} ord, så det fylder {number(fit.gzipped_after)} bytes gzip "
            f"({number(fit.raw_after)} i alt).")


TRIM_MESSAGE = re.compile(r"\(([\d.]+) bytes gzip, ([\d.]+) i alt\).*?de første (\d+) ord.*?"
                          r"([\d.]+) bytes gzip \(([\d.]+) i alt\)")


def parse_trim_message(text: str) -> Fit | None:
    """The Fit a build's output reports (for the benchmark), or None if the index was not trimmed."""
    match = TRIM_MESSAGE.search(text)
    if match is None:
        return None
    gz_before, raw_before, words, gz_after, raw_after = (int(group.replace(".", "")) for group in match.groups())
    return Fit(raw_before, gz_before, raw_after, gz_after, words)


def finish_index_file(path: Path, keywords: dict[str, list[str]], budget: int = BUDGET_GZIPPED) -> Fit:
    """Add the keywords to Material's search index file and fit it to the budget."""
    index = add_keywords(latest_entries(json.loads(path.read_text(encoding="utf-8"))), keywords)
    data, fit = fit_to_budget(index, budget)
    path.write_bytes(data)
    return fit
