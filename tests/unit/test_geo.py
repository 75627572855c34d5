"""Offline geocoding and the grid cells behind near=."""

from __future__ import annotations

from domain.geo import coordinates, grid_cell
from store.filters import _cells


def test_coordinates_of_known_and_unknown_places():
    lat, lon = coordinates("Hangzhou", "China")
    assert (round(lat, 1), round(lon, 1)) == (30.3, 120.2)
    lat, lon = coordinates("Seoul", "Korea, Republic of")
    assert (round(lat, 1), round(lon, 1)) == (37.6, 127.0)
    assert coordinates("Nowhere Town", "China") is None
    assert coordinates("Hangzhou", None) is None


def test_grid_cells():
    assert grid_cell(-90, -180) == 0
    assert grid_cell(89.99, 179.99) == 64_799
    assert grid_cell(30.27, 120.15) == (30 + 90) * 360 + 120 + 180


def test_cells_of_a_circle_cover_its_box_and_wrap_the_antimeridian():
    cells = _cells(29.8, 30.7, 120.15, 50)
    assert grid_cell(30.27, 120.15) in cells and grid_cell(29.9, 119.9) in cells
    assert grid_cell(31.5, 120.15) not in cells
    wrapped = _cells(-0.45, 0.45, 179.9, 50)
    assert grid_cell(0.2, -179.8) in wrapped  # across the antimeridian
    assert _cells(-89, 89, 0, 20000) is None  # too large a circle: sites only
