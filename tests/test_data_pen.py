"""Pen features: offsets that add up to the pen's path, and a pen-up flag per stroke."""

import numpy as np
import pytest

from lstm.data import pen

pytestmark = pytest.mark.timeout(30)


def test_features_are_offsets_and_a_pen_up_flag_on_each_strokes_last_point():
    strokes = [np.array([[0, 0, 0], [2, 1, 1], [5, 1, 2]]), np.array([[10, -3, 3], [9, -4, 4]])]
    expected = [[0, 0, 0], [2, 1, 0], [3, 0, 1], [5, -4, 0], [-1, -1, 1]]
    got = pen.features(strokes)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)
    with pytest.raises(ValueError, match="expected at least one stroke, got none"):
        pen.features([])
    np.testing.assert_array_equal(pen.features([np.array([[4, 5, 0]])]), [[0, 0, 1]])


def test_features_refuse_a_stroke_without_points():
    with pytest.raises(ValueError, match=r"stroke 2 of 2: .*shape \(0, 3\)"):
        pen.features([np.zeros((2, 3)), np.zeros((0, 3))])


@pytest.mark.parametrize("stroke", [np.zeros((3,)), np.zeros((3, 1)), np.zeros((0, 2))])
def test_features_refuse_what_is_not_a_stroke_in_one_line(stroke):
    with pytest.raises(
        ValueError, match=r"stroke 1 of 1: expected an array of \(points, x, y"
    ) as raised:
        pen.features([stroke])
    assert "\n" not in str(raised.value)
