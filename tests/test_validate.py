"""The validator: every problem in every file, in Danish, with file and line."""

import pytest

from scripts.check.fields import CASE_FIELDS
from scripts.check.hints import suggest
from scripts.check.library import load_library
from scripts.check.registries import build_vocabulary
from scripts.load.content import parse_yaml
from tests.conftest import BROKEN, MINIMAL, ROOT, run_kb

# The complete report for tests/fixtures/broken: one deliberate mistake of
# each kind. A new rule or a changed message must show up here. The two
# good-case files have no errors of their own (only a clash with each
# other), so they get the length warning that stub cases get.
WARNINGS = {('content/cases/Good_Case.md', 22), ('content/cases/good-case.md', 22)}
EXPECTED_BROKEN = [
    ('content/cases/Good_Case.md', 0, "Adressen 'good-case' bruges også af content/cases/good-case.md. Giv filerne forskellige navne."),
    ('content/cases/Good_Case.md', 0, "Filnavnet må kun have små bogstaver a-z, tal og bindestreger. Omdøb filen til 'good-case.md'."),
    ('content/cases/Good_Case.md', 2, "Titlen 'odder prøver noget nyt' bruges også i content/cases/good-case.md. Giv casen en titel, der ikke findes i forvejen."),
    ('content/cases/Good_Case.md', 22, 'Casen har 40 ord. En case bør have 500-1000 ord, så den kan læses på fem minutter.'),
    ('content/cases/bad-values.md', 2, "Feltet 'target_group' mangler. Hvem indsatsen er for, fx 'Borgere i hjemløshed'."),
    ('content/cases/bad-values.md', 3, "Ukendt felt 'komune'. Mente du 'municipality'? Ret feltnavnet (feltnavnene er på engelsk)."),
    ('content/cases/bad-values.md', 4, "Feltet 'municipality' skal være navnet på en kommune, som det står i content/vocabulary.yml (fik 'Ikast Brande'). Mente du 'Ikast-Brande'?"),
    ('content/cases/bad-values.md', 5, "Feltet 'core_tasks' skal være en af: Læring, Social Omsorg (fik 'Social omsorg'). Mente du 'Social Omsorg'?"),
    ('content/cases/bad-values.md', 6, "'Samskabelse' står to gange i 'themes'."),
    ('content/cases/bad-values.md', 7, "Feltet 'summary' må højst være 300 tegn (er 309). Forkort teksten."),
    ('content/cases/bad-values.md', 12, "Feltet 'period' skal være et år (2018), en periode i anførselstegn ('2015-2018') eller null, hvis kilden ikke oplyser det (fik en liste)."),
    ('content/cases/bad-values.md', 14, 'Hvert nøgletal skal have præcis to felter: \'figure\' (tallet, fx "6 → 2 år") og \'measure\' (hvad det måler).'),
    ('content/cases/bad-values.md', 15, "Feltet 'source' skal være id'et på en kilde i content/sources.yml (fik 'testkilden'). Mente du 'testkilde'? Findes kilden ikke, så tilføj den dér først."),
    ('content/cases/bad-values.md', 16, "Feltet 'reflection_questions' skal have 3-6 punkter (har 2)."),
    ('content/cases/bad-values.md', 19, "Feltet 'related' peger på 'good-cas', som ikke er en case i content/cases/. Mente du 'good-case'?"),
    ('content/cases/bad-values.md', 20, "Feltet 'last_reviewed' skal være en dato på formen ÅÅÅÅ-MM-DD, fx 2026-11-23 (fik '23/11/2026')."),
    ('content/cases/bad-values.md', 24, "Linket 'good-cas.md' peger på en side, der ikke findes. Mente du 'good-case.md'?"),
    ('content/cases/bad-values.md', 26, "Afsnittet '## Udfordringen' er tomt. Hvilket problem ville kommunen løse, og for hvem? Brug kildens egne tal, hvor den har dem."),
    ('content/cases/bad-voice.md', 14, "Afsnittenes sider skal tilsammen være 'source_pages' (3-4): side 7 står ved et afsnit men ikke i 'source_pages'."),
    ('content/cases/bad-voice.md', 17, 'Hvert punkt i \'source_sections\' skal have \'title\' og kan have \'pages\'. Kildens egne overskrifter på de afsnit, casen bygger på, hver med \'title\' og \'pages\', fx \'- {title: Familierne for bordenden, pages: "15-16"}\'. Siderne skal tilsammen være \'source_pages\'.'),
    ('content/cases/bad-voice.md', 25, '\'pages\' i \'source_questions\' skal være sidetal som "24" eller "15-16, 34" (fik \'side fire\').'),
    ('content/cases/bad-voice.md', 47, "'[!refleksion]' virker kun som første linje i et citat. Skriv '> [!refleksion]' alene på en linje, og refleksionen på linjerne under, hver med '> ' foran."),
    ('content/cases/bad-voice.md', 49, "'[!Refleksion]' er ikke en kendt boks. Bibliotekets egne refleksioner skrives i et citat, der begynder med linjen '> [!refleksion]' (med små bogstaver)."),
    ('content/cases/bad-voice.md', 54, "'Vaner sidder dybt. Det er svært at ændre.' under 'Dilemmaer og læring' siger ikke, hvem det er fra. Skriv, hvem der mener det (fx 'Ifølge artiklen …' eller 'Lederen peger på …'), eller sæt bibliotekets egne overvejelser i en refleksionsboks, der begynder med linjen '> [!refleksion]'."),
    ('content/cases/bad-voice.md', 57, "Refleksionsboksen er tom. Skriv refleksionen på linjerne under '> [!refleksion]', hver med '> ' foran, eller slet boksen."),
    ('content/cases/bad-yaml.md', 5, 'Ugyldig YAML: Linjen indeholder et tabulatortegn. Brug mellemrum til indrykning.'),
    ('content/cases/empty.md', 0, 'Filen er tom. Udfyld den ud fra skabelonen, eller slet den.'),
    ('content/cases/good-case.md', 0, "Adressen 'good-case' bruges også af content/cases/Good_Case.md. Giv filerne forskellige navne."),
    ('content/cases/good-case.md', 2, "Titlen 'Odder prøver noget nyt' bruges også i content/cases/Good_Case.md. Giv casen en titel, der ikke findes i forvejen."),
    ('content/cases/good-case.md', 22, 'Casen har 40 ord. En case bør have 500-1000 ord, så den kan læses på fem minutter.'),
    ('content/cases/latin1.md', 2, 'Filen er ikke gemt som UTF-8 (tegnet på denne linje kan ikke læses). Gem filen som UTF-8 i din editor.'),
    ('content/cases/missing-colon.md', 3, "Ugyldig YAML: Der mangler et kolon efter feltnavnet (skriv 'navn: værdi')."),
    ('content/cases/missing-sections.md', 22, "Casen mangler afsnittene '## Organisering og samarbejde', '## Det kom der ud af', '## Dilemmaer og læring', '## Sådan kan I bruge casen'. En case har afsnittene Kort fortalt, Udfordringen, Det gjorde de, Organisering og samarbejde, Det kom der ud af, Dilemmaer og læring, Sådan kan I bruge casen, i den rækkefølge."),
    ('content/cases/no-front-matter.md', 1, "Filen mangler front matter: første linje skal være '---', derefter felterne (fx 'title: ...') og så en linje med '---'."),
    ('content/cases/python-tag.md', 2, "Ugyldig YAML: YAML-mærker som '!!python/...' er ikke tilladt. Skriv værdien som almindelig tekst."),
    ('content/reflection/bad-exercise.md', 5, "Feltet 'duration_minutes' skal være et helt antal minutter mellem 1 og 600 (fik 'en time')."),
    ('content/reflection/bad-exercise.md', 6, "Feltet 'group_size' skal være tekst (fik tallet 4). Sæt værdien i anførselstegn, hvis den ligner et tal eller en dato."),
    ('content/reflection/bad-exercise.md', 7, "Feltet 'materials' skal være en liste (fik 'Papir'). Det, facilitator skal have klar, fx [Kuglepenne]."),
    ('content/reflection/bad-exercise.md', 8, "Feltet 'steps' skal have 1-20 punkter (har 0)."),
    ('content/reflection/bad-steps.md', 9, "Hvert trin skal have præcis to felter: 'minutes' (hvor lang tid trinet tager) og 'text' (hvad I gør), fx '- {minutes: 10, text: Læs casen højt.}'."),
    ('content/reflection/bad-steps.md', 10, "Trinets 'minutes' skal være et helt antal minutter mellem 1 og 600 (fik tallet 0)."),
    ('content/reflection/bad-time-plan.md', 5, "Trinene i 'steps' tager 30 minutter tilsammen, men 'duration_minutes' er 45. Ret tallene, så de passer sammen."),
    ('content/strategy/bad-strategy.md', 6, "Feltet 'cases' peger på 'findes-ikke', som ikke er en case i content/cases/."),
    ('content/workshops/bad-workshop.md', 6, "Punkterne i 'agenda' tager 90 minutter tilsammen, men 'duration_minutes' er 100. Ret tallene, så de passer sammen."),
    ('content/workshops/bad-workshop.md', 9, "Punktets 'exercise' peger på 'bad-time-plam', som ikke er en øvelse i content/reflection/. Mente du 'bad-time-plan'?"),
    ('content/workshops/bad-workshop.md', 10, "Øvelsen 'bad-steps' tager 20 minutter, men punktet har 40. Giv punktet øvelsens tid."),
    ('content/workshops/bad-workshop.md', 11, "Ukendt felt 'note' i et punkt i 'agenda'. Et punkt kan have: minutes, text, case og exercise."),
]


def test_broken_fixture_reports_exactly_the_expected_problems():
    library, problems = load_library(BROKEN)
    assert library is None
    assert [(p.path, p.line, p.message) for p in problems] == EXPECTED_BROKEN


def test_every_problem_in_the_broken_fixture_is_an_error_except_the_length_warnings():
    _, problems = load_library(BROKEN)
    assert {(p.path, p.line) for p in problems if p.severity == "warning"} == WARNINGS


def test_validate_command_prints_all_problems_and_fails_without_traceback():
    result = run_kb("--content", str(BROKEN), "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    errors = len(EXPECTED_BROKEN) - len(WARNINGS)
    assert lines[-1] == f"Fandt {errors} fejl i 16 filer og 2 advarsler. Ret fejlene og kør igen."
    assert "content/cases/bad-values.md:4: fejl: Feltet 'municipality'" in result.stderr


def test_minimal_fixture_is_valid():
    library, problems = load_library(MINIMAL)
    # The fixture's cases are stubs, so the length rule warns, and only warns.
    assert [(p.path, p.line, p.severity, p.message) for p in problems] == [
        ("content/cases/hoeje-taastrup-test.md", 28, "warning",
         "Casen har 48 ord. En case bør have 500-1000 ord, så den kan læses på fem minutter."),
        ("content/cases/odder-test.md", 22, "warning",
         "Casen har 40 ord. En case bør have 500-1000 ord, så den kan læses på fem minutter."),
    ]
    assert [c.slug for c in library.cases] == ["hoeje-taastrup-test", "odder-test"]
    assert library.case("odder-test").period == "2018"
    assert library.case("hoeje-taastrup-test").period is None


def test_project_content_is_valid():
    library, problems = load_library(ROOT / "content")
    assert [str(p) for p in problems] == []
    assert library is not None


@pytest.mark.parametrize(("typed", "options", "meant"), [
    ("Social omsorg", ["Social Omsorg", "Læring"], "Social Omsorg"),
    ("Ikast Brande", ["Ikast-Brande", "Odder"], "Ikast-Brande"),
    ("ikast-brande", ["Ikast-Brande", "Odder"], "Ikast-Brande"),
    ("Fritid og Fællesskab", ["Fritid & Fællesskab"], "Fritid & Fællesskab"),
    ("Samskabelsen", ["Samskabelse", "Ny organisering"], "Samskabelse"),
    ("Aarhus", ["Odder", "Ikast-Brande"], None),
    (2018, ["Odder"], None),
])
def test_did_you_mean(typed, options, meant):
    assert suggest(typed, options) == meant


@pytest.mark.parametrize(("key", "meant"), [
    ("komune", "municipality"),
    ("kommune", "municipality"),
    ("kerneopgaver", "core_tasks"),
    ("titel", "title"),
    ("themse", "themes"),
])
def test_unknown_field_suggests_the_real_name(tmp_path, key, meant):
    content = tmp_path / "content"
    (content / "cases").mkdir(parents=True)
    for name in ("vocabulary.yml", "sources.yml"):
        (content / name).write_text((MINIMAL / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (MINIMAL / "cases" / "odder-test.md").read_text(encoding="utf-8")
    (content / "cases" / "odder-test.md").write_text(text.replace("---\n", f"---\n{key}: x\n", 1), encoding="utf-8")
    _, problems = load_library(content)
    unknown = [p for p in problems if p.message.startswith("Ukendt felt")]
    assert [(p.line, p.message) for p in unknown] == [(2, f"Ukendt felt '{key}'. Mente du '{meant}'? Ret feltnavnet (feltnavnene er på engelsk).")]


def test_project_vocabulary_has_all_98_municipalities_in_five_regions():
    data, problems = parse_yaml((ROOT / "content" / "vocabulary.yml").read_text(encoding="utf-8"), "v")
    vocabulary, problems = build_vocabulary(data, "v")
    assert problems == []
    assert len(vocabulary.municipalities) == 98
    assert {m.region for m in vocabulary.municipalities} == {
        "Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"}
    assert [t.label for t in vocabulary.core_tasks] == ["Fritid & Fællesskab", "Læring", "Beskæftigelse", "Social Omsorg"]
    assert all(t.movement and t.description for t in vocabulary.core_tasks)
    assert all(t.description for t in vocabulary.themes)


def test_vocabulary_rejects_duplicates_with_line():
    data, _ = parse_yaml("municipalities:\n  - {name: Odder, region: R}\n  - {name: Odder, region: R}\n"
                         "core_tasks:\n  - {label: L, movement: M, description: D}\n"
                         "themes:\n  - {label: T, description: D, intro: I}\n", "v.yml")
    _, problems = build_vocabulary(data, "v.yml")
    assert [(p.line, p.message) for p in problems] == [(3, "'Odder' står to gange i 'municipalities' (også linje 2).")]


def test_a_themes_keywords_are_a_short_list_of_words():
    base = "municipalities:\n  - {name: Odder, region: R}\ncore_tasks:\n  - {label: L, movement: M, description: D}\n"
    data, _ = parse_yaml(base + "themes:\n  - {label: T, description: D, intro: I, keywords: [samskabt, samskabe]}\n", "v")
    vocabulary, problems = build_vocabulary(data, "v")
    assert problems == [] and vocabulary.theme("T").keywords == ("samskabt", "samskabe")
    data, _ = parse_yaml(base + "themes:\n  - {label: T, description: D, intro: I, keywords: samskabt}\n", "v")
    _, problems = build_vocabulary(data, "v")
    assert [(p.line, p.message) for p in problems] == [(6, "Feltet 'keywords' skal være en liste med højst 20 ord, som "
                                                        "læsere bruger om temaet, fx [samskabt, samskabende].")]


def test_every_case_field_has_a_danish_label_and_hint():
    for spec in CASE_FIELDS:
        assert spec.label and spec.hint, spec.name


def test_summary_limit_counts_characters_not_bytes(tmp_path):
    content = tmp_path / "content"
    (content / "cases").mkdir(parents=True)
    for name in ("vocabulary.yml", "sources.yml"):
        (content / name).write_text((MINIMAL / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (MINIMAL / "cases" / "odder-test.md").read_text(encoding="utf-8")
    summary = "æ" * 300  # 600 bytes in UTF-8, 300 characters
    (content / "cases" / "odder-test.md").write_text(
        text.replace("summary: Et kort resumé af casen fra Odder.", f"summary: {summary}"), encoding="utf-8")
    _, problems = load_library(content)
    assert not [p for p in problems if "summary" in p.message]


def test_a_memo_between_runs_gives_the_same_report_and_sees_every_change(tmp_path):
    import shutil

    content = shutil.copytree(MINIMAL, tmp_path / "content")
    memo = {}
    first = load_library(content, memo=memo)
    assert first == load_library(content)
    assert load_library(content, memo=memo) == first
    case = content / "cases" / "odder-test.md"
    case.write_text(case.read_text(encoding="utf-8").replace("municipality: Odder", "municipality: Oder"),
                    encoding="utf-8")
    library, problems = load_library(content, memo=memo)
    assert library is None
    assert [p.message for p in problems] == [p.message for p in load_library(content)[1]]
    assert any("Mente du 'Odder'?" in p.message for p in problems)


def test_a_memo_rechecks_an_unchanged_file_when_what_it_points_to_goes(tmp_path):
    import shutil

    content = shutil.copytree(MINIMAL, tmp_path / "content")
    memo = {}
    assert load_library(content, memo=memo)[0] is not None
    (content / "cases" / "hoeje-taastrup-test.md").unlink()  # odder-test.md lists it under 'related'
    library, problems = load_library(content, memo=memo)
    assert library is None
    assert any(p.path.endswith("odder-test.md") and "hoeje-taastrup-test" in p.message for p in problems)
