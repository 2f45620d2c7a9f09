"""`make check` on the Markdown of bodies: HTML, attribute lists, links, anchors and limits."""

import re
import shutil

import markdown
import pytest

from scripts.check.library import load_library
from scripts.check.markup import MAX_BRACKETS_PER_PARAGRAPH, body_links, body_problems
from scripts.load.paths import heading_anchor
from tests.conftest import MINIMAL, ROOT, run_kb


@pytest.fixture(scope="module")
def site_markdown():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("title", ["Det gjorde de", "Ældrepleje & omsorg", "Samarbejde <på> tværs & {x}", "C# og *fed*",
                                   "1. runde: 50 %", "a_b-c  d", "Tegn: <b>fed</b> &amp; 'x'", "__config", "_x",
                                   "kb-filters-title", "md-header", "!!!", "Søg i casene"])
def test_make_check_knows_the_anchor_the_engine_gives_a_heading(site_markdown, title):
    from scripts.render.escape import markdown_text

    site_markdown.reset()
    html = site_markdown.convert("## " + markdown_text(title))
    assert re.search(r'<h2 id="([^"]*)"', html).group(1) == heading_anchor(title)


def test_a_heading_cannot_take_an_id_the_theme_reads():
    # Material reads its settings from #__config; a heading with that id before it would break every script.
    assert heading_anchor("__config") == "afsnit-__config"
    assert heading_anchor("kb-search-input") == "afsnit-kb-search-input"
    assert heading_anchor("!!!") == "afsnit"


def _problems(body: str) -> list[tuple[int, str]]:
    return list(body_problems(body, 10))


def test_plain_markdown_has_no_problems():
    body = ("## Kort fortalt\n\n- Et punkt med **fed**, *kursiv* og `<kode>` {som tekst}.\n"
            "- [En case](anden-case.md), [nettet](https://eksempel.dk) og <https://eksempel.dk>.\n\n"
            "<!-- en note til redaktionen -->\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n> Et citat.\n")
    assert _problems(body) == []
    assert body_links(body, "cases/x.md", 10)[1] == ()


@pytest.mark.parametrize(("body", "line", "start"), [
    ("Tekst <b>fed</b>", 10, "Linjen indeholder HTML ('<b>'). HTML virker ikke i indholdet og ville blive vist som "
                             "tekst. Skriv **fed** i stedet."),
    ("\n<script>alert(1)</script>", 11, "Linjen indeholder HTML ('<script>')."),
    ("<!DOCTYPE html>", 10, "Linjen indeholder HTML ('<!D"),
    ('Et afsnit.\n{: tabindex="0" onfocus="alert(1)" }', 11, "Linjen har en attributliste ('{: tabindex=\"0\" "),
    ("Tekst { .md-button }", 10, "Linjen har en attributliste ('{ .md-button }')."),
    ("![et billede](x.png)", 10, "Linjen har et billede ('![...](...)')."),
    ("# Endnu en titel", 10, "Overskriften '# Endnu en titel' har kun ét '#'. Skriv '## Endnu en titel'"),
    ("Før <!-- ingen ende", 10, "En kommentar ('<!--') lukkes aldrig."),
    (" " * 44 + "- dybt", 10, "Linjen er rykket 44 tegn ind; højst 40"),
    (">" * 11 + " citat", 10, "Linjen har 11 '>' i træk; et citat kan højst have 10 niveauer."),
    ("[" * (MAX_BRACKETS_PER_PARAGRAPH + 1), 10, f"Afsnittet har {MAX_BRACKETS_PER_PARAGRAPH + 1} '['; højst 100"),
    ('[link](https://odder.dk "&lt;meta http-equiv=refresh&gt;")', 10, "Linjen har et link med en titel"),
])
def test_what_the_site_cannot_show_as_written_is_named_with_its_line(body, line, start):
    found = _problems(body)
    assert any(number == line and message.startswith(start) for number, message in found), found


def test_a_body_over_the_size_limit_is_refused_without_further_work():
    # 30 KB is 4.5 times the longest case; at that size the slowest body found builds in under 4 s (SECURITY.md).
    assert _problems("x " * 20_000) == [(10, "Teksten fylder 40 KB, men må højst fylde 30 KB. Forkort den, eller "
                                         "del den op i flere cases.")]


def test_the_short_version_must_fit_the_meeting_brief(tmp_path):
    content = _library_with_body(tmp_path, "ord " * 201)
    _, problems = load_library(content)
    assert ("content/cases/odder-test.md", 22, "Afsnittet '## Kort fortalt' har 201 ord, men højst 200, så det kan "
            "stå på mødekortets ene side. Tre punkter, som en travl læser kan stoppe efter: hvad gjorde de, hvad kom "
            "der ud af det, hvad var svært.") in [(p.path, p.line, p.message) for p in problems]


@pytest.mark.parametrize(("link", "start"), [
    ("javascript:alert(1)", "Linket 'javascript:alert(1)' begynder med 'javascript:', som ikke er tilladt."),
    ("java&#x73;cript:alert(1)", "Linket 'java&#x73;cript:alert(1)' begynder med 'javascript:'"),
    ("JaVaScRiPt:alert(1)", "Linket 'JaVaScRiPt:alert(1)' begynder med 'JaVaScRiPt:'"),
    ("data:text/html,x", "Linket 'data:text/html,x' begynder med 'data:'"),
    ("file:///etc/passwd", "Linket 'file:///etc/passwd' begynder med 'file:'"),
    ("//evil.example/x", "Linket '//evil.example/x' mangler 'https:' foran."),
    ("/etc/passwd", "Linket '/etc/passwd' begynder med '/'."),
    ("../../../x.md", "Linket '../../../x.md' peger uden for biblioteket."),
])
def test_links_may_only_go_to_the_web_e_mail_or_the_library(link, start):
    for body in (f"[x]({link})", f"[x][r]\n\n[r]: {link}", f"[x](<{link}>)", f"[x][r]\n\n[r]:\n    {link}"):
        _, problems = body_links(body, "cases/x.md", 10)
        assert [message for _, message in problems if message.startswith(start)], (body, problems)


def test_an_unclosed_link_is_named_before_markdown_misreads_it():
    _, problems = body_links("Se [casen](anden-case.md og mere", "cases/x.md", 10)
    assert list(problems) == [(10, "Linket til 'anden-case.md' er ikke lukket: skriv ')' lige efter adressen, fx "
                             "'[titel](anden-case.md)'.")]


def _library_with_body(tmp_path, text: str):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    case = content / "cases" / "odder-test.md"
    case.write_text(case.read_text(encoding="utf-8").replace("Tre linjer.", text), encoding="utf-8")
    return content


VALID_LINKS = ("[a](hoeje-taastrup-test.md#det-gjorde-de) [b](#refleksionsspørgsmål) [c](../pdf/moedekort-odder-test.pdf) "
               "[d](../refleksionsspoergsmaal/samskabelse.md) [e](../kommuner/odder.md) [f](../assets/stylesheets/kb.css) "
               "[g](../oevelser/test-oevelse.md#materialer) [h](#n%C3%B8gletal) [i](mailto:redaktion@example.dk)")


def test_links_make_check_accepts_are_links_the_strict_build_accepts(tmp_path):
    content = _library_with_body(tmp_path, VALID_LINKS)
    library, problems = load_library(content)
    assert library is not None, [str(p) for p in problems]
    result = run_kb("--content", str(content), "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")
    for address in ('href="../hoeje-taastrup-test/#det-gjorde-de"', 'href="../../pdf/moedekort-odder-test.pdf"',
                    'href="../../refleksionsspoergsmaal/samskabelse/"', 'href="../../assets/stylesheets/kb.css"'):
        assert address in page
    for anchor in ("det-gjorde-de",):
        assert f'id="{anchor}"' in (tmp_path / "site" / "cases" / "hoeje-taastrup-test" / "index.html").read_text()
    assert 'id="refleksionsspørgsmål"' in page and 'id="nøgletal"' in page


@pytest.mark.parametrize(("link", "message"), [
    ("[x](#findes-ikke)", "Afsnittet '#findes-ikke' findes ikke på siden. Afsnittene er: #kort-fortalt, #udfordringen"),
    ("[x](hoeje-taastrup-test.md#findes-ikke)", "Afsnittet '#findes-ikke' findes ikke på siden."),
    ("[x](bilag.pdf)", "Linket 'bilag.pdf' peger på en fil, der ikke findes."),
    ("[x](../pdf/moedekort-findes-ikke.pdf)", "Linket '../pdf/moedekort-findes-ikke.pdf' peger på en fil, der ikke findes."),
    ("[x](../kommuner/aeroe.md)", "Linket '../kommuner/aeroe.md' peger på en side, der ikke findes."),
    ("[x](../kerneopgaver/laering.md#3-cases)", "Linket '../kerneopgaver/laering.md#3-cases' peger på et afsnit"),
    ("[x](../refleksionsspoergsmaal/findes-ikke.md)", "Linket '../refleksionsspoergsmaal/findes-ikke.md' peger på"),
])
def test_links_the_built_site_would_not_have_are_refused(tmp_path, link, message):
    # Ærø is in the vocabulary but has no case, so it gets no page.
    content = _library_with_body(tmp_path, link)
    library, problems = load_library(content)
    assert library is None
    assert [p for p in problems if p.path.endswith("odder-test.md") and p.message.startswith(message)], \
        [str(p) for p in problems]


def test_a_body_heading_may_not_repeat_one_the_page_has(tmp_path):
    content = _library_with_body(tmp_path, "Tekst.\n\n## Kilde\n\nMere.\n\n## Udfordringen\n\nIgen.")
    _, problems = load_library(content)
    messages = [p.message for p in problems if p.path.endswith("odder-test.md")]
    assert "Overskriften 'Kilde' skriver siden selv (afsnittet 'Kilde'). Giv dit afsnit et andet navn." in messages
    assert "Overskriften 'Udfordringen' står to gange (også 'Udfordringen'). Giv hvert afsnit sin egen overskrift." in messages


def test_a_table_is_bounded_because_paper_lays_it_out_slowly():
    table = "| a | b |\n| --- | --- |\n" + "\n".join("| x | y |" for _ in range(61))
    assert (10, "Tabellen har 61 rækker; højst 60. Del den op, eller skriv det som tekst.") in _problems(table)
    assert _problems("| a | b |\n| --- | --- |\n" + "\n".join("| x | y |" for _ in range(60))) == []


def test_a_workshop_pack_prints_a_bounded_amount_of_case_text():
    from scripts.check.library import Identity, _check_pack_sizes

    cases = [Identity("case", f"c{n}", f"content/cases/c{n}.md", None, 0, body_bytes=25_000) for n in range(3)]
    pack = Identity("workshop", "w", "content/workshops/w.md", None, 0, printed_cases=("c0", "c1", "c2"))
    assert [p.message for p in _check_pack_sizes([*cases, pack])] == [
        "Pakken printer 3 cases med 75 KB tekst tilsammen, men højst 60 KB. Brug færre eller kortere cases, eller "
        "del workshoppen op."]
    small = Identity("workshop", "w", "content/workshops/w.md", None, 0, printed_cases=("c0", "c1"))
    assert list(_check_pack_sizes([*cases, small])) == []
