"""The layers (DESIGN.md section 3, docs/decisions.md "Layers") are enforced by import-linter:
the project keeps its contracts, and a wrong-way import breaks them.

The second test copies the layered packages to a temporary folder, adds one import that points
up, and runs the same `lint-imports` with the same contracts (pyproject.toml) there: it must
fail and name the import. So a contract that silently stopped checking (a typo in a layer
name, a package left out of root_packages) fails here too."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERED = ("core", "community", "casestudies", "guidance", "events", "impact", "participation")


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the venv's own lint-imports)
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_keeps_its_layer_contracts():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def tree_copy(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in LAYERED:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "static"),
        )
    return tmp_path


def add_import(tree: Path, module: str, line: str) -> None:
    path = tree.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(f"{line}  # deliberately the wrong way\n" + path.read_text())


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        # The ground imports the roof.
        ("core.http", "import participation.models", "core is not allowed to import participation"),
        # An app imports an app above it.
        ("community.models", "import events.models", "community is not allowed to import events"),
        # Case studies never import events (DESIGN.md section 3).
        (
            "casestudies.selectors.library",
            "from events import enums",
            "casestudies is not allowed to import events",
        ),
        # Events and guidance are independent of each other.
        ("events.models", "import guidance.models", "events is not allowed to import guidance"),
        # The apps reach the impact layer only through core's registries (issue 21).
        (
            "events.views.organise",
            "import impact.organiser",
            "events is not allowed to import impact",
        ),
        # A function-level import counts as much as one at the top of the module.
        (
            "core.models",
            "def _hidden():\n    from community import models\n",
            "core is not allowed to import community",
        ),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tree_copy, module, line, message):
    assert run_lint_imports(tree_copy).returncode == 0, "the copy must pass before the change"
    add_import(tree_copy, module, line)
    result = run_lint_imports(tree_copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert message in result.stdout, result.stdout
