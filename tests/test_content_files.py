"""What `make check` does with files and values an attacker (or a tired editor) could put in content/.

Every case ends in a Danish message with the file (and the line, where there
is one), never in a traceback, and no file is followed out of the folder or
read without limit.
"""

import os
import re
import shutil

import pytest

from scripts.check.library import load_library
from scripts.load.content import MAX_FILE_BYTES
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
    ("title: Odder prøver noget nyt", "title: " + "[" * 60 + "]" * 60, 2,
     "Ugyldig værdi: Værdierne er lagt for dybt inden i hinanden (over 50 niveauer). Skriv feltet som en tekst eller en "
     "enkel liste."),
    # libyaml would crash (segmentation fault) at some 30,000 levels: the count stops it first.
    ("title: Odder prøver noget nyt", "title: " + "[" * 40_000 + "]" * 40_000, 2,
     "Ugyldig værdi: YAML-delen har 40004 '[' og '{', men højst 2000. Skriv lister med '- ' på hver linje i stedet."),
    ("period: 2018", "period: 0xB98A8AF2", 8,
     "Ugyldig værdi: Tallet '0xB98A8AF2' er ikke skrevet med almindelige cifre. Skriv det som 2018 eller 2,5, eller sæt "
     "det i anførselstegn."),
    ("period: 2018", "period: 1_9_8_6", 8,
     "Ugyldig værdi: Tallet '1_9_8_6' er ikke skrevet med almindelige cifre. Skriv det som 2018 eller 2,5, eller sæt "
     "det i anførselstegn."),
    ("period: 2018", "period: 3112864498", 8,
     "Feltet 'period' skal være et år mellem 1900 og 2100 (fik 3112864498). Skriv andet end et år i anførselstegn."),
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


def test_aliases_are_walked_once_however_often_they_repeat(content):
    # Nine levels of nine aliases each: 9**9 strings if every alias were followed.
    lines = ["a0: &a0 [x]"] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    _edit(content / "cases" / "odder-test.md", "keywords: [styring]", "\n".join(lines) + "\nkeywords: [styring]")
    from scripts.load.content import parse_yaml, strings_with_lines

    front = (content / "cases" / "odder-test.md").read_text(encoding="utf-8").split("---")[1]
    meta, problems = parse_yaml(front, "x")
    assert problems == []
    assert len([text for _, text, _ in strings_with_lines(meta) if text == "x"]) == 1
    _, problems = load_library(content)  # and the whole check finishes (unknown fields a0 … a8)
    assert len([p for p in problems if p.message.startswith("Ukendt felt 'a")]) == 9


def test_a_list_far_too_long_is_reported_by_its_length_not_item_by_item(content):
    themes = ", ".join(f"Tema {n}" for n in range(3000))
    _edit(content / "cases" / "odder-test.md", "themes: [Samskabelse, Ældrepleje]", f"themes: [{themes}]")
    found = [message for line, message in _messages(content, "cases/odder-test.md") if line == 5]
    assert found[0] == "Feltet 'themes' skal have 1-5 punkter (har 3000)."
    assert len(found) == 6  # the length, and the first five items


def test_a_report_shows_at_most_fifty_problems_a_file(content):
    _edit(content / "cases" / "odder-test.md", "Tre linjer.", "\n".join(f"<b>{n}</b>" for n in range(200)))
    result = run_kb("--content", str(content), "validate")
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/cases/odder-test.md")]
    assert len(lines) == 51
    assert lines[-1] == "content/cases/odder-test.md: advarsel: … og 150 problemer mere i filen. Ret dem ovenfor, og kør igen."


def test_a_comment_in_a_field_is_refused_because_fields_are_shown_as_written(content):
    _edit(content / "cases" / "odder-test.md", "target_group: Voksne med behov for støtte",
          "target_group: Voksne <!-- intern note om borgeren -->")
    assert (7, "Feltet 'target_group' indeholder en kommentar ('<!--'). Felterne vises, som de står, så kommentaren "
               "ville blive udgivet; skriv den i teksten under front matter.") in _messages(content, "cases/odder-test.md")


def test_registry_texts_are_checked_also_inside_lists(content):
    _edit(content / "sources.yml", "    - Et kapitel, der mangler", '    - "Et kapitel\\e[31m, der mangler"\n    - "<!-- note -->"')
    _, problems = load_library(content)
    found = {(p.line, p.message) for p in problems if p.path == "content/sources.yml"}
    assert (15, "Feltet 'not_written' indeholder et usynligt styretegn (U+001B). Slet det.") in found
    assert (16, "Feltet 'not_written' indeholder en kommentar ('<!--'), som ville blive udgivet. Slet den.") in found


@pytest.mark.parametrize(("text", "start"), [
    ("Se `<!-- vises -->` og mere.", "Linjen har '<!--' eller '-->' i `kode`."),
    ("Før <!-- en `kode` i en note --> efter.", "En kommentar indeholder '`'."),
])
def test_comments_and_code_may_not_overlap_or_text_would_vanish(content, text, start):
    _edit(content / "cases" / "odder-test.md", "Tre linjer.", text)
    assert [message for _, message in _messages(content, "cases/odder-test.md") if message.startswith(start)]


def test_a_linked_content_folder_or_template_is_refused(tmp_path, content):
    os.symlink(content, tmp_path / "linket")
    result = run_kb("--content", str(tmp_path / "linket"), "validate")
    assert result.returncode == 1
    assert "fejl: Mappen er et symbolsk link. Links følges ikke: læg indholdet i en almindelig mappe." in result.stderr
    (content / "_templates").mkdir()
    os.symlink("/etc/hostname", content / "_templates" / "case.md")
    assert ("content/_templates/case.md", 0, "Skabelonen skal være en almindelig fil, ikke et symbolsk link eller en "
            "mappe.") in [(p.path, p.line, p.message) for p in load_library(content)[1]]


def test_the_preview_check_never_waits_on_a_fifo_saved_while_it_runs(content, tmp_path):
    import threading

    load_library(content, memo=(memo := {}))  # the preview's first check
    os.mkfifo(tmp_path / "roer")
    os.symlink(tmp_path / "roer", content / "cases" / "roer.md")
    done = []
    worker = threading.Thread(target=lambda: done.append(load_library(content, memo=memo)), daemon=True)
    worker.start()
    worker.join(60)  # a guard against hanging, not a speed target
    assert done, "the check waited on the FIFO"
    assert ("content/cases/roer.md", 0, LINK_MESSAGE) in [(p.path, p.line, p.message) for p in done[0][1]]


def test_old_mac_line_endings_read_like_any_other(content):
    case = content / "cases" / "odder-test.md"
    case.write_bytes(case.read_bytes().replace(b"\n", b"\r"))
    library, problems = load_library(content)
    assert library is not None, [str(p) for p in problems]
