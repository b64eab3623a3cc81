"""The remember-then-forget stream: markers, targets and reproducibility."""

import pytest
import torch

from lstm.tasks.remember_forget import remember_forget


def test_targets_hold_the_stored_value_until_the_forget_marker():
    streams = remember_forget(8, 300, seed=1, hold=(3, 6), gap=(2, 4))
    assert streams.inputs.shape == (8, 300, 3) and streams.targets.shape == (8, 300, 1)
    for b in range(8):
        stored = 0.0
        for t in range(300):
            if streams.store[b, t]:
                stored = float(streams.inputs[b, t, 0])
            if streams.forget[b, t]:
                stored = 0.0
            assert float(streams.targets[b, t, 0]) == pytest.approx(stored)


def test_marker_spacing_follows_hold_and_gap():
    streams = remember_forget(16, 500, seed=2, hold=(5, 9), gap=(2, 3))
    for b in range(16):
        stores = torch.nonzero(streams.store[b]).flatten().tolist()
        forgets = torch.nonzero(streams.forget[b]).flatten().tolist()
        assert 2 <= stores[0] <= 3
        for store, forget in zip(stores, forgets, strict=False):
            assert 5 <= forget - store <= 9
        for forget, next_store in zip(forgets, stores[1:], strict=False):
            assert 2 <= next_store - forget <= 3
    values = streams.inputs[..., 0]
    assert values.min() >= -1 and values.max() <= 1 and abs(float(values.mean())) < 0.05


def test_same_seed_same_streams_other_seed_other_streams():
    a, b, c = (remember_forget(4, 50, seed=s) for s in (7, 7, 8))
    assert torch.equal(a.inputs, b.inputs) and torch.equal(a.targets, b.targets)
    assert not torch.equal(a.inputs, c.inputs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"batch": 0, "length": 5, "seed": 0}, ValueError, "batch to be a positive int"),
        ({"batch": 2, "length": 5, "seed": -1}, ValueError, "seed to be a non-negative int"),
        (
            {"batch": 2, "length": 5, "seed": 0, "hold": (4, 2)},
            ValueError,
            r"hold as \(low, high\).*got \(4, 2\)",
        ),
        ({"batch": 2, "length": 5, "seed": 0, "gap": (0, 2)}, ValueError, "gap as"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        remember_forget(**kwargs)
