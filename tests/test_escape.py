"""Field values stay text: the escaping every template goes through, tried with hostile strings.

The Markdown contexts are rendered by Python-Markdown with the extensions and
settings of the real mkdocs.yml, so a change there that opens a hole fails here.
"""

import html
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.render.escape import html_text, markdown_text, plain_text, template_environment
from tests.conftest import ROOT

# Characters that mean something to Markdown, its extensions or HTML, plus
# letters, Danish letters, digits and whitespace.
HOSTILE_ALPHABET = "<>&\"'`{}[]()*_#|!\\-+.:=~/;%@^$ \t\n\r\u00a0\u2028æøåÆØÅabcXYZ0123456789"
HOSTILE = [
    "Samarbejde <på> tværs & {x}",
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(2)</script>",
    'Prototyper" data-x="1"><script>alert(3)</script>',
    'X {: tabindex="0" autofocus onfocus="alert(4)" }',
    "[klik](javascript:alert(5))",
    "![x](x.png)",
    "**fed** *kursiv* `kode` ~~x~~",
    "- ikke en liste",
    "+ heller ikke",
    "1986. ikke en nummereret liste",
    ": ikke en definition",
    "# ikke en overskrift",
    "C#",
    "!!! note \"ikke en boks\"",
    "a | b | c",
    "linje\n===\nikke en overskrift",
    "\\<script>",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "<https://eksempel.dk>",
    "<!-- kommentar -->",
    "{{ 7*7 }} {% raw %}",
    "\x1b[2K\x07falsk",
    "højre\u202evenstre",
    "<div markdown>*x*</div>",
    "    indrykket som kode",
]


@pytest.fixture(scope="module")
def site_markdown():
    """Python-Markdown configured exactly as mkdocs.yml configures it."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


class _Tree(HTMLParser):
    """The elements of a fragment, and the text directly inside each kind of element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text_in: dict[str, str] = {}
        self.text = ""
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        self.text += data
        if self._open:
            self.text_in[self._open[-1]] = self.text_in.get(self._open[-1], "") + data


def _parse(fragment: str) -> _Tree:
    tree = _Tree()
    tree.feed(fragment)
    return tree


# (Markdown around the value, the elements it must give, the element whose
# text is the value) — the places the page templates put field values.
CONTEXTS = {
    "heading": ("# {}", ["h1", "a"], "h1"),  # the a is the permalink the table of contents adds
    "paragraph": ("{}\n", ["p"], "p"),
    "after a heading": ("## Om\n\n{}\n", ["h2", "a", "p"], "p"),
    "list item": ("- {}\n", ["ul", "li"], "li"),
    "link text": ("[{}](anden-case.md)\n", ["p", "a"], "a"),
    "table cell": ("| Tal | Hvad |\n| --- | --- |\n| **{}** | x |\n",
                   ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "strong", "td"], "strong"),
    "definition": ("Målgruppe\n:   {}\n", ["dl", "dt", "dd"], "dd"),
}


def _render(site_markdown, context: str, value: str) -> _Tree:
    site_markdown.reset()
    return _parse(site_markdown.convert(CONTEXTS[context][0].format(markdown_text(value))))


def _shown(tree: _Tree, context: str) -> str:
    return " ".join(tree.text_in.get(CONTEXTS[context][2], "").split())


def _expected(value: str) -> str:
    return " ".join(plain_text(value).split())


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_shows_as_exactly_its_text(site_markdown, context, value):
    tree = _render(site_markdown, context, value)
    assert [tag for tag, _ in tree.tags] == CONTEXTS[context][1]
    for _, attributes in tree.tags:
        assert not any(name.startswith("on") or name in ("style", "tabindex", "autofocus") for name in attributes)
    assert _shown(tree, context) == _expected(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=HOSTILE_ALPHABET, min_size=1, max_size=60).filter(plain_text),
       context=st.sampled_from(list(CONTEXTS)))
def test_any_value_is_text_in_every_place_a_template_puts_one(site_markdown, value, context):
    tree = _render(site_markdown, context, value)
    assert [tag for tag, _ in tree.tags] == CONTEXTS[context][1], (value, context)
    assert _shown(tree, context) == _expected(value), (value, context)


@given(value=st.text(alphabet=HOSTILE_ALPHABET, max_size=60))
def test_html_text_is_text_in_elements_and_attributes(value):
    tree = _parse(f'<p title="{html_text(value)}">{html_text(value)}</p>')
    assert tree.tags == [("p", {"title": plain_text(value)})]
    assert tree.text == plain_text(value)


def test_no_invisible_or_control_character_survives():
    assert plain_text("a\x00b\x1b[2Kc\u202ed\u200be\ufeff  \n f") == "ab[2Kcde f"


def test_trusted_markup_passes_and_everything_else_is_escaped(tmp_path):
    (tmp_path / "t.md.j2").write_text("{% macro m() %}*{{ value }}*{% endmacro %}"
                                      "{{ value }}|{{ m() }}|{{ values | join(', ') }}\n", encoding="utf-8")
    env = template_environment(tmp_path, "markdown")
    out = env.get_template("t.md.j2").render(value="<b>*x*</b>", values=["[a]", "{b}"])
    assert out.splitlines()[0] == r"&lt;b&gt;\*x\*&lt;/b&gt;|*&lt;b&gt;\*x\*&lt;/b&gt;*|&#91;a&#93;, \{b\}"


def test_templates_never_mark_content_safe_themselves():
    # The helpers in scripts/ decide what is trusted (escape.trusted); a template
    # that says `| safe` or escapes for HTML by itself would bypass the Markdown escaping.
    for template in (ROOT / "scripts").rglob("*.j2"):
        text = template.read_text(encoding="utf-8")
        for bypass in ("| safe", "|safe", "| e ", "| e}", "|e ", "| escape", "|escape", "forceescape", "Markup("):
            assert bypass not in text, f"{template.relative_to(ROOT)} uses '{bypass}'"


def test_html_escaping_keeps_what_the_reader_sees():
    assert html.unescape(str(html_text('Samarbejde <på> tværs & {x} "ja"'))) == 'Samarbejde <på> tværs & {x} "ja"'
