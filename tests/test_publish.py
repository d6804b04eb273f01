"""Versioned publishing: immutable versions, shared files, refusals that change nothing, the switcher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import counterbalance as cb
from conftest import edit_cell, make, private_copy
from tools.testbed import copy_project, tree_digest
from counterbalance.pipeline.publish import PublishError, publish


def fake_site(folder: Path, text: str) -> Path:
    """A folder shaped like a built book (what publish copies; no build needed to test the copying)."""
    folder.mkdir(parents=True)
    (folder / "intro.html").write_text(text, encoding="utf-8")
    return folder


def test_versions_are_added_beside_each_other_and_shared_files_follow_the_newest(tmp_path, data_dir):
    public = tmp_path / "public"
    publish(fake_site(tmp_path / "a", "first"), "v1.0.0", public, data_dir)
    first = tree_digest(public / "v1.0.0")
    publish(fake_site(tmp_path / "b", "second"), "v1.1.0", public, data_dir)
    assert tree_digest(public / "v1.0.0") == first
    assert (public / "v1.1.0" / "data" / "deployments.csv").is_file()
    assert [e["version"] for e in json.loads((public / "latest" / "versions.json").read_text())] == ["v1.1.0", "v1.0.0"]
    assert (public / "latest" / "intro.html").read_text() == "second"
    assert 'url=latest/' in (public / "index.html").read_text()
    assert (public / "versions.json").read_text() == (public / "latest" / "versions.json").read_text()  # for older versions' pages


@pytest.mark.parametrize(("version", "message"), [("1.0", "is not a version such as v1.0.0"), ("v1.0.0", "is already published")])
def test_a_bad_or_existing_version_is_refused_and_public_is_unchanged(tmp_path, data_dir, version, message):
    public = tmp_path / "public"
    publish(fake_site(tmp_path / "a", "first"), "v1.0.0", public, data_dir)
    before = tree_digest(public)
    with pytest.raises(PublishError, match=message):
        publish(fake_site(tmp_path / "b", "second"), version, public, data_dir)
    assert tree_digest(public) == before


@pytest.fixture(scope="module")
def two_versions(published_project, tmp_path_factory):
    """A project that published v1.0.0, then changed one row and published v1.1.0 (a row of a table one notebook reads:
    the publish reruns that notebook alone)."""
    project = private_copy(published_project, tmp_path_factory.mktemp("publishing") / "project")
    public = project / "public"
    first = tree_digest(public / "v1.0.0")
    edit_cell(project / "data", "unit_history", "hist_commando_cyprus", "operation", "Cyprus intervention of 1974")
    make(project, "publish", "VERSION=v1.1.0")
    return project, public, first


@pytest.mark.slow
def test_publishing_a_second_version_leaves_the_first_byte_identical(two_versions):
    project, public, first = two_versions
    assert tree_digest(public / "v1.0.0") == first
    entries = json.loads((public / "latest" / "versions.json").read_text())
    assert [(e["version"], e["url"], e.get("preferred", False)) for e in entries] == [("v1.1.0", "v1.1.0/", True), ("v1.0.0", "v1.0.0/", False)]
    footer = (public / "v1.1.0" / "intro.html").read_text(encoding="utf-8")
    assert "Version v1.1.0 · commit" in footer and "newest data row dated up to" in footer


@pytest.mark.slow
def test_the_changelog_names_the_changed_row_with_its_source(two_versions):
    project, public, _ = two_versions
    changelog = (public / "v1.1.0" / "changelog.html").read_text(encoding="utf-8")
    assert "Compared with v1.0.0" in changelog
    assert "hist_commando_cyprus" in changelog and "Cyprus intervention of 1974" in changelog
    lead = cb.load_tables("unit_history", data_dir=project / "data")["unit_history"].set_index("history_id").at["hist_commando_cyprus", "source_id"]
    assert f'href="sources.html#source-{lead}"' in changelog  # the changed row's lead source, linked
    assert "No earlier version is published" in (public / "v1.0.0" / "changelog.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_republishing_and_publishing_broken_data_are_refused_and_change_nothing(two_versions, tmp_path):
    project, public, _ = two_versions
    before = tree_digest(public)
    again = make(project, "publish", "VERSION=v1.0.0", check=False)
    assert again.returncode != 0 and "v1.0.0 is already published" in again.stderr
    broken = copy_project(tmp_path)
    (broken / "public").symlink_to(public)
    edit_cell(broken / "data", "deployments", "dep_tr_engineers", "count_point", "many")
    failed = make(broken, "publish", "VERSION=v1.2.0", check=False)
    assert failed.returncode != 0 and "data/deployments.csv:" in failed.stderr
    assert tree_digest(public) == before


@pytest.mark.slow
def test_an_old_version_switches_to_the_same_page_of_the_newest(two_versions, browser):
    from tools.testbed import serve

    _, public, _ = two_versions
    with serve(public) as base:
        page = browser.new_page()
        page.goto(f"{base}/v1.0.0/analysis/03_deployment_timeline.html", wait_until="load")
        banner = page.locator(".cb-version-banner")
        banner.wait_for(timeout=10000)
        assert "v1.1.0" in banner.inner_text()
        page.locator(".version-switcher__button").first.click()
        page.locator(".version-switcher__menu a", has_text="v1.1.0").first.click()
        page.wait_for_url(f"{base}/v1.1.0/analysis/03_deployment_timeline.html", timeout=10000)
        assert page.locator(".cb-version-banner").count() == 0
        page.close()
