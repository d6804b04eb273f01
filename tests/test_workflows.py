"""The CI workflows: valid against GitHub's schema, clean under a security linter, least privilege."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import VENV
from counterbalance.paths import PROJECT_ROOT, SCREENSHOTS_ENV

WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))


def load(name: str) -> dict:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def test_workflows_match_githubs_schema():
    result = subprocess.run([str(VENV / "bin" / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_the_security_linter():
    result = subprocess.run([str(VENV / "bin" / "zizmor"), "--offline", str(PROJECT_ROOT / ".github" / "workflows")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["book.yml", "publish.yml"])
def test_least_privilege_and_one_writer_at_a_time(name):
    workflow = load(name)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "gh-pages", "cancel-in-progress": False}
    writers = [job for job, spec in workflow["jobs"].items() if spec["permissions"].get("contents") == "write"]
    assert len(writers) == 1 and workflow["jobs"][writers[0]]["needs"] == "test"


def test_book_rebuilds_when_what_it_is_made_of_changes_and_caches_the_packages_uv_installs():
    workflow = load("book.yml")
    assert {"data/**", "notebooks/**", "book/**", "src/**", "requirements.txt"} <= set(workflow["on"]["push"]["paths"])
    steps = workflow["jobs"]["test"]["steps"]
    assert any(s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == "~/.cache/uv" for s in steps)


def test_a_version_tag_publishes_that_version_onto_the_existing_site():
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["tags"] == ["v*.*.*"]
    script = "\n".join(s.get("run", "") for s in workflow["jobs"]["publish"]["steps"])
    assert ".ci/pages checkout" in script and 'make publish VERSION="${VERSION}"' in script


def test_ci_keeps_the_screenshots_the_browser_tests_write_outside_the_checkout():
    steps = load("book.yml")["jobs"]["test"]["steps"]
    folder = next(step["env"][SCREENSHOTS_ENV] for step in steps if step.get("run") == ".ci/run")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert Path(folder).is_absolute() and upload["with"]["path"].rstrip("/") == folder
