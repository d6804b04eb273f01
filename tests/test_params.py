"""Tests for params.py: every class of bad parameter is refused, naming it, its value and what is accepted."""

from __future__ import annotations

import pytest

from counterbalance.pipeline.registry import notebook
from counterbalance.pipeline.params import ParameterError, validate_parameters
from counterbalance.paths import PROJECT_ROOT

NETWORK = notebook("01_balance_of_power")
TIMELINE = notebook("notebooks/03_deployment_timeline.ipynb")


def refusal(nb, raw) -> str:
    with pytest.raises(ParameterError) as caught:
        validate_parameters(nb, raw, PROJECT_ROOT)
    return str(caught.value)


def test_defaults_validate_and_values_convert():
    values = validate_parameters(NETWORK, {"alignment_weight": "0.8", "as_of": "2020-11-30", "count_overrides": "{dep_tr_engineers: 500}"}, PROJECT_ROOT)
    assert values["alignment_weight"] == 0.8 and values["as_of"] == "2020-11-30"
    assert values["count_overrides"] == {"dep_tr_engineers": 500.0}
    assert values["weight_troops"] == 1.0  # defaults filled in
    assert values["known_on"] == "end"  # the end of the data: no vintage
    assert validate_parameters(NETWORK, {"known_on": "1992-12-31"}, PROJECT_ROOT)["known_on"] == "1992-12-31"  # the earliest source's day


@pytest.mark.parametrize(("raw", "expected"), [
    ({"alignment_wieght": "0.5"}, "alignment_wieght: unknown parameter of 01_balance_of_power (did you mean 'alignment_weight'?)"),
    ({"alignment_weight": "half"}, "alignment_weight: 'half' is not a number; accepted: a number from 0 to 1"),
    ({"alignment_weight": "1.5"}, "alignment_weight: '1.5' is above the maximum 1"),
    ({"weight_troops": "nan"}, "weight_troops: 'nan' is not a finite number"),
    ({"weight_drones": True}, "weight_drones: True is a boolean"),
    ({"as_of": "2020-02-30"}, "as_of: '2020-02-30' is not a day of the calendar"),
    ({"as_of": "30/11/2020"}, "as_of: '30/11/2020' is not a date written YYYY-MM-DD"),
    ({"as_of": "2031-01-01"}, "as_of: '2031-01-01' is outside the models' span, from the war to the end of the data; accepted: a date from 2020-09-27 to"),
    ({"known_on": "1992-12-30"}, "known_on: '1992-12-30' is before the earliest source (1992-12-31): nothing was known yet; "
                                 "accepted: a date from 1992-12-31 on, or end (all the data)"),
    ({"known_on": "last year"}, "known_on: 'last year' is not a date written YYYY-MM-DD, nor end; accepted: a date YYYY-MM-DD"),
    ({"min_grade": "B9"}, "min_grade: 'B9' is not an Admiralty grade"),
    ({"count_overrides": "{dep_tr_enginers: 500}"}, "count_overrides: 'dep_tr_enginers' is not a deployment_id (did you mean 'dep_tr_engineers'?)"),
    ({"count_overrides": "{dep_tr_engineers: -5}"}, "is below the minimum 0"),
    ({"count_overrides": "[unclosed"}, "is not a mapping"),
])
def test_bad_parameters_are_refused_with_name_value_and_accepted(raw, expected):
    assert expected in refusal(NETWORK, raw)


def test_every_fault_is_reported_at_once():
    message = refusal(NETWORK, {"alignment_weight": "2", "min_grade": "Z1"})
    assert message.count("\n") == 1


def test_scenario_contingent_must_be_turkish():
    message = refusal(notebook("04_scenarios"), {"contingent": "dep_ru_troops"})
    assert message.startswith("contingent: 'dep_ru_troops' is not a Turkish deployment_id")
    assert "dep_tr_monitors" in message and "dep_ru_troops," not in message


def test_window_end_before_start_is_refused():
    assert "window_end: '2020-10-01' comes before window_start '2020-11-01'" in refusal(
        TIMELINE, {"window_start": "2020-11-01", "window_end": "2020-10-01"})


def test_unknown_notebook_is_named():
    with pytest.raises(KeyError, match="no notebook '04_nothing'"):
        notebook("04_nothing")


@pytest.mark.parametrize(("raw", "expected"), [
    ({"count_overrides": "{dep_tr_engineers: 1.7e308}"}, "is above the maximum 1e+07"),
    ({"data_dir": "d" * 5000}, "data_dir: 'dddddd"),
    ({"min_grade": "B" * 5_000_000}, "min_grade: 'BBBB"),
    ({"count_overrides": "{dep_tr_engineers: 5, dep_tr_engineers: 6}"}, "the key 'dep_tr_engineers' appears twice"),
])
def test_values_built_to_hurt_are_refused_with_a_short_message(raw, expected):
    message = refusal(NETWORK, raw)
    assert expected in message and len(message) < 1000


def test_the_notebook_checks_what_papermill_injected():
    """A direct papermill run injects any name: the notebook's own check refuses it, as the CLI does."""
    from counterbalance.pipeline.params import check_parameters

    namespace = {**NETWORK.defaults, "no_such_param": 1, "weight_air_assets": -5, "In": [], "_": None, "cb": pytest}
    with pytest.raises(ParameterError) as caught:
        check_parameters("01_balance_of_power", namespace)
    assert "no_such_param: unknown parameter of 01_balance_of_power" in str(caught.value)
    assert "weight_air_assets: -5 is below the minimum 0" in str(caught.value)
