"""The 1997 long-lag task generators: shapes, statistics against the paper's definitions,
determinism and bad inputs."""

import numpy as np
import pytest
import torch

from lstm.tasks import long_lag


def _check_layout(batch: long_lag.Sequences, size: int, features: int, outputs: int) -> None:
    assert batch.inputs.dtype == torch.float32 and batch.targets.dtype == torch.float32
    assert batch.lengths.dtype == torch.int64
    assert batch.inputs.shape[0] == size and batch.inputs.shape[2] == features
    assert batch.targets.shape == (size, outputs)
    assert batch.inputs.shape[1] == int(batch.lengths.max())
    padding = torch.arange(batch.inputs.shape[1])[None, :] >= batch.lengths[:, None]
    assert torch.all(batch.inputs[padding] == 0)


def test_noise_free_long_lag_is_the_two_sequences_of_exp_2a():
    p = 10
    batch = long_lag.noise_free_long_lag(64, p, seed=0)
    _check_layout(batch, 64, p + 1, 1)
    symbols = batch.inputs.argmax(dim=2)
    assert torch.all(batch.inputs.sum(dim=2) == 1)
    assert torch.equal(symbols[:, 0], batch.targets[:, 0].long())  # first element = target
    assert torch.equal(symbols[:, 1:], torch.arange(2, p + 1).expand(64, -1))  # a_1..a_{p-1}
    assert batch.targets.sum() == 32  # balanced classes


def test_distractor_long_lag_layout_and_minimal_lag():
    q, p = 50, 20
    batch = long_lag.distractor_long_lag(200, q, p, seed=1)
    _check_layout(batch, 200, p + 4, 1)
    symbols = batch.inputs.argmax(dim=2)
    rows = torch.arange(200)
    assert torch.all(symbols[:, 0] == 2)  # b
    assert torch.equal(symbols[:, 1], batch.targets[:, 0].long())  # x or y
    assert torch.all(symbols[rows, batch.lengths - 1] == 3)  # e, the trigger
    assert batch.lengths.min() >= q + 3
    for row in range(200):  # only distractors between the class symbol and the trigger
        middle = symbols[row, 2 : batch.lengths[row] - 1]
        assert torch.all(middle >= 4) and torch.all(middle < p + 4)
    assert batch.targets.sum() == 100


def test_distractor_run_ends_with_probability_one_tenth_per_step():
    # The paper: after the prefix of length q + 2, each further element is a distractor with
    # probability 9/10 or the trigger e with probability 1/10. So the number k of extra
    # distractors is geometric: P(k) = 0.1 * 0.9**k, mean 9, standard deviation 9.5.
    q = 20
    batch = long_lag.distractor_long_lag(20_000, q, 10, seed=5, symbols=True)
    extra = (batch.lengths - (q + 3)).double()
    assert extra.min() == 0
    assert abs(float(extra.mean()) - 9.0) < 0.3  # 4.5 standard errors (0.067)
    assert abs(float((extra == 0).double().mean()) - 0.1) < 0.01  # P(k = 0) = 1/10
    assert abs(float((extra >= 10).double().mean()) - 0.9**10) < 0.015  # P(k >= 10) = 0.35
    assert extra.max() > 2 * q  # unbounded: not capped at a fraction of q


def test_two_sequence_noise_statistics():
    T = 200
    batch = long_lag.two_sequence_noise(2000, T, seed=2)
    _check_layout(batch, 2000, 1, 1)
    assert batch.lengths.min() >= T and batch.lengths.max() <= T + T // 10
    signs = 2 * batch.targets - 1
    assert torch.all(batch.inputs[:, :3, 0] == signs)  # class in the first N = 3 values
    valid = torch.arange(batch.inputs.shape[1])[None, :] < batch.lengths[:, None]
    valid[:, :3] = False
    noise = batch.inputs[:, :, 0][valid]
    assert abs(float(noise.mean())) < 0.01
    assert abs(float(noise.var()) - 0.2) < 0.01  # variance 0.2 (std 0.447), not std 0.2
    assert batch.targets.sum() == 1000


@pytest.mark.parametrize("task", [long_lag.adding, long_lag.multiplication])
def test_marked_pairs_follow_the_paper(task):
    T = 100
    batch = task(3000, T, seed=3)
    _check_layout(batch, 3000, 2, 1)
    values, markers = batch.inputs[..., 0], batch.inputs[..., 1]
    lengths = batch.lengths
    assert lengths.min() >= T and lengths.max() <= T + T // 10
    assert torch.all((markers == 1).sum(dim=1) == 2)  # exactly two marked pairs
    marked = (markers == 1).float().argsort(dim=1, descending=True, stable=True)[:, :2]
    first, second = marked.min(dim=1).values, marked.max(dim=1).values
    assert first.max() < T // 2 - 1 and second.max() < T // 2 - 1
    assert torch.all(torch.minimum(first, second) < 10)  # one of the first ten
    rows = torch.arange(3000)
    assert torch.all(markers[rows, lengths - 1] == -1)  # the last pair
    assert torch.all((markers[:, 0] == -1) | (markers[:, 0] == 1))  # the first pair
    first_marked = markers[:, 0] == 1
    assert first_marked.sum() > 100  # the rare case occurs often enough to be tested
    # The paper sets X1 to zero (adding) or to 1.0 (multiplication) when the first pair is
    # marked.
    expected = 0.0 if task is long_lag.adding else 1.0
    assert torch.all(values[first_marked, 0] == expected)
    x = (values * (markers == 1)).sum(dim=1)
    if task is long_lag.adding:
        assert values.min() >= -1 and values.max() <= 1
        assert torch.allclose(batch.targets[:, 0], 0.5 + x / 4)
        assert batch.targets.min() >= 0 and batch.targets.max() <= 1
    else:
        assert values.min() >= 0 and values.max() <= 1
        product = torch.where(markers == 1, values, torch.ones_like(values)).prod(dim=1)
        assert torch.allclose(batch.targets[:, 0], product)
        assert batch.targets.min() >= 0 and batch.targets.max() <= 1


@pytest.mark.parametrize("relevant", [2, 3])
def test_temporal_order_positions_and_classes(relevant):
    batch = long_lag.temporal_order(800, seed=4, relevant=relevant)
    classes = 2**relevant
    _check_layout(batch, 800, 8, classes)
    symbols = batch.inputs.argmax(dim=2)
    assert batch.lengths.min() >= 100 and batch.lengths.max() <= 110
    assert torch.all(symbols[:, 0] == 6)  # B
    assert torch.all(symbols[torch.arange(800), batch.lengths - 1] == 7)  # E
    assert torch.all(batch.targets.sum(dim=0) == 800 // classes)  # balanced
    labels = batch.targets.argmax(dim=1)
    for row in range(800):
        positions = torch.nonzero((symbols[row] == 4) | (symbols[row] == 5)).flatten() + 1
        assert len(positions) == relevant
        for position, (low, high) in zip(
            positions, long_lag.TEMPORAL_ORDER_POSITIONS[relevant], strict=True
        ):
            assert low <= position <= high
        bits = (symbols[row, positions - 1] - 4).tolist()  # X = 0, Y = 1
        assert int("".join(map(str, bits)), 2) == labels[row]


def test_generators_are_deterministic_given_a_seed():
    first = long_lag.adding(16, 50, seed=7)
    second = long_lag.adding(16, 50, seed=7)
    other = long_lag.adding(16, 50, seed=8)
    assert all(torch.equal(a, b) for a, b in zip(first, second, strict=True))
    assert not torch.equal(first.targets, other.targets)
    rng = np.random.default_rng(7)
    assert torch.equal(long_lag.adding(16, 50, rng).targets, first.targets)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: long_lag.adding(0, 100, 0), ValueError, "batch"),
        (lambda: long_lag.adding(4, 10, 0), ValueError, "T >= 22"),
        (lambda: long_lag.adding(4, 100.0, 0), TypeError, "T"),
        (lambda: long_lag.adding(4, 100, -1), TypeError, "seed"),
        (lambda: long_lag.adding(4, 100, "0"), TypeError, "seed"),
        (lambda: long_lag.multiplication(4, 5, 0), ValueError, "T >= 22"),
        (lambda: long_lag.noise_free_long_lag(4, 1, 0), ValueError, "p >= 2"),
        (lambda: long_lag.distractor_long_lag(4, 0, 5, 0), ValueError, "q"),
        (lambda: long_lag.distractor_long_lag(4, 5, 5, 0, end_probability=0), ValueError, "end_"),
        (lambda: long_lag.two_sequence_noise(4, 3, 0), ValueError, "information_length < T"),
        (lambda: long_lag.two_sequence_noise(4, 50, 0, noise_variance=-1), ValueError, "noise"),
        (lambda: long_lag.temporal_order(4, 0, relevant=4), ValueError, "relevant"),
        (lambda: long_lag.temporal_order(True, 0), TypeError, "batch"),
    ],
)
def test_bad_inputs_say_what_was_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_distractor_symbols_are_the_one_hot_inputs_as_indices():
    vectors = long_lag.distractor_long_lag(6, 20, 10, 3)
    symbols = long_lag.distractor_long_lag(6, 20, 10, 3, symbols=True)
    assert symbols.inputs.dtype == torch.int64 and symbols.inputs.shape == vectors.inputs.shape[:2]
    assert torch.equal(symbols.targets, vectors.targets)
    assert torch.equal(symbols.lengths, vectors.lengths)
    valid = torch.arange(vectors.inputs.shape[1])[None, :] < vectors.lengths[:, None]
    assert torch.equal(symbols.inputs[valid], vectors.inputs[valid].argmax(-1))
    assert torch.all(symbols.inputs[~valid] == 0)
