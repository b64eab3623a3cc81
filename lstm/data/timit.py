"""A reader for the TIMIT corpus (Garofolo et al. 1993), for readers who own a copy.

TIMIT is licensed by the LDC and is never shipped or downloaded here. Given the path of
a copy in its distributed layout, :func:`load` returns the very corpus structure the
synthetic corpus has (:class:`lstm.data.corpus.Corpus`), through the same features and
the same 39 phoneme classes, so a chapter runs unchanged on either; set
``LSTM_TIMIT_DIR=/path/to/TIMIT`` and :func:`from_environment` finds it.

The layout: ``TRAIN/`` and ``TEST/``, then dialect regions ``DR1``..``DR8``, then one
folder per speaker (``FCJF0``: sex, initials, a digit), holding for each sentence a
``.WAV`` (NIST SPHERE: a plain-text header, then 16-bit PCM samples at 16 kHz) and a
``.PHN`` (one ``start end phone`` line per phone, in samples, phones from the 61-phone
set). Upper- or lower-case names are both accepted.

Splits, as is standard: the dialect sentences ``SA1``/``SA2`` (read by every speaker)
are left out; *train* is ``TRAIN/``; *test* is the core test set (24 speakers, two men
and a woman per dialect region); *validation* is the rest of ``TEST/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from lstm.data.corpus import Corpus, assemble
from lstm.data.features import frame_centres, frame_labels, speech_features
from lstm.data.phonemes import INDEX, TIMIT_TO_39

CORE_TEST_SPEAKERS = frozenset(
    """
    MDAB0 MWBT0 FELC0  MTAS1 MWEW0 FPAS0  MJMP0 MLNT0 FPKT0  MLLL0 MTLS0 FJLM0
    MBPM0 MKLT0 FNLP0  MCMJ0 MJDH0 FMGD0  MGRT0 MNJM0 FDHC0  MJLN0 MPAM0 FMLD0
    """.split()
)
ENVIRONMENT_VARIABLE = "LSTM_TIMIT_DIR"


class TimitFormatError(ValueError):
    """A TIMIT file that does not read as TIMIT: the message names the file and the fault."""


def read_sphere(path: str | Path) -> tuple[np.ndarray, int]:
    """The samples (int16) and sample rate of a NIST SPHERE file with 16-bit PCM.

    Checks the ``NIST_1A`` header: its size, ``sample_count``, ``sample_rate``, one
    channel, two bytes per sample, byte order ``01`` (little-endian) or ``10`` (big), and
    uncompressed PCM (shorten-compressed files must first go through ``sph2pipe``).
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.startswith(b"NIST_1A\n"):
        raise TimitFormatError(
            f"{path}: expected a NIST SPHERE header starting 'NIST_1A', got {data[:8]!r}"
        )
    size_line = data[8:16].split(b"\n", 1)[0].strip()
    if not size_line.isdigit() or int(size_line) < 16 or int(size_line) > len(data):
        raise TimitFormatError(
            f"{path}: expected the header size in bytes on the second line, got {size_line!r}"
        )
    header_size = int(size_line)
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
            f"{path}: header promises {count} samples ({2 * count} bytes), "
            f"the file holds {len(body)} bytes after the header"
        )
    dtype = np.dtype("<i2" if order == "01" else ">i2")
    return np.frombuffer(body[: 2 * count], dtype=dtype).astype(np.int16), rate


def read_phn(path: str | Path, n_samples: int) -> tuple[np.ndarray, list[str]]:
    """Segment boundaries (int64, one more than phones) and phones of a ``.PHN`` file.

    Each segment must start where the previous one ended (the first at sample 0), be
    non-empty, name one of TIMIT's 61 phones, and end within the ``n_samples`` of audio.
    """
    path = Path(path)
    starts, phones = [], []
    previous_end = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
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
    samples, rate = read_sphere(wav)
    bounds, phones = read_phn(phn, len(samples))
    classes = np.array([INDEX[TIMIT_TO_39[p]] for p in phones])
    labelled = int(np.sum(frame_centres(len(samples), rate) < bounds[-1]))
    labels = frame_labels(bounds[:-1], classes, len(samples), rate)[:labelled]
    features = speech_features(samples / 32768.0, rate)[:labelled]
    return features, labels


def utterances(root: str | Path, *, include_sa: bool = False) -> list[tuple[str, str, Path, Path]]:
    """(split, speaker, .WAV, .PHN) of every sentence under ``root``, sorted."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"expected the TIMIT folder (with TRAIN/ and TEST/), got {root}")
    found = []
    for wav in sorted(root.rglob("*")):
        if wav.suffix.upper() != ".WAV" or not wav.is_file():
            continue
        parts = wav.relative_to(root).parts
        if len(parts) != 4 or parts[0].upper() not in ("TRAIN", "TEST"):
            raise TimitFormatError(
                f"{wav}: expected TRAIN|TEST/<region>/<speaker>/<sentence>.WAV under {root}"
            )
        if not include_sa and wav.stem.upper().startswith("SA"):
            continue
        phn = next(
            (wav.with_suffix(s) for s in (".PHN", ".phn") if wav.with_suffix(s).exists()), None
        )
        if phn is None:
            raise TimitFormatError(f"{wav}: expected a .PHN file beside it")
        speaker = parts[2].upper()
        if parts[0].upper() == "TRAIN":
            split = "train"
        else:
            split = "test" if speaker in CORE_TEST_SPEAKERS else "validation"
        found.append((split, speaker, wav, phn))
    if not found:
        raise FileNotFoundError(f"{root}: expected TIMIT sentences (*.WAV with *.PHN), found none")
    return found


def load(root: str | Path, *, include_sa: bool = False) -> Corpus:
    """TIMIT under ``root`` as a :class:`~lstm.data.corpus.Corpus` (features, 39 classes)."""
    found = utterances(root, include_sa=include_sa)
    features, labels = [], []
    for _, _, wav, phn in found:
        utterance_features, utterance_labels = read_utterance(wav, phn)
        features.append(utterance_features)
        labels.append(utterance_labels)
    return assemble(
        features,
        labels,
        splits=[split for split, *_ in found],
        speakers=[speaker for _, speaker, *_ in found],
        texts=[f"{speaker}/{wav.stem.upper()}" for _, speaker, wav, _ in found],
        source={"corpus": "TIMIT", "path": str(Path(root).resolve()), "include_sa": include_sa},
    )


def from_environment() -> Path | None:
    """The TIMIT folder named by ``LSTM_TIMIT_DIR``, or None when it is unset or empty."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        raise FileNotFoundError(f"{ENVIRONMENT_VARIABLE}={value}: expected a folder, none there")
    return path
