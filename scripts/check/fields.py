"""The content model, written as data: what every content type has, and every limit.

Each content type declares its fields as an ordered tuple of `FieldSpec`s (the
order the field reference and the scaffold show them); a case body has its
sections, in order, with one line of guidance each; the Danish field names
editors reach for have aliases; and every bound a check applies is named here.
The vocabularies themselves come from `content/vocabulary.yml` and the sources
from `content/sources.yml`. The checks that apply this model are
registries.py, documents.py and library.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


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


# --- names and addresses ---------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Addresses the build gives its own pages: 'cases/index.md' is the case list,
# 'kilder/index.md' the list of sources, 'temaer/index.md' the list of themes.
RESERVED_SLUGS = frozenset({"index"})
KIND_NAMES = {"case": "casen", "strategy": "strategien", "exercise": "øvelsen", "workshop": "workshoppen"}
# Fields whose values name a record (a vocabulary label, a source, a case): they are checked as names.
REFERENCE_KINDS = {"municipality", "core_tasks", "themes", "source", "case_refs", "case_sections"}

# --- the registries -----------------------------------------------------------------

# content/vocabulary.yml: its sections, the keys every item of each must have (the first names it).
VOCABULARY_SECTIONS = {"municipalities": ("name", "region"), "core_tasks": ("label", "movement", "description"),
                       "themes": ("label", "description", "intro")}
# Denmark has 98 municipalities; the rest leave room to grow and bound what every check compares against.
VOCABULARY_MAX = {"municipalities": 200, "core_tasks": 20, "themes": 200}
THEME_KEYWORDS_MAX = 20

SOURCE_KEYS = ("id", "title", "subtitle", "author", "publisher", "year", "published", "kind", "isbn", "url",
               "municipalities", "description", "library_use", "not_written", "own_title")
SOURCE_TEXTS = ("id", "title", "subtitle", "author", "publisher", "kind", "isbn", "url", "description", "library_use")
SOURCE_REQUIRED = ("id", "title", "publisher", "kind", "municipalities", "description", "library_use")

# --- the shape of values --------------------------------------------------------------

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # dates outside are typos (and overflow date arithmetic)
RESULT_LENGTHS = {"figure": 50, "measure": 300}
SOURCE_PART_KEYS = {"source_sections": ("title", "afsnittet"), "source_questions": ("question", "spørgsmålet")}
AGENDA_KEYS = {"minutes", "text", "case", "exercise"}

# --- what one file may make the build do ----------------------------------------------

WORKSHOP_MAX_CASES = WORKSHOP_MAX_EXERCISES = 8  # each is printed whole in the pack's PDF
SHORT_VERSION_WORDS = 200  # the meeting brief prints it on one page, with the figures and three questions
PACK_MAX_CASE_BYTES = 60_000  # the cases a pack prints whole; three times today's largest pack
