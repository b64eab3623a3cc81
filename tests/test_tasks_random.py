"""The seed convention every task generator shares."""

import numpy as np
import pytest

from lstm.tasks import random_generator


def test_a_seed_gives_a_reproducible_generator_and_a_generator_passes_through():
    assert random_generator(3).random() == np.random.default_rng(3).random()
    rng = np.random.default_rng(0)
    assert random_generator(rng) is rng


@pytest.mark.parametrize("seed", [-1, 1.5, True, "0"])
def test_a_bad_seed_names_what_arrived(seed):
    with pytest.raises(TypeError, match=f"expected seed as an int >= 0.*got {seed!r}"):
        random_generator(seed)
