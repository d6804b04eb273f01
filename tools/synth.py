"""Synthetic data, N times larger, for measuring how the build scales (``python -m tools.synth``).

Copy *k* of every row (k = 2 .. N) gets ``_s<k>`` appended to its id and to every id it
refers to, except the four states, which stay shared so the copies join the same balance, the
report's own key judgements, which the models compute one set of whatever the data's size, and
a table keyed by no identifier (the CAMEO code list), with the sources it cites.
Each copy is moved back in time by 0, 10 or 20 years (by k), so the data spans more decades
while decades stay decades ("199X" becomes "198X"). The result validates like the real data:
it is the same rows, renamed and shifted, so every rule that held still holds.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from pathlib import Path

from counterbalance.data.descriptor import is_date_field, is_tabular, primary_key, read_descriptor
from counterbalance.data.schema import IDENTIFIER_PATTERN
from counterbalance.paths import DATA

__all__ = ["synthesise", "main"]

STATES = {"tr", "ru", "az", "am"}
#: Fields holding identifiers separated by spaces, by table: each one is renamed like a single identifier.
ID_LIST_FIELDS = {"outcome_codings": {"evidence"}}
YEAR = re.compile(r"(\d{4})|(\d{3})X")


def _shift(value: str, years: int) -> str:
    """A date literal moved back `years` (a multiple of ten) years.

    >>> _shift("2020-11-10/2020-11-14", 10), _shift("199X", 20)
    ('2010-11-10/2010-11-14', '197X')
    """
    return YEAR.sub(lambda m: str(int(m[1]) - years) if m[1] else f"{int(m[2]) - years // 10}X", value)


def _id_fields(resource: dict) -> set[str]:
    """The fields holding identifiers: those declared with the identifier pattern (not a country)."""
    return {f["name"] for f in resource["schema"]["fields"]
            if f.get("constraints", {}).get("pattern") == IDENTIFIER_PATTERN and f["name"] != "country_id"}


def _report_judgements(data_dir: Path) -> set[str]:
    """The ids of the report's own judgements (``by`` is ``report``) and of their outcomes."""
    def rows(table: str) -> list[dict]:
        with (data_dir / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    judgements = {row["judgement_id"] for row in rows("judgements") if row["by"] == "report"}
    return judgements | {row["outcome_id"] for row in rows("outcomes") if row["judgement_id"] in judgements}


def synthesise(data_dir: Path, out: Path, factor: int) -> int:
    """Write the data of `data_dir`, `factor` times over, into `out`; return the number of rows.

    Raises
    ------
    ValueError
        If `factor` is below 1.
    """
    if factor < 1:
        raise ValueError(f"factor {factor} must be at least 1")
    data_dir, out = Path(data_dir), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    descriptor = read_descriptor(data_dir)
    shutil.copy2(data_dir / "datapackage.json", out / "datapackage.json")
    # rows the copies share: the states, sources cited only by the map's outlines, and the report's
    # own key judgements with their outcomes (the models compute exactly those, see models.headlines)
    shared = set(STATES) | _report_judgements(data_dir)
    for resource in descriptor["resources"]:
        if not is_tabular(resource):
            features = json.loads((data_dir / resource["path"]).read_text(encoding="utf-8"))["features"]
            shared.update(f["properties"]["source_id"] for f in features)
        elif not set(primary_key(resource)) & _id_fields(resource):
            # a table keyed by no identifier (the CAMEO code list) is one list for every copy, and so are its sources
            cited = {f for key in resource["schema"].get("foreignKeys", []) if key["reference"]["resource"] == "sources" for f in key["fields"]}
            with (data_dir / resource["path"]).open(newline="", encoding="utf-8") as handle:
                shared.update(row[field] for row in csv.DictReader(handle) for field in cited)
    with (data_dir / "sources.csv").open(newline="", encoding="utf-8") as handle:
        shared.update(row["channel_source_id"] for row in csv.DictReader(handle) if row["source_id"] in shared and row["channel_source_id"])
    total = 0
    for resource in descriptor["resources"]:
        if not is_tabular(resource):
            shutil.copy2(data_dir / resource["path"], out / resource["path"])
            continue
        with (data_dir / resource["path"]).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        header = list(rows[0])
        ids = _id_fields(resource)
        # a row is shared when every identifier of its key is (a state, or a citation of one by a shared source)
        key = [field for field in primary_key(resource) if field in ids]
        dates = {f["name"] for f in resource["schema"]["fields"] if is_date_field(f)}
        output = list(rows)
        for copy in range(2, factor + 1):
            years = 10 * (copy % 3)
            for row in rows:
                if all(row[field] in shared for field in key):
                    continue
                new = dict(row)
                for field in ids:
                    if new.get(field) and new[field] not in shared:
                        new[field] = f"{new[field]}_s{copy}"
                for field in ID_LIST_FIELDS.get(resource["name"], ()):
                    new[field] = " ".join(i if i in shared else f"{i}_s{copy}" for i in new[field].split())
                for field in dates:
                    if new.get(field):
                        new[field] = _shift(new[field], years)
                output.append(new)
        with (out / resource["path"]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(output)
        total += len(output)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synth", description="write a valid synthetic data set N times larger")
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args(argv)
    rows = synthesise(Path(args.data), Path(args.out), args.factor)
    print(f"wrote {rows:,} rows ({args.factor}x {args.data}/) into {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
