"""Seeded generators for the synthetic tasks of the papers the book reproduces."""

from __future__ import annotations

import numpy as np


def random_generator(seed: int | np.random.Generator) -> np.random.Generator:
    """A NumPy generator from a seed (an int >= 0), or the generator itself if given one.

    Every task generator takes ``seed`` this way, so a caller can either reproduce a batch
    from its seed or draw several batches from one generator.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TypeError(f"expected seed as an int >= 0 or a numpy Generator, got {seed!r}")
    return np.random.default_rng(seed)
