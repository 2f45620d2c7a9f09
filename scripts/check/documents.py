"""The content rules, written as data, and the validator that applies them.

Each content type declares its fields as an ordered tuple of `FieldSpec`s;
vocabularies come from `content/vocabulary.yml` and sources from
`content/sources.yml`. The validator never stops at the first mistake: it
yields every `Problem` in every file, and only a clean run produces a
`Library` to render.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from scripts.check.markup import LinkRef, body_links, body_problems, field_markup
from scripts.check.privacy import file_name_personal_data, personal_data_findings, source_runs
from scripts.check.voice import voice_problems
from scripts.load.batch import collector_paused, map_in_parts
from scripts.load.content import (
    ROOT,
    LineDict,
    LineList,
    content_file_list,
    control_character,
    display_path,
    load_registry,
    read_bytes,
    read_document,
    read_text,
    unused_entries,
)
from scripts.load.model import (
    AgendaItem,
    Case,
    CoreTask,
    Exercise,
    Library,
    Municipality,
    Problem,
    Result,
    Source,
    SourcePart,
    Step,
    Strategy,
    Theme,
    Vocabulary,
    Workshop,
    short_code,
    slugify,
)
from scripts.load.paths import PAGE_HEADINGS, content_files, content_page_path, heading_anchor, linkable_pages
from scripts.load.review import is_overdue, review_due
from scripts.load.text import danish_date, page_numbers, split_sections, without_comments, word_count


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    """Which rule checks the value: text, municipality, core_tasks, themes, ..."""
    required: bool
    label: str
    """Danish name of the field, for messages and the field reference."""
    hint: str
    """One Danish line telling the editor what to write."""
    min_items: int = 0
    max_items: int | None = None
    max_length: int | None = None
    nullable: bool = False
    """True when null is a real answer ("the source does not say")."""


SUMMARY_MAX = 300
TITLE_MAX = 200
# Each limit is about 2.5 times the longest value in the library today: room
# for real content, and a bound on what one file can make the build do.
CASE_WORDS = (500, 1000)  # read in about five minutes; outside this range is a warning

CASE_FIELDS = (
    FieldSpec("title", "text", True, "Titel", "Casens titel med egne ord, fx 'Bostøtten får frie hænder'.",
              max_length=TITLE_MAX),
    FieldSpec("municipality", "municipality", True, "Kommune",
              "Kommunens navn, som det står i content/vocabulary.yml, fx 'Ikast-Brande'."),
    FieldSpec("core_tasks", "core_tasks", True, "Kerneopgaver",
              "En liste med 1-4 kerneopgaver, fx [Social Omsorg].", min_items=1, max_items=4),
    FieldSpec("themes", "themes", True, "Temaer",
              "En liste med 1-5 temaer fra content/vocabulary.yml, fx [Samskabelse].", min_items=1, max_items=5),
    FieldSpec("summary", "text", True, "Resumé",
              f"En eller to sætninger på højst {SUMMARY_MAX} tegn; vises i oversigter og søgeresultater.",
              max_length=SUMMARY_MAX),
    FieldSpec("target_group", "text", True, "Målgruppe", "Hvem indsatsen er for, fx 'Borgere i hjemløshed'.",
              max_length=400),
    FieldSpec("period", "period", True, "Periode",
              "Året (2018) eller perioden ('2015-2018'), som kilden oplyser; skriv null, hvis kilden ikke siger det.",
              nullable=True, max_length=150),
    FieldSpec("results", "results", True, "Nøgletal",
              "Tal fra kilden, hver med 'figure' (tallet) og 'measure' (hvad det måler); [] hvis kilden ingen tal har.",
              max_items=12),
    FieldSpec("source", "source", True, "Kilde", "Kildens id fra content/sources.yml."),
    FieldSpec("source_pages", "pages", False, "Sider i kilden", "Sidetal i kilden, fx '15-17'; null hvis kilden ingen sider har.",
              nullable=True, max_length=50),
    FieldSpec("source_sections", "source_sections", False, "Afsnit i kilden",
              "Kildens egne overskrifter på de afsnit, casen bygger på, hver med 'title' og 'pages', fx "
              "'- {title: Familierne for bordenden, pages: \"15-16\"}'. Siderne skal tilsammen være 'source_pages'.",
              max_items=12, max_length=150),
    FieldSpec("keywords", "text_list", False, "Søgeord",
              "Ekstra søgeord og synonymer, fx [hjemløshed, forsorgshjem].", max_items=40, max_length=80),
    FieldSpec("reflection_questions", "text_list", True, "Refleksionsspørgsmål",
              "3-6 spørgsmål til et afdelingsmøde, med egne ord.", min_items=3, max_items=6, max_length=400),
    FieldSpec("source_questions", "source_questions", False, "Kildens egne spørgsmål",
              "Spørgsmål, som kilden selv stiller, gengivet med egne ord, hver med 'question' og 'pages', fx "
              "'- {question: Kan borgeren sige nej tak?, pages: \"24\"}'. Vises som kildens, ikke bibliotekets.",
              max_items=6, max_length=400),
    FieldSpec("related", "case_refs", False, "Relaterede cases",
              "Andre cases (filnavn uden .md), fx [odder-samskabt-styring].", max_items=20),
    FieldSpec("last_reviewed", "date", True, "Senest gennemgået", "Datoen for seneste faglige gennemgang, fx 2026-11-23."),
)

STRATEGY_FIELDS = (
    CASE_FIELDS[0], CASE_FIELDS[1],
    FieldSpec("summary", "text", True, "Resumé", CASE_FIELDS[4].hint, max_length=SUMMARY_MAX),
    FieldSpec("core_tasks", "core_tasks", False, "Kerneopgaver", "Kerneopgaver, strategien handler om.", max_items=4),
    FieldSpec("themes", "themes", False, "Temaer", "Temaer fra content/vocabulary.yml.", max_items=5),
    CASE_FIELDS[8], CASE_FIELDS[9], CASE_FIELDS[10], CASE_FIELDS[11],
    FieldSpec("cases", "case_refs", False, "Cases", "Cases, der viser strategien i praksis (filnavn uden .md).",
              max_items=20),
    CASE_FIELDS[15],
)

EXERCISE_FIELDS = (
    FieldSpec("title", "text", True, "Titel", "Øvelsens titel, fx 'Hvem skal vi samarbejde med?'.", max_length=TITLE_MAX),
    FieldSpec("summary", "text", True, "Resumé", CASE_FIELDS[4].hint, max_length=SUMMARY_MAX),
    FieldSpec("purpose", "text", True, "Formål", "Hvad deltagerne får ud af øvelsen.", max_length=600),
    FieldSpec("duration_minutes", "minutes", True, "Varighed (minutter)", "Samlet tid i minutter, fx 45."),
    FieldSpec("group_size", "text", True, "Gruppestørrelse", "Fx '2-6 deltagere'.", max_length=150),
    FieldSpec("materials", "text_list", True, "Materialer", "Det, facilitator skal have klar, fx [Kuglepenne].",
              max_items=20, max_length=300),
    FieldSpec("steps", "steps", True, "Trin for facilitator",
              "Trinene i rækkefølge, hvert med 'minutes' (tid) og 'text' (hvad I gør), fx "
              "'- {minutes: 10, text: Læs casen højt.}'. Minutterne skal give 'duration_minutes' tilsammen.",
              min_items=1, max_items=20, max_length=800),
    FieldSpec("questions", "text_list", True, "Spørgsmål til deltagerne", "Spørgsmålene, deltagerne arbejder med.",
              min_items=1, max_items=12, max_length=400),
    FieldSpec("cases", "case_refs", False, "Cases", "Cases, øvelsen bruger (filnavn uden .md).", max_items=20),
    FieldSpec("case_sections", "case_sections", False, "Casens afsnit til udskrift",
              "Afsnit af øvelsens ene case, som deltagerne skal have på papir, fx ['Kort fortalt', 'Det gjorde de']. "
              "Øvelsen får så en PDF med netop de afsnit.", max_items=7),
    FieldSpec("core_tasks", "core_tasks", False, "Kerneopgaver", "Kerneopgaver, øvelsen passer til.", max_items=4),
    FieldSpec("themes", "themes", False, "Temaer", "Temaer fra content/vocabulary.yml.", max_items=5),
    FieldSpec("source", "source", False, "Kilde", "Kildens id, hvis øvelsen bygger på en kilde; ellers null.",
              nullable=True),
    CASE_FIELDS[9],
    CASE_FIELDS[15],
)

WORKSHOP_FIELDS = (
    FieldSpec("title", "text", True, "Titel", "Workshoppens titel, fx 'Beslutninger tæt på borgeren'.",
              max_length=TITLE_MAX),
    FieldSpec("summary", "text", True, "Resumé", CASE_FIELDS[4].hint, max_length=SUMMARY_MAX),
    FieldSpec("core_tasks", "core_tasks", True, "Kerneopgaver", "Kerneopgaver, pakken er lavet til, fx [Social Omsorg].",
              min_items=1, max_items=4),
    FieldSpec("themes", "themes", False, "Temaer", "Temaer fra content/vocabulary.yml.", max_items=5),
    FieldSpec("audience", "text", True, "Deltagere", "Hvem workshoppen er for og hvor mange, fx 'Et team på 6-20'.",
              max_length=300),
    FieldSpec("duration_minutes", "minutes", True, "Varighed (minutter)", "Samlet tid i minutter, fx 150."),
    FieldSpec("agenda", "agenda", True, "Dagsorden",
              "Punkterne i rækkefølge, hvert med 'minutes' og 'text' og evt. 'case' eller 'exercise' (filnavn uden "
              ".md). Minutterne skal give 'duration_minutes' tilsammen.", min_items=1, max_items=30, max_length=500),
    CASE_FIELDS[15],
)

FIELDS = {"case": CASE_FIELDS, "strategy": STRATEGY_FIELDS, "exercise": EXERCISE_FIELDS, "workshop": WORKSHOP_FIELDS}

# The reader-first shape every case body follows, in this order, with one
# line of guidance each (used by the scaffold and CONTRIBUTING.md).
CASE_SECTION_GUIDANCE = {
    "Kort fortalt": "Tre punkter, som en travl læser kan stoppe efter: hvad gjorde de, hvad kom der ud af det, "
                    "hvad var svært.",
    "Udfordringen": "Hvilket problem ville kommunen løse, og for hvem? Brug kildens egne tal, hvor den har dem.",
    "Det gjorde de": "Hvad gjorde kommunen konkret? Nævn personer med navn og rolle, som kilden gør, og gengiv "
                     "deres synspunkter i indirekte tale.",
    "Organisering og samarbejde": "Hvem arbejdede sammen, og hvordan var det organiseret (teams, ledelse, "
                                  "samarbejdspartnere)?",
    "Det kom der ud af": "Resultaterne, med tal fra kilden. Skriv tydeligt, hvis kilden ingen tal har.",
    "Dilemmaer og læring": "Det, der var svært, og det, andre kan lære af det, som korte punkter. Sig, hvem der "
                           "mener hvad; bibliotekets egne tanker står i en boks: '> [!refleksion]'.",
    "Sådan kan I bruge casen": "En konkret plan på 15-30 minutter for et afdelingsmøde: hvad læser I, hvad "
                               "taler I om, hvad aftaler I?",
}
CASE_SECTIONS = tuple(CASE_SECTION_GUIDANCE)

# Danish (and common misspelt) field names editors reach for first.
FIELD_ALIASES = {
    "titel": "title", "kommune": "municipality", "kerneopgaver": "core_tasks", "kerneopgave": "core_tasks",
    "temaer": "themes", "tema": "themes", "resume": "summary", "resumé": "summary", "målgruppe": "target_group",
    "periode": "period", "år": "period", "nøgletal": "results", "resultater": "results", "kilde": "source",
    "sider": "source_pages", "søgeord": "keywords", "refleksionsspørgsmål": "reflection_questions",
    "spørgsmål": "questions", "relaterede": "related", "gennemgået": "last_reviewed", "formål": "purpose",
    "varighed": "duration_minutes", "materialer": "materials", "trin": "steps", "dagsorden": "agenda",
    "deltagere": "audience", "afsnit": "source_sections", "kildespørgsmål": "source_questions",
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Addresses the build gives its own pages: 'cases/index.md' is the case list,
# 'kilder/index.md' the list of sources, 'temaer/index.md' the list of themes.
RESERVED_SLUGS = frozenset({"index"})
_KIND_NAMES = {"case": "casen", "strategy": "strategien", "exercise": "øvelsen", "workshop": "workshoppen"}


def _normalise(text: str) -> str:
    return re.sub(r"[\s\-_&/]+", " ", text.casefold()).strip()


def suggest(value: object, options) -> str | None:
    """The option the editor most likely meant, or None."""
    if not isinstance(value, str):
        return None
    by_norm = {_normalise(option): option for option in options}
    wanted = _normalise(value)
    if wanted in by_norm:
        return by_norm[wanted]
    close = difflib.get_close_matches(wanted, list(by_norm), n=1, cutoff=0.75)
    return by_norm[close[0]] if close else None


def _some(options, shown: int = 12) -> str:
    """The allowed values for a message: all of a short list, the first few of a long one."""
    options = list(options)
    if len(options) <= shown:
        return ", ".join(options)
    return ", ".join(options[:shown]) + f" og {len(options) - shown} andre (se content/vocabulary.yml)"


def _did_you_mean(value, options) -> str:
    guess = suggest(value, options)
    return f" Mente du '{guess}'?" if guess else ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "en sand/falsk-værdi"
    if isinstance(value, (int, float)):
        return f"tallet {value}"
    if isinstance(value, datetime):
        return f"tidspunktet {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"datoen {value.isoformat()}"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en gruppe af felter"
    return f"'{value}'"


# --- vocabulary and sources ---------------------------------------------------

def _require_keys(item, keys, display, where) -> Iterator[Problem]:
    if not isinstance(item, LineDict):
        yield Problem(display, getattr(where, "line", 0), "Hvert punkt skal være en gruppe af felter (navn: værdi).")
        return
    for key in keys:
        if item.get(key) in (None, ""):
            yield Problem(display, item.line, f"Feltet '{key}' mangler eller er tomt.", key)


THEME_KEYWORDS_MAX = 20


def build_vocabulary(data, display: str) -> tuple[Vocabulary | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, LineDict):
        return None, [Problem(display, 1, "Filen skal have afsnittene 'municipalities', 'core_tasks' og 'themes'.")]
    sections = {"municipalities": ("name", "region"), "core_tasks": ("label", "movement", "description"),
                "themes": ("label", "description", "intro")}
    # Denmark has 98 municipalities; the rest leave room to grow and bound what every check compares against.
    most = {"municipalities": 200, "core_tasks": 20, "themes": 200}
    for key, line in data.duplicates:
        problems.append(Problem(display, line, f"Afsnittet '{key}' står to gange. Saml punkterne under ét.", key))
    for section, keys in sections.items():
        items = data.get(section)
        if not isinstance(items, LineList) or not items:
            problems.append(Problem(display, data.lines.get(section, 1),
                                    f"Afsnittet '{section}' skal være en liste med mindst ét punkt.", section))
            continue
        if len(items) > most[section]:
            problems.append(Problem(display, data.lines.get(section, 1), f"Afsnittet '{section}' har {len(items)} "
                                    f"punkter, men højst {most[section]}.", section))
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
                          f"{_describe(value)}). Sæt værdien i anførselstegn.", key)
    for key, value, line in _strings(item):  # every text, also in lists such as not_written
        if found := control_character(value):
            yield Problem(display, line, f"Feltet '{key}' indeholder et usynligt styretegn ({found}). Slet det.", key)
        elif "<!--" in value:
            yield Problem(display, line, f"Feltet '{key}' indeholder en kommentar ('<!--'), som ville blive udgivet. "
                          "Slet den.", key)


SOURCE_KEYS = ("id", "title", "subtitle", "author", "publisher", "year", "published", "kind", "isbn", "url",
               "municipalities", "description", "library_use", "not_written", "own_title")
_SOURCE_TEXTS = ("id", "title", "subtitle", "author", "publisher", "kind", "isbn", "url", "description", "library_use")
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`]+$")
_SOURCE_REQUIRED = ("id", "title", "publisher", "kind", "municipalities", "description", "library_use")


def build_sources(data, display: str, vocabulary: Vocabulary | None) -> tuple[tuple[Source, ...], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, LineList):
        return (), [Problem(display, 1, "Kilderegistret skal være en liste af kilder, hver med '- id: ...'.")]
    sources, seen = [], {}
    for item in data:
        found = list(_require_keys(item, _SOURCE_REQUIRED, display, data))
        if not isinstance(item, LineDict):
            problems.extend(found)
            continue
        for key in item:
            if key not in SOURCE_KEYS:
                found.append(Problem(display, item.lines[key], f"Ukendt felt '{key}' i en kilde. Tilladte felter: "
                                     f"{', '.join(SOURCE_KEYS)}.{_did_you_mean(key, SOURCE_KEYS)}", key))
        found.extend(_registry_item_problems(item, display, _SOURCE_TEXTS))
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
            if not _SLUG.match(source_id):
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
                                         f"{_did_you_mean(name, known)}", "municipalities"))
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


# --- content files --------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    vocabulary: Vocabulary
    source_ids: tuple[str, ...]
    case_slugs: tuple[str, ...]
    exercise_durations: dict[str, int]
    """Slug -> duration of every exercise that itself has a valid duration."""
    exercise_slugs: tuple[str, ...] = ()
    review_months: int | None = None
    """The review interval; None leaves freshness unchecked."""
    today: date = date.min


def _text(value, spec: FieldSpec, line: int) -> Iterator[tuple[int, str]]:
    if not isinstance(value, str):
        yield line, (f"Feltet '{spec.name}' skal være tekst (fik {_describe(value)}). "
                     "Sæt værdien i anførselstegn, hvis den ligner et tal eller en dato.")
    elif not value.strip():
        yield line, f"Feltet '{spec.name}' er tomt. {spec.hint}"
    elif spec.max_length and len(value.strip()) > spec.max_length:
        yield line, (f"Feltet '{spec.name}' må højst være {spec.max_length} tegn (er {len(value.strip())}). "
                     "Forkort teksten.")


def _items(value, spec: FieldSpec, line: int) -> Iterator[tuple[int, str]]:
    """Check that a value is a list of the right length; item rules follow."""
    if not isinstance(value, list):
        yield line, f"Feltet '{spec.name}' skal være en liste (fik {_describe(value)}). {spec.hint}"
        return
    if len(value) < spec.min_items or (spec.max_items is not None and len(value) > spec.max_items):
        wanted = (f"{spec.min_items}-{spec.max_items} punkter" if spec.max_items is not None
                  else f"mindst {spec.min_items} {'punkt' if spec.min_items == 1 else 'punkter'}")
        yield line, f"Feltet '{spec.name}' skal have {wanted} (har {len(value)})."


def _check_list(value, spec, line) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if problems and not isinstance(value, list):
        return
    for item, item_line in zip(value, getattr(value, "lines", [line] * len(value))):
        if not isinstance(item, str) or not item.strip():
            yield item_line, f"Hvert punkt i '{spec.name}' skal være en tekst (fik {_describe(item)})."
        elif spec.max_length and len(item.strip()) > spec.max_length:
            yield item_line, (f"Hvert punkt i '{spec.name}' må højst være {spec.max_length} tegn (er "
                              f"{len(item.strip())}). Forkort det.")


def _check_vocabulary_list(value, spec, line, options) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    seen = set()
    # A list far too long is reported by its length; checking every item against every option
    # would let one file cost minutes (and megabytes of messages).
    checked = value[:spec.max_items] if spec.max_items else value
    for item, item_line in zip(checked, value.lines):
        if not isinstance(item, str):
            yield item_line, f"Hvert punkt i '{spec.name}' skal være en tekst, fx '{options[0]}' (fik {_describe(item)})."
        elif item not in options:
            yield item_line, (f"Feltet '{spec.name}' skal være en af: {_some(options)} "
                              f"(fik {_describe(item)}).{_did_you_mean(item, options)}")
        elif item in seen:
            yield item_line, f"'{item}' står to gange i '{spec.name}'."
        else:
            seen.add(item)


EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # dates outside are typos (and overflow date arithmetic)


def _date_problems(value, name: str) -> Iterator[str]:
    if isinstance(value, datetime):
        yield (f"Feltet '{name}' skal være en dato uden klokkeslæt, fx {value.date().isoformat()} (fik "
               f"{value.isoformat(sep=' ')}).")
    elif not isinstance(value, date):
        yield f"Feltet '{name}' skal være en dato på formen ÅÅÅÅ-MM-DD, fx 2026-11-23 (fik {_describe(value)})."
    elif not EARLIEST <= value <= LATEST:
        yield (f"Feltet '{name}' skal være en dato mellem {EARLIEST.year} og {LATEST.year} (fik "
               f"{value.isoformat()}). Tjek årstallet.")


def _check_value(value, spec: FieldSpec, line: int, ctx: _Context) -> Iterator[tuple[int, str]]:
    kind = spec.kind
    if kind == "text":
        yield from _text(value, spec, line)
    elif kind == "text_list":
        yield from _check_list(value, spec, line)
    elif kind == "municipality":
        names = [m.name for m in ctx.vocabulary.municipalities]
        if value not in names:
            yield line, (f"Feltet 'municipality' skal være navnet på en kommune, som det står i "
                         f"content/vocabulary.yml (fik {_describe(value)}).{_did_you_mean(value, names)}")
    elif kind == "core_tasks":
        yield from _check_vocabulary_list(value, spec, line, [t.label for t in ctx.vocabulary.core_tasks])
    elif kind == "themes":
        yield from _check_vocabulary_list(value, spec, line, [t.label for t in ctx.vocabulary.themes])
    elif kind == "period":
        if isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, str) and not value.strip()):
            yield line, (f"Feltet 'period' skal være et år (2018), en periode i anførselstegn ('2015-2018') "
                         f"eller null, hvis kilden ikke oplyser det (fik {_describe(value)}).")
        elif isinstance(value, int) and not EARLIEST.year <= value <= LATEST.year:
            yield line, (f"Feltet 'period' skal være et år mellem {EARLIEST.year} og {LATEST.year} (fik {value}). "
                         "Skriv andet end et år i anførselstegn.")
        elif isinstance(value, str) and len(value.strip()) > spec.max_length:
            yield line, f"Feltet 'period' må højst være {spec.max_length} tegn (er {len(value.strip())}). Forkort det."
    elif kind == "pages":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            yield line, f"Feltet '{spec.name}' skal være et sidetal eller et interval som '15-17' (fik {_describe(value)})."
        elif isinstance(value, int) and not 1 <= value <= 100_000:
            yield line, f"Feltet '{spec.name}' skal være et sidetal mellem 1 og 100000 (fik {value})."
        elif isinstance(value, str) and len(value.strip()) > spec.max_length:
            yield line, f"Feltet '{spec.name}' må højst være {spec.max_length} tegn (er {len(value.strip())})."
    elif kind == "results":
        yield from _check_results(value, spec, line)
    elif kind in ("source_sections", "source_questions"):
        yield from _check_source_parts(value, spec, line)
    elif kind == "steps":
        yield from _check_steps(value, spec, line)
    elif kind == "agenda":
        yield from _check_agenda(value, spec, line, ctx)
    elif kind == "source":
        if value not in ctx.source_ids:
            yield line, (f"Feltet 'source' skal være id'et på en kilde i content/sources.yml (fik {_describe(value)})."
                         f"{_did_you_mean(value, ctx.source_ids)} Findes kilden ikke, så tilføj den dér først.")
    elif kind == "case_sections":
        yield from _check_vocabulary_list(value, spec, line, list(CASE_SECTIONS))
    elif kind == "case_refs":
        problems = list(_items(value, spec, line))
        yield from problems
        if isinstance(value, list):
            for item, item_line in zip(value, value.lines):
                if item not in ctx.case_slugs:
                    yield item_line, (f"Feltet '{spec.name}' peger på {_describe(item)}, som ikke er en case i "
                                      f"content/cases/.{_did_you_mean(item, ctx.case_slugs)}")
    elif kind == "date":
        yield from ((line, message) for message in _date_problems(value, spec.name))
    elif kind == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            yield line, f"Feltet '{spec.name}' skal være et helt antal minutter mellem 1 og 600 (fik {_describe(value)})."
    else:  # pragma: no cover - a FieldSpec with a kind nobody implemented
        raise ValueError(f"unknown field kind {kind!r}")


RESULT_LENGTHS = {"figure": 50, "measure": 300}


def _check_results(value, spec, line) -> Iterator[tuple[int, str]]:
    if not isinstance(value, list):
        yield line, f"Feltet 'results' skal være en liste (fik {_describe(value)}). {spec.hint}"
        return
    if spec.max_items and len(value) > spec.max_items:
        yield line, f"Feltet 'results' må højst have {spec.max_items} nøgletal (har {len(value)}). Vælg de vigtigste."
        return
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or set(item) != {"figure", "measure"}:
            yield item_line, ("Hvert nøgletal skal have præcis to felter: 'figure' (tallet, fx \"6 → 2 år\") "
                              "og 'measure' (hvad det måler).")
            continue
        for key in ("figure", "measure"):
            if not isinstance(item[key], (str, int, float)) or isinstance(item[key], bool) or not str(item[key]).strip():
                yield item.lines[key], f"Nøgletallets '{key}' skal være en tekst eller et tal."
            elif len(str(item[key]).strip()) > RESULT_LENGTHS[key]:
                yield item.lines[key], (f"Nøgletallets '{key}' må højst være {RESULT_LENGTHS[key]} tegn (er "
                                        f"{len(str(item[key]).strip())}). Forkort det.")


_SOURCE_PART_KEYS = {"source_sections": ("title", "afsnittet"), "source_questions": ("question", "spørgsmålet")}


def _check_source_parts(value, spec, line) -> Iterator[tuple[int, str]]:
    """source_sections and source_questions: a list of {title|question, pages}."""
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    key, what = _SOURCE_PART_KEYS[spec.name]
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or key not in item or not set(item) <= {key, "pages"}:
            yield item_line, (f"Hvert punkt i '{spec.name}' skal have '{key}' og kan have 'pages'. {spec.hint}")
            continue
        text = item[key]
        if not isinstance(text, str) or not text.strip():
            yield item.lines[key], f"'{key}' i '{spec.name}' skal være en tekst: {what} med egne ord."
        elif len(text.strip()) > spec.max_length:
            yield item.lines[key], (f"'{key}' i '{spec.name}' må højst være {spec.max_length} tegn (er "
                                    f"{len(text.strip())}). Forkort det.")
        if "pages" in item:
            pages = item["pages"]
            if isinstance(pages, bool) or not isinstance(pages, (int, str)) or page_numbers(str(pages)) is None:
                yield item.lines["pages"], (f"'pages' i '{spec.name}' skal være sidetal som \"24\" eller "
                                            f"\"15-16, 34\" (fik {_describe(pages)}).")


def _check_source_pages(document) -> Iterator[Problem]:
    """The sections' pages together are the case's source_pages: the two cannot drift apart."""
    meta = document.meta
    sections, pages = meta.get("source_sections"), meta.get("source_pages")
    if not isinstance(sections, list) or not sections:
        return
    if pages is None:
        yield Problem(document.display, meta.lines["source_sections"],
                      "Feltet 'source_sections' har afsnit, men 'source_pages' mangler. Skriv sidetallene i "
                      "'source_pages' (alle afsnittenes sider).", "source_sections")
        return
    wanted = page_numbers(str(pages)) if isinstance(pages, (int, str)) and not isinstance(pages, bool) else None
    found: set[int] = set()
    for item in sections:
        if not isinstance(item, dict) or "pages" not in item:
            continue
        numbers = page_numbers(str(item["pages"]))
        if numbers is None:
            return  # reported with the item
        found |= numbers
    if wanted is None or not found or found == wanted:
        return
    missing, extra = sorted(wanted - found), sorted(found - wanted)
    parts = []
    if missing:
        parts.append(f"side {', '.join(map(str, missing))} står i 'source_pages' men ikke ved noget afsnit")
    if extra:
        parts.append(f"side {', '.join(map(str, extra))} står ved et afsnit men ikke i 'source_pages'")
    yield Problem(document.display, meta.lines["source_sections"],
                  f"Afsnittenes sider skal tilsammen være 'source_pages' ({pages}): {' og '.join(parts)}.",
                  "source_sections")


def _check_steps(value, spec, line) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or set(item) != {"minutes", "text"}:
            yield item_line, ("Hvert trin skal have præcis to felter: 'minutes' (hvor lang tid trinet tager) og "
                              "'text' (hvad I gør), fx '- {minutes: 10, text: Læs casen højt.}'.")
            continue
        minutes, text = item["minutes"], item["text"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            yield item.lines["minutes"], ("Trinets 'minutes' skal være et helt antal minutter mellem 1 og 600 "
                                          f"(fik {_describe(minutes)}).")
        if not isinstance(text, str) or not text.strip():
            yield item.lines["text"], "Trinets 'text' skal være en tekst, der siger, hvad I gør."
        elif len(text.strip()) > spec.max_length:
            yield item.lines["text"], f"Trinets 'text' må højst være {spec.max_length} tegn (er {len(text.strip())})."


_AGENDA_KEYS = {"minutes", "text", "case", "exercise"}


WORKSHOP_MAX_CASES = WORKSHOP_MAX_EXERCISES = 8  # each is printed whole in the pack's PDF


def _check_agenda(value, spec, line, ctx: _Context) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    for key, most, name in (("case", WORKSHOP_MAX_CASES, "cases"), ("exercise", WORKSHOP_MAX_EXERCISES, "øvelser")):
        used = {str(item.get(key)) for item in value if isinstance(item, dict) and item.get(key)}
        if len(used) > most:
            yield line, (f"Workshoppen bruger {len(used)} forskellige {name}, men højst {most}: pakken printer dem "
                         "alle. Del den op i to workshops.")
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or not {"minutes", "text"} <= set(item):
            yield item_line, ("Hvert punkt i 'agenda' skal have 'minutes' og 'text' og kan have 'case' eller "
                              "'exercise', fx '- {minutes: 45, text: Øvelsen i grupper., exercise: hvem-skal-vi-"
                              "samarbejde-med}'.")
            continue
        for key in sorted(set(item) - _AGENDA_KEYS):
            yield item.lines[key], (f"Ukendt felt '{key}' i et punkt i 'agenda'. Et punkt kan have: minutes, text, "
                                    f"case og exercise.{_did_you_mean(key, sorted(_AGENDA_KEYS))}")
        minutes = item["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            yield item.lines["minutes"], ("Punktets 'minutes' skal være et helt antal minutter mellem 1 og 600 "
                                          f"(fik {_describe(minutes)}).")
        if not isinstance(item["text"], str) or not item["text"].strip():
            yield item.lines["text"], "Punktets 'text' skal være en tekst, der siger, hvad der sker."
        elif len(item["text"].strip()) > spec.max_length:
            yield item.lines["text"], (f"Punktets 'text' må højst være {spec.max_length} tegn (er "
                                       f"{len(item['text'].strip())}).")
        case = item.get("case")
        if "case" in item and case not in ctx.case_slugs:
            yield item.lines["case"], (f"Punktets 'case' peger på {_describe(case)}, som ikke er en case i "
                                       f"content/cases/.{_did_you_mean(case, ctx.case_slugs)}")
        if "exercise" in item:
            exercise = item["exercise"]
            if exercise not in ctx.exercise_slugs:
                yield item.lines["exercise"], (f"Punktets 'exercise' peger på {_describe(exercise)}, som ikke er en "
                                               f"øvelse i content/reflection/."
                                               f"{_did_you_mean(exercise, ctx.exercise_slugs)}")
            elif exercise in ctx.exercise_durations and isinstance(minutes, int) \
                    and minutes != ctx.exercise_durations[exercise]:
                yield item.lines["minutes"], (f"Øvelsen '{exercise}' tager {ctx.exercise_durations[exercise]} "
                                              f"minutter, men punktet har {minutes}. Giv punktet øvelsens tid.")


def _check_step_total(document) -> Iterator[Problem]:
    """An exercise's steps (a workshop's agenda) must add up to its duration, so the time plan is true."""
    meta = document.meta
    key = "agenda" if document.kind == "workshop" else "steps"
    steps, duration = meta.get(key), meta.get("duration_minutes")
    if not isinstance(steps, list) or isinstance(duration, bool) or not isinstance(duration, int):
        return
    minutes = [step.get("minutes") for step in steps if isinstance(step, dict)]
    if len(minutes) != len(steps) or not all(isinstance(m, int) and not isinstance(m, bool) for m in minutes):
        return  # the step itself is reported
    if sum(minutes) != duration:
        what = "Punkterne i 'agenda'" if key == "agenda" else "Trinene i 'steps'"
        yield Problem(document.display, meta.lines["duration_minutes"],
                      f"{what} tager {sum(minutes)} minutter tilsammen, men 'duration_minutes' er "
                      f"{duration}. Ret tallene, så de passer sammen.", "duration_minutes")


def _check_case_sections(document) -> Iterator[Problem]:
    """Printed sections of a case need one case to take them from."""
    meta = document.meta
    sections, cases = meta.get("case_sections"), meta.get("cases")
    if sections and not (isinstance(cases, list) and len(cases) == 1):
        yield Problem(document.display, meta.lines["case_sections"],
                      "Feltet 'case_sections' kræver, at øvelsen bruger præcis én case i 'cases' (fik "
                      f"{len(cases) if isinstance(cases, list) else 0}). Nævn den case, afsnittene er fra.",
                      "case_sections")


def _check_length(document) -> Iterator[Problem]:
    words = word_count(document.body)
    low, high = CASE_WORDS
    if document.body.strip() and not low <= words <= high:
        yield Problem(document.display, document.body_line,
                      f"Casen har {words} ord. En case bør have {low}-{high} ord, så den kan læses på fem minutter.",
                      "body", severity="warning")


# A '## ' heading at the start of a line, looked for as "\n##" in "\n" + body:
# a pattern that begins with fixed text is found several times faster than one
# that begins with ^, which matters over thousands of cases.
_H2 = re.compile(r"\n##[ \t]+([^\n]+?)[ \t]*#*[ \t]*(?=\n|\Z)")


def _sections(body: str) -> list[tuple[str, int, int]]:
    """(title, start of the heading, start of the text under it) for every '## ' heading of a body."""
    return [(match.group(1).strip(), match.start(), match.end() - 1) for match in _H2.finditer("\n" + body)]


def _check_sections(document) -> Iterator[Problem]:
    sections = _sections(document.body)
    found = [title for title, _, _ in sections]
    missing = [title for title in CASE_SECTIONS if title not in found]
    shape = f"En case har afsnittene {', '.join(CASE_SECTIONS)}, i den rækkefølge."
    if missing:
        names = ", ".join(f"'## {title}'" for title in missing)
        yield Problem(document.display, document.body_line,
                      f"Casen mangler {'afsnittet' if len(missing) == 1 else 'afsnittene'} {names}. {shape}", "body")
    elif [title for title in found if title in CASE_SECTIONS] != list(CASE_SECTIONS):
        yield Problem(document.display, document.body_line, f"Afsnittene står i forkert rækkefølge. {shape}", "body")
    else:
        yield from _check_empty_sections(document, sections)
        yield from _check_short_version(document, sections)


SHORT_VERSION_WORDS = 200  # the meeting brief prints it on one page, with the figures and three questions


def _check_short_version(document, sections) -> Iterator[Problem]:
    """*Kort fortalt* must fit the one-page meeting brief: said here, before any PDF is laid out."""
    body = document.body
    for number, (title, start, text_start) in enumerate(sections):
        if title != CASE_SECTIONS[0]:
            continue
        end = sections[number + 1][1] if number + 1 < len(sections) else len(body)
        words = word_count(without_comments(body[text_start:end]))
        if words > SHORT_VERSION_WORDS:
            yield Problem(document.display, document.body_line + body.count("\n", 0, start),
                          f"Afsnittet '## {title}' har {words} ord, men højst {SHORT_VERSION_WORDS}, så det kan stå "
                          f"på mødekortets ene side. {CASE_SECTION_GUIDANCE[title]}", "body")


def _check_empty_sections(document, sections) -> Iterator[Problem]:
    """A section with nothing but the scaffold's guidance has not been written yet."""
    body = document.body
    for number, (title, start, text_start) in enumerate(sections):
        end = sections[number + 1][1] if number + 1 < len(sections) else len(body)
        if title in CASE_SECTIONS and not without_comments(body[text_start:end]).strip():
            line = document.body_line + body.count("\n", 0, start)
            yield Problem(document.display, line, f"Afsnittet '## {title}' er tomt. {CASE_SECTION_GUIDANCE[title]}",
                          "body")


def _check_body(document) -> Iterator[Problem]:
    """The body's Markdown: what the site cannot show as written, and the form of its links."""
    for line, message in body_problems(document.body, document.body_line):
        yield Problem(document.display, line, message, "body")
    for line, message in voice_problems(without_comments(document.body), document.body_line,
                                        lesson_rule=document.kind == "case"):
        yield Problem(document.display, line, message, "body")
    _, link_problems = body_links(document.body, content_page_path(document.kind, document.slug), document.body_line)
    for line, message in link_problems:
        yield Problem(document.display, line, message, "body")
    # Two headings with one anchor: a link to the second would land on the first.
    generated = {heading_anchor(title): title for title in PAGE_HEADINGS.get(document.kind, ())}
    seen: dict[str, str] = {}
    for section in split_sections(document.body):
        if section.title is None:
            continue
        anchor = heading_anchor(section.title)
        line = document.body_line + section.line - 1
        if anchor in generated:
            yield Problem(document.display, line, f"Overskriften '{section.title}' skriver siden selv (afsnittet "
                          f"'{generated[anchor]}'). Giv dit afsnit et andet navn.", "body")
        elif anchor in seen:
            yield Problem(document.display, line, f"Overskriften '{section.title}' står to gange (også "
                          f"'{seen[anchor]}'). Giv hvert afsnit sin egen overskrift.", "body")
        seen[anchor] = section.title


# Fields whose values name a record (a vocabulary label, a source, a case): they are checked as names.
_REFERENCE_KINDS = {"municipality", "core_tasks", "themes", "source", "case_refs", "case_sections"}


def _check_field_text(document) -> Iterator[Problem]:
    """Field values are shown as plain text: no control characters, and a word to editors who write markup."""
    front = document.text.split("\n", document.body_line - 1)
    front = "\n".join(front[:-1]) if len(front) == document.body_line else document.text
    # The raw file has no control characters (read_text refuses them), so a value can only get one from a
    # YAML escape; and markup or a comment would show in the raw text. Most files have neither.
    if "\\" not in front and "<!--" not in front and not field_markup(front):
        return
    references = {spec.name for spec in FIELDS[document.kind] if spec.kind in _REFERENCE_KINDS}
    for key, value, line in _strings(document.meta):
        found = control_character(value)
        if found:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder et usynligt styretegn ({found}). "
                          "Slet det: styretegn kan skjule eller ændre teksten.", key)
        elif "<!--" in value:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder en kommentar ('<!--'). Felterne vises, "
                          "som de står, så kommentaren ville blive udgivet; skriv den i teksten under front matter.", key)
        elif key.split(".")[0] not in references and (markup := field_markup(value)) is not None:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder '{markup}', som ligner HTML eller "
                          "Markdown. Felterne vises som ren tekst, præcis som de står; skriv uden formatering.", key,
                          severity="warning")


def _strings(mapping: LineDict, prefix: str = "", seen: set | None = None) -> Iterator[tuple[str, str, int]]:
    """(field, text, line) for every text in front matter, also inside lists and groups.

    YAML aliases let one list appear in another many times over; each list
    and group is visited once, so a few hundred bytes of aliases cannot make
    the walk take minutes.
    """
    seen = set() if seen is None else seen
    if id(mapping) in seen:
        return
    seen.add(id(mapping))
    for key, value in mapping.items():
        line = mapping.lines.get(key, mapping.line)
        yield from _strings_in(value, f"{prefix}{key}", line, seen)


def _strings_in(value, key: str, line: int, seen: set) -> Iterator[tuple[str, str, int]]:
    if isinstance(value, str):
        yield key, value, line
    elif isinstance(value, LineDict):
        yield from _strings(value, f"{key}.", seen)
    elif isinstance(value, list) and id(value) not in seen:
        seen.add(id(value))
        for item, item_line in zip(value, getattr(value, "lines", [line] * len(value))):
            yield from _strings_in(item, key, item_line, seen)


def validate_document(document, ctx: _Context) -> tuple[dict | None, list[Problem]]:
    """Check one document against its field specs; return clean values."""
    specs = FIELDS[document.kind]
    by_name = {spec.name: spec for spec in specs}
    meta: LineDict = document.meta
    problems = []

    def report(line: int, message: str, field: str | None) -> None:
        problems.append(Problem(document.display, line, message, field))

    for key, line in document.meta.duplicates:
        report(line, f"Feltet '{key}' står to gange. Slet den ene.", key)
    meant = set()  # fields that a misspelt key stands in for
    for key in meta:
        if key not in by_name:
            alias = FIELD_ALIASES.get(key.casefold())
            guess = alias if alias in by_name else None
            if guess is None:
                close = suggest(key, list(by_name) + [a for a, f in FIELD_ALIASES.items() if f in by_name])
                guess = FIELD_ALIASES.get(close, close) if close else None
            meant.add(guess)
            report(meta.lines[key], f"Ukendt felt '{key}'." + (
                f" Mente du '{guess}'? Ret feltnavnet (feltnavnene er på engelsk)." if guess else
                f" Tilladte felter: {', '.join(by_name)}."), key)
    for spec in specs:
        if spec.name not in meta:
            if spec.required and spec.name not in meant:
                report(meta.line, f"Feltet '{spec.name}' mangler. {spec.hint}", spec.name)
            continue
        value, line = meta[spec.name], meta.lines[spec.name]
        if value is None:
            if spec.required and not spec.nullable:
                report(line, f"Feltet '{spec.name}' er tomt. {spec.hint}", spec.name)
            continue
        for problem_line, message in _check_value(value, spec, line, ctx):
            report(problem_line, message, spec.name)
    if document.kind == "case":
        problems.extend(_check_sections(document))
    if document.kind in ("exercise", "workshop"):
        problems.extend(_check_step_total(document))
    if document.kind == "exercise":
        problems.extend(_check_case_sections(document))
    if document.kind in ("case", "strategy"):
        problems.extend(_check_source_pages(document))
    problems.extend(_check_body(document))
    problems.extend(_check_field_text(document))
    related = meta.get("related")
    if document.kind == "case" and isinstance(related, LineList) and document.slug in related:
        report(related.lines[related.index(document.slug)], f"Casen kan ikke være relateret til sig selv. Slet "
               f"'{document.slug}' fra 'related'.", "related")
    if not document.body.strip() and document.kind in ("case", "strategy"):
        report(document.body_line - 1, f"Der er ingen tekst efter front matter. Skriv {_KIND_NAMES[document.kind]} "
               "under den sidste linje med '---'.", "body")
    problems.extend(_check_personal_data(document))
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    # The softer rules only for a file without errors: an editor fixes those first.
    if document.kind == "case":
        problems.extend(_check_length(document))
    if ctx.review_months is not None:
        problems.extend(_check_review(document, ctx.review_months, ctx.today))
    return {spec.name: meta.get(spec.name) for spec in specs}, problems


def _check_personal_data(document) -> Iterator[Problem]:
    """The privacy gate: the file's name, its raw text and its parsed front matter (YAML escapes, folded lines)."""
    for message in file_name_personal_data(document.path.name):
        yield Problem(document.display, 0, message, severity="error")
    for number, severity, message in personal_data_findings(document.text, document.meta, document.body_line - 1):
        yield Problem(document.display, number, message, severity=severity)


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


def _check_review(document, months: int, today: date) -> Iterator[Problem]:
    reviewed = document.meta.get("last_reviewed")
    if isinstance(reviewed, date) and is_overdue(reviewed, months, today):
        yield Problem(document.display, document.meta.lines["last_reviewed"],
                      f"{_KIND_NAMES[document.kind].capitalize()} blev sidst gennemgået {danish_date(reviewed)} og "
                      f"skulle gennemgås igen senest {danish_date(review_due(reviewed, months))} (hver "
                      f"{months}. måned). Læs den igennem, ret det forældede, og sæt 'last_reviewed' til dagens "
                      "dato.", "last_reviewed", severity="warning")


@dataclass(frozen=True)
class Identity:
    """What the checks across files need to know of one file: its address, title, links and headings."""

    kind: str
    slug: str
    display: str
    title: str | None
    title_line: int
    municipality: str | None = None
    themes: tuple[str, ...] = ()
    links: tuple[LinkRef, ...] = ()
    anchors: frozenset[str] = frozenset()
    """Every '#anchor' the file's page will have: its title, the template's headings and the body's."""
    headings: tuple[str, ...] = ()
    """The section anchors in page order, for messages."""
    body_bytes: int = 0
    printed_cases: tuple[str, ...] = ()
    """A workshop's cases, which its pack prints whole."""


def _identity(document) -> Identity:
    meta = document.meta
    title = meta.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    municipality = meta.get("municipality")
    themes = meta.get("themes")
    links, _ = body_links(document.body, content_page_path(document.kind, document.slug), document.body_line)
    headings = [section.title for section in split_sections(document.body) if section.title is not None]
    headings += PAGE_HEADINGS.get(document.kind, ())
    return Identity(document.kind, document.slug, document.display, title, meta.lines.get("title", 0),
                    municipality if isinstance(municipality, str) else None,
                    tuple(theme for theme in themes if isinstance(theme, str)) if isinstance(themes, list) else (),
                    tuple(links), frozenset(heading_anchor(text) for text in [title or "", *headings] if text),
                    tuple(dict.fromkeys(heading_anchor(text) for text in headings)), len(document.body.encode("utf-8")),
                    _agenda_cases(meta.get("agenda")) if document.kind == "workshop" else ())


def _agenda_cases(agenda) -> tuple[str, ...]:
    if not isinstance(agenda, list):
        return ()
    return tuple(dict.fromkeys(item["case"] for item in agenda if isinstance(item, dict) and isinstance(item.get("case"), str)))


def _check_slugs_and_titles(documents: list[Identity]) -> Iterator[Problem]:
    by_slug: dict[tuple[str, str], list] = defaultdict(list)
    by_title: dict[tuple[str, str], list] = defaultdict(list)
    for document in documents:
        if not _SLUG.match(document.slug):
            # Never suggest a name that keeps a CPR number (the privacy gate names that one).
            wanted = slugify(document.slug)
            if not wanted or list(file_name_personal_data(wanted + ".md")):
                wanted = "min-" + document.kind
            yield Problem(document.display, 0, "Filnavnet må kun have små bogstaver a-z, tal og bindestreger. "
                          f"Omdøb filen til '{wanted}.md'.")
        elif document.slug in RESERVED_SLUGS:
            yield Problem(document.display, 0, f"Filnavnet '{document.slug}.md' er forbeholdt en oversigtsside, som "
                          "bygningen laver. Giv filen et andet navn.")
        by_slug[(document.kind, slugify(document.slug))].append(document)
        if document.title:
            by_title[(document.kind, document.title.casefold())].append(document)
    by_code: dict[str, list] = defaultdict(list)
    for document in documents:
        if document.kind == "case":
            by_code[short_code(document.slug)].append(document)
    for code, group in by_code.items():
        if len(group) > 1 and len({d.slug for d in group}) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, 0, f"Filnavnet giver den samme korte adresse (k/{code}/) som {others}. "
                              "Giv en af filerne et lidt andet navn.")
    for (_, slug), group in by_slug.items():
        if len(group) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, 0, f"Adressen '{slug}' bruges også af {others}. "
                              "Giv filerne forskellige navne.")
    for group in by_title.values():
        if len(group) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, document.title_line, f"Titlen '{document.title}' "
                              f"bruges også i {others}. Giv {_KIND_NAMES[document.kind]} en titel, der ikke findes "
                              "i forvejen.", "title")


def _check_link_targets(identities: list[Identity], vocabulary: Vocabulary, present, source_ids) -> Iterator[Problem]:
    """Every link in a body must reach a page (and a heading) or a file the built site will have.

    Checked across files, because only the whole library says which
    municipality pages exist (those with cases) and which headings a page has.
    """
    cases = [identity for identity in identities if identity.kind == "case"]
    pages = linkable_pages(vocabulary, present, source_ids, {case.municipality for case in cases},
                           {theme for case in cases for theme in case.themes})
    files = content_files(present) | static_files()
    by_page = {content_page_path(identity.kind, identity.slug): identity for identity in identities}
    case_slugs = [slug for kind, slug in present if kind == "case"]
    for identity in identities:
        for link in identity.links:
            message = _link_target_problem(link, identity, pages, files, by_page, case_slugs)
            if message:
                yield Problem(identity.display, link.line, message, "body")


def _link_target_problem(link: LinkRef, identity: Identity, pages, files, by_page, case_slugs) -> str | None:
    if link.target is None:
        target = identity
    elif link.target.endswith(".md"):
        if link.target not in pages:
            guess = suggest(posixpath.basename(link.target).removesuffix(".md"), case_slugs)
            hint = (f" Mente du '{guess}.md'?" if guess else
                    " Link til en anden case med dens filnavn, fx '[titel](anden-case.md)'.")
            return f"Linket '{link.written}' peger på en side, der ikke findes.{hint}"
        target = by_page.get(link.target)
    else:
        if link.target not in files:
            return (f"Linket '{link.written}' peger på en fil, der ikke findes. Link til en side ('anden-case.md') "
                    "eller til en PDF, biblioteket laver (fx '../pdf/moedekort-anden-case.pdf').")
        target = None
        if link.fragment:
            return f"Linket '{link.written}' peger på et afsnit i en fil. Slet '#{link.fragment}'."
    if not link.fragment:
        return None
    if target is None:
        return (f"Linket '{link.written}' peger på et afsnit ('#{link.fragment}') på en oversigtsside, hvis afsnit "
                "skifter, når biblioteket vokser. Link til selve siden uden '#...'.")
    if unquote(link.fragment) not in target.anchors:
        shown = ", ".join(f"#{anchor}" for anchor in target.headings[:12])
        return f"Afsnittet '#{link.fragment}' findes ikke på siden. Afsnittene er: {shown}."
    return None


PACK_MAX_CASE_BYTES = 60_000  # the cases a pack prints whole; three times today's largest pack


def _check_pack_sizes(identities: list[Identity]) -> Iterator[Problem]:
    """A workshop pack prints its cases whole: their text together is bounded, as laying it out is slow."""
    sizes = {identity.slug: identity.body_bytes for identity in identities if identity.kind == "case"}
    for identity in identities:
        total = sum(sizes.get(slug, 0) for slug in identity.printed_cases)
        if total > PACK_MAX_CASE_BYTES:
            yield Problem(identity.display, 0, f"Pakken printer {len(identity.printed_cases)} cases med "
                          f"{total // 1000} KB tekst tilsammen, men højst {PACK_MAX_CASE_BYTES // 1000} KB. Brug færre "
                          "eller kortere cases, eller del workshoppen op.", "agenda")


def static_files(root: Path = ROOT) -> set[str]:
    """The site's own files (images in static/, CSS and JavaScript in overrides/assets/) as site paths."""
    found = set()
    for folder, prefix in ((root / "static", ""), (root / "overrides" / "assets", "assets/")):
        if folder.is_dir() and not folder.is_symlink():
            found |= {prefix + path.relative_to(folder).as_posix() for path in folder.rglob("*")
                      if path.is_file() and not path.is_symlink() and not path.name.startswith(".")}
    return found


def _tuple(value) -> tuple:
    return tuple(value or ())


def _source_parts(items, key: str) -> tuple[SourcePart, ...]:
    return tuple(SourcePart(item[key].strip(), None if item.get("pages") is None else str(item["pages"]).strip())
                 for item in items or ())


def _record(document, values: dict):
    common = {"slug": document.slug, "path": document.path, "body": document.body}
    if document.kind == "case":
        return Case(**common, title=values["title"].strip(), municipality=values["municipality"],
                    core_tasks=_tuple(values["core_tasks"]), themes=_tuple(values["themes"]),
                    summary=values["summary"].strip(), target_group=values["target_group"].strip(),
                    period=None if values["period"] is None else str(values["period"]),
                    results=tuple(Result(str(r["figure"]), str(r["measure"])) for r in values["results"]),
                    source=values["source"],
                    source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                    source_sections=_source_parts(values["source_sections"], "title"),
                    keywords=_tuple(values["keywords"]), reflection_questions=_tuple(values["reflection_questions"]),
                    source_questions=_source_parts(values["source_questions"], "question"),
                    related=_tuple(values["related"]), last_reviewed=values["last_reviewed"])
    if document.kind == "strategy":
        return Strategy(**common, title=values["title"].strip(), municipality=values["municipality"],
                        summary=values["summary"].strip(), core_tasks=_tuple(values["core_tasks"]),
                        themes=_tuple(values["themes"]), source=values["source"],
                        source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                        source_sections=_source_parts(values["source_sections"], "title"),
                        keywords=_tuple(values["keywords"]),
                        cases=_tuple(values["cases"]), last_reviewed=values["last_reviewed"])
    if document.kind == "workshop":
        return Workshop(**common, title=values["title"].strip(), summary=values["summary"].strip(),
                        core_tasks=_tuple(values["core_tasks"]), themes=_tuple(values["themes"]),
                        audience=values["audience"].strip(), duration_minutes=values["duration_minutes"],
                        agenda=tuple(AgendaItem(item["minutes"], item["text"].strip(), item.get("case"),
                                                item.get("exercise")) for item in values["agenda"]),
                        last_reviewed=values["last_reviewed"])
    return Exercise(**common, title=values["title"].strip(), summary=values["summary"].strip(),
                    purpose=values["purpose"].strip(), duration_minutes=values["duration_minutes"],
                    group_size=values["group_size"].strip(), materials=_tuple(values["materials"]),
                    steps=tuple(Step(step["minutes"], step["text"].strip()) for step in values["steps"]),
                    questions=_tuple(values["questions"]),
                    cases=_tuple(values["cases"]), case_sections=_tuple(values["case_sections"]),
                    core_tasks=_tuple(values["core_tasks"]),
                    themes=_tuple(values["themes"]), source=values["source"],
                    source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                    last_reviewed=values["last_reviewed"])


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


def _check_file(kind: str, path: Path, display: str, content_dir: Path,
                ctx: _Context | None) -> tuple[Identity | None, object, list[Problem]]:
    """Read and check one content file: (its identity, its record or None, its problems).

    The record is None when the file has errors, or when there is no vocabulary to check against.
    """
    try:
        document, problems = read_document(path, kind, content_dir, display)
        if document is None:
            return None, None, problems
        if ctx is None:
            return _identity(document), None, problems
        values, problems = validate_document(document, ctx)
        return _identity(document), (None if values is None else _record(document, values)), problems
    except (RecursionError, MemoryError):
        return None, None, [Problem(display, 0, "Filen er for indviklet til at blive tjekket (for mange niveauer "
                                    "inden i hinanden). Gør den enklere.")]
    except Exception as error:  # noqa: BLE001 - an editor gets a message, never a traceback
        return None, None, [Problem(display, 0, "Filen kunne ikke tjekkes, fordi tjekket selv fejlede "
                                    f"({type(error).__name__}). Tjek filen for usædvanlige værdier, og fortæl "
                                    "udviklerne om fejlen.")]


def _check_files_with_memo(files, content_dir: Path, ctx: _Context | None, memo: dict) -> list:
    """`_check_file` for each file, reusing the result for a file whose bytes and context are unchanged.

    A file's check depends only on its bytes and on the context (vocabulary,
    sources, which pages exist, the date), so that pair is the key. The memo
    keeps only the current files, so it does not grow while the server runs.
    """
    context = repr(ctx)  # _Context holds a set and a dict, so it is not hashable itself
    # Read as the check reads (no link followed, nothing but a regular file, at most 1 MB), so a
    # link to a FIFO or /dev/zero saved while the preview runs cannot stall it.
    keys = [(kind, display, read_bytes(path, display)[0], context) for kind, path, display in files]
    todo = [number for number, key in enumerate(keys) if key not in memo]
    fresh = map_in_parts(lambda part: [_check_file(*files[number], content_dir, ctx) for number in part], todo)
    found = {keys[number]: result for number, result in zip(todo, fresh)}
    results = [found[key] if key in found else memo[key] for key in keys]
    memo.clear()
    memo.update(zip(keys, results))
    return results


def _exercise_durations(files, content_dir: Path) -> dict[str, int]:
    """Slug -> duration of every exercise that gives a whole number (workshops are checked against them)."""
    durations = {}
    for kind, path, display in files:
        if kind == "exercise":
            document, _ = read_document(path, kind, content_dir, display)
            duration = document.meta.get("duration_minutes") if document else None
            if isinstance(duration, int) and not isinstance(duration, bool):
                durations[document.slug] = duration
    return durations


def load_library(content_dir: Path, review_months: int | None = None,
                 today: date | None = None, memo: dict | None = None) -> tuple[Library | None, list[Problem]]:
    """Load and validate everything under `content_dir`.

    Returns the library when there are no errors, and every problem found
    (warnings included) either way, sorted by file and line. With
    `review_months`, content not reviewed within that many months of `today`
    gets a warning. A `memo` kept between calls (the preview server does)
    lets files whose bytes and surroundings are unchanged skip their check.
    """
    with collector_paused():
        return _load_library(content_dir, review_months, today, memo)


def _load_library(content_dir: Path, review_months: int | None, today: date | None, memo: dict | None):
    if content_dir.is_symlink():
        return None, [Problem(content_dir.name, 0, "Mappen er et symbolsk link. Links følges ikke: læg indholdet i en "
                              "almindelig mappe.")]
    vocabulary, sources, problems = load_registries(content_dir)
    problems += unused_entries(content_dir)
    files = content_file_list(content_dir)
    # Every file that exists counts as existing, even one whose YAML is broken:
    # its own error says what is wrong, and links to it should not say it is missing.
    present = [(kind, path.stem) for kind, path, _ in files]
    ctx = None
    if vocabulary is not None:
        source_ids = tuple(s.id for s in sources)
        ctx = _Context(vocabulary, source_ids, tuple(slug for kind, slug in present if kind == "case"),
                       _exercise_durations(files, content_dir),
                       tuple(slug for kind, slug in present if kind == "exercise"),
                       review_months, today or date.today())
    if memo is None:
        # The one pass over every file, split over the cores for a large library.
        checked = map_in_parts(lambda part: [_check_file(*file, content_dir, ctx) for file in part], files)
    else:
        checked = _check_files_with_memo(files, content_dir, ctx, memo)
    records = {"case": [], "strategy": [], "exercise": [], "workshop": []}
    for (kind, _, _), (_, record, found) in zip(files, checked):
        problems += found
        if record is not None:
            records[kind].append(record)
    identities = [identity for identity, _, _ in checked if identity is not None]
    problems += _check_slugs_and_titles(identities)
    problems += _check_pack_sizes(identities)
    if vocabulary is not None:
        problems += _check_link_targets(identities, vocabulary, present, tuple(s.id for s in sources))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    if vocabulary is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Library(vocabulary, sources, tuple(records["case"]), tuple(records["strategy"]),
                   tuple(records["exercise"]), tuple(records["workshop"])), problems


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


SHOWN_PER_FILE = 50  # a file with more is best fixed from the top; the count says how many are left


def format_report(problems: list[Problem]) -> str:
    """All problems (at most SHOWN_PER_FILE a file), one per line, and a Danish summary line."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    lines, shown = [], defaultdict(int)
    for problem in problems:
        shown[problem.path] += 1
        if shown[problem.path] <= SHOWN_PER_FILE:
            lines.append(str(problem))
        elif shown[problem.path] == SHOWN_PER_FILE + 1:
            more = sum(1 for other in problems if other.path == problem.path) - SHOWN_PER_FILE
            lines.append(str(Problem(problem.path, 0, f"… og {_count(more, 'problem', 'problemer')} mere i filen. "
                                     "Ret dem ovenfor, og kør igen.", severity="warning")))
    files = len({p.path for p in errors})
    if errors:
        lines.append(f"Fandt {len(errors)} fejl i {files} fil{'er' if files != 1 else ''}"
                     + (f" og {_count(len(warnings), 'advarsel', 'advarsler')}." if warnings else ".")
                     + " Ret fejlene og kør igen.")
    elif warnings:
        lines.append(f"Ingen fejl, {_count(len(warnings), 'advarsel', 'advarsler')}.")
    return "\n".join(lines)
