"""The mutation score of `make mutants`: the share of mutants that survive, and no surviving comparison in a judgement.

Reads mutmut's own results (``mutmut results --all true`` after ``mutmut run``, configured in
``pyproject.toml``), prints how many mutants were killed, survived or were not tested, and
fails when any surviving mutant of a key judgement's measure (:mod:`counterbalance.models.headlines`)
changes a comparison: each such comparison is a threshold the judgement's answer turns on, and a
test pins every one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

from counterbalance.paths import PROJECT_ROOT

__all__ = ["JUDGEMENT_MEASURES", "is_comparison_change", "main"]

MUTMUT = str(PROJECT_ROOT / ".venv" / "bin" / "mutmut")
#: The functions that decide whether a key judgement holds in a world.
JUDGEMENT_MEASURES = ("_presence_gap", "_force_not_stopped", "_alignment_rose", "_partners_rivals")
COMPARISON = re.compile(r"<=|>=|==|!=|<|>")


def is_comparison_change(diff: str) -> bool:
    """Whether a mutant's diff changes a comparison operator (``<`` to ``<=`` and the like).

    >>> is_comparison_change("-    return share < LIMIT\\n+    return share <= LIMIT\\n")
    True
    >>> is_comparison_change('-    text = "a"\\n+    text = "XXaXX"\\n')
    False
    """
    removed = [COMPARISON.findall(line) for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [COMPARISON.findall(line) for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return removed != added


def main() -> int:
    listing = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    statuses = dict(line.strip().rsplit(": ", 1) for line in listing.splitlines() if ": " in line)
    counts = Counter(statuses.values())
    tested = counts["killed"] + counts["survived"]
    share = counts["survived"] / tested if tested else float("nan")
    print(f"mutants: {len(statuses)}; killed {counts['killed']}, survived {counts['survived']} ({share:.1%} of those tested), "
          + ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if status not in ("killed", "survived")))
    failures = []
    for name, status in statuses.items():
        if status != "survived" or not any(f".x_{measure}__mutmut_" in name for measure in JUDGEMENT_MEASURES):
            continue
        diff = subprocess.run([MUTMUT, "show", name], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
        if is_comparison_change(diff):
            failures.append(f"{name}\n{diff}")
    for failure in failures:
        print(f"surviving comparison in a judgement: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
