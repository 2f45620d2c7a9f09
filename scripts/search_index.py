"""Additions to Material's search index: the cases' own search words.

Editors can give a case `keywords` (synonyms and words a reader might try,
like "herberg" for a case about shelters). They go into a field of their own
in the search index with a boost between the title's and the text's, so a
case ranks high for its keywords without them being shown anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

KEYWORD_FIELD = "keywords"
KEYWORD_BOOST = 100.0  # title is 1000, text 1: a keyword counts for more than a word in the text


def add_keywords(index: dict, keywords: dict[str, list[str]]) -> dict:
    """The search index with a keyword field; `keywords` maps a page location to its words."""
    index["config"].setdefault("fields", {})[KEYWORD_FIELD] = {"boost": KEYWORD_BOOST}
    for doc in index["docs"]:
        words = keywords.get(doc["location"])
        if words:
            doc[KEYWORD_FIELD] = " ".join(words)
    return index


def add_keywords_to_file(path: Path, keywords: dict[str, list[str]]) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_keywords(index, keywords), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
