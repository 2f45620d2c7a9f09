"""Compacted HTML loses only indentation, never content."""

from scripts.render.compact import compact_html


def test_indentation_and_blank_lines_go():
    html = "<ul>\n    <li>Et</li>\n\n\n    <li>To</li>\n  </ul>\n"
    assert compact_html(html) == "<ul>\n<li>Et</li>\n<li>To</li>\n</ul>\n"


def test_spaces_inside_pre_textarea_and_script_stay():
    html = ("<div>\n  <pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  svar\n</textarea>\n"
            "  <SCRIPT>\n  var x = `a\n    b`;\n</SCRIPT>\n</div>")
    assert compact_html(html) == ("<div>\n<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  svar\n</textarea>\n"
                                  "<SCRIPT>\n  var x = `a\n    b`;\n</SCRIPT>\n</div>")


def test_text_within_a_line_is_untouched():
    html = "<p>Ord  med   mellemrum og\ttab</p>"
    assert compact_html(html) == html
