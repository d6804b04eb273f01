"""The packet a second, independent coder works from (``python -m tools.coding_packet --out DIR``).

Writes two files and nothing else, so the coder sees only what the codebook allows:

* ``CODEBOOK.md``: the section "Coding events" of ``data/README.md``, then the states and the
  CAMEO code list (codes and names; the weights are left out, so that a coder picks the act,
  not its score);
* ``events_to_code.csv``: every event with its dates, title, description and participants
  (each with the state it acts for, where it has one), and no code.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from counterbalance.paths import DATA

__all__ = ["codebook_section", "write_packet", "main"]

SECTION = "## Coding events"


def _rows(data_dir: Path, table: str) -> list[dict[str, str]]:
    with (data_dir / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def codebook_section(readme: str) -> str:
    """The codebook section of the data README, from its heading to the next one of its level.

    >>> codebook_section("# Data\\n\\n## Coding events\\n\\nRead it.\\n\\n## Next\\n")
    '## Coding events\\n\\nRead it.\\n'
    """
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    return (readme[start:] if end < 0 else readme[start:end]).rstrip("\n") + "\n"


def _participants(links: list[dict[str, str]], actors: dict[str, dict[str, str]]) -> str:
    """One event's participants in words: name, id, the state it acts for, and its part."""
    parts = []
    for link in links:
        actor = actors.get(link["actor_id"])
        if actor is None:
            parts.append(f"weapon system {link['system_id']}: {link['role']}")
            continue
        state = actor["actor_id"] if actor["kind"] == "state" else actor["country_id"]
        acts_for = f"acts for {state}" if state else "acts for no state"
        parts.append(f"{actor['name']} [{actor['actor_id']}, {acts_for}]: {link['role']}")
    return "; ".join(parts)


def write_packet(data_dir: Path, out: Path) -> tuple[Path, Path]:
    """Write ``CODEBOOK.md`` and ``events_to_code.csv`` for the data in `data_dir` into `out`."""
    data_dir, out = Path(data_dir), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    actors = {row["actor_id"]: row for row in _rows(data_dir, "actors")}
    states = [f"- `{a['actor_id']}` {a['name']}" for a in actors.values() if a["kind"] == "state"]
    codes = [f"| `{c['code']}` | {c['label']} |" for c in _rows(data_dir, "cameo_codes")]
    codebook = out / "CODEBOOK.md"
    codebook.write_text(
        "# Codebook for coding the events\n"
        + codebook_section((data_dir / "README.md").read_text(encoding="utf-8")).replace("## Coding events\n", "", 1)
        + "\n## The states\n\n" + "\n".join(states)
        + "\n\n## The CAMEO codes\n\nA root category's name is in capitals; its sub-codes follow it.\n\n"
        + "| code | act |\n| --- | --- |\n" + "\n".join(codes) + "\n",
        encoding="utf-8",
    )
    links: dict[str, list[dict[str, str]]] = {}
    for link in _rows(data_dir, "event_links"):
        links.setdefault(link["event_id"], []).append(link)
    events = out / "events_to_code.csv"
    with events.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["event_id", "start", "end", "title", "description", "participants"])
        for event in _rows(data_dir, "events"):
            writer.writerow([event["event_id"], event["start"], event["end"], event["title"], event["description"],
                             _participants(links.get(event["event_id"], []), actors)])
    return codebook, events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.coding_packet", description="write the second coder's packet")
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args(argv)
    for path in write_packet(Path(args.data), Path(args.out)):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
