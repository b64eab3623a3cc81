"""Reading parallel text as people have it, the vocabulary, and padded batches."""

import pytest
import torch

from lstm.data import parallel as P
from lstm.tasks import translation as T


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_tokenize_splits_punctuation_and_keeps_inner_apostrophes_and_hyphens():
    assert P.tokenize("Don't stop, state-of-the-art café!") == (
        "Don't",
        "stop",
        ",",
        "state-of-the-art",
        "café",
        "!",
    )
    assert P.tokenize("  Ça   VA ", lowercase=True) == ("ça", "va")
    # NFC: a decomposed é is the same word as a composed one
    assert P.tokenize("cafe\u0301") == ("café",)
    assert P.tokenize("the dog runs") == ("the", "dog", "runs")
    with pytest.raises(TypeError, match="str"):
        P.tokenize(["a"])


def test_read_tsv(tmp_path):
    path = write(
        tmp_path / "pairs.tsv", "\ufeffHello, world!\tBonjour, le monde !\n\nThe cat.\tLe chat.\r\n"
    )
    pairs = P.read_tsv(path)
    assert pairs == [
        (("Hello", ",", "world", "!"), ("Bonjour", ",", "le", "monde", "!")),
        (("The", "cat", "."), ("Le", "chat", ".")),
    ]
    assert P.read_tsv(path, lowercase=True)[1] == (("the", "cat", "."), ("le", "chat", "."))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a b\tc d\nno tab here\n", r"line 2: expected 'source<TAB>target' \(one tab\), found 0"),
        ("a\tb\tc\n", r"line 1: .*found 2 tabs"),
        ("a\tb\n\t c\n", "line 2: the source sentence is empty"),
        ("a\tb\nx\t  \n", "line 2: the target sentence is empty"),
        ("\n\n", "no sentence pairs"),
    ],
)
def test_read_tsv_names_the_file_and_line_of_a_malformed_line(tmp_path, text, message):
    path = write(tmp_path / "bad.tsv", text)
    with pytest.raises(P.ParallelTextError, match=message) as error:
        P.read_tsv(path)
    assert str(path) in str(error.value)


def test_read_tsv_rejects_text_that_is_not_utf8_naming_the_line(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("ok\tok\nna\u00efve\tnaïf\n".encode("latin-1"))
    with pytest.raises(P.ParallelTextError, match=r"latin1.tsv, line 2: not valid UTF-8"):
        P.read_tsv(path)
    with pytest.raises(P.ParallelTextError, match="no such file"):
        P.read_tsv(tmp_path / "missing.tsv")


def test_read_aligned(tmp_path):
    source = write(tmp_path / "train.en", "The dog runs.\n\nA cat sleeps.\n")
    target = write(tmp_path / "train.fr", "Le chien court.\n\nUn chat dort.\n")
    assert P.read_aligned(source, target) == [
        (("The", "dog", "runs", "."), ("Le", "chien", "court", ".")),
        (("A", "cat", "sleeps", "."), ("Un", "chat", "dort", ".")),
    ]


def test_read_aligned_rejects_misaligned_files(tmp_path):
    source = write(tmp_path / "a.en", "one\ntwo\nthree\n")
    target = write(tmp_path / "a.fr", "un\ndeux\n")
    with pytest.raises(P.ParallelTextError, match=r"a.en has 3 lines but .*a.fr has 2"):
        P.read_aligned(source, target)
    target = write(tmp_path / "b.fr", "un\n\ntrois\n")
    with pytest.raises(P.ParallelTextError, match=r"b.fr, line 2: empty line facing a sentence"):
        P.read_aligned(source, target)


def test_vocabulary_specials_frequency_order_and_unknown_words():
    vocabulary = P.Vocabulary.build([["b", "a", "c"], ["a", "b"], ["a", "d"]], min_count=1)
    assert vocabulary.itos[:4] == [P.PAD, P.BOS, P.EOS, P.UNK]
    assert vocabulary.itos[4:] == ["a", "b", "c", "d"]  # by count, then alphabetically
    assert (P.PAD_ID, P.BOS_ID, P.EOS_ID, P.UNK_ID) == (0, 1, 2, 3)
    assert vocabulary.encode(["a", "zebra"]) == [4, P.UNK_ID]
    assert vocabulary.decode([P.BOS_ID, 4, 5, P.EOS_ID, 6]) == ["a", "b"]
    assert vocabulary.decode([4, P.EOS_ID, 6], strip=False) == ["a", P.EOS, "c"]
    small = P.Vocabulary.build([["b", "a", "c"], ["a", "b"], ["a", "d"]], min_count=2)
    assert small.itos[4:] == ["a", "b"] and "c" not in small
    assert len(P.Vocabulary.build([["b", "a", "c"]], max_size=1)) == 5


def test_vocabulary_bad_inputs():
    with pytest.raises(ValueError, match="special token"):
        P.Vocabulary(["a", P.UNK])
    with pytest.raises(ValueError, match="every word once"):
        P.Vocabulary(["a", "a"])
    with pytest.raises(ValueError, match="min_count"):
        P.Vocabulary.build([["a"]], min_count=0)
    with pytest.raises(ValueError, match="max_size"):
        P.Vocabulary.build([["a"]], max_size=-1)
    vocabulary = P.Vocabulary(["a"])
    with pytest.raises(TypeError, match="tokenize it first"):
        vocabulary.encode("a b")
    with pytest.raises(ValueError, match="outside the vocabulary"):
        vocabulary.decode([9])


def test_batch_pads_adds_bos_and_eos_and_reverses_only_the_source():
    pairs = [(("a", "b", "c"), ("x", "y")), (("b",), ("y", "y", "x"))]
    source_vocabulary = P.Vocabulary(["a", "b", "c"])
    target_vocabulary = P.Vocabulary(["x", "y"])
    forward = P.batch(pairs, source_vocabulary, target_vocabulary)
    assert forward.source.tolist() == [[4, 5, 6], [5, 0, 0]]
    assert forward.source_lengths.tolist() == [3, 1]
    assert forward.target.tolist() == [[1, 4, 5, 2, 0], [1, 5, 5, 4, 2]]
    assert forward.target_lengths.tolist() == [4, 5]
    reversed_ = P.batch(pairs, source_vocabulary, target_vocabulary, reverse_source=True)
    assert reversed_.source.tolist() == [[6, 5, 4], [5, 0, 0]]  # padding stays at the end
    assert torch.equal(reversed_.target, forward.target)


def test_batches_cover_every_pair_once_sorted_and_shuffled_by_seed():
    pairs = T.language_pair(100, seed=0)
    source_vocabulary = P.Vocabulary.build(p.source for p in pairs)
    target_vocabulary = P.Vocabulary.build(p.target for p in pairs)

    def run(seed):
        return P.batches(
            pairs,
            source_vocabulary,
            target_vocabulary,
            batch_size=16,
            shuffle_seed=seed,
            reverse_source=True,
        )

    batches = run(0)
    assert sum(b.source.shape[0] for b in batches) == 100
    assert [b.source.shape[0] for b in batches].count(16) == 6
    in_order = P.batches(pairs, source_vocabulary, target_vocabulary, batch_size=16)
    for before, after in zip(
        in_order, in_order[1:], strict=False
    ):  # grouped by length: little padding
        assert int(before.source_lengths.max()) <= int(after.source_lengths.min())
    assert all(torch.equal(x.source, y.source) for x, y in zip(batches, run(0), strict=True))
    assert [b.source.shape[1] for b in run(1)] != [b.source.shape[1] for b in batches]
    sources = sorted(
        tuple(source_vocabulary.decode(row)[::-1]) for b in batches for row in b.source.tolist()
    )
    assert sources == sorted(p.source for p in pairs)
    with pytest.raises(ValueError, match="batch_size"):
        P.batches(pairs, source_vocabulary, target_vocabulary, batch_size=0)
    with pytest.raises(ValueError, match="at least one"):
        P.pad([])
