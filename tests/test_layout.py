"""The folders of scripts/ are the pipeline's steps, and imports run one way only.

load <- check <- render <- engine: a step may import the steps before it,
except that render never imports check (a library that reaches render has
been checked; what both need is data and lives in load). tools/ and the
command line (kb.py) may import anything, and no step imports them. Only the
engine's adaptors know MkDocs.

Every module's imports are read with `ast`, also those inside functions and
`if TYPE_CHECKING:` blocks, so a late import cannot slip past.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

STEPS = ("load", "check", "render", "engine", "tools")
FRONT = "kb"  # scripts/kb.py, the command line in front of the steps
# What each step may import from scripts/ (itself included). tools and the CLI may import any step.
ALLOWED = {
    "load": {"load"},
    "check": {"load", "check"},
    "render": {"load", "render"},
    "engine": {"load", "check", "render", "engine"},
    "tools": set(STEPS),
    FRONT: set(STEPS),
}
TOP_LEVEL = {"__init__.py", "kb.py"}  # every other module belongs to a step
ENGINE_PACKAGES = ("mkdocs", "material")  # the site engine, known only to its adaptors in engine/


def _step(module: str) -> str | None:
    """The step a dotted module name under scripts belongs to ('scripts.check.fields' -> 'check')."""
    parts = module.split(".")
    if parts[0] != "scripts" or len(parts) < 2:
        return None
    return parts[1]


def _imports(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, module imported, the statement as written) for every import in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((node.lineno, alias.name, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = ", ".join(alias.name for alias in node.names)
            statement = f"from {node.module} import {names}"
            if node.module == "scripts":  # `from scripts import kb`: each name is a module
                found += [(node.lineno, f"scripts.{alias.name}", statement) for alias in node.names]
            else:
                found.append((node.lineno, node.module, statement))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "." * node.level + (node.module or ""), "a relative import"))
    return found


def layout_problems(root: Path) -> list[str]:
    """Every module outside a step folder, and every import against the direction, as 'file:line: message'."""
    problems = []
    scripts = root / "scripts"
    for path in sorted(scripts.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        inside = path.relative_to(scripts).parts
        if len(inside) == 1:
            if inside[0] not in TOP_LEVEL:
                problems.append(f"{relative}: a module directly in scripts/; put it in one of {', '.join(STEPS)}")
                continue
            step = FRONT if inside[0] == "kb.py" else None
        elif inside[0] in STEPS:
            step = inside[0]
        else:
            problems.append(f"{relative}: '{inside[0]}/' is not a step; the steps are {', '.join(STEPS)}")
            continue
        for line, module, statement in _imports(ast.parse(path.read_text(encoding="utf-8"), relative)):
            if module.startswith("."):
                problems.append(f"{relative}:{line}: {statement}; import by the full name (scripts.<step>.<module>)")
                continue
            if module.split(".")[0] in ENGINE_PACKAGES and step != "engine":
                problems.append(f"{relative}:{line}: '{statement}' imports the site engine, which only "
                                "scripts/engine/ may know")
                continue
            target = _step(module)
            if target is None and module == "scripts":
                continue  # the package itself (its docstring)
            if target is None:
                continue  # the standard library or a dependency
            if step is None:
                problems.append(f"{relative}:{line}: '{statement}': scripts/__init__.py imports nothing of its own")
            elif target == FRONT:
                problems.append(f"{relative}:{line}: '{statement}' imports the command line; only people run it")
            elif target not in ALLOWED[step]:
                allowed = ", ".join(sorted(ALLOWED[step]))
                problems.append(f"{relative}:{line}: '{statement}' imports {target} from {step}, "
                                f"but {step} may import only {allowed}")
    return problems


def test_every_module_sits_in_a_step_and_imports_run_one_way():
    problems = layout_problems(ROOT)
    assert not problems, "\n".join(problems)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"scripts/__init__.py": "", "scripts/kb.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("files", "expected"), [
    ({"scripts/render/pages.py": "from scripts.check.fields import CASE_FIELDS\n"},
     "scripts/render/pages.py:1: 'from scripts.check.fields import CASE_FIELDS' imports check from render, "
     "but render may import only load, render"),
    ({"scripts/load/model.py": "def f():\n    from scripts.render import pages\n"},
     "scripts/load/model.py:2: 'from scripts.render import pages' imports render from load, but load may import only load"),
    ({"scripts/check/library.py": "import scripts.engine.build\n"},
     "scripts/check/library.py:1: 'import scripts.engine.build' imports engine from check, "
     "but check may import only check, load"),
    ({"scripts/render/pdf.py": "from scripts.tools.system_deps import find_chromium\n"},
     "scripts/render/pdf.py:1: 'from scripts.tools.system_deps import find_chromium' imports tools from render, "
     "but render may import only load, render"),
    ({"scripts/engine/build.py": "from scripts import kb\n"},
     "scripts/engine/build.py:1: 'from scripts import kb' imports the command line; only people run it"),
    ({"scripts/render/pages.py": "from mkdocs.structure.files import File\n"},
     "scripts/render/pages.py:1: 'from mkdocs.structure.files import File' imports the site engine, which only "
     "scripts/engine/ may know"),
    ({"scripts/check/fields.py": "from . import documents\n"},
     "scripts/check/fields.py:1: a relative import; import by the full name (scripts.<step>.<module>)"),
    ({"scripts/helpers.py": ""}, "scripts/helpers.py: a module directly in scripts/; put it in one of "
     "load, check, render, engine, tools"),
    ({"scripts/misc/x.py": ""}, "scripts/misc/x.py: 'misc/' is not a step; the steps are load, check, render, engine, tools"),
])
def test_a_wrong_import_is_named_with_its_file_and_line(tmp_path, files, expected):
    assert layout_problems(_tree(tmp_path, files)) == [expected]


def test_the_allowed_directions_pass(tmp_path):
    files = {
        "scripts/load/paths.py": "from scripts.load.model import short_code\n",
        "scripts/check/library.py": "from scripts.load import batch\nfrom scripts.check.fields import FIELDS\n",
        "scripts/render/pages.py": "from scripts.load.review import is_overdue\n",
        "scripts/engine/mkdocs_hooks.py": "import mkdocs\nfrom scripts.check.library import load_library\n"
                                          "from scripts.render.pages import render_site\n",
        "scripts/tools/bench.py": "from scripts.engine.build import CONFIG\n",
        "scripts/kb.py": "from scripts.tools.docs import write_generated_docs\n",
    }
    assert layout_problems(_tree(tmp_path, files)) == []
