"""The library's own voice: the reflection box, how it renders, and what make check says about it."""

from scripts.check.voice import voice_problems
from scripts.load.model import SourcePart
from scripts.load.text import page_numbers, source_location
from scripts.load.voice import LABEL, MARKER
from scripts.render.body import markdown_to_safe_html, sanitize

LABEL_HTML = f'<p class="kb-own-voice__label">{LABEL} – ikke fra kilden</p>'


def html(text: str) -> str:
    return str(markdown_to_safe_html(text, lambda href: href))


def test_a_quote_that_starts_with_the_marker_becomes_a_labelled_box():
    out = html(f"{MARKER.join(['> ', ''])}\n> Vores **egen** tanke.\n>\n> - et punkt\n")
    assert out.startswith('<div class="kb-own-voice" role="note">')
    assert LABEL_HTML in out
    assert "<p>Vores <strong>egen</strong> tanke.</p>" in out
    assert "<li>et punkt</li>" in out
    assert MARKER not in out and "<blockquote>" not in out


def test_a_list_right_under_the_marker_is_a_list():
    # Python-Markdown lets no list start inside a paragraph; the marker line must not swallow it.
    out = html(f"> {MARKER}\n> - Første punkt.\n> - Andet punkt.\n")
    assert "<ul>\n<li>Første punkt.</li>\n<li>Andet punkt.</li>\n</ul>" in out
    assert "- Første" not in out


def test_a_plain_quote_stays_a_quote():
    out = html("> Et citat fra kilden.\n")
    assert out == "<blockquote>\n<p>Et citat fra kilden.</p>\n</blockquote>"


def test_quotes_joined_by_a_blank_line_are_split_at_each_marker():
    # Python-Markdown makes one quote of these three; each marker still starts its own box.
    out = html(f"> Kildens citat.\n\n> {MARKER}\n> Første.\n\n> {MARKER}\n> Anden.\n")
    assert out.count('<div class="kb-own-voice"') == 2
    assert out.index("<blockquote>") < out.index("Kildens citat.") < out.index('<div class="kb-own-voice"')
    assert "Første." in out.split('<div class="kb-own-voice"')[1]
    assert "Anden." in out.split('<div class="kb-own-voice"')[2]


def test_a_box_can_stand_in_a_list_item():
    out = html(f"- Et punkt\n\n    > {MARKER}\n    > Inde i punktet.\n")
    assert '<li>\n<p>Et punkt</p>\n<div class="kb-own-voice"' in out


def test_a_misspelt_marker_or_one_in_running_text_is_only_text():
    assert "kb-own-voice" not in html("> [!Refleksion]\n> x\n")
    assert "kb-own-voice" not in html(f"Tekst med {MARKER} midt i.\n")
    assert "kb-own-voice" not in html(f"> Citat først\n> {MARKER}\n")


def test_the_box_cannot_carry_markup_from_content():
    out = html(f"> {MARKER}\n> <script>alert(1)</script> <b>x</b>\n")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out


def test_the_box_class_cannot_be_written_by_an_editor():
    # Raw HTML is text; the sanitizer would drop the class anyway.
    out = html('<div class="kb-own-voice" role="note">Falsk boks</div>\n')
    assert "<div" not in out and "&lt;div" in out
    # And behind that wall, the sanitizer keeps only the box's own class and role.
    cleaned = sanitize('<div class="kb-own-voice md-header" role="dialog" onclick="x()">y</div>'
                       '<p class="md-button kb-own-voice__label" style="x">z</p>')
    assert cleaned == '<div class="kb-own-voice">y</div><p class="kb-own-voice__label">z</p>'


def problems(body: str, lesson_rule: bool = True) -> list[tuple[int, str]]:
    return list(voice_problems(body, 1, lesson_rule))


def test_attributed_points_and_boxes_pass_the_lesson_rule():
    body = ("## Dilemmaer og læring\n\n"
            "- **Tid.** Ifølge Britta Kempel tog det tid.\n"
            "- Artiklen beskriver, at ikke alle var med.\n\n"
            f"> {MARKER}\n> Vores egen pointe uden kilde.\n")
    assert problems(body) == []


def test_an_unattributed_point_in_the_lesson_section_names_its_line():
    body = "## Dilemmaer og læring\n\n- Ifølge kilden var det svært.\n- **Vaner sidder dybt.** Det er svært.\n"
    [(line, message)] = problems(body)
    assert line == 4
    assert message.startswith("'Vaner sidder dybt. Det er svært.' under 'Dilemmaer og læring' siger ikke")
    assert f"'> {MARKER}'" in message


def test_the_lesson_rule_applies_only_to_its_section_and_only_when_asked():
    other = "## Det gjorde de\n\nVaner sidder dybt.\n"
    assert problems(other) == []
    assert problems("## Dilemmaer og læring\n\nVaner sidder dybt.\n", lesson_rule=False) == []


def test_a_point_continued_on_the_next_line_is_one_point():
    body = "## Dilemmaer og læring\n\n- **Tid.** Det tog lang tid,\n  fortæller Britta Kempel.\n"
    assert problems(body) == []


def test_box_mistakes_each_get_a_message():
    body = (f"> [!note]\n> x\n\n> {MARKER} tekst på samme linje\n\n> {MARKER}\n\nLøs {MARKER} i tekst.\n\n"
            f"> citat\n> {MARKER}\n> y\n")
    found = problems(body, lesson_rule=False)
    assert [line for line, _ in found] == [1, 4, 6, 8, 11]
    assert "'[!note]' er ikke en kendt boks" in found[0][1]
    assert "alene på linjen" in found[1][1]
    assert "tom" in found[2][1]
    assert "virker kun som første linje i et citat" in found[3][1]
    assert "skal stå på citatets første linje" in found[4][1]


def test_page_numbers_reads_lists_and_ranges():
    assert page_numbers("10, 15-16, 34") == {10, 15, 16, 34}
    assert page_numbers("24") == {24}
    assert page_numbers("15–17") == {15, 16, 17}
    assert page_numbers("side fire") is None
    assert page_numbers("16-15") is None


def test_source_location_names_the_sections_with_their_pages():
    one = (SourcePart("Familierne for bordenden", "15-16"),)
    two = (SourcePart("Det bedste sted at bo", "23"), SourcePart("Undskyld vi roder", "34"))
    assert source_location(one, "15-16") == "Afsnittet »Familierne for bordenden«, side 15-16."
    assert source_location(two, "23, 34") == "Afsnittene »Det bedste sted at bo« (side 23) og »Undskyld vi roder« (side 34)."
    assert source_location((), "4-10") == "Side 4-10."
    assert source_location((), None) == ""


def test_every_pack_gets_the_same_copy_instruction_worded_for_its_contents():
    from scripts.load.text import copy_instruction
    assert copy_instruction(2, 2) == ("Print planen og facilitatorarkene i ét eksemplar til dig selv og de 2 cases og "
                                      "deltagerarkene i ét eksemplar til hver deltager.")
    assert copy_instruction(1, 1) == ("Print planen og facilitatorarket i ét eksemplar til dig selv og casen og "
                                      "deltagerarket i ét eksemplar til hver deltager.")
    assert copy_instruction(0, 0) == "Print planen i ét eksemplar til dig selv."
