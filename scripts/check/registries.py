"""The registries, content/vocabulary.yml and content/sources.yml, checked and built into records.

The scaffold and every content check need them first, so they are loaded on
their own (`load_registries`), and every problem in them comes back as a
`Problem`, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from scripts.check.fields import (
    RESERVED_SLUGS,
    SLUG,
    SOURCE_KEYS,
    SOURCE_REQUIRED,
    SOURCE_TEXTS,
    THEME_KEYWORDS_MAX,
    VOCABULARY_MAX,
    VOCABULARY_SECTIONS,
)
from scripts.check.hints import describe, did_you_mean
from scripts.check.privacy import personal_data_findings, source_runs
from scripts.load.content import LineDict, LineList, control_character, display_path, load_registry, read_text, strings_with_lines
from scripts.load.model import CoreTask, Municipality, Problem, Source, Theme, Vocabulary, slugify


def _require_keys(item, keys, display, where) -> Iterator[Problem]:
    if not isinstance(item, LineDict):
        yield Problem(display, getattr(where, "line", 0), "Hvert punkt skal være en gruppe af felter (navn: værdi).")
        return
    for key in keys:
        if item.get(key) in (None, ""):
            yield Problem(display, item.line, f"Feltet '{key}' mangler eller er tomt.", key)


def build_vocabulary(data, display: str) -> tuple[Vocabulary | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, LineDict):
        return None, [Problem(display, 1, "Filen skal have afsnittene 'municipalities', 'core_tasks' og 'themes'.")]
    for key, line in data.duplicates:
        problems.append(Problem(display, line, f"Afsnittet '{key}' står to gange. Saml punkterne under ét.", key))
    for section, keys in VOCABULARY_SECTIONS.items():
        items = data.get(section)
        if not isinstance(items, LineList) or not items:
            problems.append(Problem(display, data.lines.get(section, 1),
                                    f"Afsnittet '{section}' skal være en liste med mindst ét punkt.", section))
            continue
        if len(items) > VOCABULARY_MAX[section]:
            problems.append(Problem(display, data.lines.get(section, 1), f"Afsnittet '{section}' har {len(items)} "
                                    f"punkter, men højst {VOCABULARY_MAX[section]}.", section))
            continue
        seen: dict[str, int] = {}
        for item, line in zip(items, items.lines):
            problems.extend(_require_keys(item, keys, display, items))
            if not isinstance(item, LineDict):
                continue
            problems.extend(_registry_item_problems(item, display, keys))
            if section == "themes" and "keywords" in item:
                words = item["keywords"]
                if not isinstance(words, list) or len(words) > THEME_KEYWORDS_MAX or not all(
                        isinstance(word, str) and word.strip() and len(word) <= 80 for word in words):
                    problems.append(Problem(display, item.lines["keywords"], "Feltet 'keywords' skal være en liste "
                                            f"med højst {THEME_KEYWORDS_MAX} ord, som læsere bruger om temaet, fx "
                                            "[samskabt, samskabende].", "keywords"))
            name = item.get(keys[0])
            if isinstance(name, str):
                problems.extend(_label_problems(name, item.lines[keys[0]], display, section))
                if slugify(name) in seen:
                    problems.append(Problem(display, line, f"'{name}' står to gange i '{section}' "
                                            f"(også linje {seen[slugify(name)]}).", section))
                seen[slugify(name)] = line
    if problems:
        return None, problems
    return Vocabulary(
        municipalities=tuple(Municipality(str(m["name"]), str(m["region"])) for m in data["municipalities"]),
        core_tasks=tuple(CoreTask(str(t["label"]), str(t["movement"]), str(t["description"]))
                         for t in data["core_tasks"]),
        themes=tuple(Theme(str(t["label"]), str(t["description"]), str(t["intro"]).strip(),
                           tuple(word.strip() for word in t.get("keywords") or ())) for t in data["themes"]),
    ), []


# A name or label becomes a page title, a link text, a tag and an address:
# letters (any alphabet), digits, spaces and a little punctuation.
_LABEL = re.compile(r"^[\w][\w &'.,()/-]*$")


def _label_problems(name: str, line: int, display: str, section: str) -> Iterator[Problem]:
    if not _LABEL.match(name) or "_" in name:
        yield Problem(display, line, f"'{name}' i '{section}' må kun have bogstaver, tal, mellemrum og tegnene "
                      "- & ' . , ( ) /. Ret navnet.", section)
    elif not slugify(name):
        yield Problem(display, line, f"'{name}' i '{section}' giver ingen adresse (den skal have bogstaver a-z eller "
                      "tal). Ret navnet.", section)
    elif slugify(name) in RESERVED_SLUGS:
        yield Problem(display, line, f"'{name}' i '{section}' giver adressen '{slugify(name)}', som er forbeholdt en "
                      "oversigtsside. Giv det et andet navn.", section)


def _registry_item_problems(item: LineDict, display: str, texts=()) -> Iterator[Problem]:
    """Duplicate keys, and values that must be one line of text but are not."""
    for key, line in item.duplicates:
        yield Problem(display, line, f"Feltet '{key}' står to gange i samme punkt. Slet det ene; ellers gælder kun "
                      "det sidste.", key)
    for key in texts:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            yield Problem(display, item.lines.get(key, item.line), f"Feltet '{key}' skal være tekst (fik "
                          f"{describe(value)}). Sæt værdien i anførselstegn.", key)
    for key, value, line in strings_with_lines(item):  # every text, also in lists such as not_written
        if found := control_character(value):
            yield Problem(display, line, f"Feltet '{key}' indeholder et usynligt styretegn ({found}). Slet det.", key)
        elif "<!--" in value:
            yield Problem(display, line, f"Feltet '{key}' indeholder en kommentar ('<!--'), som ville blive udgivet. "
                          "Slet den.", key)


_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`]+$")


def build_sources(data, display: str, vocabulary: Vocabulary | None) -> tuple[tuple[Source, ...], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, LineList):
        return (), [Problem(display, 1, "Kilderegistret skal være en liste af kilder, hver med '- id: ...'.")]
    sources, seen = [], {}
    for item in data:
        found = list(_require_keys(item, SOURCE_REQUIRED, display, data))
        if not isinstance(item, LineDict):
            problems.extend(found)
            continue
        for key in item:
            if key not in SOURCE_KEYS:
                found.append(Problem(display, item.lines[key], f"Ukendt felt '{key}' i en kilde. Tilladte felter: "
                                     f"{', '.join(SOURCE_KEYS)}.{did_you_mean(key, SOURCE_KEYS)}", key))
        found.extend(_registry_item_problems(item, display, SOURCE_TEXTS))
        url = item.get("url")
        if isinstance(url, str) and not _WEB_ADDRESS.match(url):
            found.append(Problem(display, item.lines["url"], f"Feltet 'url' skal være en webadresse, der begynder med "
                                 f"https:// eller http:// (fik '{url}').", "url"))
        not_written = item.get("not_written")
        if not_written is not None and (not isinstance(not_written, list)
                                        or not all(isinstance(entry, str) for entry in not_written)):
            found.append(Problem(display, item.lines["not_written"], "Feltet 'not_written' skal være en liste af "
                                 "titler, fx ['Det skal være borgernes fest'].", "not_written"))
        if not isinstance(item.get("own_title", False), bool):
            found.append(Problem(display, item.lines["own_title"], "Feltet 'own_title' skal være true (kilden har "
                                 "ingen titel, og titlen er bibliotekets) eller false.", "own_title"))
        names = item.get("municipalities")
        if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
            found.append(Problem(display, item.lines["municipalities"], "Feltet 'municipalities' skal være en liste af "
                                 "kommunenavne, fx [Odder].", "municipalities"))
        source_id = item.get("id")
        if isinstance(source_id, str):
            if source_id in RESERVED_SLUGS:
                found.append(Problem(display, item.lines["id"], f"Kildens id '{source_id}' er forbeholdt listen over "
                                     "kilder. Giv kilden et andet id.", "id"))
            if not SLUG.match(source_id):
                found.append(Problem(display, item.lines["id"], f"Kildens id '{source_id}' må kun have små bogstaver, "
                                     f"tal og bindestreger, fx '{slugify(source_id)}'.", "id"))
            if source_id in seen:
                found.append(Problem(display, item.lines["id"], f"Kildens id '{source_id}' bruges også på linje "
                                     f"{seen[source_id]}. Hver kilde skal have sit eget id.", "id"))
            seen[source_id] = item.lines["id"]
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            found.append(Problem(display, item.lines.get("year", item.line), "Feltet 'year' skal være et årstal "
                                 "som 2016, eller null hvis kilden ikke oplyser det.", "year"))
        published = item.get("published")
        if published is not None and not isinstance(published, date):
            found.append(Problem(display, item.lines.get("published", item.line), "Feltet 'published' skal være "
                                 "en dato på formen ÅÅÅÅ-MM-DD, eller null hvis kilden ikke oplyser den.", "published"))
        if vocabulary and isinstance(names, list):
            known = [m.name for m in vocabulary.municipalities]
            for name, line in zip(names, names.lines):
                if name not in known:
                    found.append(Problem(display, line, f"'{name}' er ikke en kommune i content/vocabulary.yml."
                                         f"{did_you_mean(name, known)}", "municipalities"))
        problems.extend(found)
        if not found:
            sources.append(Source(
                id=source_id, title=str(item["title"]), subtitle=item.get("subtitle"), author=item.get("author"),
                publisher=str(item["publisher"]), year=year, published=published, kind=str(item["kind"]),
                isbn=item.get("isbn"), url=item.get("url"), municipalities=tuple(names),
                description=str(item["description"]).strip(), library_use=str(item["library_use"]).strip(),
                not_written=tuple(item.get("not_written") or ()), own_title=item.get("own_title") is True,
            ))
    return tuple(sources), problems


def _check_registry_personal_data(path: Path, content_dir: Path, data) -> Iterator[Problem]:
    """The privacy gate for vocabulary.yml and sources.yml, with the same messages as for a content file.

    For sources, also the texts the pages join from several fields (a title and its subtitle).
    """
    display = display_path(path, content_dir)
    text = read_text(path, display)[0] if path.exists() else None  # a file that cannot be read is reported already
    if text is not None:
        runs = source_runs(data) if path.name == "sources.yml" else []
        for number, severity, message in personal_data_findings(text, data, runs=runs):
            yield Problem(display, number, message, severity=severity)


def load_registries(content_dir: Path) -> tuple[Vocabulary | None, tuple[Source, ...], list[Problem]]:
    """The vocabulary and the source registry, without any content file.

    The scaffold needs only these, and must work while another case is half-written.
    """
    problems: list[Problem] = []
    vocab_data, found = load_registry(content_dir / "vocabulary.yml", content_dir)
    problems += found
    vocabulary = None
    if not found:
        vocabulary, found = build_vocabulary(vocab_data, display_path(content_dir / "vocabulary.yml", content_dir))
        problems += found
    source_data, found = load_registry(content_dir / "sources.yml", content_dir)
    problems += found
    sources: tuple[Source, ...] = ()
    if not found:
        sources, found = build_sources(source_data, display_path(content_dir / "sources.yml", content_dir), vocabulary)
        problems += found
    for name, data in (("vocabulary.yml", vocab_data), ("sources.yml", source_data)):
        problems += _check_registry_personal_data(content_dir / name, content_dir, data)
    return vocabulary, sources, problems
