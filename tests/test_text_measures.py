"""Measured properties of text (lstm.data.text_measures): words, the share of known words,
self-repetition and line lengths, each on a text whose answer is worked out by hand, and
every kind of bad input."""

import math

import pytest

from lstm.data import text_measures as tm


def test_words_are_lower_cased_letter_runs_with_inner_apostrophes():
    text = "Thou'rt 'tis O’er the well-a-day, ROMEO2 my_lord!\nÉtienne's"
    assert tm.words(text) == [
        "thou'rt",
        "tis",
        "o'er",
        "the",
        "well",
        "a",
        "day",
        "romeo",
        "my",
        "lord",
        "étienne's",
    ]
    assert tm.words("  12 -- ?! \n") == []


def test_vocabulary_is_the_set_of_distinct_words():
    assert tm.vocabulary("The cat, the CAT and the dog.") == frozenset({"the", "cat", "and", "dog"})
    assert tm.vocabulary("") == frozenset()


def test_known_word_share_counts_every_occurrence():
    # Words: the, cat, the, zorp, dog: four of five known, "zorp" not.
    assert tm.known_word_share("The cat the zorp DOG", {"the", "cat", "dog"}) == 0.8
    assert tm.known_word_share("The cat", ["THE", "Cat"]) == 1.0  # the vocabulary lower-cased
    assert tm.known_word_share("o’er thou", tm.vocabulary("O'er")) == 0.5
    assert tm.known_word_share("zorp blick", {"the"}) == 0.0


def test_known_word_share_of_a_text_without_words_is_nan():
    assert math.isnan(tm.known_word_share("123 ...\n", {"the"}))


@pytest.mark.parametrize(
    ("vocabulary", "message"),
    [
        ("the cat", r"vocabulary as a collection of words .* got str 'the cat'"),
        (iter(["the"]), r"vocabulary as a collection of words .* got list_iterator"),
        (None, r"vocabulary as a collection of words .* got NoneType None"),
        ({"the", 3}, r"expected the vocabulary's words as str, got 3"),
    ],
)
def test_known_word_share_rejects_a_vocabulary_that_is_not_a_collection_of_str(vocabulary, message):
    with pytest.raises(TypeError, match=message):
        tm.known_word_share("the cat", vocabulary)


def test_repeated_ngram_share_is_one_minus_distinct_over_total():
    assert tm.repeated_ngram_share("abcdef", 2) == 0.0  # ab bc cd de ef: all distinct
    assert tm.repeated_ngram_share("abab", 2) == pytest.approx(1 / 3)  # ab ba ab: 2 of 3
    assert tm.repeated_ngram_share("aaaa", 1) == 0.75  # a a a a: 1 of 4
    assert tm.repeated_ngram_share("ab" * 50, 2) == pytest.approx(1 - 2 / 99)
    assert tm.repeated_ngram_share("abc", 3) == 0.0  # one n-gram, nothing repeated


def test_repeated_ngram_share_of_a_text_shorter_than_n_is_nan():
    assert math.isnan(tm.repeated_ngram_share("ab", 3))
    assert math.isnan(tm.repeated_ngram_share("", 1))


@pytest.mark.parametrize("n", [0, -2, 1.5, "2", True, None])
def test_repeated_ngram_share_rejects_an_n_that_is_not_a_positive_int(n):
    with pytest.raises(ValueError, match=r"expected n as an int of at least 1, got"):
        tm.repeated_ngram_share("abcabc", n)


def test_line_lengths_skip_empty_lines_only():
    assert tm.line_lengths("ab\n\n  \nabcd\r\nxyz\n") == [2, 2, 4, 3]
    assert tm.line_lengths("\n\n") == []


def test_line_length_stats_by_hand():
    # Lengths 2, 2, 4, 3: mean 11/4, median 2.5, population variance
    # ((-0.75)^2 * 2 + 1.25^2 + 0.25^2) / 4 = 0.6875.
    stats = tm.line_length_stats("ab\n\n  \nabcd\r\nxyz\n")
    assert stats == pytest.approx(
        {"lines": 4, "mean": 2.75, "median": 2.5, "std": math.sqrt(0.6875)}, abs=1e-12
    )
    assert tm.line_length_stats("one line") == {"lines": 1, "mean": 8, "median": 8, "std": 0}


def test_line_length_stats_without_lines_are_nan():
    stats = tm.line_length_stats("\n\n")
    assert stats["lines"] == 0
    assert all(math.isnan(stats[key]) for key in ("mean", "median", "std"))


@pytest.mark.parametrize(
    "function",
    [
        tm.words,
        tm.vocabulary,
        tm.line_lengths,
        tm.line_length_stats,
        lambda text: tm.known_word_share(text, {"the"}),
        lambda text: tm.repeated_ngram_share(text, 2),
    ],
)
@pytest.mark.parametrize("text", [None, b"the cat", ["the", "cat"]])
def test_every_measure_rejects_a_text_that_is_not_a_str(function, text):
    with pytest.raises(TypeError, match=r"expected the text as a str, got"):
        function(text)
