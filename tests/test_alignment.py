"""Alignment error rate: Och & Ney's formula by hand, argmax alignments from attention,
the true links of a synthetic translation pair (words without a partner), corpus counts,
bad input."""

import pytest
import torch

from lstm.nn.alignment import alignment_error_rate, attention_aer, hard_alignment, pair_links
from lstm.tasks import translation

pytestmark = pytest.mark.timeout(60)


def test_a_perfect_alignment_scores_zero_and_a_disjoint_one_scores_one():
    sure = {(0, 0), (1, 2), (2, 1)}
    assert alignment_error_rate(sure, sure) == 0.0
    assert alignment_error_rate({(0, 1), (1, 0), (2, 2)}, sure) == 1.0


def test_a_partial_alignment_by_hand():
    # |A ∩ S| = |A ∩ P| = 2 of |A| = 3 and |S| = 4: AER = 1 - (2 + 2) / (3 + 4) = 3/7
    predicted = {(0, 0), (1, 1), (2, 0)}
    sure = {(0, 0), (1, 1), (2, 2), (3, 3)}
    assert alignment_error_rate(predicted, sure) == pytest.approx(3 / 7)
    # With sure links only, AER is one minus the F1 score: precision 2/3, recall 2/4.
    f1 = 2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4)
    assert alignment_error_rate(predicted, sure) == pytest.approx(1 - f1)


def test_possible_links_count_for_precision_only():
    # S = {(0,0)}, P = S + {(1,1)}, A = {(0,0), (1,1), (2,2)}: 1 - (1 + 2) / (3 + 1) = 1/4
    sure, possible = {(0, 0)}, {(0, 0), (1, 1)}
    predicted = {(0, 0), (1, 1), (2, 2)}
    assert alignment_error_rate(predicted, sure, possible) == pytest.approx(0.25)
    assert alignment_error_rate(predicted, sure) == pytest.approx(1 - 2 / 4)


def test_the_hard_alignment_is_each_rows_argmax_ties_to_the_first():
    attention = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.0, 0.5], [0.0, 0.0, 1.0], [0.2, 0.6, 0.2]])
    assert hard_alignment(attention) == {(0, 1), (1, 0), (2, 2), (3, 1)}
    assert hard_alignment(torch.zeros(0, 4)) == frozenset()


# "the dog that sees a cat runs" -> "lo <dog> ki na <cat> <sees> <runs>": the relative
# clause is verb-final, its object marked by "na"; the indefinite "a" has no determiner.
SENTENCE = "the dog that sees a cat runs".split()
LINKS = {(0, 0), (1, 1), (2, 2), (5, 3), (4, 5), (6, 6)}  # (target, source)


def test_the_links_of_a_real_pair():
    pair = translation.render(translation.parse_source(SENTENCE))
    assert pair.target[0] == "lo" and pair.target[2:4] == ("ki", "na")
    assert pair.target[1] == translation.LEXICON.noun(translation.NOUNS.index("dog"), False)
    assert pair.target[4] == translation.LEXICON.noun(translation.NOUNS.index("cat"), False)
    links = pair_links(pair)
    assert links == LINKS
    assert 3 not in {t for t, _ in links}  # "na": no source word
    assert 4 not in {s for _, s in links}  # "a": no target word


def test_every_generated_pair_links_words_of_the_same_kind():
    for pair in translation.language_pair(20, seed=3, min_length=3, max_length=20):
        links = pair_links(pair)
        assert len(links) == len(pair.alignment)
        for t, s in links:
            source_kind = translation.SOURCE_WORDS[pair.source[s]][0]
            target_kind = translation.TARGET_WORDS[pair.target[t]][0]
            expected = {"that": ("ke", "ki"), "det": ("det",)}.get(source_kind, (source_kind,))
            assert target_kind in expected, (pair, t, s)


def perfect_attention(pair, unaligned_to=0):
    """One-hot rows on the true links; a target word without a link looks at
    ``unaligned_to``."""
    attention = torch.zeros(len(pair.target), len(pair.source))
    attention[:, unaligned_to] = 1.0
    for t, s in pair_links(pair):
        attention[t] = 0.0
        attention[t, s] = 1.0
    return attention


def test_unaligned_target_words_count_against_the_attention_unless_skipped():
    pair = translation.render(translation.parse_source(SENTENCE))
    attention = perfect_attention(pair)
    # T = 7 target words, k = 1 without a partner ("na"): AER = k / (2T - k) = 1/13
    assert attention_aer([attention], [pair]) == pytest.approx(1 / 13)
    assert attention_aer([attention], [pair], skip_unaligned_targets=True) == 0.0
    wrong = attention.roll(1, dims=1)  # every row one source word to the right
    assert attention_aer([wrong], [pair], skip_unaligned_targets=True) == 1.0


def test_the_corpus_aer_sums_counts_over_sentences():
    pairs = translation.language_pair(2, seed=0, min_length=4, max_length=12)
    right, wrong = perfect_attention(pairs[0]), perfect_attention(pairs[1]).roll(1, dims=1)
    counts = []
    for attention, pair in ((right, pairs[0]), (wrong, pairs[1])):
        predicted, sure = hard_alignment(attention), pair_links(pair)
        counts.append((len(predicted & sure), len(predicted), len(sure)))
    overlap, predicted, sure = (sum(c[k] for c in counts) for k in range(3))
    expected = 1 - 2 * overlap / (predicted + sure)
    assert attention_aer([right, wrong], pairs) == pytest.approx(expected)
    alone = [attention_aer([a], [p]) for a, p in ((right, pairs[0]), (wrong, pairs[1]))]
    assert expected != pytest.approx(sum(alone) / 2)  # not the mean of sentence AERs


PAIR = translation.render(translation.parse_source(SENTENCE))  # 7 source, 7 target words


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: attention_aer([torch.ones(7, 6)], [PAIR]), ValueError, r"attention 0 of shape"),
        (
            lambda: attention_aer([torch.ones(6, 7)], [PAIR]),
            ValueError,
            r"^expected attention 0 of shape \(target words, source words\) = \(7, 7\) to "
            r"match its pair, got \(6, 7\)$",
        ),
        (
            lambda: attention_aer([torch.ones(7, 7)], [PAIR, PAIR]),
            ValueError,
            r"^expected one attention matrix per pair, got 1 matrices for 2 pairs$",
        ),
        (
            lambda: attention_aer([torch.ones(7, 7)], [("the", "dog")]),
            TypeError,
            r"^expected a translation Pair \(with source, target and alignment\), got tuple$",
        ),
        (lambda: attention_aer([], []), ValueError, "at least one link"),
        (
            lambda: hard_alignment(torch.ones(7)),
            ValueError,
            r"^expected attention of shape \(target words, source words\) with at least one "
            r"source word, got \(7,\)$",
        ),
        (lambda: hard_alignment(torch.ones(3, 0)), ValueError, r"got \(3, 0\)$"),
        (lambda: hard_alignment(torch.ones(3, 3, dtype=torch.int64)), TypeError, "floating"),
        (lambda: hard_alignment([[1.0]]), TypeError, "attention to be a torch.Tensor, got list"),
        (
            lambda: pair_links(PAIR._replace(alignment=((0, 0), (7, 1)))),
            ValueError,
            r"^expected the pair's alignment inside its 7 source and 7 target words, "
            r"got the link \(source 7, target 1\)$",
        ),
        (
            lambda: alignment_error_rate({(0, -1)}, {(0, 0)}),
            ValueError,
            r"^expected predicted as \(target, source\) pairs of positions \(ints >= 0\), "
            r"got \(0, -1\)$",
        ),
        (lambda: alignment_error_rate({(0, 0)}, {(0, 0, 1)}), ValueError, "sure as"),
        (lambda: alignment_error_rate({(0, 0)}, 5), TypeError, "sure as a set of .* got int"),
        (
            lambda: alignment_error_rate({(0, 0)}, {(0, 0), (1, 1)}, {(0, 0)}),
            ValueError,
            r"^expected every sure link to be possible too, got \[\(1, 1\)\] sure but not "
            r"possible$",
        ),
        (lambda: alignment_error_rate(set(), set()), ValueError, "at least one link"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    assert "\n" not in str(raised.value)
