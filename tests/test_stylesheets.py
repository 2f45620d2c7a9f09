"""The site's own stylesheets are whole: a rule cut off (a lost closing brace, as a merge once left one)
makes the browser read every later rule as part of it, and those rules silently stop applying."""

from pathlib import Path

import pytest
import tinycss2

STYLESHEETS = sorted((Path(__file__).resolve().parents[1] / "overrides" / "assets" / "stylesheets").glob("*.css"))


def rule_problems(rules, where: str = "") -> list[str]:
    problems = []
    for rule in rules:
        if rule.type == "error":
            problems.append(f"{where}{rule.source_line}: {rule.message}")
        elif rule.type == "qualified-rule":
            for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if item.type == "error":
                    problems.append(f"{rule.source_line}: {item.message}")
                elif item.type == "qualified-rule":  # a rule inside a rule: the one before it lost its end
                    problems.append(f"{item.source_line}: a rule inside the rule of line {rule.source_line}")
        elif rule.type == "at-rule" and rule.content is not None and rule.at_keyword in ("media", "supports"):
            problems += rule_problems(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                               skip_whitespace=True), where)
    return problems


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_of_the_stylesheet_is_closed_where_it_ends(stylesheet):
    text = stylesheet.read_text(encoding="utf-8")
    rules, _ = tinycss2.parse_stylesheet_bytes(text.encode("utf-8"), skip_comments=True, skip_whitespace=True)
    assert rule_problems(rules) == []
    tokens = tinycss2.parse_component_value_list(text, skip_comments=True)
    assert not [token for token in tokens if token.type == "error"]  # e.g. a stray closing brace


def test_the_check_finds_a_rule_that_lost_its_end():
    broken = ".a {\n  color: red;\n\n.b {\n  color: blue;\n}\n"
    rules, _ = tinycss2.parse_stylesheet_bytes(broken.encode(), skip_comments=True, skip_whitespace=True)
    assert rule_problems(rules) != []
