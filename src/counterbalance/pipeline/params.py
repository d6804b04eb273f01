"""Check notebook parameters against their declaration before any kernel starts.

papermill accepts any name and any type; an analyst deserves a clear refusal instead. Each
value is converted from what the command line or a YAML file gives (text, or YAML's own
types) and checked: the name is declared (else a "did you mean"), the type is right, numbers
are finite and in range, dates are real and inside the data, grades are well-formed, and ids
name rows of the data. Every fault is reported, each naming the parameter, the value given
and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import inspect
import math
import re
from pathlib import Path

from ..assumptions import GRADE_PATTERN
from ..data import DataValidationError, load_tables
from ..models.timeline import arc_span, data_span
from ..paths import DATA
from .registry import END_OF_DATA, Notebook, Parameter, notebook
from .strict_yaml import YamlRefused, load, named, shortened

__all__ = [
    "ParameterError", "validate_parameters", "coerce_value", "accepted_values", "check_parameters", "weights_from_parameters",
    "MAX_COUNT", "MAX_TEXT",
]

#: The largest scenario figure a deployment may be given: far above any force in the theatre,
#: small enough that every sum and ratio of the models stays exact in floating point.
MAX_COUNT = 10_000_000
#: The longest text parameter accepted (a folder name, an id).
MAX_TEXT = 200
#: The bound of a number whose parameter declares none: every model's arithmetic stays exact in floating point.
MAX_MAGNITUDE = 1e15


class ParameterError(ValueError):
    """One or more parameters were refused; the message lists each, one per line."""


#: The longest number accepted as text (far beyond any range's digits; refused before it is converted).
MAX_NUMBER_TEXT = 40


def _number(param: Parameter, raw: object, integer: bool) -> float | int:
    """`raw` as the parameter's number: its type, finiteness and range checked before it is converted, so no
    conversion can overflow (a 400-digit integer is compared with the range as it is, then refused)."""
    if isinstance(raw, bool):
        raise ValueError("is a boolean")
    if isinstance(raw, str):
        if len(raw) > MAX_NUMBER_TEXT:
            raise ValueError(f"is not {'a whole number' if integer else 'a number'} of at most {MAX_NUMBER_TEXT} characters")
        try:
            raw = int(raw) if integer else float(raw)
        except ValueError:
            raise ValueError(f"is not {'a whole number' if integer else 'a number'}") from None
    elif not isinstance(raw, (int, float)):
        raise ValueError(f"is a {type(raw).__name__}, not a number")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError("is not a finite number")
    if integer and raw != int(raw):
        raise ValueError("is not a whole number")
    minimum = param.minimum if param.minimum is not None else -MAX_MAGNITUDE
    maximum = param.maximum if param.maximum is not None else MAX_MAGNITUDE
    if raw < minimum:
        raise ValueError(f"is below the minimum {minimum:g}")
    if raw > maximum:
        raise ValueError(f"is above the maximum {maximum:g}")
    return int(raw) if integer else float(raw)


def _mapping(raw: object, example: str) -> dict:
    """A mapping given as YAML text (command line) or already parsed (a parameter file)."""
    if isinstance(raw, str):
        try:
            raw = load(raw) if raw.strip() else {}
        except YamlRefused as refused:
            where = f"line {refused.line}: " if refused.line else ""
            raise ValueError(f"is not a mapping such as {example} ({where}{refused})") from None
    if not isinstance(raw, dict):
        raise ValueError(f"is not a mapping such as {example}")
    return raw


def coerce_value(param: Parameter, raw: object) -> object:
    """Convert `raw` to the parameter's type, raising ValueError saying what is wrong."""
    if param.kind in ("int", "float"):
        return _number(param, raw, integer=param.kind == "int")
    if param.kind == "known_on" and raw == END_OF_DATA:
        return raw
    if param.kind in ("date", "known_on"):
        if type(raw) is dt.date:  # noqa: E721 (a datetime is a date too, and not a day)
            return raw.isoformat()
        if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError("is not a date written YYYY-MM-DD" + (f", nor {END_OF_DATA}" if param.kind == "known_on" else ""))
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError("is not a day of the calendar") from None
    if param.kind == "grade":
        if not isinstance(raw, str) or not re.fullmatch(GRADE_PATTERN, raw):
            raise ValueError("is not an Admiralty grade: a letter A-F then a digit 1-6, e.g. B2")
        return raw
    if param.kind == "counts":
        counts = {}
        for key, value in _mapping(raw, "{dep_tr_engineers: 500}").items():
            if not isinstance(key, str) or len(key) > MAX_TEXT:
                raise ValueError(f"has key {shortened(key)}; keys are deployment ids")
            counts[key] = _number(Parameter(param.name, "float", 0, "", 0.0, MAX_COUNT), value, integer=False)
        return counts
    if param.kind in ("str", "deployment"):
        if not isinstance(raw, str):
            raise ValueError("is not text")
        if len(raw) > MAX_TEXT:
            raise ValueError(f"is longer than {MAX_TEXT} characters")
        return raw
    raise AssertionError(f"undeclared parameter kind {param.kind!r}")


def accepted_values(param: Parameter) -> str:
    """What a parameter accepts, in words: its type and its range or choices."""
    accepted = {
        "int": "a whole number", "float": "a number", "date": "a date YYYY-MM-DD",
        "known_on": f"a date YYYY-MM-DD, from the day the earliest source was published on, or {END_OF_DATA} (all the data)",
        "grade": "an Admiralty grade such as B2", "counts": f"a mapping of deployment_id to a number from 0 to {MAX_COUNT:,}",
        "str": f"text of at most {MAX_TEXT} characters", "deployment": "a Turkish deployment_id of data/deployments.csv",
    }[param.kind]
    if param.minimum is not None and param.maximum is not None:
        accepted += f" from {param.minimum:g} to {param.maximum:g}"
    return accepted


@functools.lru_cache(maxsize=4)
def _checked_tables(data_dir: Path, signature: tuple) -> dict:
    """The tables the data checks read, loaded once per state of the files (`signature`): a sweep checks every member."""
    return load_tables("deployments", "events", "actors", "sources", data_dir=data_dir)


def _signature(data_dir: Path) -> tuple:
    """Names, sizes and modification times of the data's files: changes whenever a file does."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(Path(data_dir).glob("*")) if p.is_file())


def _data_checks(values: dict[str, object], parameters: tuple[Parameter, ...], data_dir: Path) -> list[str]:
    """Checks that need the data: dates inside it, ids that name its rows."""
    try:
        tables = _checked_tables(Path(data_dir).resolve(), _signature(data_dir))
    except (DataValidationError, OSError, ValueError) as error:
        return [f"data_dir: {shortened(str(data_dir))} does not hold valid data ({shortened(str(error).splitlines()[0], 200)})"]
    spans = {"as_of": arc_span(tables["events"], tables["deployments"]), "window_start": data_span(tables["events"], tables["deployments"])}
    spans["window_end"] = spans["window_start"]
    errors = []
    if values.get("known_on", END_OF_DATA) != END_OF_DATA:
        first = tables["sources"]["known_from"].min().date()
        if dt.date.fromisoformat(values["known_on"]) < first:
            errors.append(f"known_on: {shortened(values['known_on'])} is before the earliest source ({first}): nothing was known yet; "
                          f"accepted: a date from {first} on, or {END_OF_DATA} (all the data)")
    for name, value in values.items():
        if name in spans:
            day, (first, last) = dt.date.fromisoformat(value), spans[name]
            if not first.date() <= day <= last.date():
                where = "the models' span, from the war to the end of the data" if name == "as_of" else "the data"
                errors.append(f"{name}: {shortened(value)} is outside {where}; accepted: a date from {first.date()} to {last.date()}")
    deployments = tables["deployments"]
    countries = deployments["actor_id"].map(tables["actors"].set_index("actor_id")["country_id"])
    turkish = set(deployments.loc[countries.eq("tr").fillna(False).astype(bool), "deployment_id"])
    checks = [("count_overrides", key, set(deployments["deployment_id"]), "a deployment_id")
              for key in values.get("count_overrides", {}) or {}]
    checks += [(p.name, values[p.name], turkish, "a Turkish deployment_id") for p in parameters if p.kind == "deployment"]
    for name, key, known, what in checks:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            errors.append(f"{name}: {shortened(key)} is not {what}{f' (did you mean {hint[0]!r}?)' if hint else ''}; accepted: {', '.join(sorted(known))}")
    if values.get("window_start", "") > values.get("window_end", "9999"):
        errors.append(f"window_end: {values['window_end']!r} comes before window_start {values['window_start']!r}; accepted: a date on or after it")
    return errors


def validate_parameters(nb: Notebook, raw: dict[str, object], project_root: Path) -> dict[str, object]:
    """Return the notebook's full parameter set with `raw` applied, or raise ParameterError.

    Parameters
    ----------
    nb : Notebook
        The registered notebook.
    raw : dict
        Values by name, as text (command line) or YAML-typed.
    project_root : Path
        Folder the notebook runs in; ``data_dir`` is resolved against it.

    Returns
    -------
    dict
        Every declared parameter, defaults filled in, values JSON-serialisable.

    Raises
    ------
    ParameterError
        Listing every refused parameter with its value and what is accepted.
    """
    declared = {p.name: p for p in nb.parameters}
    errors, values = [], dict(nb.defaults)
    for name, value in raw.items():
        if name not in declared:
            hint = difflib.get_close_matches(str(name)[:MAX_TEXT], declared, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            errors.append(f"{named(name)}: unknown parameter of {nb.name}{suggestion}; accepted: {', '.join(declared)}")
            continue
        try:
            values[name] = coerce_value(declared[name], value)
        except ValueError as problem:
            errors.append(f"{name}: {shortened(value)} {problem}; accepted: {accepted_values(declared[name])}")
    if not errors:
        errors = _data_checks(values, nb.parameters, Path(project_root) / str(values.get("data_dir", DATA)))
    if errors:
        raise ParameterError("\n".join(errors))
    return values


#: Names a kernel defines that are not parameters.
KERNEL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def check_parameters(name: str, namespace: dict) -> None:
    """In a notebook, right after its parameters: refuse what papermill let through, as the CLI would.

    papermill injects any name and any value it is given. Called with the kernel's
    ``globals()`` before anything else is defined, this refuses an undeclared parameter and
    checks every declared one exactly as :func:`validate_parameters` does, so a direct
    papermill run fails with the same message.

    Raises
    ------
    ParameterError
        Listing every refused parameter.
    """
    nb = notebook(name)
    given = {key: value for key, value in namespace.items()
             if not key.startswith("_") and key not in KERNEL_NAMES
             and not (inspect.ismodule(value) or inspect.isroutine(value) or inspect.isclass(value))}
    validate_parameters(nb, given, Path.cwd())


def weights_from_parameters(namespace: dict) -> dict[str, float]:
    """The capability weights a notebook was given, from its ``weight_<capability>`` parameters.

    >>> weights_from_parameters({"weight_troops": 1.0, "weight_monitors": 2.0, "as_of": "2021-01-01"})
    {'troops': 1.0, 'monitors': 2.0}
    """
    return {name.removeprefix("weight_"): float(value) for name, value in namespace.items() if name.startswith("weight_")}
