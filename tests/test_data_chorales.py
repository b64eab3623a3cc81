"""Bach's chorales as piano rolls (lstm.data.chorales): the roll, the key, the split and
the cache, on streams built here and on a few of music21's own chorales."""

import numpy as np
import pytest
from music21 import chord, key, meter, note, stream, tie

from lstm.data import chorales


def score_of(*parts):
    """A score of parts, each a list of (offset, pitch names, quarter length)."""
    built = stream.Score()
    for events in parts:
        part = stream.Part()
        part.append(meter.TimeSignature("4/4"))
        for offset, pitches, length in events:
            element = chord.Chord(pitches) if len(pitches) > 1 else note.Note(pitches[0])
            element.quarterLength = length
            part.insert(offset, element)
        built.insert(0, part)
    return built


def keys_on(roll, step):
    return sorted(int(k) + chorales.LOWEST_MIDI for k in np.flatnonzero(roll[step]))


def test_a_roll_has_a_step_per_quarter_note_and_a_key_per_sounding_pitch():
    score = score_of(
        [(0, ["C4"], 1), (1, ["D4"], 2), (3.5, ["E4"], 0.5)],  # quarter, half, eighth off the beat
        [(0, ["C3", "G3"], 2), (2, ["A3"], 1.5)],  # a chord; a note that ends off the beat
    )
    roll = chorales.piano_roll(score)
    assert roll.shape == (4, chorales.N_KEYS) and roll.dtype == np.float32
    assert set(np.unique(roll)) == {0.0, 1.0}
    assert keys_on(roll, 0) == [48, 55, 60]
    assert keys_on(roll, 1) == [48, 55, 62]
    assert keys_on(roll, 2) == [57, 62]
    assert keys_on(roll, 3) == [57]  # A3 sounds until 3.5; the eighth E4 starts after the beat


def test_tied_notes_sound_as_one_note():
    part = stream.Part()
    first, second = note.Note("G4", quarterLength=1), note.Note("G4", quarterLength=1)
    first.tie, second.tie = tie.Tie("start"), tie.Tie("stop")
    part.append([first, second])
    roll = chorales.piano_roll(stream.Score([part]))
    assert keys_on(roll, 0) == keys_on(roll, 1) == [67]


def test_a_pitch_beyond_the_piano_is_an_error_naming_the_score():
    with pytest.raises(
        ValueError, match=r"bwv0: expected pitches within the piano's 88 keys .* C9"
    ):
        chorales.piano_roll(score_of([(0, ["C9"], 1)]), "bwv0")


@pytest.mark.parametrize(
    ("tonic", "mode", "pitches"),
    [
        ("D", "major", ["D4", "F#4", "A4", "D5", "A4", "F#4", "D4"]),
        ("G", "minor", ["G4", "B-4", "D5", "G5", "D5", "B-4", "G4"]),
    ],
)
def test_a_score_is_transposed_to_c_major_or_c_minor(tonic, mode, pitches):
    part = stream.Part([key.Key(tonic, mode)])
    for name in pitches:
        part.append(note.Note(name, quarterLength=1))
    score, found = chorales.transposed_to_c(stream.Score([part]))
    assert found == mode
    assert score.analyze("key").tonic.name == "C"
    assert score.flatten().notes[0].pitch.name == "C"


def test_the_chorale_names_are_music21s_four_part_chorales_sorted():
    names = chorales.chorale_names()
    assert len(names) > 300
    assert names == sorted(set(names))
    assert all(name.startswith("bach/bwv") for name in names)


def test_split_sizes_follow_the_papers_proportions():
    assert chorales.split_sizes(382) == {"train": 229, "validation": 76, "test": 77}
    assert sum(chorales.split_sizes(24).values()) == 24


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chorales")
    return folder, chorales.load(6, cache_dir=folder, workers=1)


def test_load_parses_real_chorales_into_disjoint_seeded_splits(six):
    folder, loaded = six
    names = loaded.names
    assert sum(len(v) for v in names.values()) == loaded.source["chorales"] == 6
    assert len(set(names["train"]) | set(names["validation"]) | set(names["test"])) == 6
    for split in ("train", "validation", "test"):
        rolls = getattr(loaded, split)
        assert len(rolls) == len(names[split])
        for roll in rolls:
            assert roll.shape[1] == chorales.N_KEYS and set(roll.unique().tolist()) <= {0.0, 1.0}
            assert (roll.sum(1) >= 3).float().mean() > 0.9  # four voices, mostly distinct
    again = chorales.load(6, cache_dir=folder)
    assert again.names == names
    assert chorales.load(6, seed=1, cache_dir=folder).names != names
    assert loaded.source["sha256"] and loaded.source["step"] == "quarter note"


def test_a_second_load_comes_from_the_cache(six, monkeypatch):
    folder, loaded = six

    def no_parsing(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(chorales, "_parse_all", no_parsing)
    again = chorales.load(6, cache_dir=folder)
    assert all((a == b).all() for a, b in zip(again.train, loaded.train, strict=True))


def test_a_corrupted_cache_warns_and_is_rebuilt(tmp_path):
    chorales.load(3, cache_dir=tmp_path, workers=1)
    (cached,) = tmp_path.glob("chorales-*.npz")
    cached.write_bytes(cached.read_bytes()[:-10] + b"0123456789")
    with pytest.warns(UserWarning, match="checksum .* differs"):
        rebuilt = chorales.load(3, cache_dir=tmp_path, workers=1)
    assert rebuilt.source["chorales"] == 3


def test_a_missing_corpus_is_a_clear_error(monkeypatch):
    from music21 import corpus

    monkeypatch.setattr(corpus.chorales, "Iterator", lambda **kw: iter(()))
    with pytest.raises(FileNotFoundError, match="expected Bach's chorales in music21's corpus"):
        chorales.chorale_names()


@pytest.mark.parametrize("count", [0, 2, -1, "3", 3.0, True, 10_000])
def test_a_bad_count_says_what_was_expected(count, tmp_path):
    with pytest.raises(ValueError, match=r"expected count as an int from 3 to \d+ .* got"):
        chorales.load(count, cache_dir=tmp_path)
