"""``make basemap``: country outlines for the map, Natural Earth 1:110m cut to the region the data covers.

The book fetches no tiles. The outlines come from the public-domain Natural Earth
"Admin 0 - Countries" 1:110m shapefile, as the last geopandas wheel that bundled it (0.14.4)
carries it, read with ``pyshp`` and clipped to a box around the places in the data. The
result is committed as ``data/boundaries.geojson`` with a source row; ``make basemap``
regenerates it byte for byte (``python -m tools.basemap SHAPEFILE --out FILE``).

Rings keep the shapefile's orientation (outer rings clockwise, holes anticlockwise), which
is what d3-geo, and so Vega, expects of spherical polygons.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import shapefile

__all__ = ["REGION", "clip_ring", "basemap", "write_basemap", "main"]

# west, south, east, north: Cyprus to the Caspian, Syria to the Greater Caucasus
REGION = (26.0, 33.0, 52.0, 45.0)
DIGITS = 2  # about a kilometre: finer than a 1:110m outline can honour


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Clip a closed ring to an axis-aligned box (Sutherland-Hodgman), keeping its orientation.

    Parameters
    ----------
    ring : list of (x, y)
        Vertices; the closing vertex may be repeated or not.
    box : (west, south, east, north)

    Returns
    -------
    list of (x, y)
        The clipped ring, closed (first vertex repeated); empty when nothing is inside.

    Notes
    -----
    Sutherland, I. E. and Hodgman, G. W. (1974), "Reentrant polygon clipping",
    *Communications of the ACM* 17(1), 32-42. Parts of a concave ring that leave and
    re-enter the box are joined along its edge, which is harmless for filled outlines.

    Examples
    --------
    A clockwise square cut to the unit box inside it stays clockwise:

    >>> clip_ring([(0, 0), (0, 4), (4, 4), (4, 0)], (1, 1, 2, 2))
    [(2.0, 2.0), (2.0, 1.0), (1.0, 1.0), (1.0, 2.0), (2.0, 2.0)]
    """
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    )
    points = [(float(x), float(y)) for x, y in ring]
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        for current, previous in zip(points, points[-1:] + points[:-1]):
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
        points = clipped
    return points + points[:1] if points else []


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return float(x), a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), float(y)


def _rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Round to DIGITS and drop the repeated vertices rounding creates."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def basemap(shapefile_path: Path, source_id: str, box: tuple[float, float, float, float] = REGION) -> dict:
    """A GeoJSON FeatureCollection of the countries inside `box`, each feature citing `source_id`.

    Parameters
    ----------
    shapefile_path : Path
        Natural Earth ``naturalearth_lowres.shp`` (or any polygon shapefile with ``name``
        and ``iso_a3`` attributes).
    source_id : str
        The row of ``data/sources.csv`` the outlines come from.

    Returns
    -------
    dict
        Features sorted by ``iso_a3`` with properties ``name``, ``iso_a3``, ``source_id``;
        MultiPolygon geometries; deterministic for the same input.
    """
    features = []
    with shapefile.Reader(str(shapefile_path)) as reader:
        for shape_record in reader.iterShapeRecords():
            shape, record = shape_record.shape, shape_record.record.as_dict()
            polygons: list[list[list[list[float]]]] = []
            bounds = list(shape.parts) + [len(shape.points)]
            for start, stop in zip(bounds, bounds[1:]):
                ring = _rounded(clip_ring(shape.points[start:stop], box))
                if len(ring) < 4 or _signed_area(ring) == 0:
                    continue
                if _signed_area(ring) < 0 or not polygons:  # clockwise: a new outer ring
                    polygons.append([ring])
                else:  # anticlockwise: a hole in the outer ring before it
                    polygons[-1].append(ring)
            if polygons:
                features.append({
                    "type": "Feature",
                    "properties": {"name": record["name"], "iso_a3": record["iso_a3"], "source_id": source_id},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                })
    features.sort(key=lambda f: (f["properties"]["iso_a3"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def write_basemap(collection: dict, destination: Path) -> None:
    """Write `collection` as compact, stable GeoJSON (one feature per line, for readable diffs)."""
    lines = [json.dumps(f, sort_keys=True, separators=(",", ":"), ensure_ascii=False) for f in collection["features"]]
    Path(destination).write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.basemap", description=__doc__.splitlines()[0])
    parser.add_argument("shapefile")
    parser.add_argument("--source", default="natural_earth_110m", help="source_id the features cite")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    write_basemap(basemap(Path(args.shapefile), args.source), Path(args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
