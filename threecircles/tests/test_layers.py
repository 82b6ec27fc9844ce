"""The layer contract in pyproject.toml holds, and `lint-imports` (run by `make lint`) fails
the moment an import breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package to break on purpose."""
    shutil.copytree(
        ROOT / "threecircles",
        tmp_path / "threecircles",
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3*"),
    )
    return tmp_path


def test_the_code_as_it_is_keeps_every_contract(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        # privacy sits below care: it must never reach up into it.
        ("privacy/access.py", "import threecircles.care.models", "depend one way"),
        # lib is plain helpers, below every app.
        ("lib/crypto.py", "import threecircles.accounts.models", "depend one way"),
        # care and network are siblings: neither imports the other.
        ("care/views.py", "import threecircles.network.models", "depend one way"),
        # The public side imports no clinical app.
        ("content/views.py", "import threecircles.screening.models", "imports no clinical app"),
        ("membership/views_member.py", "import threecircles.care.models", "no clinical app"),
        ("certification/actions.py", "import threecircles.privacy.models", "no clinical app"),
        # On the institute side, membership sits below events and certification.
        ("membership/actions.py", "import threecircles.events.models", "institute side"),
        ("content/views.py", "import threecircles.certification.models", "institute side"),
    ],
)
def test_an_import_that_breaks_a_layer_fails_the_lint(
    tree: Path, module: str, bad_import: str, contract: str
) -> None:
    path = tree / "threecircles" / module
    path.write_text(path.read_text() + f"\n{bad_import}  # noqa\n")

    result = _lint(tree)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert contract in result.stdout
    imported = bad_import.split()[1]
    assert imported.rsplit(".", 1)[0] in result.stdout
