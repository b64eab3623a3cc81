"""The synthetic language pair: every pair parses on both sides into the same tree, the
alignment joins translations one to one, lengths cover the range, and it is seeded."""

from collections import Counter

import numpy as np
import pytest

from lstm.tasks import translation as T


@pytest.fixture(scope="module")
def pairs():
    return T.language_pair(3000, seed=7)


def test_every_pair_parses_on_both_sides_into_the_same_tree(pairs):
    for pair in pairs:
        source_tree = T.parse_source(pair.source)
        assert T.parse_target(pair.target) == source_tree
        assert T.render(source_tree) == pair
        assert T.translate(pair.source) == pair.target


def test_the_alignment_joins_translations_one_to_one(pairs):
    for pair in pairs:
        sources = [i for i, _ in pair.alignment]
        targets = [j for _, j in pair.alignment]
        assert len(set(sources)) == len(sources) and len(set(targets)) == len(targets)
        for i, j in pair.alignment:
            s_category, s_lexeme, _ = T.SOURCE_WORDS[pair.source[i]]
            t_category, t_lexeme, _ = T.TARGET_WORDS[pair.target[j]]
            assert (s_category, s_lexeme) == (t_category, t_lexeme) or (
                s_category == "that" and t_category in (T.COMPLEMENTISER, T.RELATIVE)
            ), (pair.source[i], pair.target[j])
        # Unaligned: only the source's indefinite articles and the target's object marker.
        unaligned_source = {pair.source[i] for i in set(range(len(pair.source))) - set(sources)}
        unaligned_target = {pair.target[j] for j in set(range(len(pair.target))) - set(targets)}
        assert unaligned_source <= {"a", "some"}
        assert unaligned_target <= {T.OBJECT_MARKER}


def test_the_alignment_is_mostly_monotone_with_local_reorderings(pairs):
    jumps = [
        j2 - j1
        for pair in pairs
        for (_, j1), (_, j2) in zip(pair.alignment, pair.alignment[1:], strict=False)
    ]
    backwards = [jump for jump in jumps if jump < 0]
    assert 0.05 < len(backwards) / len(jumps) < 0.35
    assert max(-jump for jump in backwards) <= 12  # local: within a phrase


def test_adjectives_follow_the_noun_in_mirror_order():
    tree = T.parse_source("the big red dog runs".split())
    pair = T.render(tree)
    adjective_positions = [j for i, j in pair.alignment if pair.source[i] in ("big", "red")]
    noun_position = next(j for i, j in pair.alignment if pair.source[i] == "dog")
    assert noun_position < adjective_positions[1] < adjective_positions[0]


def test_subordinate_and_relative_clauses_are_verb_final():
    def verb(english, noun):
        return T.LEXICON.verb(T.VERBS.index(english), T.LEXICON.genders[T.NOUNS.index(noun)], False)

    pair = T.render(T.parse_source("the king says that a cat sees the dogs".split()))
    assert pair.target[-1] == verb("see", "cat")
    assert pair.target[pair.target.index(T.COMPLEMENTISER) + 2] == T.OBJECT_MARKER
    relative = T.render(T.parse_source("the dog that sees a cat runs".split()))
    assert relative.target[-2:] == (verb("see", "dog"), verb("run", "dog"))


def test_the_target_verb_agrees_with_the_gender_of_a_distant_subject():
    masculine = next(i for i, g in enumerate(T.LEXICON.genders) if g == "m")
    feminine = next(i for i, g in enumerate(T.LEXICON.genders) if g == "f")
    sentences = []
    for noun in (masculine, feminine):
        words = f"some {T.NOUNS[noun]} with the big old cat that see a bird run".split()
        words[1] = T.english_suffixed(T.NOUNS[noun])
        sentences.append(T.render(T.parse_source(words)).target)
    # The source verbs are the same; the target verbs differ by the subject's gender only.
    assert sentences[0][-1] != sentences[1][-1]
    assert sentences[0][-1] == T.LEXICON.verb(T.VERBS.index("run"), "m", True)


def test_a_wrong_agreement_does_not_parse():
    pair = T.render(T.parse_source("the dog sleeps".split()))
    det, noun, verb = pair.target
    gender = T.LEXICON.genders[T.NOUNS.index("dog")]
    other = "f" if gender == "m" else "m"
    with pytest.raises(T.ParseError, match="does not agree"):
        T.parse_target([det, noun, T.LEXICON.verb(T.VERBS.index("sleep"), other, False)])
    with pytest.raises(T.ParseError, match="does not agree"):
        T.parse_source("the dog sleep".split())
    with pytest.raises(T.ParseError, match="unknown source word"):
        T.parse_source("the dog flies".split())
    with pytest.raises(T.ParseError, match="expected the end"):
        T.parse_source("the dog sleeps the".split())
    with pytest.raises(T.ParseError, match="expected noun"):
        T.parse_target([det, verb])


def test_lengths_cover_3_to_50_words_about_evenly(pairs):
    lengths = np.array([len(p.source) for p in pairs])
    assert lengths.min() == 3 and lengths.max() >= 48 and lengths.max() <= 50
    counts = np.histogram(lengths, bins=[3, 11, 21, 31, 41, 51])[0]
    assert counts.min() > 0.5 * counts.mean()
    assert all(len(p.target) >= 2 for p in pairs)


def test_the_vocabulary_has_a_few_hundred_words_per_side_and_none_shared(pairs):
    sizes = T.vocabulary_sizes()
    assert 300 <= sizes["source"] <= 600 and 300 <= sizes["target"] <= 600
    assert not set(T.SOURCE_WORDS) & set(T.TARGET_WORDS)
    seen = Counter(w for p in pairs for w in p.target)
    assert len(seen) > 0.9 * sizes["target"]


def test_the_corpus_is_deterministic_by_seed():
    assert T.language_pair(50, seed=3) == T.language_pair(50, seed=3)
    assert T.language_pair(50, seed=3) != T.language_pair(50, seed=4)


def test_test_buckets_hold_their_lengths_and_exclude_training_sentences(pairs):
    buckets = T.test_buckets(20, seed=1, exclude=(p.source for p in pairs))
    assert list(buckets) == list(T.DEFAULT_BUCKETS)
    training = {p.source for p in pairs}
    for (low, high), bucket in buckets.items():
        assert len(bucket) == 20
        assert all(low <= len(p.source) <= high for p in bucket)
        assert not training & {p.source for p in bucket}
        assert len({p.source for p in bucket}) == 20
    assert T.test_buckets(5, seed=1) == T.test_buckets(5, seed=1)


ALL_THREE_WORDS = [
    (det, noun, verb)
    for det, plural in (("the", False), ("the", True), ("a", False), ("some", True))
    for noun in (T.english_suffixed(n) if plural else n for n in T.NOUNS)
    for verb in (v if plural else T.english_suffixed(v) for v in T.INTRANSITIVE)
]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: T.language_pair(0, seed=0), "count"),
        (lambda: T.language_pair(5, seed=-1), "seed"),
        (lambda: T.language_pair(5, seed=0, min_length=2), "min_length"),
        (lambda: T.language_pair(5, seed=0, min_length=10, max_length=9), "min_length"),
        (lambda: T.test_buckets(5, seed=0, buckets=[(5, 4)]), "min_length"),
        (lambda: T.test_buckets(0, seed=0), "per_bucket"),
        (
            lambda: T.test_buckets(1, seed=0, buckets=[(3, 3)], exclude=ALL_THREE_WORDS),
            "could not draw",
        ),
    ],
)
def test_bad_inputs_are_rejected(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()
