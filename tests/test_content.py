"""Loading files: front matter, YAML with line numbers, unreadable files."""

from pathlib import Path

import pytest

from scripts.load.content import parse_yaml, read_document, split_front_matter


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    folder = tmp_path / "content" / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_split_front_matter_reports_where_the_body_starts():
    front, front_line, body, body_line = split_front_matter("---\ntitle: A\n---\n## Kort fortalt\n", "x.md")
    assert (front, front_line, body, body_line) == ("title: A\n", 2, "## Kort fortalt\n", 4)


def test_unclosed_front_matter_is_a_problem():
    problem = split_front_matter("---\ntitle: A\n", "x.md")
    assert "slutter aldrig" in problem.message


def test_yaml_keeps_file_line_numbers_of_keys_and_items():
    data, problems = parse_yaml("title: A\nthemes:\n  - X\n  - Y\n", "x.md", first_line=2)
    assert problems == []
    assert data.lines == {"title": 2, "themes": 3}
    assert data["themes"].lines == [4, 5]


def test_yaml_records_duplicate_keys():
    data, _ = parse_yaml("title: A\ntitle: B\n", "x.md")
    assert data.duplicates == [("title", 2)]
    assert data["title"] == "B"


@pytest.mark.parametrize("text", [
    "title: !!python/object/apply:os.system ['echo hej']\n",
    "title: !!python/name:os.system\n",
])
def test_yaml_refuses_tags_that_build_python_objects(text):
    data, problems = parse_yaml(text, "x.md")
    assert data is None
    assert "ikke tilladt" in problems[0].message


def test_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path, "bom.md", "\ufeff---\ntitle: A\n---\nTekst\n")
    document, problems = read_document(path, "case", tmp_path / "content")
    assert problems == []
    assert document.meta["title"] == "A"
    assert document.display == "content/cases/bom.md"


def test_non_utf8_file_names_the_line(tmp_path):
    path = write(tmp_path, "latin.md", b"---\ntitle: ok\nsummary: K\xf8ge\n---\n")
    document, problems = read_document(path, "case", tmp_path / "content")
    assert document is None
    assert (problems[0].line, problems[0].path) == (3, "content/cases/latin.md")
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file_is_a_problem(tmp_path, text):
    document, problems = read_document(write(tmp_path, "empty.md", text), "case", tmp_path / "content")
    assert document is None
    assert problems[0].message.startswith("Filen er tom")


def test_front_matter_must_be_fields(tmp_path):
    document, problems = read_document(write(tmp_path, "list.md", "---\n- a\n- b\n---\n"), "case", tmp_path / "content")
    assert document is None
    assert "navn: værdi" in problems[0].message
