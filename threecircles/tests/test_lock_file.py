"""`make install` installs from requirements.lock (every package pinned, with hashes); the lock
must agree with what pyproject.toml asks for."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {
        re.sub(r"[-_.]+", "-", name.lower()): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, flags=re.M)
    }


def _asked() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    asked = {}
    for requirement in wanted:
        name, _, version = requirement.partition("==")
        asked[re.sub(r"[-_.]+", "-", name.split("[")[0].lower())] = version
    return asked


def test_every_dependency_is_pinned_in_pyproject():
    assert all(_asked().values()), "pin every dependency with =="


def test_the_lock_holds_each_pinned_version():
    locked = _locked()
    for name, version in _asked().items():
        assert locked.get(name) == version, f"{name}: pyproject {version}, lock {locked.get(name)}"


def test_every_locked_package_has_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert blocks
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_make_install_uses_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
