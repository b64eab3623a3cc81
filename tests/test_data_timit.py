"""The TIMIT reader on tiny SPHERE and PHN files written here, good ones and broken ones."""

import numpy as np
import pytest

from lstm.data import timit
from lstm.data.corpus import PAD_LABEL
from lstm.data.features import frame_centres
from lstm.data.phonemes import INDEX, PHONEMES, TIMIT_61, TIMIT_TO_39

RATE = 16000


def sphere_bytes(samples, *, fields=None, magic=b"NIST_1A\n", header_size=1024, big_endian=False):
    values = {
        "database_id": "-s5 TIMIT",
        "sample_count": f"-i {len(samples)}",
        "sample_rate": f"-i {RATE}",
        "channel_count": "-i 1",
        "sample_n_bytes": "-i 2",
        "sample_byte_format": "-s2 10" if big_endian else "-s2 01",
        "sample_coding": "-s3 pcm",
        "sample_min": "-i -100",
    }
    values.update(fields or {})
    lines = [f"{name} {value}" for name, value in values.items() if value is not None]
    text = magic + f"   {header_size}\n".encode() + ("\n".join(lines) + "\nend_head\n").encode()
    header = text.ljust(header_size, b" ")
    return header + np.asarray(samples, dtype=">i2" if big_endian else "<i2").tobytes()


def tone(n=8000, seed=0):
    rng = np.random.default_rng(seed)
    return (3000 * np.sin(np.arange(n) * 0.3) + rng.normal(0, 300, n)).astype(np.int16)


PHN = "0 1600 h#\n1600 3000 sh\n3000 5200 iy\n5200 6000 q\n6000 8000 h#\n"


def write_utterance(folder, name, samples, phn=PHN):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.WAV").write_bytes(sphere_bytes(samples))
    (folder / f"{name}.PHN").write_text(phn)
    return folder / f"{name}.WAV", folder / f"{name}.PHN"


def test_the_folding_maps_61_phones_onto_39_classes():
    assert len(TIMIT_61) == 61 and len(PHONEMES) == 39
    assert set(TIMIT_TO_39.values()) == set(PHONEMES)
    assert TIMIT_TO_39["ao"] == "aa" and TIMIT_TO_39["zh"] == "sh" and TIMIT_TO_39["ix"] == "ih"
    assert all(
        TIMIT_TO_39[c] == "sil"
        for c in ("bcl", "dcl", "gcl", "pcl", "tcl", "kcl", "h#", "pau", "epi")
    )


@pytest.mark.parametrize("big_endian", [False, True])
def test_read_sphere_returns_the_samples_in_either_byte_order(tmp_path, big_endian):
    samples = tone(500)
    path = tmp_path / "X.WAV"
    path.write_bytes(sphere_bytes(samples, big_endian=big_endian))
    read, rate = timit.read_sphere(path)
    assert rate == RATE and read.dtype == np.int16
    np.testing.assert_array_equal(read, samples)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"magic": b"RIFF1234"}, r"expected a NIST SPHERE header starting 'NIST_1A'"),
        ({"header_size": 12}, r"expected the header size in bytes"),
        ({"fields": {"channel_count": "-i 2"}}, r"expected channel_count 1, got -i 2|channel"),
        ({"fields": {"sample_n_bytes": "-i 1"}}, r"expected sample_n_bytes 2"),
        ({"fields": {"sample_rate": None}}, r"expected an integer header field 'sample_rate'"),
        ({"fields": {"sample_coding": "-s26 pcm,embedded-shorten-v2.00"}}, r"sph2pipe"),
        ({"fields": {"sample_byte_format": "-s2 xx"}}, r"sample_byte_format '01' or '10'"),
        ({"fields": {"sample_count": "-i 99999"}}, r"header promises 99999 samples"),
        ({"fields": {"broken line": ""}}, r"header line \d+: expected 'name -type value'"),
    ],
)
def test_read_sphere_names_the_file_and_the_fault_of_a_malformed_header(tmp_path, kwargs, message):
    path = tmp_path / "BAD.WAV"
    path.write_bytes(sphere_bytes(tone(500), **kwargs))
    with pytest.raises(timit.TimitFormatError, match=message) as error:
        timit.read_sphere(path)
    assert str(path) in str(error.value)


def test_a_header_without_end_head_is_rejected(tmp_path):
    path = tmp_path / "NOEND.WAV"
    path.write_bytes(sphere_bytes(tone(100)).replace(b"end_head\n", b" " * 9))
    with pytest.raises(timit.TimitFormatError, match=r"NOEND.WAV: expected 'end_head'"):
        timit.read_sphere(path)


def test_read_utterance_labels_every_frame_from_the_phn_segments(tmp_path):
    wav, phn = write_utterance(tmp_path, "SX1", tone())
    features, labels = timit.read_utterance(wav, phn)
    centres = frame_centres(8000, RATE)
    assert features.shape == (len(centres), 26) and len(labels) == len(centres)
    expected = np.select(
        [centres < 1600, centres < 3000, centres < 5200, centres < 6000],
        [INDEX["sil"], INDEX["sh"], INDEX["iy"], INDEX["sil"]],
        INDEX["sil"],
    )
    np.testing.assert_array_equal(labels, expected)


def test_frames_past_the_last_labelled_sample_are_dropped(tmp_path):
    wav, phn = write_utterance(tmp_path, "SX2", tone(), phn="0 1600 h#\n1600 4000 s\n")
    features, labels = timit.read_utterance(wav, phn)
    assert len(labels) == len(features) == np.sum(frame_centres(8000, RATE) < 4000)
    assert labels[-1] == INDEX["s"]


@pytest.mark.parametrize(
    "phn, message",
    [
        (
            "0 1600 h#\n1700 8000 s\n",
            r"line 2: misaligned: expected the segment to start at "
            r"sample 1600 \(where the previous one ended\), got 1700",
        ),
        ("0 1600 h#\n1500 8000 s\n", r"line 2: misaligned: .*got 1500"),
        ("10 8000 h#\n", r"line 1: misaligned: expected the segment to start at sample 0"),
        (
            "0 1600 h#\n1600 9000 s\n",
            r"line 2: misaligned: segment ends at sample 9000, beyond "
            r"the 8000 samples",
        ),
        ("0 1600 h#\n1600 1600 s\n", r"line 2: expected end > start"),
        ("0 1600 h#\n1600 8000 xx\n", r"line 2: expected one of TIMIT's 61 phones, got 'xx'"),
        ("0 1600\n", r"line 1: expected 'start end phone'"),
        ("0 16.5 h#\n", r"line 1: expected 'start end phone'"),
        ("\n", r"expected at least one 'start end phone' line"),
    ],
)
def test_a_broken_phn_file_is_rejected_naming_file_and_line(tmp_path, phn, message):
    wav, phn_path = write_utterance(tmp_path, "SI9", tone(), phn=phn)
    with pytest.raises(timit.TimitFormatError, match=message) as error:
        timit.read_utterance(wav, phn_path)
    assert str(phn_path) in str(error.value)


def make_tree(root):
    """Two training speakers, one core-test speaker and one other test speaker."""
    for split, region, speaker in (
        ("TRAIN", "DR1", "FCJF0"),
        ("TRAIN", "DR2", "MABC0"),
        ("TEST", "DR1", "MDAB0"),
        ("TEST", "DR1", "FAKS0"),
    ):
        for k, name in enumerate(("SA1", "SX11", "SI22")):
            write_utterance(root / split / region / speaker, name, tone(seed=k))


def test_load_splits_by_speaker_with_the_core_test_set(tmp_path):
    make_tree(tmp_path)
    corpus = timit.load(tmp_path)
    assert set(corpus.train.speakers) == {"FCJF0", "MABC0"}
    assert set(corpus.test.speakers) == {"MDAB0"}
    assert set(corpus.validation.speakers) == {"FAKS0"}
    assert all(
        "/SA" not in text
        for split in ("train", "validation", "test")
        for text in corpus.split(split).texts
    )
    assert corpus.train.features.shape[0] == 4 and corpus.train.features.shape[2] == 26
    assert corpus.phonemes == PHONEMES
    lengths = corpus.train.lengths
    assert (corpus.train.labels[0, lengths[0] :] == PAD_LABEL).all()
    assert corpus.source["corpus"] == "TIMIT"
    assert timit.load(tmp_path, include_sa=True).train.features.shape[0] == 6


def test_load_accepts_lower_case_names(tmp_path):
    write_utterance(tmp_path / "train" / "dr1" / "fcjf0", "sx11", tone())
    write_utterance(tmp_path / "test" / "dr1" / "mdab0", "si22", tone())
    wav = tmp_path / "train" / "dr1" / "fcjf0" / "sx11.WAV"
    wav.rename(wav.with_suffix(".wav"))
    (wav.with_suffix(".PHN")).rename(wav.with_suffix(".phn"))
    corpus = timit.load(tmp_path)
    assert corpus.train.speakers == ("FCJF0",) and corpus.test.speakers == ("MDAB0",)


def test_load_reports_a_missing_phn_and_a_wrong_layout(tmp_path):
    wav, phn = write_utterance(tmp_path / "TRAIN" / "DR1" / "FCJF0", "SX1", tone())
    phn.unlink()
    with pytest.raises(timit.TimitFormatError, match=r"SX1.WAV: expected a .PHN file beside it"):
        timit.load(tmp_path)
    other = tmp_path / "elsewhere"
    write_utterance(other / "FCJF0", "SX1", tone())
    with pytest.raises(timit.TimitFormatError, match=r"expected TRAIN\|TEST/<region>/<speaker>"):
        timit.load(other)
    with pytest.raises(FileNotFoundError, match="expected the TIMIT folder"):
        timit.load(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="found none"):
        timit.load(tmp_path / "empty")


def test_from_environment_reads_lstm_timit_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("LSTM_TIMIT_DIR", raising=False)
    assert timit.from_environment() is None
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path))
    assert timit.from_environment() == tmp_path
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path / "nope"))
    with pytest.raises(FileNotFoundError, match="LSTM_TIMIT_DIR=.*expected a folder"):
        timit.from_environment()


def test_core_test_set_has_24_speakers_three_per_region():
    assert len(timit.CORE_TEST_SPEAKERS) == 24
    assert sum(s.startswith("F") for s in timit.CORE_TEST_SPEAKERS) == 8
