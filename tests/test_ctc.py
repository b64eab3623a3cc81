"""CTC: the collapse map, best-path and prefix beam search against exhaustive search over
every path, labelling probabilities from ctc_loss against sums over paths, and targets."""

import itertools
import math

import pytest
import torch
import torch.nn.functional as F

from lstm.nn.ctc import (
    BLANK,
    Lexicon,
    best_path,
    collapse,
    exhaustive_search,
    labelling_log_prob,
    prefix_beam_search,
    targets,
)


def random_log_probs(time: int, classes: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.log_softmax(2.0 * torch.randn(time, classes, generator=generator), dim=1)


def from_probabilities(rows: list[list[float]]) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float64).log()


# Two frames of blank 0.6, label 0.4: the best path (blank, blank) collapses to nothing,
# p = 0.36, but three paths (1 1, 1 -, - 1) collapse to [1]: p = 0.16 + 0.24 + 0.24 = 0.64.
BEST_PATH_MISLEADS = from_probabilities([[0.6, 0.4], [0.6, 0.4]])


def sum_over_paths(log_probs: torch.Tensor, labels: list[int]) -> float:
    """p(labels | x) by listing every path (eq. 2 of the paper, literally)."""
    time, classes = log_probs.shape
    return sum(
        math.exp(sum(log_probs[t, k].item() for t, k in enumerate(path)))
        for path in itertools.product(range(classes), repeat=time)
        if collapse(path) == labels
    )


@pytest.mark.parametrize(
    ("path", "labelling"),
    [
        ([0, 1, 1, 0, 1, 2, 2, 0], [1, 1, 2]),
        ([1, 0, 1, 2, 0], [1, 1, 2]),  # the paper's B(a-ab-) = aab
        ([0, 1, 1, 0, 0, 1, 2, 2], [1, 1, 2]),  # and B(-aa--abb) = aab
        ([3, 3, 3], [3]),
        ([0, 0, 0], []),
        ([], []),
        ((2, 1, 2), [2, 1, 2]),
    ],
)
def test_collapse_merges_repeats_then_drops_blanks(path, labelling):
    assert collapse(path) == labelling


def test_best_path_collapses_the_framewise_argmax():
    log_probs = from_probabilities(
        [
            [0.1, 0.7, 0.2],
            [0.2, 0.6, 0.2],
            [0.5, 0.3, 0.2],
            [0.1, 0.8, 0.1],
            [0.3, 0.3, 0.4],
        ]
    )
    assert best_path(log_probs) == [1, 1, 2]  # path 1 1 - 1 2
    assert best_path(log_probs.float()) == [1, 1, 2]


def test_prefix_beam_search_finds_the_labelling_that_best_path_misses():
    assert best_path(BEST_PATH_MISLEADS) == []
    assert exhaustive_search(BEST_PATH_MISLEADS) == [1]
    assert prefix_beam_search(BEST_PATH_MISLEADS, beam_width=2) == [1]
    # a beam of one drops [1] after the first frame (0.4 < 0.6) and never sees it again
    assert prefix_beam_search(BEST_PATH_MISLEADS, beam_width=1) == []
    assert math.exp(labelling_log_prob(BEST_PATH_MISLEADS, [1])) == pytest.approx(0.64)
    assert math.exp(labelling_log_prob(BEST_PATH_MISLEADS, [])) == pytest.approx(0.36)


@pytest.mark.parametrize("time", range(1, 6))
@pytest.mark.parametrize("classes", range(2, 5))
def test_a_wide_prefix_beam_search_is_exhaustive_search(time, classes):
    # classes**time bounds the number of labellings, so a beam that wide prunes nothing
    for seed in range(4):
        log_probs = random_log_probs(time, classes, seed=100 * time + 10 * classes + seed)
        expected = exhaustive_search(log_probs)
        assert prefix_beam_search(log_probs, beam_width=classes**time) == expected
        assert prefix_beam_search(log_probs, beam_width=64) == expected


def test_exhaustive_search_returns_the_labelling_of_highest_summed_probability():
    log_probs = random_log_probs(4, 3, seed=7)
    labellings = [
        list(labels)
        for length in range(5)
        for labels in itertools.product(range(1, 3), repeat=length)
    ]
    best = max(labellings, key=lambda labels: sum_over_paths(log_probs, labels))
    assert exhaustive_search(log_probs) == best


def test_exhaustive_search_refuses_too_many_paths():
    with pytest.raises(ValueError, match=r"at most 2,000,000 paths .* 2\*\*21 = 2,097,152"):
        exhaustive_search(torch.full((21, 2), math.log(0.5)))


def test_labelling_log_prob_is_the_sum_over_paths():
    log_probs = random_log_probs(4, 3, seed=3)
    for labels in ([], [1], [2, 1], [1, 1], [1, 2, 1], [2, 2, 2]):
        expected = sum_over_paths(log_probs, labels)
        assert math.exp(labelling_log_prob(log_probs, labels)) == pytest.approx(expected)


def test_the_probabilities_of_all_labellings_sum_to_one():
    time, classes = 3, 3
    log_probs = random_log_probs(time, classes, seed=11)
    labellings = [
        list(labels)
        for length in range(time + 1)
        for labels in itertools.product(range(1, classes), repeat=length)
    ]
    log_prob = [labelling_log_prob(log_probs, labels) for labels in labellings]
    assert all(value <= 0 for value in log_prob)
    assert sum(math.exp(value) for value in log_prob) == pytest.approx(1.0)
    # [1, 1] needs a blank between its labels: three frames, so two cannot reach it
    assert labelling_log_prob(log_probs[:2].clone(), [1, 1]) == -math.inf
    assert labelling_log_prob(log_probs[:2].clone(), [1, 2, 1]) == -math.inf  # longer than x


def test_targets_feed_a_batched_ctc_loss():
    sequences = [[1, 2], [3], [], (2, 2, 1)]
    flat, lengths = targets(sequences)
    assert flat.dtype == lengths.dtype == torch.int64
    assert flat.tolist() == [1, 2, 3, 2, 2, 1]
    assert lengths.tolist() == [2, 1, 0, 3]
    utterances = [random_log_probs(6, 4, seed=seed) for seed in range(len(sequences))]
    loss = F.ctc_loss(
        torch.stack(utterances, dim=1),  # (time, batch, classes)
        flat,
        input_lengths=torch.full((len(sequences),), 6),
        target_lengths=lengths,
        blank=BLANK,
        reduction="sum",
    )
    pairs = zip(utterances, sequences, strict=True)
    each = [labelling_log_prob(x, list(labels)) for x, labels in pairs]
    assert -loss.item() == pytest.approx(sum(each), rel=1e-5)


LOG_PROBS = random_log_probs(3, 3, seed=0)
DECODERS = [best_path, exhaustive_search, lambda x: prefix_beam_search(x, 4)]


@pytest.mark.parametrize("decode", DECODERS)
@pytest.mark.parametrize(
    ("log_probs", "error", "message"),
    [
        ([[0.0]], TypeError, "log_probs to be a torch.Tensor, got list"),
        (torch.zeros(3, 2, dtype=torch.int64), TypeError, "floating-point tensor"),
        (LOG_PROBS[0], ValueError, r"log_probs of shape \(time, classes\), got \(3,\)"),
        (torch.zeros(0, 3), ValueError, r"at least one frame, got shape \(0, 3\)"),
        (torch.zeros(2, 1), ValueError, "at least 2 classes .* got 1"),
        (torch.zeros(2, 3), ValueError, "normalised per frame .* got sums from 3 to 3"),
        (torch.full((2, 2), math.nan), ValueError, "normalised per frame"),
    ],
)
def test_bad_log_probs(decode, log_probs, error, message):
    with pytest.raises(error, match=message):
        decode(log_probs)
    if decode is best_path:  # labelling_log_prob checks them the same way
        with pytest.raises(error, match=message):
            labelling_log_prob(log_probs, [1])


@pytest.mark.parametrize(
    ("beam_width", "error", "message"),
    [
        (0, ValueError, "beam_width to be a positive int, got 0"),
        (2.0, TypeError, "beam_width to be a positive int, got float"),
        (True, TypeError, "beam_width to be a positive int, got bool"),
    ],
)
def test_bad_beam_width(beam_width, error, message):
    with pytest.raises(error, match=message):
        prefix_beam_search(LOG_PROBS, beam_width)


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        ([1, 0], ValueError, r"labels >= 1 \(0 is the blank"),
        ([3], ValueError, r"labels below 3 \(the number of classes\), got 3"),
        ("12", TypeError, "labels as a list or tuple of ints, got str"),
        ([1.0], TypeError, "labels to hold ints, got 1.0"),
    ],
)
def test_bad_labels(labels, error, message):
    with pytest.raises(error, match=message):
        labelling_log_prob(LOG_PROBS, labels)


@pytest.mark.parametrize(
    ("sequences", "error", "message"),
    [
        ([], ValueError, "at least one labelling, got none"),
        ([[1], [2, 0]], ValueError, r"sequences\[1\] to hold labels >= 1 \(0 is the blank"),
        ([[1], [-1]], ValueError, r"sequences\[1\] to hold labels >= 1"),
        ("abc", TypeError, "sequences as a list or tuple of labellings, got str"),
        ([torch.tensor([1])], TypeError, r"sequences\[0\] as a list or tuple of ints, got Tensor"),
        ([[True]], TypeError, r"sequences\[0\] to hold ints, got True"),
    ],
)
def test_bad_targets(sequences, error, message):
    with pytest.raises(error, match=message):
        targets(sequences)


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ([0, -1], ValueError, r"class indices \(ints >= 0\), got -1"),
        ([0, 1.0], TypeError, r"class indices \(ints\), got 1.0"),
        ("0110", TypeError, "path as a list or tuple of ints, got str"),
    ],
)
def test_bad_paths(path, error, message):
    with pytest.raises(error, match=message):
        collapse(path)


def test_pruning_skips_labels_below_the_cut_off_and_keeps_confident_ones():
    # Frame 1 is sure of label 2; label 1 is barely there at frame 0 (p = 0.01).
    probabilities = torch.tensor([[0.59, 0.01, 0.40], [0.0005, 0.0005, 0.999]])
    log_probs = probabilities.log()
    assert prefix_beam_search(log_probs, 8, min_log_prob=math.log(0.001)) == [2]
    # A cut-off above every label's probability leaves only the blank: the empty labelling.
    assert prefix_beam_search(log_probs, 8, min_log_prob=math.log(0.9999)) == []


def test_pruning_at_a_low_cut_off_agrees_with_exhaustive_search():
    generator = torch.Generator().manual_seed(11)
    for _ in range(20):
        log_probs = (3 * torch.randn(4, 3, generator=generator)).log_softmax(-1)
        pruned = prefix_beam_search(log_probs, 81, min_log_prob=math.log(1e-9))
        assert pruned == exhaustive_search(log_probs)


@pytest.mark.parametrize(
    ("cut_off", "error", "message"),
    [(0.5, ValueError, "min_log_prob <= 0"), ("low", TypeError, "min_log_prob as a number")],
)
def test_bad_cut_off(cut_off, error, message):
    with pytest.raises(error, match=message):
        prefix_beam_search(torch.zeros(2, 2).log_softmax(-1), 2, min_log_prob=cut_off)


# A lexicon over labels 1 to 3 with 3 as the word separator: the words "1", "2 1", "1 1".
WORDS = [[1], [2, 1], [1, 1]]


def test_a_lexicon_accepts_its_words_with_one_separator_between_two_and_nothing_else():
    lexicon = Lexicon(WORDS, separator=3)
    assert lexicon.size == 3
    for labels in ([], [1], [2, 1], [1, 1], [1, 3, 2, 1], [1, 1, 3, 1, 3, 2, 1]):
        assert lexicon.complete(labels), labels
    for labels in ([2], [3], [1, 3], [3, 1], [1, 3, 3, 1], [1, 1, 1], [2, 2]):
        assert not lexicon.complete(labels), labels
    assert lexicon.walk([2]) is not None  # a word's beginning is on the way
    assert lexicon.walk([2, 2]) is None


@pytest.mark.parametrize(
    ("words", "separator", "message"),
    [
        ([[1], []], 3, r"at least one label and no separator \(3\), got \[\]"),
        ([[1, 3]], 3, r"no separator \(3\), got \[1, 3\]"),
        ([[0, 1]], 3, "labels >= 1"),
        ([], 3, "at least one word in the lexicon, got none"),
        ([[1]], 0, "separator"),
    ],
)
def test_a_bad_lexicon_is_named(words, separator, message):
    with pytest.raises(ValueError, match=message):
        Lexicon(words, separator=separator)


@pytest.mark.parametrize("time", range(1, 6))
def test_a_wide_prefix_beam_search_held_to_a_lexicon_is_exhaustive_search_held_to_it(time):
    lexicon = Lexicon(WORDS, separator=3)
    for seed in range(6):
        log_probs = random_log_probs(time, 4, seed=1000 + 10 * time + seed)
        expected = exhaustive_search(log_probs, lexicon=lexicon)
        assert lexicon.complete(expected)
        assert prefix_beam_search(log_probs, beam_width=4**time, lexicon=lexicon) == expected


def test_a_lexicon_turns_a_misread_word_into_the_nearest_word_of_the_list():
    # the frames read "2" most probably, which is no word; "2 1" is the best word
    log_probs = from_probabilities(
        [[0.1, 0.1, 0.7, 0.1], [0.5, 0.3, 0.1, 0.1], [0.8, 0.1, 0.05, 0.05]]
    )
    assert prefix_beam_search(log_probs, beam_width=8) == [2]
    lexicon = Lexicon(WORDS, separator=3)
    assert prefix_beam_search(log_probs, beam_width=8, lexicon=lexicon) == [2, 1]
    assert exhaustive_search(log_probs, lexicon=lexicon) == [2, 1]


def test_a_lexicon_search_with_no_complete_survivor_gives_the_empty_labelling():
    # a beam of one keeps only the prefix [2] (no word) after the first frame
    log_probs = from_probabilities([[0.05, 0.05, 0.85, 0.05], [0.05, 0.05, 0.85, 0.05]])
    lexicon = Lexicon([[2, 1]], separator=3)
    assert prefix_beam_search(log_probs, beam_width=1, lexicon=lexicon) == []


def test_prefix_beam_search_names_a_lexicon_of_the_wrong_type():
    with pytest.raises(TypeError, match="expected lexicon as a Lexicon or None, got list"):
        prefix_beam_search(random_log_probs(2, 3, seed=0), 2, lexicon=[[1]])
