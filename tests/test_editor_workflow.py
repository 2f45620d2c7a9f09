"""The editor's path: scaffold a case, the generated docs, and the GitHub set-up."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from scripts.check.library import load_library
from scripts.check.registries import load_registries
from scripts.load.model import slugify
from scripts.tools.docs import CONTRIBUTING, generated_docs
from scripts.tools.new_case import ScaffoldError, ask_missing, scaffold_case, template_text, write_new_case
from tests.conftest import MINIMAL, ROOT, run_kb

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.fixture
def content(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


def _scaffold(content, **overrides):
    vocabulary, sources, _ = load_registries(content)
    values = dict(title="Ældre får hjælp i Høje-Taastrup", municipality="Høje-Taastrup", core_tasks=["Læring"],
                  themes=["Samskabelse"], source="testkilde")
    values.update(overrides)
    return scaffold_case(vocabulary, [s.id for s in sources], today=date(2026, 11, 25), **values)


@pytest.mark.parametrize(("title", "slug"), [
    ("Ældre får hjælp i Høje-Taastrup", "aeldre-faar-hjaelp-i-hoeje-taastrup"),
    ("Bostøtten: frie hænder!", "bostoetten-frie-haender"),
    ("Café-aftener på Ærø", "cafe-aftener-paa-aeroe"),
])
def test_slug_from_title_handles_danish_letters(title, slug):
    assert slugify(title) == slug


def test_scaffold_has_every_field_and_section_and_only_what_is_unwritten_fails(content):
    slug, text = _scaffold(content)
    assert slug == "aeldre-faar-hjaelp-i-hoeje-taastrup"
    write_new_case(content, slug, text)
    _, problems = load_library(content)
    mine = [(p.line, p.message) for p in problems if p.path == f"content/cases/{slug}.md" and p.severity == "error"]
    assert [message.split(".")[0] for _, message in mine] == [
        "Feltet 'summary' er tomt",
        "Feltet 'target_group' er tomt",
        "Feltet 'reflection_questions' skal have 3-6 punkter (har 0)",
        "Afsnittet '## Kort fortalt' er tomt",
        "Afsnittet '## Udfordringen' er tomt",
        "Afsnittet '## Det gjorde de' er tomt",
        "Afsnittet '## Organisering og samarbejde' er tomt",
        "Afsnittet '## Det kom der ud af' er tomt",
        "Afsnittet '## Dilemmaer og læring' er tomt",
        "Afsnittet '## Sådan kan I bruge casen' er tomt",
    ]
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "Ældre får hjælp i Høje-Taastrup"
    assert (meta["municipality"], meta["core_tasks"], meta["themes"], meta["source"]) == (
        "Høje-Taastrup", ["Læring"], ["Samskabelse"], "testkilde")
    assert meta["last_reviewed"] == date(2026, 11, 25)


def test_scaffold_once_filled_in_is_valid(content):
    slug, text = _scaffold(content)
    text = (text.replace('summary: ""', "summary: Et resumé.").replace('target_group: ""', "target_group: Ældre")
            .replace("reflection_questions: []", "reflection_questions: [Hvad?, Hvem?, Hvornår?]"))
    text = "\n".join("Kilden beskriver det." if line.startswith("<!--") else line for line in text.splitlines())
    write_new_case(content, slug, text)
    library, problems = load_library(content)
    assert library is not None, [str(p) for p in problems]


def test_scaffold_refuses_values_outside_the_vocabulary_with_did_you_mean(content):
    with pytest.raises(ScaffoldError) as error:
        _scaffold(content, municipality="Hoeje Taastrup", core_tasks=["Social omsorg"], themes=["Samskabelsen"],
                  source="testkilden")
    assert str(error.value).splitlines() == [
        "Kommunen 'Hoeje Taastrup' findes ikke i content/vocabulary.yml. Mente du 'Høje-Taastrup'?",
        "Kerneopgaven 'Social omsorg' findes ikke i content/vocabulary.yml. Mente du 'Social Omsorg'?",
        "Temaet 'Samskabelsen' findes ikke i content/vocabulary.yml. Mente du 'Samskabelse'?",
        "Kilden 'testkilden' findes ikke i content/sources.yml. Mente du 'testkilde'?",
    ]


def test_scaffold_never_overwrites_a_case(content):
    path = content / "cases" / "odder-test.md"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ScaffoldError, match="content/cases/odder-test.md findes allerede, og den overskrives ikke"):
        write_new_case(content, "odder-test", "ny tekst")
    assert path.read_text(encoding="utf-8") == before


def test_new_case_command_with_options(content):
    result = run_kb("--content", str(content), "new-case", "--title", "Ny case om Odder", "--municipality", "Odder",
                    "--core-task", "Social Omsorg", "--theme", "Samskabelse", "--theme", "Ny organisering",
                    "--source", "testkilde")
    assert result.returncode == 0, result.stderr
    assert "Oprettet: content/cases/ny-case-om-odder.md" in result.stdout
    assert (content / "cases" / "ny-case-om-odder.md").exists()


def test_new_case_command_without_a_terminal_names_the_missing_options(content):
    result = run_kb("--content", str(content), "new-case", "--title", "Ny case")
    assert result.returncode == 1
    assert result.stderr.startswith("Mangler: --municipality, --core-task, --theme, --source.")


def test_new_case_asks_again_until_the_answer_is_allowed():
    answers = iter(["Ny case", "Oder", "Odder", "2", "1, Ny organisering", "1"])
    said = []
    choices = {"municipality": ["Odder", "Ærø"], "core_tasks": ["Læring", "Social Omsorg"],
               "themes": ["Samskabelse", "Ny organisering"], "source": ["testkilde"]}
    values = ask_missing({"title": None, "municipality": None, "core_tasks": [], "themes": [], "source": None},
                         choices, ask=lambda prompt: next(answers), say=said.append,
                         shown={"testkilde": "testkilde (En testkilde)"})
    assert values == {"title": "Ny case", "municipality": "Odder", "core_tasks": ["Social Omsorg"],
                      "themes": ["Samskabelse", "Ny organisering"], "source": "testkilde"}
    assert said[0] == "Kommunen 'Oder' findes ikke i content/vocabulary.yml. Mente du 'Odder'?"
    assert "  1) testkilde (En testkilde)" in said


def test_generated_docs_are_up_to_date():
    for path, text in generated_docs(ROOT / "content").items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} er forældet: kør 'make docs'"


def test_field_reference_names_every_field_theme_and_municipality():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    vocabulary, _, _ = load_registries(ROOT / "content")
    for field in ("`title`", "`reflection_questions`", "`duration_minutes`", "`agenda`"):
        assert field in text
    for theme in vocabulary.themes:
        assert f"| {theme.label} |" in text
    assert all(m.name in text for m in vocabulary.municipalities)


def test_case_template_for_the_web_editor_is_the_scaffold():
    assert (ROOT / "content" / "_templates" / "case.md").read_text(encoding="utf-8") == template_text()


def test_workflows_pass_actionlint():
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_are_least_privilege_and_pinned(workflow):
    text = workflow.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "pull_request_target" not in text
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert version.count(".") == 2 and version.startswith("v"), step["uses"]  # vX.Y.Z


def test_pull_request_workflow_checks_builds_tests_and_keeps_a_preview():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["check"]["steps"]
    assert [step.get("run") for step in steps if "run" in step] == ["make check", "make build", "make test"]
    assert steps[-1]["uses"].startswith("actions/upload-artifact@") and steps[-1]["with"]["path"] == "site/"


def test_a_machine_without_chromium_fails_the_browser_tests_loudly(monkeypatch):
    from scripts.tools import system_deps
    from tests.conftest import require_chromium

    monkeypatch.setattr(system_deps, "find_chromium", lambda: None)
    with pytest.raises(pytest.fail.Exception, match="Chromium mangler, så browsertestene kan ikke køre"):
        require_chromium()
