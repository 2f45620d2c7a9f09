"""What an editor sees for each kind of mistake, the privacy gate and the review interval.

Each case starts from the valid fixture case and makes one mistake, the way
an editor would; the test pins the exact message, file and line.
"""

import shutil
from datetime import date
from pathlib import Path

import pytest

from scripts.check.library import load_library
from scripts.check.privacy import cpr_numbers, email_addresses, personal_data, personal_data_lines, phone_numbers
from scripts.load.review import add_months
from tests.conftest import MINIMAL, run_kb

CASE = "content/cases/odder-test.md"


def library_with(tmp_path: Path, old: str, new: str, **options):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = content / "cases" / "odder-test.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_library(content, **options)


def errors(problems):
    return [(p.path, p.line, p.message) for p in problems if p.severity == "error"]


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    pytest.param("themes: [Samskabelse, Ældrepleje]", "themes:\n  - Samskabelse\n - Ældrepleje", 7,
                 "Ugyldig YAML: Indrykningen passer ikke: felter og punkter i en liste på samme niveau skal starte "
                 "i samme kolonne. Ret mellemrummene foran linjen.", id="indentation"),
    pytest.param("target_group: Voksne", "  target_group: Voksne", 7,
                 "Ugyldig YAML: Indrykningen passer ikke: linjen er rykket ind, men linjen over åbner ikke en gruppe. "
                 "Fjern mellemrummene foran, så feltet starter i samme kolonne som felterne over.",
                 id="stray-indent"),
    pytest.param("core_tasks: [Social Omsorg]", "core_tasks:\n\t- Social Omsorg", 5,
                 "Ugyldig YAML: Linjen indeholder et tabulatortegn. Brug mellemrum til indrykning.", id="tab"),
    pytest.param("target_group: Voksne", "target_group Voksne", 7,
                 "Ugyldig YAML: Der mangler et kolon efter feltnavnet (skriv 'navn: værdi').", id="missing-colon"),
    pytest.param("summary: Et kort resumé", "summary: Resumé: kort", 6,
                 'Ugyldig YAML: Der står et kolon midt i en værdi. Sæt hele værdien i anførselstegn, fx summary: '
                 '"Resumé: kort fortalt".', id="colon-in-value"),
    pytest.param("period: 2018", "periode: 2018", 8,
                 "Ukendt felt 'periode'. Mente du 'period'? Ret feltnavnet (feltnavnene er på engelsk).",
                 id="unknown-field"),
    pytest.param("core_tasks: [Social Omsorg]", "core_tasks: [Socialomsorg]", 4,
                 "Feltet 'core_tasks' skal være en af: Læring, Social Omsorg (fik 'Socialomsorg'). "
                 "Mente du 'Social Omsorg'?", id="outside-vocabulary"),
    pytest.param("municipality: Odder", "municipality: Oder", 3,
                 "Feltet 'municipality' skal være navnet på en kommune, som det står i content/vocabulary.yml "
                 "(fik 'Oder'). Mente du 'Odder'?", id="unknown-municipality"),
    pytest.param("source: testkilde", "source: test-kilde-2020", 12,
                 "Feltet 'source' skal være id'et på en kilde i content/sources.yml (fik 'test-kilde-2020'). "
                 "Mente du 'testkilde'? Findes kilden ikke, så tilføj den dér først.", id="missing-source"),
    pytest.param("Tre linjer.", "Se [casen](hoeje-tastrup-test.md).", 24,
                 "Linket 'hoeje-tastrup-test.md' peger på en side, der ikke findes. Mente du 'hoeje-taastrup-test.md'?",
                 id="broken-link"),
    pytest.param("Tre linjer.", "Se [casen](en-helt-anden.md).", 24,
                 "Linket 'en-helt-anden.md' peger på en side, der ikke findes. Link til en anden case med dens "
                 "filnavn, fx '[titel](anden-case.md)'.", id="broken-link-no-guess"),
    pytest.param("Tre linjer.", "Se [casen](hoeje-taastrup-test.md og de andre (fra 2018).", 24,
                 "Linket til 'hoeje-taastrup-test.md' er ikke lukket: skriv ')' lige efter adressen, fx "
                 "'[titel](anden-case.md)'.", id="unclosed-link"),
    pytest.param("## Udfordringen\n\nTekst.", "## Udfordringen\n\n<!-- Skriv udfordringen. -->", 26,
                 "Afsnittet '## Udfordringen' er tomt. Hvilket problem ville kommunen løse, og for hvem? Brug "
                 "kildens egne tal, hvor den har dem.", id="empty-section"),
])
def test_each_mistake_gets_one_message_with_file_line_and_fix(tmp_path, old, new, line, message):
    library, problems = library_with(tmp_path, old, new)
    assert library is None
    assert errors(problems) == [(CASE, line, message)]


def test_a_broken_case_does_not_make_references_to_it_look_missing(tmp_path):
    # The strategy, exercise and workshop of the fixture all point at odder-test.
    _, problems = library_with(tmp_path, "target_group: Voksne", "target_group Voksne")
    assert [p.path for p in problems if p.severity == "error"] == [CASE]


@pytest.mark.parametrize(("text", "cpr", "emails", "phones"), [
    ("Borgeren har CPR-nummer 010203-1234.", ["010203-1234"], [], []),
    ("Se 0102031234 i sagen.", ["0102031234"], [], []),
    ("Skriv til familie@example.dk for at høre mere.", [], ["familie@example.dk"], []),
    ("Ring på 12 34 56 78 eller +45 87654321.", [], [], ["12 34 56 78", "+45 87654321"]),
    ("Opholdstiden faldt fra 6 til 2 år, og 5 mio. kr. blev sparet i 2018.", [], [], []),
    ("ISBN 978-87-93038-46-2, side 15-16, perioden 2015-2018.", [], [], []),
    ("3112991234 er en dato (31.12.99), 3102991234 er ikke.", ["3112991234"], [], []),
])
def test_privacy_patterns(text, cpr, emails, phones):
    assert list(cpr_numbers(text)) == cpr
    assert list(email_addresses(text)) == emails
    assert list(phone_numbers(text)) == phones


def test_each_finding_is_reported_once_with_its_line():
    text = "---\ntitle: A\nlast_reviewed: 2026-11-25\n---\nRing 12 34 56 78 eller 87654321.\nSkriv til a@b.dk.\n"
    assert [(line, severity) for line, severity, _ in personal_data_lines(text)] == [
        (5, "warning"), (5, "warning"), (6, "warning")]


def test_personal_data_is_an_error_for_cpr_and_a_warning_otherwise():
    assert [severity for severity, _ in personal_data("010203-1234, ole@example.dk, 12345678")] == [
        "error", "warning", "warning"]


def test_cpr_number_fails_validation_and_names_the_line(tmp_path):
    library, problems = library_with(tmp_path, "Tekst.\n\n## Det gjorde de", "Borger 010203-1234.\n\n## Det gjorde de")
    assert library is None
    assert errors(problems) == [(CASE, 28, "Teksten ligner et CPR-nummer ('010203-1234'). Slet det: Casebiblioteket "
                                           "må aldrig indeholde oplysninger, der kan identificere en borger.")]


def test_email_address_is_a_warning_that_names_the_line(tmp_path):
    library, problems = library_with(tmp_path, "Tre linjer.", "Skriv til ole@example.dk.")
    assert library is not None
    assert [(p.line, p.severity, p.message) for p in problems if "e-mail" in p.message] == [
        (24, "warning", "Teksten indeholder en e-mailadresse ('ole@example.dk'). Slet den, medmindre det er en "
                        "offentlig adresse til en afdeling, ikke til en person.")]


@pytest.mark.parametrize(("day", "months", "due"), [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 11, 1), 24, date(2026, 11, 1)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_add_months(day, months, due):
    assert add_months(day, months) == due


def test_case_past_its_review_interval_gets_a_warning_not_an_error(tmp_path):
    library, problems = library_with(tmp_path, "last_reviewed: 2026-11-01", "last_reviewed: 2024-10-31",
                                     review_months=24, today=date(2026, 11, 1))
    assert library is not None
    assert [(p.path, p.line, p.severity, p.message) for p in problems if p.field == "last_reviewed"] == [
        (CASE, 20, "warning", "Casen blev sidst gennemgået 31. oktober 2024 og skulle gennemgås igen senest "
                              "31. oktober 2026 (hver 24. måned). Læs den igennem, ret det forældede, og sæt "
                              "'last_reviewed' til dagens dato.")]


def test_case_within_its_review_interval_gets_no_warning(tmp_path):
    _, problems = library_with(tmp_path, "last_reviewed: 2026-11-01", "last_reviewed: 2024-11-01",
                               review_months=24, today=date(2026, 11, 1))
    assert not [p for p in problems if p.field == "last_reviewed"]


def test_check_command_reports_only_the_files_asked_about(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for name, (old, new) in {"odder-test.md": ("period: 2018", "periode: 2018"),
                             "hoeje-taastrup-test.md": ("period: null", "perioden: null")}.items():
        path = content / "cases" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_kb("--content", str(content), "validate", str(content / "cases" / "odder-test.md"))
    assert result.returncode == 1
    assert "odder-test.md:8: fejl: Ukendt felt 'periode'" in result.stderr
    assert "hoeje-taastrup-test.md" not in result.stderr
    assert "Der er også 1 fejl i andre filer." in result.stderr
