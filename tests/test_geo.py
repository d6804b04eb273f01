"""Tests for geo.py: clipping checked by hand, the basemap read from a real shapefile."""

from __future__ import annotations

import shapefile

from tools.basemap import basemap, clip_ring


def test_a_ring_inside_the_box_is_kept_whole():
    ring = [(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)]
    assert clip_ring(ring, (0, 0, 3, 3)) == [(float(x), float(y)) for x, y in ring]


def test_a_ring_outside_the_box_vanishes():
    assert clip_ring([(5, 5), (5, 6), (6, 6), (6, 5)], (0, 0, 3, 3)) == []


def test_a_triangle_cut_by_one_edge_gains_the_crossing_points():
    # apex (2, 4) pokes above the box's top at y = 3: the cut runs through (1.5, 3) and (2.5, 3)
    clipped = clip_ring([(0, 0), (2, 4), (4, 0)], (0, 0, 10, 3))
    assert clipped == [(0.0, 0.0), (1.5, 3.0), (2.5, 3.0), (4.0, 0.0), (0.0, 0.0)]


def test_basemap_keeps_outer_rings_and_holes_and_cites_its_source(tmp_path):
    path = tmp_path / "countries"
    with shapefile.Writer(str(path), shapeType=shapefile.POLYGON) as writer:
        writer.field("name", "C")
        writer.field("iso_a3", "C")
        # clockwise outer ring with an anticlockwise hole, and a country far outside the box
        writer.poly([[(0, 0), (0, 4), (4, 4), (4, 0), (0, 0)], [(1, 1), (3, 1), (3, 3), (1, 3), (1, 1)]])
        writer.record("Inland", "INL")
        writer.poly([[(50, 50), (50, 51), (51, 51), (51, 50), (50, 50)]])
        writer.record("Faraway", "FAR")
    collection = basemap(path.with_suffix(".shp"), "atlas", box=(-1, -1, 5, 5))
    (feature,) = collection["features"]
    assert feature["properties"] == {"name": "Inland", "iso_a3": "INL", "source_id": "atlas"}
    (polygon,) = feature["geometry"]["coordinates"]
    assert len(polygon) == 2  # outer ring and its hole
