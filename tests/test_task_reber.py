"""The embedded Reber grammar: generator, checker, allowed next symbols, continual stream."""

import numpy as np
import pytest
import torch

from lstm.tasks import reber


def test_every_generated_string_is_valid():
    rng = np.random.default_rng(0)
    for _ in range(2000):
        assert reber.is_reber(reber.reber_string(rng))
    for string in reber.embedded_reber_strings(2000, seed=1):
        assert reber.is_embedded_reber(string)
        assert string[1] == string[-2] and string[1] in "TP"
        assert reber.is_reber(string[2:-2])


def test_generator_reaches_both_branches_and_every_symbol():
    strings = reber.embedded_reber_strings(500, seed=2)
    assert {s[1] for s in strings} == {"T", "P"}
    assert set("".join(strings)) == set(reber.SYMBOLS)


@pytest.mark.parametrize("string", ["BTSSXXTVVE", "BPVVE", "BTXSE", "BPTVPSE", "BTSXXVPSE"])
def test_checker_accepts_known_reber_strings(string):
    assert reber.is_reber(string)
    assert reber.is_embedded_reber("BT" + string + "TE")
    assert reber.is_embedded_reber("BP" + string + "PE")


@pytest.mark.parametrize(
    "string",
    [
        "BTBTXSEPE",  # the branch symbol not repeated
        "BTBTXSET",  # no final E
        "BTBTXSETEB",  # a symbol after the end
        "TBTXSETE",  # no initial B
        "BTBTXXETE",  # the inner string broken (X then E)
        "BTBPVVETEE",
        "",
        "BTBTXSQTE",  # not a symbol of the grammar
    ],
)
def test_checker_rejects_corrupted_strings(string):
    assert not reber.is_embedded_reber(string)


def test_checker_agrees_with_a_hand_check_on_every_single_symbol_substitution():
    string = "BPBTSSXXTVVEPE"
    for position in range(len(string)):
        for symbol in reber.SYMBOLS:
            corrupted = string[:position] + symbol + string[position + 1 :]
            assert reber.is_embedded_reber(corrupted) == _valid_by_hand(corrupted), corrupted


def _valid_by_hand(string):
    if len(string) < 9 or string[0] != "B" or string[-1] != "E" or string[1] not in "TP":
        return False
    return string[-2] == string[1] and reber.is_reber(string[2:-2])


def test_allowed_next_on_a_hand_checked_string():
    assert reber.allowed_next("BTBTXSETE") == ["TP", "B", "TP", "SX", "SX", "E", "T", "E", ""]
    continual = "TP B TP TV PV E P E B".split()
    assert reber.allowed_next("BPBPVVEPE", continual=True) == continual


def test_allowed_next_refuses_invalid_strings():
    with pytest.raises(ValueError, match="complete embedded Reber"):
        reber.allowed_next("BTBTXSEPE")
    with pytest.raises(TypeError, match="string"):
        reber.allowed_next(["B", "T"])


def test_one_hot_and_multi_hot():
    encoded = reber.one_hot("BTE")
    assert encoded.shape == (3, 7) and torch.equal(encoded.sum(1), torch.ones(3))
    assert encoded[2, reber.INDEX["E"]] == 1
    with pytest.raises(ValueError, match="expected symbols"):
        reber.one_hot("BTQ")
    targets = reber.multi_hot(["TP", ""])
    assert targets.tolist()[0] == [0, 1, 1, 0, 0, 0, 0] and targets[1].sum() == 0


def test_continual_stream_boundaries_are_consistent():
    stream = reber.continual_stream(50, seed=3)
    text = "".join(stream.strings)
    assert stream.inputs.shape == (len(text), 7) == stream.targets.shape
    assert torch.equal(stream.inputs.argmax(1), torch.tensor([reber.INDEX[s] for s in text]))
    starts = stream.string_starts.tolist()
    assert starts[0] == 0 and len(starts) == 50
    for i, start in enumerate(starts):
        assert text[start] == "B"
        assert start == 0 or text[start - 1] == "E"
        assert stream.string_index[start] == i
        # the step before every string's B predicts exactly B
        if start:
            assert stream.targets[start - 1].tolist() == reber.multi_hot(["B"])[0].tolist()
    assert stream.targets[-1].tolist() == reber.multi_hot(["B"])[0].tolist()
    assert torch.all(stream.targets.sum(1) >= 1)


def test_non_continual_stream_has_no_target_after_each_E():
    stream = reber.continual_stream(20, seed=4, continual=False)
    ends = torch.cat([stream.string_starts[1:] - 1, torch.tensor([len(stream.inputs) - 1])])
    assert torch.all(stream.targets[ends].sum(1) == 0)


def test_streams_are_seeded():
    a, b = reber.continual_stream(10, seed=5), reber.continual_stream(10, seed=5)
    assert a.strings == b.strings
    assert reber.continual_stream(10, seed=6).strings != a.strings
    with pytest.raises(ValueError, match="count"):
        reber.continual_stream(0, seed=1)
    with pytest.raises(TypeError, match="seed"):
        reber.continual_stream(3, seed=-2)


def test_prediction_criterion():
    targets = reber.multi_hot(["TP", "B", ""])
    good = torch.tensor([[0, 5, 4, 0, 0, 0, 0], [3, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0.0]])
    assert reber.predictions_correct(good, targets).tolist() == [True, True, True]
    bad = torch.tensor([[0, 5, 0, 4.5, 0, 0, 0], [3, 4, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0.0]])
    assert reber.predictions_correct(bad, targets).tolist() == [False, False, True]
    with pytest.raises(ValueError, match="one shape"):
        reber.predictions_correct(good[:, :6], targets)


def test_training_and_test_sets_follow_the_1997_protocol():
    training, test = reber.training_and_test_sets(256, seed=7)
    assert len(training) == len(test) == 256
    assert not set(training) & set(test)  # no test string was seen in training
    assert all(reber.is_embedded_reber(s) for s in training + test)
    assert (training, test) == reber.training_and_test_sets(256, seed=7)
    assert (training, test) != reber.training_and_test_sets(256, seed=8)


def test_stream_of_given_strings_matches_the_generated_stream():
    generated = reber.continual_stream(20, seed=3, continual=False)
    rebuilt = reber.stream_of(generated.strings, continual=False)
    for got, expected in zip(rebuilt, generated, strict=True):
        if isinstance(expected, torch.Tensor):
            torch.testing.assert_close(got, expected)
        else:
            assert got == expected
    with pytest.raises(ValueError, match="at least one"):
        reber.stream_of([])
