"""What `make check` does with files and values an attacker (or a tired editor) could put in content/.

Every case ends in a Danish message with the file (and the line, where there
is one), never in a traceback, and no file is followed out of the folder or
read without limit.
"""

import os
import re
import shutil

import pytest

from scripts.content import MAX_FILE_BYTES
from scripts.schema import load_library
from tests.conftest import MINIMAL, run_kb


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    return folder


def _messages(content, path_end: str) -> list[tuple[int, str]]:
    library, problems = load_library(content)
    assert library is None, "the change should make the library invalid"
    return [(p.line, p.message) for p in problems if p.path.endswith(path_end)]


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LINK_MESSAGE = "Filen er et symbolsk link. Links følges ikke: læg selve filen i mappen i stedet for linket."


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/findes/ikke", "../odder-test.md"])
def test_a_symbolic_link_is_refused_and_never_followed(content, target):
    os.symlink(target, content / "cases" / "link.md")
    assert _messages(content, "cases/link.md") == [(0, LINK_MESSAGE)]


def test_a_linked_registry_is_refused(content):
    (content / "sources.yml").rename(content / "real-sources.yml")
    os.symlink("real-sources.yml", content / "sources.yml")
    library, problems = load_library(content)
    assert library is None
    assert ("content/sources.yml", 0, LINK_MESSAGE) in [(p.path, p.line, p.message) for p in problems]


def test_a_linked_content_folder_is_refused(content, tmp_path):
    shutil.move(content / "strategy", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", content / "strategy")
    assert ("content/strategy", 0, "Mappen er et symbolsk link. Links følges ikke: læg filerne i en almindelig mappe.") \
        in [(p.path, p.line, p.message) for p in load_library(content)[1]]


def test_a_folder_named_like_a_case_is_named_as_a_folder(content):
    (content / "cases" / "mappe.md").mkdir()
    assert _messages(content, "cases/mappe.md") == [(0, "'mappe.md' er en mappe, ikke en fil. Giv mappen et navn, der "
                                                        "ikke ender på '.md', eller flyt filerne i den op i mappen over.")]


def test_a_fifo_is_refused_without_waiting_for_it(content):
    os.mkfifo(content / "cases" / "roer.md")
    assert _messages(content, "cases/roer.md") == [(0, "Filen er ikke en almindelig fil. Slet den, og læg en almindelig "
                                                       "tekstfil i stedet.")]


def test_an_oversized_file_is_refused_before_it_is_read(content):
    (content / "cases" / "stor.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    assert _messages(content, "cases/stor.md") == [(0, "Filen fylder 1000 KB, men må højst fylde 1000 KB. Forkort den.")]


@pytest.mark.parametrize(("name", "message"), [
    ("ny-case.MD", "Filen bliver ikke brugt: kun filer, der ender på '.md' (med små bogstaver), bliver til sider. "
                   "Omdøb den til 'ny-case.md'."),
    ("ny-case.markdown", "Filen bliver ikke brugt: kun filer, der ender på '.md' (med små bogstaver), bliver til sider. "
                         "Omdøb den til 'ny-case.md'."),
    ("noter.txt", "Filen bliver ikke brugt: i content/cases/ bliver kun Markdown-filer (.md) til sider. Flyt eller slet den."),
])
def test_a_case_that_would_be_ignored_is_reported(content, name, message):
    (content / "cases" / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert _messages(content, f"cases/{name}") == [(0, message)]


def test_a_case_in_a_sub_folder_or_a_misnamed_folder_is_reported(content):
    (content / "cases" / "2026").mkdir()
    (content / "cases" / "2026" / "ny.md").write_text("x", encoding="utf-8")
    (content / "case").mkdir()
    _, problems = load_library(content)
    found = {(p.path, p.message) for p in problems}
    assert ("content/cases/2026", "Mappen bruges ikke: filerne skal ligge direkte i content/cases/, ikke i en mappe "
                                  "under den.") in found
    assert ("content/case", "'case' bruges ikke af biblioteket. Indhold skal ligge i en af mapperne cases/, strategy/, "
                            "reflection/, workshops/. Mente du 'cases/'?") in found


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("last_reviewed: 2026-11-01", "last_reviewed: 2026-02-30", 20,
     "Ugyldig værdi: Datoen '2026-02-30' findes ikke. Skriv en rigtig dato på formen ÅÅÅÅ-MM-DD, fx 2026-11-23."),
    ("title: Odder prøver noget nyt", "title: 2026-13-45", 2,
     "Ugyldig værdi: Datoen '2026-13-45' findes ikke. Skriv en rigtig dato på formen ÅÅÅÅ-MM-DD, fx 2026-11-23."),
    ("last_reviewed: 2026-11-01", "last_reviewed: 9999-12-31", 20,
     "Feltet 'last_reviewed' skal være en dato mellem 1900 og 2100 (fik 9999-12-31). Tjek årstallet."),
    ("last_reviewed: 2026-11-01", "last_reviewed: 2026-11-25 10:00:00", 20,
     "Feltet 'last_reviewed' skal være en dato uden klokkeslæt, fx 2026-11-25 (fik 2026-11-25 10:00:00)."),
    ("themes: [Samskabelse, Ældrepleje]", "themes: [[Samskabelse]]", 5,
     "Hvert punkt i 'themes' skal være en tekst, fx 'Samskabelse' (fik en liste)."),
    ("period: 2018", "period: " + "9" * 5000, 8,
     "Ugyldig værdi: Tallet '99999999999999999999…' er for langt. Skriv det som tekst i anførselstegn, hvis det skal stå der."),
    ("title: Odder prøver noget nyt", "title: " + "[" * 3000 + "]" * 3000, 2,
     "Ugyldig værdi: Værdierne er lagt for dybt inden i hinanden (over 50 niveauer). Skriv feltet som en tekst eller en "
     "enkel liste."),
    ("related: [hoeje-taastrup-test]", "related: [odder-test]", 19,
     "Casen kan ikke være relateret til sig selv. Slet 'odder-test' fra 'related'."),
    ("title: Odder prøver noget nyt", 'title: "Odder \\e[2K\\x07prøver"', 2,
     "Feltet 'title' indeholder et usynligt styretegn (U+001B). Slet det: styretegn kan skjule eller ændre teksten."),
])
def test_impossible_values_get_a_danish_message_with_their_line(content, old, new, line, message):
    _edit(content / "cases" / "odder-test.md", old, new)
    assert (line, message) in _messages(content, "cases/odder-test.md")


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07", "\u202e", "\u2028"])
def test_control_characters_in_a_file_are_refused_by_line(content, character):
    _edit(content / "cases" / "odder-test.md", "Tre linjer.", f"Tre {character}linjer.")
    found = _messages(content, "cases/odder-test.md")
    assert found == [(24, f"Linjen indeholder et usynligt styretegn (U+{ord(character):04X}). Slet det: styretegn kan "
                          "skjule eller ændre teksten.")]


def test_check_output_never_carries_a_terminal_escape_or_a_traceback(content):
    _edit(content / "cases" / "odder-test.md", "keywords: [styring]", '"\\e[2K\\e[1A\\rIndholdet er i orden (falsk)\\e[8m": x\nkeywords: [styring]')
    (content / "cases" / "\x1b[31mrød.md").write_text("x", encoding="utf-8")
    result = run_kb("--content", str(content), "validate")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", output.replace("\n", "")), repr(output)
    assert "\\x1b[2K" in output


@pytest.mark.parametrize(("where", "old", "new", "message"), [
    ("cases", None, "index.md", "Filnavnet 'index.md' er forbeholdt en oversigtsside, som bygningen laver. Giv filen et "
                                "andet navn."),
    ("strategy", None, "index.md", "Filnavnet 'index.md' er forbeholdt en oversigtsside, som bygningen laver. Giv filen et "
                                   "andet navn."),
    ("sources.yml", "- id: testkilde", "- id: index", "Kildens id 'index' er forbeholdt listen over kilder. Giv kilden et "
                                                      "andet id."),
    ("vocabulary.yml", "  - label: Ny organisering", "  - label: Index",
     "'Index' i 'themes' giver adressen 'index', som er forbeholdt en oversigtsside. Giv det et andet navn."),
    ("vocabulary.yml", "  - label: Ny organisering", "  - label: '!!!'",
     "'!!!' i 'themes' må kun have bogstaver, tal, mellemrum og tegnene - & ' . , ( ) /. Ret navnet."),
    ("vocabulary.yml", "  - label: Ny organisering", "  - label: Tema<img src=x onerror=alert(1)>",
     "'Tema<img src=x onerror=alert(1)>' i 'themes' må kun have bogstaver, tal, mellemrum og tegnene - & ' . , ( ) /. "
     "Ret navnet."),
    ("sources.yml", "  url: null", "  url: 'javascript:alert(1)'",
     "Feltet 'url' skal være en webadresse, der begynder med https:// eller http:// (fik 'javascript:alert(1)')."),
    ("sources.yml", "  kind: Rapport", "  kind: Rapport\n  kind: Artikel",
     "Feltet 'kind' står to gange i samme punkt. Slet det ene; ellers gælder kun det sidste."),
    ("vocabulary.yml", "    intro: Introduktion til temaet Samskabelse.",
     "    intro: Introduktion til temaet Samskabelse.\n    label: Andet navn",
     "Feltet 'label' står to gange i samme punkt. Slet det ene; ellers gælder kun det sidste."),
])
def test_nothing_can_take_the_place_of_a_page_the_build_makes(content, where, old, new, message):
    if old is None:  # a content file named index.md
        source = next((content / where).glob("*.md"))
        shutil.copy(source, content / where / new)
    else:
        _edit(content / where, old, new)
    _, problems = load_library(content)
    assert message in [p.message for p in problems], [str(p) for p in problems]


def test_the_scaffold_refuses_a_title_without_letters(content):
    result = run_kb("--content", str(content), "new-case", "--title", "!!!", "--municipality", "Odder",
                    "--core-task", "Læring", "--theme", "Samskabelse", "--source", "testkilde")
    assert result.returncode == 1
    assert "Titlen '!!!' giver intet filnavn: den skal have bogstaver eller tal." in result.stderr
    assert not (content / "cases" / ".md").exists()
