"""A reader for the TIMIT corpus (Garofolo et al. 1993), for readers who own a copy.

TIMIT is licensed by the LDC and is never shipped or downloaded here. Given the path of
a copy, :func:`load` returns the very corpus structure the synthetic corpus has
(:class:`lstm.data.corpus.Corpus`), through the same features and the same 39 phoneme
classes, so a chapter runs unchanged on either; set ``LSTM_TIMIT_DIR=/path/to/TIMIT`` and
:func:`from_environment` finds it.

Layouts. The LDC's: ``TRAIN/`` and ``TEST/``, then dialect regions ``DR1``..``DR8``, then
one folder per speaker (``FCJF0``: sex, initials, a digit), holding for each sentence an
audio file ``SX11.WAV`` and a ``SX11.PHN`` (one ``start end phone`` line per phone, in
samples, phones from the 61-phone set). NLTK's sample of TIMIT is read too: flat speaker
folders ``dr1-fvmh0/`` (region, a dash, the speaker) holding ``sa1.wav`` and ``sa1.phn``.
Upper- or lower-case names are all accepted (``TRAIN``/``train``, ``.WAV``/``.wav``,
``.PHN``/``.phn``).

Audio. A sentence's file is NIST SPHERE (a plain-text header starting ``NIST_1A``, then
16-bit PCM) or RIFF/WAVE with 16-bit PCM, as converted copies hold it; the first bytes
tell them apart, not the name (:func:`read_audio`). Either must be one channel at 16 kHz.
Several redistributions keep a conversion beside each original (``SX11.WAV`` and
``SX11.WAV.wav``): the files of one sentence are read once, the one with the shortest
name (the original), and the others are skipped by design.

Splits, as is standard: the dialect sentences ``SA1``/``SA2`` (read by every speaker)
are left out unless asked for; *train* is ``TRAIN/``; *test* is the core test set (24
speakers, two men and a woman per dialect region); *validation* is the rest of
``TEST/``. :func:`load` needs all three: it refuses, before reading any audio, a copy
without ``TRAIN/`` (the networks train on it and its statistics normalise the features)
or without ``TEST/``. A copy with only ``TEST/``, which people often share, is still
listed by :func:`utterances` and read by :func:`read_utterance`, e.g. to score a network
trained elsewhere. NLTK's sample (160 sentences of 16 speakers) has no TRAIN/TEST folders,
so it gives no standard split: :func:`utterances` lists its sentences in a split of their
own, :data:`UNSPLIT`, rather than guess one, and :func:`load` refuses it.

What was read. :func:`load` prints one line on stderr that counts the sentences it read,
split by split, against a full copy's, and the audio files it skipped and why (SA1/SA2,
conversions); a partial copy reads as one. The same counts are the ``read`` field
(a :class:`ReadReport`) of the corpus it returns, for a result to record.

Every fault is a :class:`TimitFormatError` (or ``FileNotFoundError`` for a missing folder
or file) whose message names the file, what was expected there and what was found.
"""

from __future__ import annotations

import re
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lstm.data.corpus import SPLITS, Corpus, assemble
from lstm.data.environment import folder_from_environment
from lstm.data.features import frame_centres, frame_labels, speech_features
from lstm.data.phonemes import INDEX, TIMIT_TO_39
from lstm.data.textfiles import TextFileError, read_text

CORE_TEST_SPEAKERS = frozenset(
    """
    MDAB0 MWBT0 FELC0  MTAS1 MWEW0 FPAS0  MJMP0 MLNT0 FPKT0  MLLL0 MTLS0 FJLM0
    MBPM0 MKLT0 FNLP0  MCMJ0 MJDH0 FMGD0  MGRT0 MNJM0 FDHC0  MJLN0 MPAM0 FMLD0
    """.split()
)
ENVIRONMENT_VARIABLE = "LSTM_TIMIT_DIR"
SAMPLE_RATE = 16000  # TIMIT's, in Hz; the .PHN files count samples at this rate
SPHERE_PREAMBLE = 16  # bytes of a SPHERE header's first two lines: b"NIST_1A\n   1024\n"
UNSPLIT = "unsplit"  # the split of a sentence from NLTK's sample, which has no TRAIN/TEST
NLTK_SPEAKER_FOLDER = re.compile(r"dr\d-\w+", re.IGNORECASE)  # e.g. dr1-fvmh0
# A full copy: speakers per split (462 in TRAIN/; TEST/'s 168 are the 24 core test speakers
# and 144 others) and sentences per speaker besides SA1/SA2 (five SX and three SI).
FULL_COPY_SPEAKERS = {"train": 462, "validation": 144, "test": 24}
SENTENCES_PER_SPEAKER = 8
# Why an audio file is left out, as :class:`ReadReport` counts it.
CONVERSIONS = "conversions beside their original (SX11.WAV.wav beside SX11.WAV)"
DIALECT = "dialect sentences SA1/SA2, read only with include_sa=True"


class TimitFormatError(ValueError):
    """A TIMIT file that does not read as TIMIT: the message names the file and the fault."""


def read_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """The samples (int16) and sample rate of a TIMIT sentence's audio file.

    NIST SPHERE (:func:`read_sphere`) or RIFF/WAVE (:func:`read_riff`), told apart by the
    file's first bytes (``NIST_1A`` or ``RIFF``) whatever its name; either must be TIMIT's
    :data:`SAMPLE_RATE`. A file that starts as neither, an empty one included, is refused
    here; one that starts right but is cut short is refused by the reader of its format.
    """
    path = Path(path)
    if path.is_dir():
        raise TimitFormatError(f"{path}: expected a sentence's audio file, found a folder")
    with path.open("rb") as file:
        start = file.read(12)
    if start.startswith(b"NIST_1A"):
        samples, rate = read_sphere(path)
    elif start.startswith(b"RIFF"):
        samples, rate = read_riff(path)
    else:
        arrived = repr(start) if start else "an empty file (0 bytes)"
        raise TimitFormatError(
            f"{path}: expected NIST SPHERE audio (starting 'NIST_1A') or RIFF/WAVE audio "
            f"(starting 'RIFF....WAVE'), got {arrived}"
        )
    if rate != SAMPLE_RATE:
        raise TimitFormatError(
            f"{path}: expected TIMIT's sample rate of {SAMPLE_RATE} Hz, got {rate} Hz"
        )
    return samples, rate


def read_sphere(path: str | Path) -> tuple[np.ndarray, int]:
    """The samples (int16) and sample rate of a NIST SPHERE file with 16-bit PCM.

    Checks the ``NIST_1A`` header: its size, ``sample_count``, ``sample_rate``, one
    channel, two bytes per sample, byte order ``01`` (little-endian) or ``10`` (big), and
    uncompressed PCM (shorten-compressed files must first go through ``sph2pipe``); and
    that the file holds the header and every sample it promises.
    """
    path = Path(path)
    data = path.read_bytes()
    if len(data) < SPHERE_PREAMBLE:
        raise TimitFormatError(
            f"{path}: file is {len(data)} bytes, shorter than the first two lines of a SPHERE "
            f"header ('NIST_1A' and the header size, {SPHERE_PREAMBLE} bytes; cut short?)"
        )
    if not data.startswith(b"NIST_1A\n"):
        raise TimitFormatError(
            f"{path}: expected a NIST SPHERE header starting 'NIST_1A', got {data[:8]!r}"
        )
    size_line = data[8:16].split(b"\n", 1)[0].strip()
    if not size_line.isdigit() or int(size_line) < 16:
        raise TimitFormatError(
            f"{path}: expected the header size in bytes on the second line, got {size_line!r}"
        )
    header_size = int(size_line)
    if len(data) < header_size:
        raise TimitFormatError(
            f"{path}: file is {len(data)} bytes, shorter than its {header_size}-byte "
            "SPHERE header (cut short?)"
        )
    fields: dict[str, str] = {}
    lines = data[:header_size].decode("ascii", errors="replace").split("\n")[2:]
    for number, line in enumerate(lines, start=3):
        if line.strip() == "end_head":
            break
        parts = line.split(None, 2)
        if not line.strip() or line.startswith(";"):
            continue
        if len(parts) != 3 or not parts[1].startswith("-"):
            raise TimitFormatError(
                f"{path}: header line {number}: expected 'name -type value', got {line!r}"
            )
        fields[parts[0]] = parts[2].strip()
    else:
        raise TimitFormatError(f"{path}: expected 'end_head' within the {header_size}-byte header")

    def integer(name: str) -> int:
        value = fields.get(name)
        if value is None or not value.lstrip("-").isdigit():
            raise TimitFormatError(
                f"{path}: expected an integer header field {name!r}, got {value!r}"
            )
        return int(value)

    for name, expected in (("channel_count", 1), ("sample_n_bytes", 2)):
        if integer(name) != expected:
            raise TimitFormatError(f"{path}: expected {name} {expected}, got {fields[name]}")
    coding = fields.get("sample_coding", "pcm")
    if coding != "pcm":
        raise TimitFormatError(
            f"{path}: expected uncompressed sample_coding 'pcm', got {coding!r} "
            "(decompress it with sph2pipe first)"
        )
    order = fields.get("sample_byte_format", "01")
    if order not in ("01", "10"):
        raise TimitFormatError(f"{path}: expected sample_byte_format '01' or '10', got {order!r}")
    count, rate = integer("sample_count"), integer("sample_rate")
    body = data[header_size:]
    if len(body) < 2 * count:
        raise TimitFormatError(
            f"{path}: truncated: the header promises {count} samples ({2 * count} bytes), "
            f"the file holds {len(body)} bytes after the header"
        )
    dtype = np.dtype("<i2" if order == "01" else ">i2")
    return np.frombuffer(body[: 2 * count], dtype=dtype).astype(np.int16), rate


def read_riff(path: str | Path) -> tuple[np.ndarray, int]:
    """The samples (int16) and sample rate of a RIFF/WAVE file with 16-bit PCM, one channel.

    Read with the standard library's :mod:`wave`; checks that the file holds every
    sample its header promises.
    """
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as audio:
            channels, width = audio.getnchannels(), audio.getsampwidth()
            rate, count = audio.getframerate(), audio.getnframes()
            data = audio.readframes(count)
    except (wave.Error, EOFError) as error:
        raise TimitFormatError(
            f"{path}: expected RIFF/WAVE audio with PCM samples, got a file that Python's "
            f"wave module cannot read ({str(error) or 'it ends inside the header'})"
        ) from None
    if channels != 1:
        raise TimitFormatError(f"{path}: expected one channel (mono), got {channels}")
    if width != 2:
        raise TimitFormatError(f"{path}: expected 16-bit samples, got {8 * width}-bit")
    if len(data) < 2 * count:
        raise TimitFormatError(
            f"{path}: truncated: the header promises {count} samples ({2 * count} bytes), "
            f"the file holds {len(data)} bytes of samples"
        )
    return np.frombuffer(data, dtype="<i2").astype(np.int16), rate


def read_phn(path: str | Path, n_samples: int) -> tuple[np.ndarray, list[str]]:
    """Segment boundaries (int64, one more than phones) and phones of a ``.PHN`` file.

    Each segment must start where the previous one ended (the first at sample 0), be
    non-empty, name one of TIMIT's 61 phones, and end within the ``n_samples`` of audio.
    A file that is not UTF-8 text (or not a file) is a :class:`TimitFormatError` too.
    """
    path = Path(path)
    try:
        text = read_text(path, "a TIMIT .PHN file of 'start end phone' lines")
    except TextFileError as error:
        raise TimitFormatError(str(error)) from None
    starts, phones = [], []
    previous_end = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        where = f"{path}, line {number}"
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            raise TimitFormatError(f"{where}: expected 'start end phone', got {line!r}")
        start, end, phone = int(parts[0]), int(parts[1]), parts[2]
        if phone not in TIMIT_TO_39:
            raise TimitFormatError(f"{where}: expected one of TIMIT's 61 phones, got {phone!r}")
        if start != previous_end:
            raise TimitFormatError(
                f"{where}: misaligned: expected the segment to start at sample {previous_end} "
                f"(where the previous one ended), got {start}"
            )
        if end <= start:
            raise TimitFormatError(f"{where}: expected end > start, got {start} {end}")
        if end > n_samples:
            raise TimitFormatError(
                f"{where}: misaligned: segment ends at sample {end}, beyond the "
                f"{n_samples} samples of the audio"
            )
        starts.append(start)
        phones.append(phone)
        previous_end = end
    if not phones:
        raise TimitFormatError(f"{path}: expected at least one 'start end phone' line")
    return np.array(starts + [previous_end], dtype=np.int64), phones


def read_utterance(wav: str | Path, phn: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Features (frames, 26) and 39-class frame labels of one TIMIT sentence.

    Frames whose centre falls after the last labelled sample are dropped.
    """
    samples, rate = read_audio(wav)
    bounds, phones = read_phn(phn, len(samples))
    classes = np.array([INDEX[TIMIT_TO_39[p]] for p in phones])
    labelled = int(np.sum(frame_centres(len(samples), rate) < bounds[-1]))
    labels = frame_labels(bounds[:-1], classes, len(samples), rate)[:labelled]
    features = speech_features(samples / 32768.0, rate)[:labelled]
    return features, labels


def utterances(root: str | Path, *, include_sa: bool = False) -> list[tuple[str, str, Path, Path]]:
    """(split, speaker, audio file, .PHN) of every sentence under ``root``, sorted.

    The split is ``"train"``, ``"validation"`` or ``"test"`` for the LDC's layout and
    :data:`UNSPLIT` for NLTK's sample; the audio file is the one read of its sentence.
    """
    return _survey(Path(root), include_sa)[0]


def _survey(
    root: Path, include_sa: bool
) -> tuple[list[tuple[str, str, Path, Path]], int, dict[str, int]]:
    """What :func:`utterances` lists under ``root``, the number of audio files found there,
    and the audio files left out, counted by reason (:data:`CONVERSIONS`, :data:`DIALECT`).

    Every sentence listed must have its ``.PHN``: those without are refused together, in
    one error that names the first and counts them, so that a copy short of many labels
    reads as such and not as one broken file.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"expected the TIMIT folder (with TRAIN/ and TEST/), got {root}")
    found, unlabelled = [], []
    skipped = {CONVERSIONS: 0, DIALECT: 0}
    sentences = _sentence_files(root)
    for paths in sentences:
        audio = min(paths, key=lambda p: (len(p.name), p.name))
        skipped[CONVERSIONS] += len(paths) - 1
        split, speaker = _split_and_speaker(root, audio)
        if not include_sa and _sentence_name(audio).upper().startswith("SA"):
            skipped[DIALECT] += 1
            continue
        phn = _phn_beside(audio)
        if phn is None:
            unlabelled.append(audio)
        else:
            found.append((split, speaker, audio, phn))
    if unlabelled:
        name = _sentence_name(unlabelled[0])
        raise TimitFormatError(
            f"{unlabelled[0]}: expected a .PHN file beside it ({name}.PHN or {name.lower()}.phn), "
            f"found none; {len(unlabelled)} of the {len(found) + len(unlabelled)} sentences "
            f"to read under {root} have no .PHN"
        )
    if not found:
        raise FileNotFoundError(f"{root}: expected TIMIT sentences (*.WAV with *.PHN), found none")
    return found, sum(len(paths) for paths in sentences), skipped


def _sentence_name(audio: str | Path) -> str:
    """The sentence a file holds, its name without any suffix: ``SX11.WAV.wav`` -> ``SX11``."""
    return Path(audio).name.split(".", 1)[0]


def _sentence_files(root: Path) -> list[list[Path]]:
    """The audio files (``*.WAV``, any case) under ``root``, grouped by sentence folder and
    name: ``SX11.WAV`` with its conversion ``SX11.WAV.wav``. Of each group the shortest
    name, upper case first, is the one read."""
    by_sentence: dict[tuple[Path, str], list[Path]] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix.upper() == ".WAV":
            key = (path.parent, _sentence_name(path).upper())
            by_sentence.setdefault(key, []).append(path)
    return list(by_sentence.values())


def _split_and_speaker(root: Path, audio: Path) -> tuple[str, str]:
    """The split and speaker of a sentence, from where its audio file lies under ``root``."""
    parts = audio.relative_to(root).parts
    if len(parts) == 4 and parts[0].upper() in ("TRAIN", "TEST"):
        speaker = parts[2].upper()
        if parts[0].upper() == "TRAIN":
            return "train", speaker
        return ("test" if speaker in CORE_TEST_SPEAKERS else "validation"), speaker
    if len(parts) == 2 and NLTK_SPEAKER_FOLDER.fullmatch(parts[0]):
        return UNSPLIT, parts[0].split("-", 1)[1].upper()
    raise TimitFormatError(
        f"{audio}: expected TRAIN|TEST/<region>/<speaker>/<sentence>.WAV (the LDC's layout) "
        f"or <region>-<speaker>/<sentence>.wav (NLTK's sample) under {root}"
    )


def _phn_beside(audio: Path) -> Path | None:
    """The ``.PHN`` file (any case) of the sentence whose audio file is ``audio``, if any."""
    wanted = f"{_sentence_name(audio)}.PHN".upper()
    return next((p for p in sorted(audio.parent.iterdir()) if p.name.upper() == wanted), None)


@dataclass(frozen=True)
class ReadReport:
    """What :func:`load` read from a TIMIT folder and what it left out, and why: counts
    that tell a whole copy from a partial one, for the reader (:meth:`summary`, which
    :func:`load` prints) and for a result that records them (:func:`dataclasses.asdict`).
    """

    path: str  # the folder, resolved
    audio_files: int  # every audio file found under it, conversions included
    sentences: dict[str, int]  # sentences read, per split
    full: dict[str, int]  # sentences per split in a full copy, read the same way
    skipped: dict[str, int]  # audio files left out, per reason

    def summary(self) -> str:
        """One line: sentences read against a full copy's, split by split, and the audio
        files skipped with their reasons."""
        read = ", ".join(
            f"{split} {self.sentences[split]:,} of {self.full[split]:,}" for split in SPLITS
        )
        reasons = [f"{reason} ({count:,})" for reason, count in self.skipped.items() if count]
        skipped = f"{sum(self.skipped.values()):,}: {', '.join(reasons)}" if reasons else "none"
        return (
            f"{self.path}: read {sum(self.sentences.values()):,} of the "
            f"{sum(self.full.values()):,} sentences of a full TIMIT ({read}) from "
            f"{self.audio_files:,} audio files; skipped {skipped}"
        )


@dataclass
class TimitCorpus(Corpus):
    """A :class:`~lstm.data.corpus.Corpus` read by :func:`load`, with one field more,
    after the others: the :class:`ReadReport` of what was read."""

    read: ReadReport | None = None


def load(root: str | Path, *, include_sa: bool = False) -> TimitCorpus:
    """TIMIT under ``root`` as a :class:`~lstm.data.corpus.Corpus` (features, 39 classes).

    Needs the LDC's ``TRAIN/`` and ``TEST/`` with sentences for all three splits, and
    says so, naming the folder, before it reads any audio. Once read, the corpus's
    :class:`ReadReport` is printed on stderr in one line and kept as its ``read``.
    """
    found, audio_files, skipped = _survey(Path(root), include_sa)
    splits = [split for split, *_ in found]
    _check_splits(root, splits)
    features, labels = [], []
    for _, _, wav, phn in found:
        utterance_features, utterance_labels = read_utterance(wav, phn)
        features.append(utterance_features)
        labels.append(utterance_labels)
    corpus = assemble(
        features,
        labels,
        splits=splits,
        speakers=[speaker for _, speaker, *_ in found],
        texts=[f"{speaker}/{_sentence_name(wav).upper()}" for _, speaker, wav, _ in found],
        source={"corpus": "TIMIT", "path": str(Path(root).resolve()), "include_sa": include_sa},
    )
    per_speaker = SENTENCES_PER_SPEAKER + (2 if include_sa else 0)  # SA1 and SA2
    report = ReadReport(
        path=corpus.source["path"],
        audio_files=audio_files,
        sentences={split: splits.count(split) for split in SPLITS},
        full={split: per_speaker * count for split, count in FULL_COPY_SPEAKERS.items()},
        skipped=skipped,
    )
    print(report.summary(), file=sys.stderr)
    return TimitCorpus(**vars(corpus), read=report)


def _check_splits(root: str | Path, splits: list[str]) -> None:
    """Refuse the copy at ``root`` if the ``splits`` of its sentences (as :func:`utterances`
    gives them) cannot fill a training, a validation and a test set."""
    present = set(splits)
    reading = (
        "utterances() still lists its sentences and read_utterance() reads them, "
        "e.g. to score a network trained elsewhere"
    )
    if UNSPLIT in present:
        raise TimitFormatError(
            f"{root}: this looks like NLTK's TIMIT sample (dr1-fvmh0/sa1.wav, ...), which has "
            "no TRAIN/TEST split: training needs the LDC's TRAIN/ and TEST/ folders; " + reading
        )
    if "train" not in present:
        raise TimitFormatError(
            f"{root}: expected a TRAIN/ folder with training sentences, found none: training "
            "needs TRAIN/ (its statistics also normalise the features); for a copy without "
            "it, " + reading
        )
    if not present & {"validation", "test"}:
        raise TimitFormatError(
            f"{root}: expected a TEST/ folder with sentences, found none: the validation and "
            "test sets come from TEST/"
        )
    for split, speakers in (
        ("test", "the 24 core test speakers"),
        ("validation", "speakers outside the core test set"),
    ):
        if split not in present:
            raise TimitFormatError(
                f"{root}: expected sentences of {speakers} in TEST/ for the {split} set, found none"
            )


def from_environment() -> Path | None:
    """The TIMIT folder named by ``LSTM_TIMIT_DIR``, or None when it is unset or empty."""
    return folder_from_environment(ENVIRONMENT_VARIABLE, "a folder")
