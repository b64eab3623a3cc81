"""The TIMIT reader on tiny SPHERE, RIFF and PHN files written here, in the layouts copies
of TIMIT come in, good ones and broken ones."""

import dataclasses
import io
import wave

import numpy as np
import pytest
import torch

from lstm.data import timit
from lstm.data.corpus import PAD_LABEL, Corpus
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


def riff_bytes(samples, *, channels=1, width=2, rate=RATE):
    """A RIFF/WAVE file whose header says ``channels``, ``width`` and ``rate``, holding the
    bytes of ``samples`` as 16-bit little-endian PCM."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(channels)
        audio.setsampwidth(width)
        audio.setframerate(rate)
        audio.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return buffer.getvalue()


def tone(n=8000, seed=0):
    rng = np.random.default_rng(seed)
    return (3000 * np.sin(np.arange(n) * 0.3) + rng.normal(0, 300, n)).astype(np.int16)


PHN = "0 1600 h#\n1600 3000 sh\n3000 5200 iy\n5200 6000 q\n6000 8000 h#\n"


def write_utterance(
    folder, name, samples, phn=PHN, *, audio=sphere_bytes, suffixes=(".WAV", ".PHN")
):
    """The audio file (``audio`` makes its bytes) and the .PHN of sentence ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    wav, phn_path = (folder / f"{name}{suffix}" for suffix in suffixes)
    wav.write_bytes(audio(samples))
    phn_path.write_text(phn)
    return wav, phn_path


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


@pytest.mark.parametrize("name", ["X.WAV", "x.wav", "X.WAV.wav"])
def test_riff_audio_gives_the_features_of_the_sphere_file_with_the_same_samples(tmp_path, name):
    sphere, phn = write_utterance(tmp_path / "sphere", "SX1", tone())
    riff = tmp_path / name
    riff.write_bytes(riff_bytes(tone()))
    for got, expected in zip(
        timit.read_utterance(riff, phn), timit.read_utterance(sphere, phn), strict=True
    ):
        np.testing.assert_array_equal(got, expected)


def test_read_riff_returns_the_samples_and_read_audio_tells_the_formats_by_their_bytes(tmp_path):
    samples = tone(500)
    riff, sphere = tmp_path / "RIFF.WAV", tmp_path / "sphere.wav"  # names that say nothing
    riff.write_bytes(riff_bytes(samples))
    sphere.write_bytes(sphere_bytes(samples))
    read, rate = timit.read_riff(riff)
    assert rate == RATE and read.dtype == np.int16
    np.testing.assert_array_equal(read, samples)
    for path in (riff, sphere):
        read, rate = timit.read_audio(path)
        assert rate == RATE
        np.testing.assert_array_equal(read, samples)


def float_riff_bytes(samples):
    """A RIFF/WAVE file whose format tag says 3 (IEEE float), not 1 (PCM)."""
    data = riff_bytes(samples)
    return data[:20] + (3).to_bytes(2, "little") + data[22:]


@pytest.mark.parametrize(
    "audio, message",
    [
        (riff_bytes(tone(500), width=1), r"expected 16-bit samples, got 8-bit"),
        (riff_bytes(tone(500), channels=2), r"expected one channel \(mono\), got 2"),
        (
            riff_bytes(tone(500), rate=8000),
            r"expected TIMIT's sample rate of 16000 Hz, got 8000 Hz",
        ),
        (
            sphere_bytes(tone(500), fields={"sample_rate": "-i 8000"}),
            r"expected TIMIT's sample rate of 16000 Hz, got 8000 Hz",
        ),
        (
            float_riff_bytes(tone(500)),
            r"expected RIFF/WAVE audio with PCM samples, got a file that Python's wave "
            r"module cannot read \(unknown format: 3\)",
        ),
        (
            riff_bytes(tone(500))[:20],
            r"expected RIFF/WAVE audio with PCM samples, .*\(it ends inside the header\)",
        ),
        (
            riff_bytes(tone(500))[:-100],
            r"truncated: the header promises 500 samples \(1000 bytes\), the file holds "
            r"900 bytes of samples",
        ),
        (
            sphere_bytes(tone(500))[:500],
            r"file is 500 bytes, shorter than its 1024-byte SPHERE header",
        ),
        (
            sphere_bytes(tone(500))[:-100],
            r"truncated: the header promises 500 samples \(1000 bytes\), the file holds "
            r"900 bytes after the header",
        ),
        (
            sphere_bytes(tone(500))[:10],
            r"file is 10 bytes, shorter than the first two lines of a SPHERE header",
        ),
        (riff_bytes(tone(500))[:6], r"expected RIFF/WAVE audio .*\(it ends inside the header\)"),
        (b"", r"expected NIST SPHERE audio .*, got an empty file \(0 bytes\)$"),
        (
            b"ID3\x04 an MP3 file",
            r"expected NIST SPHERE audio \(starting 'NIST_1A'\) or RIFF/WAVE audio "
            r"\(starting 'RIFF....WAVE'\), got b'ID3",
        ),
    ],
    ids=[
        "riff-8-bit",
        "riff-stereo",
        "riff-8-kHz",
        "sphere-8-kHz",
        "riff-float",
        "riff-cut-in-header",
        "riff-cut-in-samples",
        "sphere-cut-in-header",
        "sphere-cut-in-samples",
        "sphere-cut-in-size-line",
        "riff-cut-in-magic",
        "empty",
        "not-audio",
    ],
)
@pytest.mark.timeout(60)
def test_read_audio_names_the_file_and_the_fault(tmp_path, audio, message):
    path = tmp_path / "BAD.WAV"
    path.write_bytes(audio)
    with pytest.raises(timit.TimitFormatError, match=message) as error:
        timit.read_audio(path)
    assert str(error.value).startswith(f"{path}: ")


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


@pytest.mark.parametrize(
    "write, message",
    [
        (
            lambda path: path.write_bytes(PHN.encode() + b"; r\xe9vis\xe9\n"),
            r"line 6: not valid UTF-8: expected a TIMIT \.PHN file of 'start end phone' lines, "
            r"found bytes that are not UTF-8 .* perhaps Latin-1",
        ),
        (
            lambda path: path.write_text(PHN, encoding="utf-16"),
            r"expected a TIMIT \.PHN file of 'start end phone' lines in UTF-8 at .*, found UTF-16",
        ),
        (
            lambda path: path.mkdir(),
            r"expected a TIMIT \.PHN file of 'start end phone' lines at .*, found a folder",
        ),
    ],
    ids=["latin-1", "utf-16", "folder"],
)
def test_a_phn_file_that_is_not_text_is_named(tmp_path, write, message):
    path = tmp_path / "SX1.PHN"
    write(path)
    with pytest.raises(timit.TimitFormatError, match=message) as error:
        timit.read_phn(path, 8000)
    assert str(path) in str(error.value)


def make_tree(root, parts=("TRAIN", "TEST"), speakers=("FCJF0", "MABC0", "MDAB0", "FAKS0")):
    """Two training speakers, one core-test speaker and one other test speaker (of them,
    those in ``parts`` and ``speakers``), three sentences each."""
    for part, region, speaker in (
        ("TRAIN", "DR1", "FCJF0"),
        ("TRAIN", "DR2", "MABC0"),
        ("TEST", "DR1", "MDAB0"),
        ("TEST", "DR1", "FAKS0"),
    ):
        if part in parts and speaker in speakers:
            for k, name in enumerate(("SA1", "SX11", "SI22")):
                write_utterance(root / part / region / speaker, name, tone(seed=k))


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
    lower = {"suffixes": (".wav", ".phn")}
    write_utterance(tmp_path / "train" / "dr1" / "fcjf0", "sx11", tone(), **lower)
    write_utterance(tmp_path / "test" / "dr1" / "mdab0", "si22", tone())
    write_utterance(tmp_path / "test" / "dr1" / "faks0", "si33", tone(), **lower)
    corpus = timit.load(tmp_path)
    assert corpus.train.speakers == ("FCJF0",) and corpus.test.speakers == ("MDAB0",)
    assert corpus.train.texts == ("FCJF0/SX11",) and corpus.validation.speakers == ("FAKS0",)


def test_load_reports_a_missing_phn_and_a_wrong_layout(tmp_path):
    wav, phn = write_utterance(tmp_path / "TRAIN" / "DR1" / "FCJF0", "SX1", tone())
    phn.unlink()
    with pytest.raises(timit.TimitFormatError, match=r"SX1.WAV: expected a .PHN file beside it"):
        timit.load(tmp_path)
    other = tmp_path / "elsewhere"
    write_utterance(other / "FCJF0", "SX1", tone())
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(other)
    assert str(error.value) == (
        f"{other / 'FCJF0' / 'SX1.WAV'}: expected TRAIN|TEST/<region>/<speaker>/<sentence>.WAV "
        f"(the LDC's layout) or <region>-<speaker>/<sentence>.wav (NLTK's sample) under {other}"
    )
    with pytest.raises(FileNotFoundError, match="expected the TIMIT folder"):
        timit.load(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="found none"):
        timit.load(tmp_path / "empty")


@pytest.mark.timeout(60)
def test_an_empty_audio_file_is_named_by_load_and_not_its_phn(tmp_path):
    make_tree(tmp_path)
    empty = tmp_path / "TRAIN" / "DR1" / "FCJF0" / "SX11.WAV"
    empty.write_bytes(b"")
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path)
    assert str(error.value) == (
        f"{empty}: expected NIST SPHERE audio (starting 'NIST_1A') or RIFF/WAVE audio "
        "(starting 'RIFF....WAVE'), got an empty file (0 bytes)"
    )


@pytest.mark.timeout(60)
def test_load_counts_the_sentences_it_read_and_says_so_in_one_line(tmp_path, capsys):
    make_tree(tmp_path)
    corpus = timit.load(tmp_path)
    assert corpus.read == timit.ReadReport(
        path=str(tmp_path.resolve()),
        audio_files=12,
        sentences={"train": 4, "validation": 2, "test": 2},
        full={"train": 3696, "validation": 1152, "test": 192},
        skipped={timit.CONVERSIONS: 0, timit.DIALECT: 4},
    )
    assert capsys.readouterr().err == (
        f"{tmp_path.resolve()}: read 8 of the 5,040 sentences of a full TIMIT (train 4 of "
        "3,696, validation 2 of 1,152, test 2 of 192) from 12 audio files; skipped 4: dialect "
        "sentences SA1/SA2, read only with include_sa=True (4)\n"
    )


@pytest.mark.timeout(60)
def test_the_read_report_counts_conversions_and_a_full_copys_sa_sentences(tmp_path, capsys):
    make_tree(tmp_path)
    for wav in sorted(tmp_path.rglob("*.WAV")):
        wav.with_name(f"{wav.name}.wav").write_bytes(riff_bytes(timit.read_sphere(wav)[0]))
    report = timit.load(tmp_path, include_sa=True).read
    assert (report.audio_files, report.sentences) == (24, {"train": 6, "validation": 3, "test": 3})
    assert report.full == {"train": 4620, "validation": 1440, "test": 240}
    assert report.skipped == {timit.CONVERSIONS: 12, timit.DIALECT: 0}
    assert capsys.readouterr().err.endswith(
        "read 12 of the 6,300 sentences of a full TIMIT (train 6 of 4,620, validation 3 of "
        "1,440, test 3 of 240) from 24 audio files; skipped 12: conversions beside their "
        "original (SX11.WAV.wav beside SX11.WAV) (12)\n"
    )


@pytest.mark.timeout(60)
def test_the_corpus_of_load_is_a_corpus_with_the_report_after_its_fields(tmp_path):
    make_tree(tmp_path)
    corpus = timit.load(tmp_path)
    names = [field.name for field in dataclasses.fields(corpus)]
    assert isinstance(corpus, Corpus)
    assert names == [field.name for field in dataclasses.fields(Corpus)] + ["read"]
    assert corpus.source == {
        "corpus": "TIMIT",
        "path": str(tmp_path.resolve()),
        "include_sa": False,
    }


@pytest.mark.timeout(60)
@pytest.mark.parametrize("include_sa, missing", [(False, "7 of the 8"), (True, "11 of the 12")])
def test_audio_files_without_their_phn_are_refused_counted(tmp_path, include_sa, missing):
    make_tree(tmp_path)
    kept = tmp_path / "TRAIN" / "DR1" / "FCJF0" / "SX11.PHN"
    for phn in tmp_path.rglob("*.PHN"):
        if phn != kept:
            phn.unlink()
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path, include_sa=include_sa)
    first = "SA1" if include_sa else "SI22"
    assert str(error.value) == (
        f"{tmp_path / 'TEST' / 'DR1' / 'FAKS0' / first}.WAV: expected a .PHN file beside it "
        f"({first}.PHN or {first.lower()}.phn), found none; {missing} sentences to read under "
        f"{tmp_path} have no .PHN"
    )


def test_a_sentence_with_a_riff_conversion_beside_it_is_read_once(tmp_path):
    make_tree(tmp_path)
    originals = sorted(tmp_path.rglob("*.WAV"))
    for wav in originals:
        wav.with_name(f"{wav.name}.wav").write_bytes(riff_bytes(timit.read_sphere(wav)[0]))
    assert [wav for *_, wav, _ in timit.utterances(tmp_path, include_sa=True)] == originals
    from_sphere = timit.load(tmp_path)
    for wav in originals:
        wav.unlink()
    found = timit.utterances(tmp_path)
    assert len(found) == 8 and all(wav.name.endswith(".WAV.wav") for *_, wav, _ in found)
    assert all(phn.name == wav.name.removesuffix(".WAV.wav") + ".PHN" for *_, wav, phn in found)
    from_riff = timit.load(tmp_path)
    for split in ("train", "validation", "test"):
        assert from_riff.split(split).texts == from_sphere.split(split).texts
        assert torch.equal(from_riff.split(split).features, from_sphere.split(split).features)


def test_the_phn_of_a_converted_file_is_found_in_either_case(tmp_path):
    folder = tmp_path / "test" / "dr1" / "mdab0"
    upper = write_utterance(folder, "SX1", tone(), audio=riff_bytes, suffixes=(".wav.wav", ".PHN"))
    lower = write_utterance(folder, "sx2", tone(), audio=riff_bytes, suffixes=(".WAV.wav", ".phn"))
    assert timit.utterances(tmp_path) == [("test", "MDAB0", *upper), ("test", "MDAB0", *lower)]


def test_a_folder_where_a_sentence_file_is_expected_is_named(tmp_path):
    make_tree(tmp_path)
    folder = tmp_path / "TRAIN" / "DR1" / "FCJF0" / "SX99.WAV"
    folder.mkdir()
    folder.with_suffix(".PHN").write_text(PHN)
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path)
    assert str(error.value) == f"{folder}: expected a sentence's audio file, found a folder"


def test_a_copy_of_test_alone_is_listed_and_read_but_not_loaded(tmp_path):
    make_tree(tmp_path, parts=("TEST",))
    found = timit.utterances(tmp_path)
    assert {(split, speaker) for split, speaker, *_ in found} == {
        ("test", "MDAB0"),
        ("validation", "FAKS0"),
    }
    features, labels = timit.read_utterance(*found[0][2:])
    assert len(features) == len(labels) > 0
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path)
    message = str(error.value)
    assert message.startswith(f"{tmp_path}: expected a TRAIN/ folder with training sentences")
    assert "utterances() still lists its sentences and read_utterance() reads them" in message


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"parts": ("TRAIN",)},
            "expected a TEST/ folder with sentences, found none: the validation and test "
            "sets come from TEST/",
        ),
        (
            {"speakers": ("FCJF0", "FAKS0")},
            "expected sentences of the 24 core test speakers in TEST/ for the test set",
        ),
        (
            {"speakers": ("FCJF0", "MDAB0")},
            "expected sentences of speakers outside the core test set in TEST/ for the "
            "validation set",
        ),
    ],
)
def test_load_refuses_a_copy_short_of_a_split_before_reading_audio(
    tmp_path, monkeypatch, kwargs, message
):
    make_tree(tmp_path, **kwargs)
    monkeypatch.setattr(timit, "read_utterance", lambda *_: pytest.fail("read the audio"))
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path)
    assert str(error.value).startswith(f"{tmp_path}: {message}")


def make_nltk_sample(root):
    """NLTK's sample of TIMIT: region-speaker folders, lower-case names, RIFF audio."""
    for folder in ("dr1-fvmh0", "dr7-mgaw0"):
        for k, name in enumerate(("sa1", "si1466", "sx206")):
            write_utterance(
                root / folder, name, tone(seed=k), audio=riff_bytes, suffixes=(".wav", ".phn")
            )
    (root / "spkrinfo.txt").write_text("; the speakers\n")


def test_nltks_sample_is_listed_unsplit_and_refused_by_load(tmp_path):
    make_nltk_sample(tmp_path)
    found = timit.utterances(tmp_path)
    assert [(split, speaker, wav.name) for split, speaker, wav, _ in found] == [
        ("unsplit", "FVMH0", "si1466.wav"),
        ("unsplit", "FVMH0", "sx206.wav"),
        ("unsplit", "MGAW0", "si1466.wav"),
        ("unsplit", "MGAW0", "sx206.wav"),
    ]
    assert len(timit.utterances(tmp_path, include_sa=True)) == 6
    features, labels = timit.read_utterance(*found[0][2:])
    assert len(features) == len(labels) > 0
    with pytest.raises(timit.TimitFormatError) as error:
        timit.load(tmp_path)
    assert str(error.value).startswith(
        f"{tmp_path}: this looks like NLTK's TIMIT sample (dr1-fvmh0/sa1.wav, ...), which has "
        "no TRAIN/TEST split: training needs the LDC's TRAIN/ and TEST/ folders"
    )


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
