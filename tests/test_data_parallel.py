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


# Tatoeba's pairs as most people download them (also manythings.org's Anki files): English,
# French, and the attribution their CC BY 2.0 FR licence asks to keep. French puts a
# (narrow) non-breaking space before "!" and "?".
TATOEBA = (
    "Hi.\tSalut\u202f!\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & "
    "#509819 (Aiji)\n"
    "Who are you?\tQui êtes-vous\u00a0?\tCC-BY 2.0 (France) Attribution: tatoeba.org #1 (CM) "
    "& #2 (sacredceltic)\n"
)


def test_read_tsv_picks_two_columns_of_a_tatoeba_file_and_ignores_the_attribution(tmp_path):
    path = write(tmp_path / "fra.txt", TATOEBA)
    pairs = P.read_tsv(path, columns=(0, 1))
    assert pairs == [
        (("Hi", "."), ("Salut", "!")),
        (("Who", "are", "you", "?"), ("Qui", "êtes-vous", "?")),
    ]
    assert P.read_tsv(path, columns=(1, 0)) == [(target, source) for source, target in pairs]
    assert P.read_tsv(path, columns=(1, 0), lowercase=True)[1][0] == ("qui", "êtes-vous", "?")


def test_read_tsv_without_columns_refuses_a_tatoeba_file_saying_how_to_read_it(tmp_path):
    path = write(tmp_path / "fra.txt", TATOEBA)
    with pytest.raises(P.ParallelTextError, match=r"line 1: .*found 2 tabs.*pass columns=\(0, 1\)"):
        P.read_tsv(path)


@pytest.mark.parametrize(
    ("text", "columns", "message"),
    [
        ("Hi.\tSalut !\tCC-BY\nNo.\n", (1, 0), r"line 2: expected at least 2 tab-separated"),
        (
            TATOEBA + "Go.\tVa !\n",
            (0, 2),
            r"line 3: .*\(the source in column 0, the target in "
            r"column 2\), found 2 in 'Go.\\tVa !'",
        ),
        ("Hi.\t\u00a0\tCC-BY\n", (0, 1), "line 1: the target sentence is empty"),
    ],
)
def test_read_tsv_names_the_file_and_line_of_a_line_without_the_chosen_columns(
    tmp_path, text, columns, message
):
    path = write(tmp_path / "short.tsv", text)
    with pytest.raises(P.ParallelTextError, match=message) as error:
        P.read_tsv(path, columns=columns)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("columns", [(0, 0), (0,), (0, 1, 2), (-1, 0), [0, 1], (True, 0)])
def test_read_tsv_rejects_columns_that_are_not_two_column_numbers(tmp_path, columns):
    path = write(tmp_path / "pairs.tsv", "a\tb\n")
    with pytest.raises(ValueError, match="expected columns to be two different column numbers"):
        P.read_tsv(path, columns=columns)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("a\tb\n".encode("utf-16"), "found UTF-16"),
        ("caf\u00e9\tcaf\u00e9\n".encode("latin-1"), "line 1: not valid UTF-8.*offset 3"),
        (None, "expected tab-separated sentence pairs at .*pairs.tsv, found a folder"),
    ],
    ids=["utf-16", "latin-1", "folder"],
)
def test_read_tsv_names_a_file_that_is_not_utf8_text(tmp_path, data, message):
    path = tmp_path / "pairs.tsv"
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    with pytest.raises(P.ParallelTextError, match=message) as error:
        P.read_tsv(path)
    assert str(path) in str(error.value)


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


def test_read_aligned_refuses_a_tab_separated_file_pointing_to_read_tsv(tmp_path):
    tsv = write(tmp_path / "fra.txt", TATOEBA)
    french = write(tmp_path / "train.fr", "Salut !\nQui êtes-vous ?\n")
    for source, target in ((tsv, french), (french, tsv)):
        with pytest.raises(
            P.ParallelTextError,
            match=r"fra.txt, line 1: expected one sentence per line, found a tab in 'Hi.\\tSalut"
            r".*read with read_tsv\(path, columns=\(source, target\)\)",
        ):
            P.read_aligned(source, target)


def test_read_aligned_names_a_missing_file_or_a_folder(tmp_path):
    english = write(tmp_path / "train.en", "Hi.\n")
    with pytest.raises(P.ParallelTextError, match=r"target sentences.* at .*train.fr, found none"):
        P.read_aligned(english, tmp_path / "train.fr")
    (tmp_path / "train.fr").mkdir()
    with pytest.raises(P.ParallelTextError, match=r"at .*train.fr, found a folder"):
        P.read_aligned(english, tmp_path / "train.fr")


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


def test_each_reader_says_in_one_line_what_it_read_and_skipped(tmp_path, capsys):
    tsv = write(tmp_path / "pairs.tsv", "a\tb\n\n\nc\td\ne\tf\n")
    P.read_tsv(tsv)
    assert capsys.readouterr().err == f"{tsv}: read 3 sentence pairs, skipped 2 blank lines\n"
    source = write(tmp_path / "train.en", "one\ntwo\n")
    target = write(tmp_path / "train.fr", "un\ndeux\n")
    P.read_aligned(source, target)
    assert capsys.readouterr().err == f"{source}: read 2 sentence pairs\n"
