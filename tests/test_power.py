"""Tests for models/power.py: theatre power, side totals and the ratio, checked against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from counterbalance import load_tables
from counterbalance.models import power as power_model


def deployments_frame(rows):
    frame = pd.DataFrame(rows, columns=["deployment_id", "actor_id", "place_id", "capability", "count_point", "count_qualifier"])
    frame["count_point"] = frame["count_point"].astype("Float64")
    for column in ("start_earliest", "start_latest", "end_earliest", "end_latest"):
        frame[column] = pd.Series([pd.NaT] * len(frame), dtype="datetime64[s]")
    return frame


ACTORS = pd.DataFrame({"actor_id": ["ru_force", "tr_force", "az_force"], "country_id": ["ru", "tr", "az"]})
PLACES = pd.DataFrame({"place_id": ["karabakh", "ankara"], "in_theatre": [True, False]})


class TestTheatrePowerAndRatio:
    def test_ratio_by_hand(self):
        """TR: 136 engineers + 4 aircraft x 100 = 536; AZ: 2 drones x 25 = 50; RU: 1960 + 50.
        R = (536 + 0.5 x 50) / 2010 = 561 / 2010."""
        deps = deployments_frame([
            ("d1", "ru_force", "karabakh", "troops", 1960, "approximately"),
            ("d2", "ru_force", "karabakh", "heavy_fires", 1, "at_least"),
            ("d3", "tr_force", "karabakh", "engineers", 136, "exact"),
            ("d4", "tr_force", "karabakh", "air_assets", 4, "at_least"),
            ("d5", "az_force", "karabakh", "drones", 2, "at_least"),
            ("d6", "tr_force", "ankara", "troops", 100000, "exact"),  # outside the theatre
            ("d7", "tr_force", "karabakh", "monitors", None, "unknown"),
        ])
        power = power_model.theatre_power(deps, ACTORS, PLACES, "2020-12-01")
        assert power.groupby("country_id")["power"].sum().to_dict() == {"az": 50.0, "ru": 2010.0, "tr": 536.0}
        assert power.set_index("capability").at["monitors", "unknown_rows"] == 1
        assert power_model.counter_balance_ratio(power, 0.5) == pytest.approx(561 / 2010)

    def test_weights_and_overrides_move_the_ratio(self):
        deps = deployments_frame([("d1", "ru_force", "karabakh", "troops", 1000, "exact"),
                                  ("d2", "tr_force", "karabakh", "air_assets", 4, "exact")])
        base = power_model.counter_balance_ratio(power_model.theatre_power(deps, ACTORS, PLACES, "2020-12-01"), 0.5)
        doubled = power_model.counter_balance_ratio(power_model.theatre_power(deps, ACTORS, PLACES, "2020-12-01", {"air_assets": 200.0}), 0.5)
        override = power_model.counter_balance_ratio(power_model.theatre_power(deps, ACTORS, PLACES, "2020-12-01", count_overrides={"d1": 400}), 0.5)
        assert (base, doubled, override) == (pytest.approx(0.4), pytest.approx(0.8), pytest.approx(1.0))

    def test_no_rival_power_gives_infinity(self):
        power = pd.DataFrame({"country_id": ["tr"], "power": [10.0]})
        assert power_model.counter_balance_ratio(power, 0.5) == math.inf

    def test_alignment_weight_outside_unit_interval_is_refused(self):
        with pytest.raises(ValueError, match="outside"):
            power_model.counter_balance_ratio(pd.DataFrame({"country_id": ["ru"], "power": [1.0]}), 1.5)


class TestSideTotals:
    def test_any_leading_shape_sums_per_side(self):
        """Two worlds of three deployments: each side's power in each world."""
        totals = power_model.side_totals(np.array([[1.0, 2.0, 4.0], [0.0, 2.0, 1.0]]), np.array(["tr", "ru", "tr"]))
        assert totals["tr"].tolist() == [5.0, 1.0] and totals["ru"].tolist() == [2.0, 2.0] and totals["az"].tolist() == [0.0, 0.0]

    def test_side_ratio_matches_the_scalar_formula(self):
        totals = power_model.side_totals(np.array([300.0, 400.0, 1000.0]), np.array(["tr", "az", "ru"]))
        assert power_model.side_ratio(totals, 0.5) == pytest.approx(0.5)


class TestOnTheData:
    def test_russian_contingent_counts_only_once_deployed(self):
        tables = load_tables("actors", "places", "deployments")
        early = power_model.theatre_power(tables["deployments"], tables["actors"], tables["places"], "2020-11-01")
        late = power_model.theatre_power(tables["deployments"], tables["actors"], tables["places"], "2020-12-31")
        assert "ru" not in set(early["country_id"]) and "ru" in set(late["country_id"])
