"""Random weight guessing: the nets it runs, the order in which it counts guesses, its cap."""

import numpy as np
import pytest
import torch

from lstm.nn import guessing
from lstm.tasks import long_lag


def test_run_nets_computes_the_fully_connected_logistic_net_step_by_step():
    rng = np.random.default_rng(0)
    units, features = 3, 2
    w_in = torch.from_numpy(rng.normal(size=(units, features)))
    w_rec = torch.from_numpy(rng.normal(size=(units, units)))
    bias = torch.from_numpy(rng.normal(size=units))
    inputs = torch.from_numpy(rng.normal(size=(2, 5, features)))
    lengths = torch.tensor([5, 3])
    outputs = guessing.run_nets(w_in[None], w_rec[None], bias[None], inputs, lengths)[0]
    for row in range(2):
        activations = torch.zeros(units, dtype=torch.float64)  # reset at each sequence
        for step in range(int(lengths[row])):
            activations = torch.sigmoid(w_in @ inputs[row, step] + w_rec @ activations + bias)
        assert outputs[row] == pytest.approx(float(activations[-1]))  # the last unit


def test_guessing_finds_a_net_that_classifies_every_sequence():
    check = long_lag.two_sequence_noise(32, 20, seed=1)
    found = guessing.guess_weights(*check, seed=11, max_guesses=20_000)
    assert found.solved and found.net is not None and found.net.parameters == 8
    assert found.sequences == found.guesses * 32
    assert found.guesses <= found.sequences_to_first_error <= found.sequences
    assert guessing.share_wrong(found.net, *check) == 0.0
    weights = torch.cat([w.flatten() for w in vars(found.net).values()])
    assert weights.abs().max() <= 100 and weights.abs().max() > 50  # drawn from [-100, 100]


def test_guesses_are_counted_in_order_however_many_are_run_at_once():
    check = long_lag.two_sequence_noise(32, 20, seed=1)
    one_by_seven = guessing.guess_weights(*check, seed=11, guesses_at_once=7)
    all_at_once = guessing.guess_weights(*check, seed=11, guesses_at_once=1000)
    assert one_by_seven.guesses == all_at_once.guesses
    assert one_by_seven.sequences_to_first_error == all_at_once.sequences_to_first_error
    assert torch.equal(one_by_seven.net.bias, all_at_once.net.bias)


def test_a_guesser_that_hits_its_cap_has_not_solved_the_task():
    inputs = torch.zeros(2, 10, 1)  # identical sequences with different targets
    targets = torch.tensor([[0.0], [1.0]])
    found = guessing.guess_weights(inputs, targets, torch.tensor([10, 10]), 0, max_guesses=50)
    assert not found.solved and found.net is None
    assert found.guesses == 50 and found.sequences == 100
    assert 50 <= found.sequences_to_first_error <= 100


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"targets": torch.zeros(4)}, "targets"),
        ({"weight_range": 0.0}, "weight_range"),
        ({"max_guesses": 0}, "max_guesses"),
    ],
)
def test_bad_arguments_say_what_was_expected(kwargs, message):
    arguments = {
        "inputs": torch.zeros(4, 5, 1),
        "targets": torch.zeros(4, 1),
        "lengths": torch.full((4,), 5),
        "seed": 0,
    } | kwargs
    with pytest.raises(ValueError, match=message):
        guessing.guess_weights(**arguments)
