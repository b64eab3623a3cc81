"""The latching task of Bengio et al. (1994): balance, where the class sits, the noise."""

import numpy as np
import pytest
import torch

from lstm.tasks.latching import latching_batch


def test_shapes_and_dtypes():
    batch = latching_batch(50, 8, seed=0)
    assert batch.inputs.shape == (8, 50, 1) and batch.inputs.dtype == torch.float32
    assert batch.labels.shape == (8,) and batch.labels.dtype == torch.int64


def test_classes_are_balanced_and_shuffled():
    labels = latching_batch(10, 1000, seed=1).labels
    assert labels.sum() == 500
    assert not torch.equal(labels, labels.sort().values)  # not all zeros then all ones


def test_odd_batch_is_balanced_up_to_one():
    labels = latching_batch(10, 7, seed=2).labels
    assert labels.sum() in (3, 4)


def test_the_class_sits_in_the_first_L_inputs_only():
    batch = latching_batch(40, 200, seed=3, information_length=5)
    signs = 2 * batch.labels.float() - 1
    head = batch.inputs[:, :5, 0]
    assert torch.equal(head, signs[:, None].expand(-1, 5))
    tail = batch.inputs[:, 5:, 0]
    # the tail says nothing about the class: class means agree within noise
    gap = tail[batch.labels == 1].mean() - tail[batch.labels == 0].mean()
    assert abs(gap) < 0.02


def test_noise_has_the_papers_variance_by_default():
    # Hochreiter & Schmidhuber (1997), Exp 3: "a Gaussian with mean zero and variance 0.2".
    # 99,700 draws: the sample variance's standard error is 0.2 * sqrt(2 / 99,700) < 0.001,
    # so 0.005 is five standard errors, and a standard deviation of 0.2 (variance 0.04)
    # fails by far.
    tail = latching_batch(1000, 100, seed=4).inputs[:, 3:, 0].double()
    assert abs(tail.mean()) < 0.01
    assert abs(tail.var() - 0.2) < 0.005


def test_noise_variance_sets_the_variance():
    tail = latching_batch(1000, 100, seed=4, noise_variance=0.5).inputs[:, 3:, 0].double()
    assert abs(tail.var() - 0.5) < 0.01


def test_noise_free_task_has_zero_tail():
    inputs = latching_batch(20, 4, seed=5, noise_variance=0.0).inputs
    assert torch.all(inputs[:, 3:] == 0)


def test_same_seed_same_batch_and_generator_accepted():
    a, b = latching_batch(30, 16, seed=9), latching_batch(30, 16, seed=9)
    assert torch.equal(a.inputs, b.inputs) and torch.equal(a.labels, b.labels)
    c = latching_batch(30, 16, seed=10)
    assert not torch.equal(a.inputs, c.inputs)
    rng = np.random.default_rng(9)
    assert torch.equal(latching_batch(30, 16, seed=rng).inputs, a.inputs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"length": 0}, ValueError, "length"),
        ({"length": 2.5}, TypeError, "length"),
        ({"batch": 0}, ValueError, "batch"),
        ({"information_length": 0}, ValueError, "information_length"),
        ({"information_length": 11}, ValueError, "information_length <= length"),
        ({"noise_variance": -1.0}, ValueError, "noise_variance"),
        ({"noise_variance": float("nan")}, ValueError, "noise_variance"),
        ({"noise_variance": "0.2"}, TypeError, "noise_variance"),
        ({"seed": -1}, TypeError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
    ],
)
def test_bad_inputs_are_refused(kwargs, error, message):
    arguments = {"length": 10, "batch": 4, "seed": 0, **kwargs}
    with pytest.raises(error, match=message):
        latching_batch(**arguments)
