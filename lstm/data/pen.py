"""What an online handwriting recogniser reads of the pen's path.

A tablet records the pen's position at regular times while it touches the surface; a
line of handwriting is a list of strokes, each an array of points (x, y, and perhaps the
time). :func:`features` gives the inputs of Graves et al.'s online systems (2009; Graves
2013 writes them the same way): per point, the offset from the previous point and a
pen-up flag on the last point of every stroke. Synthetic lines
(:mod:`lstm.data.handwriting`) and read ones (:mod:`lstm.data.iamondb`) both pass here.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def features(strokes: Iterable[np.ndarray]) -> np.ndarray:
    """The strokes of a line as (points, 3) float32 rows of dx, dy and pen-up.

    dx and dy are the pen's offset from the previous point, across strokes too (so the jump
    to a stroke is its first point's offset; 0, 0 at the line's first point); pen-up is 1
    on the last point of each stroke and 0 elsewhere. Columns after x and y are ignored.
    """
    strokes = [np.asarray(stroke, dtype=np.float64) for stroke in strokes]
    if not strokes:
        raise ValueError("expected at least one stroke, got none")
    for number, stroke in enumerate(strokes, start=1):
        if stroke.ndim != 2 or stroke.shape[0] == 0 or stroke.shape[1] < 2:
            raise ValueError(
                f"stroke {number} of {len(strokes)}: expected an array of (points, x, y, ...) "
                f"with at least one point, got shape {stroke.shape}"
            )
    xy = np.concatenate([stroke[:, :2] for stroke in strokes])
    offsets = np.diff(xy, axis=0, prepend=xy[:1])
    pen_up = np.zeros(len(xy))
    pen_up[np.cumsum([len(stroke) for stroke in strokes]) - 1] = 1
    return np.column_stack([offsets, pen_up]).astype(np.float32)
