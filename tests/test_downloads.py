"""The site's downloads: one data package that validates as downloaded, the executed notebooks, the same bytes every build."""

from __future__ import annotations

import json
import re
import zipfile

import frictionless
import pandas as pd
import pytest

from counterbalance.paths import DATA_ZIP, DESCRIPTOR_NAME, NOTEBOOKS_ZIP, SOURCES_BIB, SOURCES_CSL
from counterbalance.pipeline.downloads import DownloadError, data_package_files, deterministic_zip, write_downloads
from counterbalance.pipeline.registry import NOTEBOOKS


def named_paths(descriptor: dict) -> set[str]:
    """Every local path the descriptor's resources name."""
    paths = set()
    for resource in descriptor["resources"]:
        path = resource.get("path", [])
        paths |= {path} if isinstance(path, str) else set(path)
    return paths


def test_the_data_zip_holds_the_descriptor_and_every_file_it_names_and_nothing_else(data_dir, tmp_path):
    archive = deterministic_zip(data_package_files(data_dir), tmp_path / "data.zip")
    descriptor = json.loads((data_dir / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    names = zipfile.ZipFile(archive).namelist()
    assert names == sorted(names)
    assert set(names) == named_paths(descriptor) | {DESCRIPTOR_NAME}
    assert {"sources.csv", "boundaries.geojson"} <= set(names)


def test_the_same_files_give_the_same_bytes_and_a_changed_byte_other_bytes(data_dir, tmp_path):
    first = deterministic_zip(data_package_files(data_dir), tmp_path / "first.zip").read_bytes()
    for path in data_dir.iterdir():  # a later clock and other permissions reach nothing in the zip
        path.touch()
        path.chmod(0o600)
    assert deterministic_zip(data_package_files(data_dir), tmp_path / "second.zip").read_bytes() == first
    with (data_dir / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert deterministic_zip(data_package_files(data_dir), tmp_path / "third.zip").read_bytes() != first


def test_entries_carry_a_fixed_date_and_readable_permissions(data_dir, tmp_path):
    archive = zipfile.ZipFile(deterministic_zip(data_package_files(data_dir), tmp_path / "data.zip"))
    assert {(e.date_time, e.external_attr >> 16, e.create_system) for e in archive.infolist()} == {((1980, 1, 1, 0, 0, 0), 0o100644, 3)}


@pytest.mark.parametrize(("path", "message"), [
    ("gone.csv", "names 'gone.csv', but .*gone.csv does not exist"),
    ("../outside.csv", "names '../outside.csv', which is not a path inside the data folder"),
    ("/etc/passwd", "names '/etc/passwd', which is not a path inside the data folder"),
])
def test_a_resource_whose_file_cannot_be_shipped_is_refused_by_name(data_dir, tmp_path, path, message):
    descriptor = json.loads((data_dir / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (data_dir / DESCRIPTOR_NAME).write_text(json.dumps(descriptor), encoding="utf-8")
    (tmp_path / "executed").mkdir()
    (tmp_path / "executed" / "01.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(DownloadError, match=message):
        write_downloads(tmp_path / "site", data_dir, tmp_path / "executed")
    assert not (tmp_path / "site" / DATA_ZIP).exists()


def test_no_executed_notebooks_is_refused(data_dir, tmp_path):
    with pytest.raises(DownloadError, match="no executed notebooks"):
        write_downloads(tmp_path / "site", data_dir, tmp_path / "empty")


@pytest.mark.slow
def test_the_built_sites_data_zip_validates_with_frictionless_as_unzipped(built_project, tmp_path):
    archive = built_project / "_build" / "html" / DATA_ZIP
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "unzipped")
    descriptor = json.loads((tmp_path / "unzipped" / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert all((tmp_path / "unzipped" / p).is_file() for p in named_paths(descriptor))
    report = frictionless.validate(str(tmp_path / "unzipped" / DESCRIPTOR_NAME))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:10]
    assert {t.name for t in report.tasks} == {r["name"] for r in descriptor["resources"]}


@pytest.mark.slow
def test_building_the_zips_again_gives_the_same_bytes(built_project, tmp_path):
    site = built_project / "_build" / "html"
    again = write_downloads(tmp_path, built_project / "data", built_project / "book" / "analysis")
    assert [p.read_bytes() for p in again] == [(site / name).read_bytes() for name in (DATA_ZIP, NOTEBOOKS_ZIP, SOURCES_BIB, SOURCES_CSL)]
    assert set(zipfile.ZipFile(site / NOTEBOOKS_ZIP).namelist()) == {f"{name}.ipynb" for name in NOTEBOOKS}


@pytest.mark.slow
def test_the_data_chapter_and_each_charts_data_table_link_to_the_zip(built_project):
    site = built_project / "_build" / "html"
    assert 'href="downloads/data.zip"' in (site / "data.html").read_text(encoding="utf-8")
    assert 'href="downloads/notebooks.zip"' in (site / "data.html").read_text(encoding="utf-8")
    linked = 0
    for page in sorted((site / "analysis").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for table in re.findall(r'<details class="cb-chart-data">.*?</details>', text, re.S):
            linked += 1
            link = re.search(r'href="([^"]*data\.zip)"', table)
            assert link and (page.parent / link.group(1)).resolve() == (site / DATA_ZIP).resolve(), page.name
    assert linked >= len(NOTEBOOKS)  # every analysis chapter has charts with a data table


def test_the_sources_go_to_a_reference_manager_whole_as_bibtex_and_csl_json(data_dir, tmp_path):
    """sources.bib parses with pybtex and holds every source of sources.csv, keyed by its id; sources.json is CSL-JSON
    with the same ids; both are in data.zip as written on their own. A source known only by the article's citation
    keeps that citation as its title."""
    from pybtex.database import parse_file

    (tmp_path / "executed").mkdir()
    (tmp_path / "executed" / "01.ipynb").write_text("{}", encoding="utf-8")
    write_downloads(tmp_path / "site", data_dir, tmp_path / "executed")
    ids = list(pd.read_csv(data_dir / "sources.csv", dtype=str)["source_id"])
    bib = parse_file(str(tmp_path / "site" / SOURCES_BIB))
    assert list(bib.entries) == ids
    assert bib.entries["aa_2020_11_17"].fields["title"] == "Cited as \u201cAnadolu Agency, November 17\u201d"
    assert bib.entries["edm_17_181"].type == "article" and bib.entries["edm_17_181"].fields["year"] == "2020"
    csl = json.loads((tmp_path / "site" / SOURCES_CSL).read_text(encoding="utf-8"))
    assert [item["id"] for item in csl] == ids and all(item["title"] and item["type"] for item in csl)
    with zipfile.ZipFile(tmp_path / "site" / DATA_ZIP) as archive:
        assert archive.read("sources.bib") == (tmp_path / "site" / SOURCES_BIB).read_bytes()
        assert archive.read("sources.json") == (tmp_path / "site" / SOURCES_CSL).read_bytes()
