"""The privacy gate against the ways a CPR number, a phone number or an e-mail address slips into a file.

Each row is written the way an editor might paste it (Word's dashes,
non-breaking spaces, entities, Markdown emphasis) and must be found on its
own line with the right severity; the ordinary figures of a Danish case
(years, amounts, ISBNs, page ranges, dates) must not be.
"""

import shutil
from pathlib import Path

import pytest

from scripts.check.library import load_library
from scripts.check.privacy import file_name_personal_data, personal_data_findings, personal_data_lines, personal_data_values
from scripts.load.content import parse_yaml
from tests.conftest import MINIMAL

CASE = "content/cases/odder-test.md"


def cpr(shown: str) -> tuple[str, str]:
    return "error", (f"Teksten ligner et CPR-nummer ('{shown}'). Slet det: Casebiblioteket må aldrig indeholde "
                     "oplysninger, der kan identificere en borger.")


def email(shown: str) -> tuple[str, str]:
    return "warning", (f"Teksten indeholder en e-mailadresse ('{shown}'). Slet den, medmindre det er en offentlig "
                       "adresse til en afdeling, ikke til en person.")


def phone(shown: str) -> tuple[str, str]:
    return "warning", (f"Teksten indeholder noget, der ligner et telefonnummer ('{shown}'). Slet det, medmindre det "
                       "er et offentligt nummer til en afdeling.")


def in_a_file(line: str) -> str:
    """A small Markdown file with `line` as its line 5."""
    return f"---\ntitle: Test\n---\nFørste linje.\n{line}\nSidste linje.\n"


@pytest.mark.parametrize(("line", "expected"), [
    # Found before, and still found.
    pytest.param("Borgeren har CPR-nummer 010190-1234.", cpr("010190-1234"), id="dash"),
    pytest.param("Se 0101901234 i sagen.", cpr("0101901234"), id="no-separator"),
    pytest.param("Se 010190 1234 i sagen.", cpr("010190 1234"), id="space"),
    pytest.param("Se ０１０１９０-１２３４ i sagen.", cpr("010190-1234"), id="full-width-digits"),
    pytest.param("Se ٠١٠١٩٠-١٢٣٤ i sagen.", cpr("010190-1234"), id="arabic-indic-digits"),
    pytest.param("Se [sagen](https://example.dk/sag?cpr=010190-1234).", cpr("010190-1234"), id="in-url"),
    pytest.param("<!-- Borger 010190-1234 -->", cpr("010190-1234"), id="in-html-comment"),
    pytest.param("Se cpr010190-1234.", cpr("010190-1234"), id="after-letters"),
    # Dashes and spaces from Word and the web.
    pytest.param("Borgeren 010190\u20131234 fik hjælp.", cpr("010190-1234"), id="en-dash"),
    pytest.param("Borgeren 010190\u20111234 fik hjælp.", cpr("010190-1234"), id="non-breaking-hyphen"),
    pytest.param("Borgeren 010190\u22121234 fik hjælp.", cpr("010190-1234"), id="minus-sign"),
    pytest.param("Borgeren 010190\u20101234 fik hjælp.", cpr("010190-1234"), id="unicode-hyphen"),
    pytest.param("Borgeren 010190\u00a01234 fik hjælp.", cpr("010190 1234"), id="nbsp"),
    pytest.param("Borgeren 010190\u20091234 fik hjælp.", cpr("010190 1234"), id="thin-space"),
    pytest.param("Borgeren 010190/1234 fik hjælp.", cpr("010190/1234"), id="slash"),
    pytest.param("Borgeren 010190--1234 fik hjælp.", cpr("010190--1234"), id="double-dash"),
    pytest.param("Borgeren 010190 \u2013 1234 fik hjælp.", cpr("010190 - 1234"), id="spaced-en-dash"),
    # Separators inside the date.
    pytest.param("Borgeren 01.01.90-1234 fik hjælp.", cpr("01.01.90-1234"), id="dotted-date"),
    pytest.param("Borgeren 01 01 90-1234 fik hjælp.", cpr("01 01 90-1234"), id="spaced-date"),
    pytest.param("Borgeren 01-01-90-1234 fik hjælp.", cpr("01-01-90-1234"), id="dashed-date"),
    # Invisible characters, entities and markup that render as a CPR number.
    pytest.param("Borgeren 010190\u200b-1234 fik hjælp.", cpr("010190-1234"), id="zero-width-space"),
    pytest.param("Borgeren 0101\u2060\ufeff90-1234 fik hjælp.", cpr("010190-1234"), id="word-joiner-and-bom"),
    pytest.param("Borgeren 010190\u00ad-1234 fik hjælp.", cpr("010190-1234"), id="soft-hyphen"),
    pytest.param("Borgeren &#48;10190-1234 fik hjælp.", cpr("010190-1234"), id="decimal-entity"),
    pytest.param("Borgeren &#x30;10190-1234 fik hjælp.", cpr("010190-1234"), id="hex-entity"),
    pytest.param("Borgeren 010190&ndash;1234 fik hjælp.", cpr("010190-1234"), id="named-entity"),
    pytest.param("Borgeren 0101**90**-1234 fik hjælp.", cpr("010190-1234"), id="markdown-bold"),
    pytest.param("Borgeren 01_01_90-`1234` fik hjælp.", cpr("010190-1234"), id="markdown-underscore-and-code"),
    pytest.param("Borgeren 010190-<!-- -->1234 fik hjælp.", cpr("010190-1234"), id="empty-html-comment"),
    pytest.param("Borgeren <b>0101</b>90-1234 fik hjælp.", cpr("010190-1234"), id="html-tag"),
    # Markdown link and image syntax, of which a reader sees the text only.
    pytest.param("Borgeren [010190](https://example.dk)-1234 fik hjælp.", cpr("010190-1234"), id="link-text"),
    pytest.param("Borgeren [0101](https://a.dk)[90](https://b.dk)-1234 fik hjælp.", cpr("010190-1234"),
                 id="two-links"),
    pytest.param("Borgeren [010190][kilde]-1234 fik hjælp.", cpr("010190-1234"), id="reference-link"),
    pytest.param("Borgeren [010190]-1234 fik hjælp.", cpr("010190-1234"), id="shortcut-reference-link"),
    pytest.param("Borgeren ![010190](billede.png \"Foto\")-1234 fik hjælp.", cpr("010190-1234"), id="image-alt"),
    pytest.param("[1]: https://example.dk/sag/010190-1234", cpr("010190-1234"), id="in-reference-definition"),
    pytest.param("Se <https://example.dk/010190-1234>.", cpr("010190-1234"), id="in-autolink"),
    # Characters that look like a dash, a blank or nothing.
    pytest.param("Borgeren 010190\u25001234 fik hjælp.", cpr("010190-1234"), id="box-drawing-light"),
    pytest.param("Borgeren 010190\u25011234 fik hjælp.", cpr("010190-1234"), id="box-drawing-heavy"),
    pytest.param("Borgeren 010190\u25041234 fik hjælp.", cpr("010190-1234"), id="box-drawing-triple-dash"),
    pytest.param("Borgeren 010190\u25091234 fik hjælp.", cpr("010190-1234"), id="box-drawing-quadruple-dash"),
    pytest.param("Borgeren 010190\u254c1234 fik hjælp.", cpr("010190-1234"), id="box-drawing-double-dash"),
    pytest.param("Borgeren 010190\u30fc1234 fik hjælp.", cpr("010190-1234"), id="katakana-long-vowel-mark"),
    pytest.param("Borgeren 010190\uff701234 fik hjælp.", cpr("010190-1234"), id="half-width-long-vowel-mark"),
    pytest.param("Borgeren 010190\u4e001234 fik hjælp.", cpr("010190-1234"), id="cjk-one"),
    pytest.param("Borgeren 010190\u31611234 fik hjælp.", cpr("010190-1234"), id="hangul-eu"),
    pytest.param("Borgeren 010190\u23af1234 fik hjælp.", cpr("010190-1234"), id="horizontal-line-extension"),
    pytest.param("Borgeren 010190\u28001234 fik hjælp.", cpr("0101901234"), id="braille-blank"),
    pytest.param("Borgeren 010190\u31641234 fik hjælp.", cpr("0101901234"), id="hangul-filler"),
    pytest.param("Borgeren 010190\uffa01234 fik hjælp.", cpr("0101901234"), id="half-width-hangul-filler"),
    pytest.param("Borgeren 0\u115f10190-1234 fik hjælp.", cpr("010190-1234"), id="hangul-choseong-filler"),
    pytest.param("Borgeren 0101\u116090-1234 fik hjælp.", cpr("010190-1234"), id="hangul-jungseong-filler"),
    pytest.param("Borgeren " + "\u3164".join("010190-1234") + " fik hjælp.", cpr("010190-1234"),
                 id="filler-between-every-digit"),
    # More separators.
    pytest.param("Borgeren 010190 -- 1234 fik hjælp.", cpr("010190 -- 1234"), id="spaced-double-dash"),
    pytest.param("Borgeren 010190 \u2014\u2014 1234 fik hjælp.", cpr("010190 -- 1234"), id="spaced-double-em-dash"),
    pytest.param("Borgeren 010190:1234 fik hjælp.", cpr("010190:1234"), id="colon"),
    pytest.param("Borgeren 010190 : 1234 fik hjælp.", cpr("010190 : 1234"), id="spaced-colon"),
    # Written as a CPR number (a dash or slash before the four digits), next to a '.' and digits.
    pytest.param("Borgeren 010190-1234.5 fik hjælp.", cpr("010190-1234"), id="dot-and-digit-after"),
    pytest.param("Borgeren 9.010190-1234 fik hjælp.", cpr("010190-1234"), id="digit-and-dot-before"),
    pytest.param("Borgeren 1.010190/1234.5 fik hjælp.", cpr("010190/1234"), id="slash-between-figures"),
    pytest.param("Borgeren 9.01.01.90-1234 fik hjælp.", cpr("01.01.90-1234"), id="dotted-date-after-figure"),
    # Phone numbers.
    pytest.param("Ring på 12-34-56-78.", phone("12-34-56-78"), id="phone-dashes"),
    pytest.param("Ring på 12.34.56.78.", phone("12.34.56.78"), id="phone-dots"),
    pytest.param("Ring på 123 456 78.", phone("123 456 78"), id="phone-three-three-two"),
    pytest.param("Ring på 12\u00a034\u00a056\u00a078.", phone("12 34 56 78"), id="phone-nbsp"),
    pytest.param("Ring på +45\u00a01234\u00a05678.", phone("+45 1234 5678"), id="phone-country-code-nbsp"),
    # E-mail addresses.
    pytest.param("Skriv til hanne&#64;odder.dk.", email("hanne@odder.dk"), id="email-entity"),
    pytest.param("Skriv til hanne&commat;odder.dk.", email("hanne@odder.dk"), id="email-named-entity"),
    pytest.param("Skriv til hanne＠odder.dk.", email("hanne@odder.dk"), id="email-full-width-at"),
    pytest.param("Skriv til hanne (at) odder.dk.", email("hanne@odder.dk"), id="email-at-in-brackets"),
    pytest.param("Skriv til hanne[at]odder[dot]dk.", email("hanne@odder.dk"), id="email-at-and-dot-in-brackets"),
    pytest.param("Skriv til hanne_jensen@odder.dk.", email("hanne_jensen@odder.dk"), id="email-underscore-once"),
])
def test_each_way_of_writing_it_is_found_on_its_line(line, expected):
    assert list(personal_data_lines(in_a_file(line))) == [(5, *expected)]


@pytest.mark.parametrize("text", [
    pytest.param("I perioden 2015-2018 og igen 2015\u20132018 faldt udgifterne.", id="periods"),
    pytest.param("Fra 2015 til 2018, og i årene 2016, 2017 og 2018.", id="years"),
    pytest.param("Kommunen sparede 1.200.000 kr., siden 12.345.678 kr.", id="amounts-with-dots"),
    pytest.param("Kommunen sparede 1 200 000 kr. og 12 000 kr.", id="amounts-with-spaces"),
    pytest.param("Det kostede 5 mio. kr. og 1,2 mia. kr. om året.", id="millions"),
    pytest.param("ISBN 978-87-93038-46-2 og ISBN 87-7724-951-3.", id="isbn"),
    pytest.param("isbn: 978-0-00-000000-0", id="isbn-zeros"),
    pytest.param("Se side 15-17 og s. 10-12, 20-24.", id="page-ranges"),
    pytest.param('source_pages: "8, 10, 13, 20-24"', id="page-list"),
    pytest.param("Den 27. juni 2018 og den 27.06.2018 holdt de møde.", id="danish-dates"),
    pytest.param("last_reviewed: 2026-11-25", id="iso-date"),
    pytest.param("Fra 01.01.2015-31.12.2018 var der projektmidler.", id="date-range"),
    pytest.param("Pr. 01.01.19 2345 borgere i alt.", id="date-then-count"),
    pytest.param("Pr. 01.01.2019 var der 2.345 borgere.", id="date-then-amount"),
    pytest.param("Åbent kl. 10.00-12.30 og 8-16.", id="opening-hours"),
    pytest.param("Unge på 18-25 år og børn på 0-17 år.", id="age-ranges"),
    pytest.param("Skoleåret 2015/16 og 2016/17.", id="school-years"),
    pytest.param("Opholdstiden faldt fra 6 til 2 år (6 → 2 år), 12,5 %.", id="figures"),
    pytest.param("Sagsnr. 27.06.18-P20-1-18 i kommunen.", id="case-number"),
    pytest.param("Lov nr. 1234 af 20. december 2017, § 85 og § 107.", id="law"),
    pytest.param("| 2015 | 2016 | 2017 | 2018 |", id="table-of-years"),
    pytest.param("Udgifterne steg i 2018\n2019 blev de lavere.", id="years-over-a-line-break"),
    pytest.param("- 2018\n- 2019", id="years-in-a-list"),
    pytest.param("Se https://www.kl.dk/media/12345/rapport-2018-2019.pdf.", id="url-with-years"),
    pytest.param("Vi holdt fri på skt. hans (at holde fri er godt).", id="at-in-brackets-as-a-word"),
    # ':' separates a CPR number's six digits from its four, but not times, ratios and counts.
    pytest.param("Mødet var kl. 10:30 og sluttede 12:30:45.", id="times"),
    pytest.param("Åbent kl. 09:00-12:30 og 13:00-16:00.", id="opening-hours-with-colons"),
    pytest.param("Forholdet var 1:2, siden 3:4 og til sidst 150:1.", id="ratios"),
    pytest.param("Kampen endte 3:1, og i 2018:2019 var det 2:2.", id="scores-and-years"),
    pytest.param("Pr. 01.01.19: 2345 borgere i alt.", id="date-then-colon-and-count"),
    pytest.param("Skoleåret 2018/19: 1234 elever.", id="school-year-then-colon-and-count"),
    pytest.param("Mødet 2018-01-01 10:12:30 samlede 1234 borgere.", id="timestamp-then-count"),
    pytest.param("Joh. 3:16 og § 85, stk. 2: 1234 kr.", id="verse-and-paragraph"),
    pytest.param("| kl. 10:30 | 1234 | 12:30 |", id="table-of-times"),
    # Ten digits without a dash or slash in a figure with a decimal point stay a figure.
    pytest.param("Udgiften var 3112864498.5 kr., eller 1.3112864498 mia. kr.", id="ten-digits-with-decimals"),
    # Links, look-alike lines and blanks between ordinary figures.
    pytest.param("Se [rapporten](https://www.kl.dk/media/12345/2018.pdf) fra 2019 og [side 12](#s12)-14.",
                 id="links-between-figures"),
    pytest.param("[12]: https://www.kl.dk/media/12345/rapport-2018-2019.pdf", id="reference-definition"),
    pytest.param("Tabellen \u2500 2015 \u2500 2018 \u2500 viser faldet fra 12 til 8 %.", id="box-drawing-around-years"),
])
def test_ordinary_figures_are_not_flagged(text):
    assert personal_data_findings(text, [text]) == []


def test_a_number_broken_over_two_lines_is_found_on_its_first_line():
    text = "---\ntitle: Test\n---\nBorgeren havde nummer 010190-\n1234 og fik hjælp.\n"
    assert list(personal_data_lines(text)) == [(4, *cpr("010190- 1234"))]


def test_several_findings_on_one_line_each_once():
    text = "Ring 12 34 56 78 eller 12 34 56 78, skriv til a@b.dk, og 010190-1234 er 010190\u20131234."
    assert [severity for _, severity, _ in personal_data_lines(text)] == ["error", "warning", "warning"]


def test_parsed_values_are_found_on_the_line_of_their_key_or_item():
    data, problems = parse_yaml('title: ok\nquestions:\n  - "Hvad med 010190\\u20131234?"\n  - Intet her\n', "t.yml")
    assert problems == []
    assert list(personal_data_values(data)) == [(3, *cpr("010190-1234"))]


def test_a_value_found_in_raw_text_and_parsed_is_reported_once():
    # The escaped quote makes the gate read the parsed values too; both find the number.
    text = 'title: "Borger 010190-1234 fik \\"hjælp\\""\nsummary: >-\n  Ring 12 34\n  56 78 eller 12 34 56 78.\n'
    data, _ = parse_yaml(text, "t.yml")
    assert list(personal_data_values(data)) == [(1, *cpr("010190-1234")), (2, *phone("12 34 56 78"))]
    assert personal_data_findings(text, data) == [(1, *cpr("010190-1234")), (4, *phone("12 34 56 78"))]


def test_a_yaml_alias_that_contains_itself_is_read_once():
    text = 'a: &x ["010190\\u20131234", *x]\n'
    data, _ = parse_yaml(text, "t.yml")
    assert data["a"][1] is data["a"]
    assert personal_data_findings(text, data) == [(1, *cpr("010190-1234"))]


def test_a_number_in_an_alias_that_contains_itself_is_read_as_a_page_shows_it():
    text = "a: &x [3112864498, *x]\n"
    data, _ = parse_yaml(text, "t.yml")
    assert personal_data_findings(text, data) == [(1, *cpr("3112864498"))]


def test_a_number_too_long_to_write_in_decimal_is_refused_before_the_gate():
    text = "period: 0x" + "F" * 4000 + "\n"  # Python writes at most 4,300 decimal digits
    data, problems = parse_yaml(text, "t.yml")
    assert data is None and problems[0].message.startswith("Ugyldig værdi: Tallet '0xFFFFFFFFFFFFFFFFFF' er ikke "
                                                            "skrevet med almindelige cifre.")


# --- Through the validator, on a copy of the minimal fixture -----------------

def content_with(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for name, (old, new) in edits.items():
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return content


def privacy_problems(problems):
    return [(p.path, p.line, p.severity, p.message) for p in problems
            if "CPR-nummer" in p.message or "e-mailadresse" in p.message or "telefonnummer" in p.message]


@pytest.mark.parametrize(("old", "new", "line", "expected"), [
    pytest.param("title: Odder prøver noget nyt", 'title: "010190\\u20131234 prøver noget nyt"', 2,
                 cpr("010190-1234"), id="unicode-escape-en-dash"),
    pytest.param("title: Odder prøver noget nyt", 'title: "\\x30\\x31\\x30\\x31\\x39\\x30-1234 prøver noget nyt"', 2,
                 cpr("010190-1234"), id="hex-escapes"),
    pytest.param("title: Odder prøver noget nyt", 'title: "Odder prøver noget nyt, ring 12\\u00a034\\u00a056\\u00a078"',
                 2, phone("12 34 56 78"), id="escaped-nbsp-phone"),
    pytest.param("title: Odder prøver noget nyt", 'title: "Odder prøver noget nyt, hanne\\x40odder.dk"', 2,
                 email("hanne@odder.dk"), id="escaped-at"),
    pytest.param("summary: Et kort resumé af casen fra Odder.",
                 "summary: >-\n  Et kort resumé af casen fra Odder, 010190-\n  1234.", 7,
                 cpr("010190- 1234"), id="folded-over-two-lines"),
    pytest.param("summary: Et kort resumé af casen fra Odder.",
                 "summary: >-\n  Et kort resumé af casen fra Odder, 01.01.\n  90-\n  1234.", 6,
                 cpr("01.01. 90- 1234"), id="folded-over-three-lines"),
    pytest.param("summary: Et kort resumé af casen fra Odder.",
                 "summary: >-\n  Et kort resumé af casen fra Odder,\n  ring 12 34\n  56 78.", 6,
                 phone("12 34 56 78"), id="folded-phone"),
    pytest.param("  - Hvem skal med?", '  - "Hvem skal med, 010190\\u00ad-1234?"', 17,
                 cpr("010190-1234"), id="escape-in-list-item"),
    pytest.param("title: Odder prøver noget nyt", 'title: "Odder prøver \\"noget\\" nyt 010190-1234"', 2,
                 cpr("010190-1234"), id="raw-and-parsed-once"),
    # A number as a page shows it (3112864498 is 31.12.86-4498); a number written otherwise (hex,
    # octal, binary, base 60, underscores, exponents) is refused before the gate, see the next test.
    pytest.param("period: 2018", "period: 3112864498", 8, cpr("3112864498"), id="decimal-period"),
    pytest.param('  - figure: "9"', "  - figure: 3110400000.0000000001", 10, cpr("3110400000"),
                 id="float-figure-rounded"),
    pytest.param('  - figure: "9"', "  - figure: 12345678", 10, phone("12345678"), id="phone-figure"),
])
def test_front_matter_is_checked_as_yaml_reads_it(tmp_path, old, new, line, expected):
    library, problems = load_library(content_with(tmp_path, {"cases/odder-test.md": (old, new)}))
    assert privacy_problems(problems) == [(CASE, line, *expected)]
    assert (library is None) == (expected[0] == "error")


@pytest.mark.parametrize(("old", "new", "line"), [
    pytest.param("period: 2018", "period: 0xB98A8AF2", 8, id="hex-period"),
    pytest.param("period: 2018", "period: 027142505362", 8, id="octal-period"),
    pytest.param("period: 2018", "period: 0b10111001100010101000101011110010", 8, id="binary-period"),
    pytest.param("period: 2018", "period: 4:0:0:0:0:0", 8, id="base-60-period"),
    pytest.param("period: 2018", "period: 3_112_864_498", 8, id="underscored-period"),
    pytest.param('source_pages: "3-4"', "source_pages: 0xB98A8AF2", 13, id="hex-source-pages"),
    pytest.param('  - figure: "9"', "  - figure: 0xB98A8AF2", 10, id="hex-figure"),
    pytest.param('  - figure: "9"', "  - figure: 3.1104e+9", 10, id="float-figure"),
    pytest.param('  - figure: "9"', "  - figure: 0xBC614E", 10, id="hex-phone-figure"),
])
def test_a_number_written_other_than_in_plain_digits_is_refused_before_any_page_shows_it(tmp_path, old, new, line):
    library, problems = load_library(content_with(tmp_path, {"cases/odder-test.md": (old, new)}))
    assert library is None
    assert [(p.line, p.message.split(" er ikke")[0]) for p in problems if p.path == CASE] == [
        (line, f"Ugyldig værdi: Tallet '{new.split(': ', 1)[1][:20]}'")]


def test_a_cpr_number_in_the_source_registry_is_an_error(tmp_path):
    content = content_with(tmp_path, {"sources.yml": (
        "  description: En kilde til testene.",
        "  description: En kilde til testene, om borger 010190\u20131234 (hanne@odder.dk).")})
    library, problems = load_library(content)
    assert library is None
    assert sorted(privacy_problems(problems)) == [("content/sources.yml", 12, *cpr("010190-1234")),
                                                  ("content/sources.yml", 12, *email("hanne@odder.dk"))]
    assert [p for p in problems if p.severity == "error" and p.path != "content/sources.yml"] == []


@pytest.mark.parametrize(("edits", "line", "expected"), [
    pytest.param({"  title: En testkilde": "  title: Notat 010190", "  subtitle: Med undertitel": '  subtitle: "1234"'},
                 2, cpr("010190 - 1234"), id="title-and-subtitle"),
    pytest.param({"  title: En testkilde": "  title: Notat 010190", "  subtitle: Med undertitel": "  subtitle: -1234"},
                 2, cpr("010190 - -1234"), id="title-and-subtitle-with-dash"),
    pytest.param({"  author: Testa Testesen": "  author: Testa 010190", "  title: En testkilde": '  title: "1234"'},
                 4, cpr("010190: 1234"), id="author-and-title"),
    pytest.param({"  subtitle: Med undertitel": "  subtitle: Bilag 010190",
                  "  publisher: Testforlaget": '  publisher: "1234"'}, 3, cpr("010190. 1234"), id="subtitle-and-publisher"),
    # The list of sources puts ' – ' between them, which completes a date written with spaces; the citation's '. ' does not.
    pytest.param({"  subtitle: Med undertitel": "  subtitle: Bilag 01 01 90",
                  "  publisher: Testforlaget": '  publisher: "1234"'}, 3, cpr("01 01 90 - 1234"),
                 id="subtitle-and-publisher-in-the-list"),
    pytest.param({"  year: 2020": "  year: 3112864498"}, 6, cpr("3112864498"), id="decimal-year"),
])
def test_what_a_page_joins_from_a_source_is_checked_as_one(tmp_path, edits, line, expected):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = content / "sources.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    library, problems = load_library(content)
    assert library is None
    assert privacy_problems(problems) == [("content/sources.yml", line, *expected)]


def test_a_yaml_escape_in_the_source_registry_is_read_as_yaml_reads_it(tmp_path):
    content = content_with(tmp_path, {"sources.yml": (
        "  description: En kilde til testene.", '  description: "En kilde til testene: 010190\\u20131234."')})
    _, problems = load_library(content)
    assert privacy_problems(problems) == [("content/sources.yml", 12, *cpr("010190-1234"))]


def test_a_phone_number_in_the_vocabulary_is_a_warning(tmp_path):
    content = content_with(tmp_path, {"vocabulary.yml": (
        "description: Skole og dagtilbud.", "description: Skole og dagtilbud, ring 12\u00a034\u00a056\u00a078.")})
    library, problems = load_library(content)
    assert library is not None
    assert privacy_problems(problems) == [("content/vocabulary.yml", 5, *phone("12 34 56 78"))]


@pytest.mark.parametrize("name", ["010190-1234.md", "borger-010190\u20131234.md"])
def test_a_cpr_number_in_a_file_name_is_an_error_that_says_rename(tmp_path, name):
    content = content_with(tmp_path, {})
    case = (content / "cases" / "odder-test.md").read_text(encoding="utf-8")
    (content / "cases" / name).write_text(case.replace("Odder prøver noget nyt", "En anden titel"), encoding="utf-8")
    library, problems = load_library(content)
    assert library is None
    named = [(p.line, p.severity, p.message) for p in problems if p.path == f"content/cases/{name}" and "CPR" in p.message]
    assert named == [(0, "error", f"Filnavnet '{name}' ligner et CPR-nummer ('010190-1234'). Omdøb filen, så nummeret "
                                  "ikke står i navnet: filnavnet bliver til sidens adresse og PDF-filens navn, og "
                                  "Casebiblioteket må aldrig indeholde oplysninger, der kan identificere en borger.")]


@pytest.mark.parametrize("name", ["odder-2015-2018.md", "syntetisk-case-00001.md", "hedensted-10-12-14.md"])
def test_ordinary_file_names_pass(name):
    assert file_name_personal_data(name) == []


def test_the_quick_scan_knows_every_decimal_digit_unicode_has():
    import re
    import sys
    import unicodedata

    from scripts.check.privacy import _ANY_DIGIT

    digit = re.compile(_ANY_DIGIT)
    missing = [hex(cp) for cp in range(sys.maxunicode + 1)
               if unicodedata.category(chr(cp)) == "Nd" and not digit.match(chr(cp))]
    assert missing == [], "add these ranges to DECIMAL_DIGITS in scripts/check/privacy.py"


def test_a_cpr_number_in_any_script_s_digits_is_found():
    for number in ("०१०१९०-१२३४", "০১০১৯০-১২৩৪", "𝟎𝟏𝟎𝟏𝟗𝟎-𝟏𝟐𝟑𝟒", "𑁦𑁧𑁦𑁧𑁯𑁦-𑁧𑁨𑁩𑁪"):
        assert [severity for _, severity, _ in personal_data_lines(f"Tekst {number} her")] == ["error"], number
