"""The synthetic speech corpus: grammar, folding table, split plan, and (with espeak-ng)
alignment, determinism, speaker-disjoint splits and the checksummed cache."""

import os
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from lstm.data import espeak, sentences, speech
from lstm.data.corpus import PAD_LABEL
from lstm.data.phonemes import ESPEAK_TO_39, INDEX, PHONEMES, fold_espeak, folding_table

ROOT = Path(__file__).resolve().parents[1]
UNAVAILABLE = espeak.available()
# Without espeakng-loader the espeak-ng tests skip, with the reason, but never in CI,
# where `make` installs the `speech` extra: there a missing package is a failure.
needs_espeak = pytest.mark.skipif(
    UNAVAILABLE is not None and not os.environ.get("CI"), reason=str(UNAVAILABLE)
)
TINY = speech.SpeechConfig(
    seed=3,
    utterances_per_speaker=2,
    speakers_per_accent=(1, 1, 1),
    accents=("en-us", "en-gb-scotland"),
)


# --- the grammar -------------------------------------------------------------------------


def test_sentences_are_distinct_grammatical_and_seeded():
    drawn = sentences.sentences(300, np.random.default_rng(0))
    assert len(set(drawn)) == 300
    assert drawn == sentences.sentences(300, np.random.default_rng(0))
    assert drawn != sentences.sentences(300, np.random.default_rng(1))
    for text in drawn:
        assert text[0].isupper() and text[-1] in ".?"
        words = re.findall(r"[A-Za-z]+", text)
        assert 2 <= len(words) <= 40
        assert {w.lower() for w in words} <= sentences.WORDS, text


def test_the_word_list_has_a_few_hundred_words():
    assert 300 <= len(sentences.WORDS) <= 600


def test_sentences_never_repeat_an_excluded_text():
    first = sentences.sentences(50, np.random.default_rng(0))
    second = sentences.sentences(50, np.random.default_rng(0), exclude=set(first))
    assert not set(first) & set(second)


# --- the phoneme folding -----------------------------------------------------------------


def test_folding_table_lands_on_the_39_classes():
    assert len(PHONEMES) == 39 and len(set(PHONEMES)) == 39
    assert set(ESPEAK_TO_39.values()) <= set(PHONEMES)
    assert fold_espeak("'aU") == fold_espeak(",aU") == fold_espeak("aU") == "aw"
    assert fold_espeak("_:") == fold_espeak("_") == "sil"
    assert fold_espeak("t#") == "dx" and fold_espeak("@L") == "l" and fold_espeak(";") == "y"


def test_the_folding_table_documents_every_class_once():
    table = folding_table()
    assert [row[0] for row in table] == list(PHONEMES)
    assert sum(len(row[1]) for row in table) == len(ESPEAK_TO_39)
    assert sum(len(row[2]) for row in table) == 61
    assert all(row[1] and row[2] for row in table)  # both corpora can produce every class
    assert dict((row[0], row[2]) for row in table)["sil"] == (
        "bcl",
        "dcl",
        "epi",
        "gcl",
        "h#",
        "kcl",
        "pau",
        "pcl",
        "q",
        "tcl",
    )


def test_an_unknown_espeak_phoneme_is_an_error_naming_the_table():
    with pytest.raises(ValueError, match=r"'Q9' has no class in ESPEAK_TO_39"):
        fold_espeak("Q9")


# --- the plan: speakers, splits, sizes ---------------------------------------------------


def test_the_default_corpus_has_the_sizes_the_issue_asks_for():
    batches = speech.plan(speech.SpeechConfig())
    planned = [p for batch in batches for p in batch]
    counts = {split: sum(p.split == split for p in planned) for split in speech.SPLITS}
    assert counts == {"train": 1512, "validation": 336, "test": 336}
    assert len(batches) == 18 and all(batch for batch in batches)
    texts = [p.request.text for p in planned]
    assert len(set(texts)) == len(texts)  # no sentence is read twice, so none crosses splits


def test_speakers_are_disjoint_across_splits_and_every_accent_is_in_every_split():
    voices = speech.speakers(speech.SpeechConfig())
    assert len(voices) == 78 and len({v.name for v in voices}) == 78
    by_split = {s: {v.name for v in voices if v.split == s} for s in speech.SPLITS}
    assert len(by_split["train"]) == 54 and len(by_split["test"]) == 12
    assert not by_split["train"] & by_split["test"]
    assert not by_split["train"] & by_split["validation"]
    assert not by_split["validation"] & by_split["test"]
    for split in speech.SPLITS:
        assert {v.accent for v in voices if v.split == split} == set(speech.ACCENTS)
    assert speech.speakers(speech.SpeechConfig(seed=1)) != voices


def test_prosody_stays_in_the_configured_ranges():
    config = speech.SpeechConfig()
    for batch in speech.plan(config):
        for planned in batch:
            request = planned.request
            assert 0.9 * 140 <= request.rate <= 1.1 * 200
            assert 20 <= request.pitch <= 80 and 30 <= request.pitch_range <= 80


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"seed": -1}, "seed to be a non-negative int"),
        ({"utterances_per_speaker": 0}, "utterances_per_speaker >= 1"),
        ({"speakers_per_accent": (9, 2, 0)}, r"speakers_per_accent as \(train, validation, test\)"),
        ({"speakers_per_accent": (10, 2, 2)}, "13 in all at most"),
        ({"accents": ("en-xx",)}, "expected accents from"),
        ({"snr_db": (30.0, 10.0)}, r"snr_db as \(low, high\)"),
    ],
)
def test_a_bad_config_is_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        speech.SpeechConfig(**kwargs)


def test_the_speech_extra_pins_the_version_the_module_states():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert (
        f"espeakng-loader=={espeak.ESPEAKNG_LOADER_VERSION}"
        in (project["optional-dependencies"]["speech"])
    )
    assert (
        f"espeakng-loader=={espeak.ESPEAKNG_LOADER_VERSION}"
        in (ROOT / "environment.yml").read_text()
    )


# --- with espeak-ng ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    cache = tmp_path_factory.mktemp("speech-cache")
    return speech.load(TINY, cache_dir=cache), cache


@needs_espeak
def test_espeak_gives_samples_and_ordered_phoneme_events():
    request = espeak.Request("She sells sea shells.", "en-us+f2", 170, 50, 50, seed=1)
    (utterance,) = next(espeak.synthesise([[request]], workers=1))
    assert utterance.sample_rate == 22050 and utterance.samples.dtype == np.int16
    assert 0.8 < len(utterance.samples) / 22050 < 3.0
    assert np.all(np.diff(utterance.starts) >= 0)
    assert utterance.starts[-1] <= len(utterance.samples)
    folded = [fold_espeak(p) for p in utterance.phonemes if fold_espeak(p) != "sil"]
    assert folded[:4] == ["sh", "iy", "s", "eh"]


@needs_espeak
def test_every_word_in_every_accent_folds_onto_the_fixed_label_set():
    words = sorted(sentences.WORDS)
    text = ", ".join(words) + "."
    requests = [
        [espeak.Request(text, f"{accent}+m1", 300, 50, 50, seed=0)] for accent in speech.ACCENTS
    ]
    seen = set()
    for (utterance,) in espeak.synthesise(requests, workers=2):
        seen |= {fold_espeak(p) for p in utterance.phonemes}  # raises on an unknown one
    assert seen <= set(PHONEMES)
    assert len(seen) >= 37  # all but the rarest classes turn up in the word list alone


@needs_espeak
def test_alignment_labels_every_frame(tiny):
    corpus, _ = tiny
    assert corpus.phonemes == PHONEMES
    for name in speech.SPLITS:
        split = corpus.split(name)
        assert split.features.shape[2] == 26 and split.features.shape[0] == 4
        for row, length in enumerate(split.lengths.tolist()):
            labels = split.labels[row]
            assert ((labels[:length] >= 0) & (labels[:length] < 39)).all()
            assert (labels[length:] == PAD_LABEL).all()
            assert (split.features[row, length:] == 0).all()
            assert labels[0] == INDEX["sil"] and labels[length - 1] == INDEX["sil"]
            assert len(set(labels[:length].tolist())) > 8  # speech, not just silence


@needs_espeak
def test_features_are_normalised_with_training_statistics(tiny):
    corpus, _ = tiny
    train = corpus.train
    mask = np.arange(train.features.shape[1])[None] < train.lengths.numpy()[:, None]
    frames = train.features.numpy()[mask]
    np.testing.assert_allclose(frames.mean(axis=0), 0, atol=1e-3)
    np.testing.assert_allclose(frames.std(axis=0), 1, atol=1e-3)


@needs_espeak
def test_splits_have_disjoint_speakers_and_sentences(tiny):
    corpus, _ = tiny
    speakers = {name: set(corpus.split(name).speakers) for name in speech.SPLITS}
    texts = {name: set(corpus.split(name).texts) for name in speech.SPLITS}
    for a, b in (("train", "validation"), ("train", "test"), ("validation", "test")):
        assert not speakers[a] & speakers[b]
        assert not texts[a] & texts[b]


@needs_espeak
def test_same_seed_same_features_other_seed_other_features(tiny):
    corpus, _ = tiny
    first = speech.generate(TINY)
    again = speech.generate(TINY, workers=1)  # other processes, another order: same bits
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    other = speech.generate(speech.SpeechConfig(**{**TINY.__dict__, "seed": 4}))
    assert other["texts"] != first["texts"]
    train = first["split"] == 0
    assert first["lengths"][train].sum() == corpus.train.lengths.sum()


@needs_espeak
def test_the_cache_is_reused_and_a_corrupt_one_regenerated(tiny):
    corpus, cache = tiny
    path = cache / f"speech-{TINY.key()}.npz"
    assert path.exists() and corpus.source["sha256"] in path.with_suffix(".sha256").read_text()
    stamp = path.stat().st_mtime_ns
    assert speech.load(TINY, cache_dir=cache).source["sha256"] == corpus.source["sha256"]
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.warns(UserWarning, match="checksum .* differs .* regenerating"):
        again = speech.load(TINY, cache_dir=cache)
    assert again.source["sha256"] == corpus.source["sha256"]


@needs_espeak
def test_utterance_audio_is_the_utterance_whose_features_load_returns(tiny):
    corpus, _ = tiny
    samples, rate, labels = speech.utterance_audio(TINY, "test", 3)
    length = int(corpus.test.lengths[3])
    assert rate == 22050 and len(labels) == length
    np.testing.assert_array_equal(labels, corpus.test.labels[3, :length].numpy())
    with pytest.raises(ValueError, match=r"expected 0 <= index < 4 for split 'test'"):
        speech.utterance_audio(TINY, "test", 4)
    with pytest.raises(ValueError, match="expected a split from"):
        speech.utterance_audio(TINY, "dev", 0)
