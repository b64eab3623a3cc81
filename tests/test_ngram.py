"""The character n-gram baseline (lstm.nn.ngram): its bits per character against values
worked out by hand and against NLTK's own log scores, the gain of a longer context on
repetitive text, the context argument, the floor for unseen characters, and bad input."""

import math

import pytest

from lstm.nn.ngram import CharNGram


def test_order_1_is_the_unigram_relative_frequency():
    # "aab": P(a) = 2/3, P(b) = 1/3 (no padding at order 1).
    model = CharNGram(1).fit("aab")
    expected = (-math.log2(2 / 3) - math.log2(1 / 3)) / 2
    assert model.bits_per_char("ab") == pytest.approx(expected, abs=1e-12)
    nltk_bits = -(model.model.logscore("a") + model.model.logscore("b")) / 2
    assert model.bits_per_char("ba") == pytest.approx(nltk_bits, abs=1e-12)


def test_order_2_interpolates_the_bigram_with_the_unigram_by_hand():
    # "aab" padded: <s> a a b </s>, 5 unigram tokens. After "a" come a and b once each:
    # lambda = 2 / (2 + 2), P(b | a) = (1 - 1/2) * 1/2 + 1/2 * P(b) = 1/4 + 1/2 * 1/5.
    model = CharNGram(2).fit("aab")
    assert model.bits_per_char("b", context="a") == pytest.approx(-math.log2(0.35), abs=1e-12)
    assert model.bits_per_char("b", context="a") == pytest.approx(
        -model.model.logscore("b", ["a"]), abs=1e-12
    )


def test_without_context_the_first_character_follows_the_start_symbols():
    # "ab" padded: <s> a b </s>. After <s> comes a once: lambda = 1/2, P(a | <s>) =
    # 1/2 * 1 + 1/2 * 1/4.
    model = CharNGram(2).fit("ab")
    assert model.bits_per_char("a") == pytest.approx(-math.log2(0.625), abs=1e-12)
    assert model.bits_per_char("ab") == pytest.approx(
        -(model.model.logscore("a", ["<s>"]) + model.model.logscore("b", ["a"])) / 2, abs=1e-12
    )


def test_a_longer_context_predicts_a_repetitive_text_almost_exactly():
    train, test = "abc" * 50, "abc" * 10
    assert CharNGram(1).fit(train).bits_per_char(test, context="abc") == pytest.approx(
        math.log2(3), abs=1e-12
    )
    assert CharNGram(3).fit(train).bits_per_char(test, context="abc") < 0.02


def test_the_context_is_used_and_only_its_last_order_minus_1_characters():
    model = CharNGram(3).fit("abc")
    after_ab = model.bits_per_char("c", context="ab")
    assert after_ab < 0.5 < 4 < model.bits_per_char("c")
    assert model.bits_per_char("c", context="xyzab") == after_ab
    assert model.bits_per_char("c", context="ax") > 1  # "x" unseen: no help from the context


def test_an_unseen_character_costs_the_witten_bell_new_character_probability():
    model = CharNGram(3).fit("abc" * 50)
    assert model.model.score("z", ["a", "b"]) == 0  # why the floor: NLTK gives <UNK> nothing
    assert model.unseen_probability == 3 / (3 + 150)
    assert model.bits_per_char("z", context="ab") == pytest.approx(-math.log2(3 / 153))
    mixed = model.bits_per_char("abz", context="bc")
    assert math.isfinite(mixed) and mixed > -math.log2(3 / 153) / 3


def test_fitting_is_deterministic_and_fitting_again_replaces_the_model():
    text = "to be, or not to be, that is the question:\n" * 3
    first, second = CharNGram(4).fit(text), CharNGram(4).fit(text)
    assert first.bits_per_char("to see or not") == second.bits_per_char("to see or not")
    refit = CharNGram(2).fit("xyz").fit("abc")
    assert refit.bits_per_char("abc") == CharNGram(2).fit("abc").bits_per_char("abc")


@pytest.mark.parametrize("order", [0, -1, 2.0, "3", True, None])
def test_an_order_that_is_not_a_positive_int_is_rejected(order):
    with pytest.raises(ValueError, match=r"expected order as an int of at least 1, got"):
        CharNGram(order)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", ValueError, r"expected a non-empty training text, got ''"),
        (["a", "b"], TypeError, r"expected the training text as a str, got list \['a'"),
        (b"abc", TypeError, r"expected the training text as a str, got bytes b'abc'"),
    ],
)
def test_fit_rejects_a_training_text_that_is_not_a_non_empty_str(text, error, message):
    with pytest.raises(error, match=message):
        CharNGram(2).fit(text)


def test_scoring_before_fitting_is_an_error():
    with pytest.raises(RuntimeError, match=r"expected fit\(text\) before bits_per_char\(\)"):
        CharNGram(2).bits_per_char("abc")


@pytest.mark.parametrize(
    ("text", "context", "error", "message"),
    [
        ("", "", ValueError, r"expected a non-empty text to score, got ''"),
        (42, "", TypeError, r"expected the text to score as a str, got int 42"),
        ("abc", None, TypeError, r"expected the context as a str, got NoneType None"),
    ],
)
def test_bits_per_char_rejects_a_bad_text_or_context(text, context, error, message):
    model = CharNGram(2).fit("abc")
    with pytest.raises(error, match=message):
        model.bits_per_char(text, context)
