"""Phoneme error rate and edit counts on cases worked by hand, and every bad input."""

import pytest

from lstm.nn.phoneme_error import edit_operations, phoneme_error_rate

SHE = ["sh", "iy"]
CAT = ["k", "ae", "t", "s"]


@pytest.mark.parametrize(
    ("reference", "hypothesis", "rate", "operations"),
    [
        (CAT, CAT, 0.0, (0, 0, 0)),
        (SHE, ["s", "iy"], 0.5, (1, 0, 0)),  # one substitution in two phonemes
        (SHE, ["sh", "ix", "iy"], 0.5, (0, 0, 1)),  # one insertion
        (CAT, ["k", "t", "s"], 0.25, (0, 1, 0)),  # one deletion in four
        (CAT, [], 1.0, (0, 4, 0)),  # nothing recognised: every phoneme deleted
        (["ae"], ["k", "ae", "t", "s"], 3.0, (0, 0, 3)),  # insertions push it above 1
        ([1, 2, 3], [1, 3], 1 / 3, (0, 1, 0)),  # int tokens
        (["k", "ae", "t"], ["t", "ae", "k"], 2 / 3, (2, 0, 0)),
    ],
)
def test_known_cases(reference, hypothesis, rate, operations):
    assert phoneme_error_rate([reference], [hypothesis]) == pytest.approx(rate)
    counts = edit_operations(reference, hypothesis)
    names = ("substitutions", "deletions", "insertions")
    assert counts == dict(zip(names, operations, strict=True))
    assert sum(counts.values()) == round(rate * len(reference))


def test_multi_letter_phonemes_are_single_tokens():
    # as strings "sh iy" and "s iy" differ in one character; as phonemes, in one phoneme
    assert phoneme_error_rate([SHE], [["s", "h", "iy"]]) == pytest.approx(1.0)


def test_errors_are_pooled_over_the_corpus_not_averaged_per_utterance():
    references = [["ae"], CAT]
    hypotheses = [["eh"], CAT]
    # 1 error in 5 reference phonemes, not the mean of 1/1 and 0/4
    assert phoneme_error_rate(references, hypotheses) == pytest.approx(0.2)
    assert phoneme_error_rate((tuple(SHE), []), (SHE, ["ah"])) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("references", "hypotheses", "error", "message"),
    [
        ([SHE, CAT], [SHE], ValueError, "one hypothesis per reference, got 2 references and 1"),
        ([[], []], [SHE, []], ValueError, "at least one reference token .* got 2 empty"),
        ([], [], ValueError, "at least one reference token"),
        (["sh iy"], [SHE], TypeError, r"references\[0\] as a list or tuple of phoneme tokens"),
        ([SHE], ["s iy"], TypeError, r"split a str into its phonemes"),
        ("sh iy", [SHE], TypeError, "references and hypotheses as lists of token sequences"),
        ([SHE], [["sh", 1.5]], TypeError, r"hypotheses\[0\] to hold phoneme tokens .* got 1.5"),
        ([[97]], [["a"]], TypeError, r"all str or all int, got \['int', 'str'\]"),
    ],
)
def test_bad_inputs(references, hypotheses, error, message):
    with pytest.raises(error, match=message):
        phoneme_error_rate(references, hypotheses)


@pytest.mark.parametrize(
    ("reference", "hypothesis", "error", "message"),
    [
        ("sh iy", SHE, TypeError, "reference as a list or tuple of phoneme tokens, got str"),
        (SHE, None, TypeError, "hypothesis as a list or tuple of phoneme tokens, got NoneType"),
        ([True], [1], TypeError, "reference to hold phoneme tokens .* got True"),
        ([1], ["a"], TypeError, "all str or all int"),
    ],
)
def test_bad_edit_operations_inputs(reference, hypothesis, error, message):
    with pytest.raises(error, match=message):
        edit_operations(reference, hypothesis)
