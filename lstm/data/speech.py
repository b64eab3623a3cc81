"""A phoneme-aligned speech corpus, synthesised: the project's stand-in for TIMIT.

Graves & Schmidhuber (2005) classified the phoneme of every 10 ms frame of TIMIT. TIMIT
cannot be shipped, so this corpus is spoken by espeak-ng (see :mod:`lstm.data.espeak`)
with exact alignments, and shaped like TIMIT:

- *Speakers* are an accent times a voice variant: six English accents (en-us, en-us-nyc,
  en, en-gb-x-rp, en-gb-scotland, en-029) times thirteen variants (m1..m8, f1..f5), 78 in
  all. Each speaker has its own speaking rate, pitch and pitch range; each utterance
  varies them a little around the speaker's own.
- *Sentences* come from the project's grammar (:mod:`lstm.data.sentences`), every one
  distinct, so no test sentence is heard in training.
- *Noise*: 0.1 to 0.3 s of silence before and after each utterance (as in a recording),
  then white noise at a signal-to-noise ratio drawn from ``snr_db`` (the ratio of the
  speech's mean power to the noise's, over the whole padded utterance).
- *Split by speaker*, as TIMIT's core test set: per accent, 9 variants train, 2 validate
  and 2 test, so every accent appears in each split but no test speaker is ever heard in
  training.
- *Features* (:mod:`lstm.data.features`): 26 per 10 ms frame (12 MFCCs, log energy, first
  derivatives), normalised with the training set's mean and standard deviation.
- *Labels*: the phoneme under each frame's centre, from espeak-ng's phoneme events,
  folded onto the 39 classes of :mod:`lstm.data.phonemes`.

The corpus is a pure function of :class:`SpeechConfig` (its seed included): generated on
first use, then cached in ``data/cache/`` (git-ignored) with a SHA-256 checksum that is
verified on every load.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from lstm.data import espeak
from lstm.data.corpus import PAD_LABEL, SPLITS, Corpus, assemble
from lstm.data.features import frame_labels, speech_features
from lstm.data.phonemes import INDEX, PHONEMES, fold_espeak
from lstm.data.sentences import sentences

ACCENTS = ("en-us", "en-us-nyc", "en", "en-gb-x-rp", "en-gb-scotland", "en-029")
VARIANTS = tuple(f"m{i}" for i in range(1, 9)) + tuple(f"f{i}" for i in range(1, 6))
CACHE_DIR = Path(__file__).resolve().parents[2] / "data" / "cache"
SILENCE_S = (0.1, 0.3)  # seconds of silence (noise only) before and after each utterance
FORMAT = 1  # bump when the generator changes what a config produces


@dataclass(frozen=True)
class SpeechConfig:
    """Everything that decides the corpus; the defaults give the full corpus.

    ``speakers_per_accent`` is (train, validation, test) voice variants per accent; with
    six accents and 28 utterances per speaker the defaults give 1,512 training, 336
    validation and 336 test utterances.
    """

    seed: int = 0
    utterances_per_speaker: int = 28
    speakers_per_accent: tuple[int, int, int] = (9, 2, 2)
    accents: tuple[str, ...] = ACCENTS
    rate_wpm: tuple[int, int] = (140, 200)  # speaker's mean rate; utterances vary +-8 %
    pitch: tuple[int, int] = (25, 75)  # speaker's base pitch (espeak-ng 0..99); +-5 per utterance
    pitch_range: tuple[int, int] = (30, 80)
    snr_db: tuple[float, float] = (10.0, 30.0)

    def __post_init__(self):
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"expected seed to be a non-negative int, got {self.seed!r}")
        if self.utterances_per_speaker < 1:
            raise ValueError(
                f"expected utterances_per_speaker >= 1, got {self.utterances_per_speaker}"
            )
        counts = self.speakers_per_accent
        if len(counts) != 3 or min(counts) < 1 or sum(counts) > len(VARIANTS):
            raise ValueError(
                f"expected speakers_per_accent as (train, validation, test), each >= 1 and "
                f"{len(VARIANTS)} in all at most, got {counts}"
            )
        unknown = [accent for accent in self.accents if accent not in ACCENTS]
        if unknown or not self.accents:
            raise ValueError(f"expected accents from {ACCENTS}, got {self.accents}")
        for name in ("rate_wpm", "pitch", "pitch_range", "snr_db"):
            low, high = getattr(self, name)
            if not low <= high:
                raise ValueError(f"expected {name} as (low, high) with low <= high")

    def key(self) -> str:
        """A short hash naming the cached corpus of this config."""
        text = json.dumps(
            {"format": FORMAT, "espeakng_loader": espeak.ESPEAKNG_LOADER_VERSION, **asdict(self)},
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Speaker:
    """A voice: an accent and a variant, with its own mean rate, pitch and pitch range."""

    accent: str
    variant: str
    split: str
    rate_wpm: int
    pitch: int
    pitch_range: int

    @property
    def name(self) -> str:
        return f"{self.accent}+{self.variant}"


def speakers(config: SpeechConfig) -> list[Speaker]:
    """The corpus's speakers: per accent, variants shuffled by the seed, then split."""
    rng = np.random.default_rng([config.seed, 1])
    chosen = []
    n_train, n_validation, n_test = config.speakers_per_accent
    splits = ["train"] * n_train + ["validation"] * n_validation + ["test"] * n_test
    for accent in config.accents:
        order = rng.permutation(len(VARIANTS))
        for split, variant_index in zip(splits, order, strict=False):
            chosen.append(
                Speaker(
                    accent,
                    VARIANTS[variant_index],
                    split,
                    int(rng.integers(config.rate_wpm[0], config.rate_wpm[1] + 1)),
                    int(rng.integers(config.pitch[0], config.pitch[1] + 1)),
                    int(rng.integers(config.pitch_range[0], config.pitch_range[1] + 1)),
                )
            )
    return chosen


class Planned(NamedTuple):
    """One utterance to be: who speaks it, where it goes, what espeak-ng is asked for."""

    speaker_index: int  # into speakers(config)
    split: str
    request: espeak.Request


def plan(config: SpeechConfig) -> list[list[Planned]]:
    """Every utterance of the corpus, in batches that one espeak-ng process speaks each.

    A batch is one accent's speakers in one split (18 batches by default): few enough
    processes to start quickly, small enough to re-synthesise one utterance for a figure.
    Batches come split by split, so the utterances of a split keep this order.
    Sentences are drawn split by split (train, validation, test) and never repeat.
    """
    rng = np.random.default_rng([config.seed, 2])
    voices = speakers(config)
    used: set[str] = set()
    batches = []
    for split in SPLITS:
        count = sum(s.split == split for s in voices) * config.utterances_per_speaker
        drawn = sentences(count, rng, exclude=used)
        used.update(drawn)
        texts = iter(drawn)
        for accent in config.accents:
            batch = []
            for index, speaker in enumerate(voices):
                if speaker.split != split or speaker.accent != accent:
                    continue
                for _ in range(config.utterances_per_speaker):
                    request = espeak.Request(
                        text=next(texts),
                        voice=speaker.name,
                        rate=int(round(speaker.rate_wpm * rng.uniform(0.92, 1.08))),
                        pitch=int(np.clip(speaker.pitch + rng.integers(-5, 6), 0, 99)),
                        pitch_range=speaker.pitch_range,
                        seed=int(rng.integers(2**31 - 1)),
                    )
                    batch.append(Planned(index, split, request))
            batches.append(batch)
    return batches


def render(
    utterance: espeak.Utterance, request: espeak.Request, snr_db: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The noisy signal, its features (unnormalised) and frame labels for one utterance.

    The noise is seeded by the request's own seed, so it does not depend on anything else.
    """
    rng = np.random.default_rng([request.seed, 3])
    # Silence before and after, as a recording has (espeak-ng starts speaking at once).
    lead, tail = (int(rng.uniform(*SILENCE_S) * utterance.sample_rate) for _ in range(2))
    clean = np.pad(utterance.samples.astype(np.float64) / 32768.0, (lead, tail))
    snr = rng.uniform(*snr_db)
    power = max(float(np.mean(clean**2)), 1e-12)
    noisy = clean + rng.normal(0.0, np.sqrt(power / 10 ** (snr / 10)), size=clean.shape)
    classes = np.array([INDEX["sil"]] + [INDEX[fold_espeak(p)] for p in utterance.phonemes])
    boundaries = np.concatenate([[0], lead + utterance.starts])
    classes = np.append(classes, INDEX["sil"])  # the silence after the last event
    boundaries = np.append(boundaries, lead + len(utterance.samples))
    labels = frame_labels(boundaries, classes, len(noisy), utterance.sample_rate)
    features = speech_features(noisy, utterance.sample_rate)
    return noisy, features, labels


def generate(config: SpeechConfig, *, workers: int = 2) -> dict[str, np.ndarray]:
    """Synthesise the whole corpus: unnormalised features, labels and bookkeeping arrays."""
    batches = plan(config)
    spoken = espeak.synthesise([[p.request for p in batch] for batch in batches], workers=workers)
    features, labels, lengths, split_ids, speaker_ids, texts = [], [], [], [], [], []
    for batch, utterances in zip(batches, spoken, strict=True):
        for planned, utterance in zip(batch, utterances, strict=True):
            _, utterance_features, utterance_labels = render(
                utterance, planned.request, config.snr_db
            )
            features.append(utterance_features)
            labels.append(utterance_labels)
            lengths.append(len(utterance_labels))
            split_ids.append(SPLITS.index(planned.split))
            speaker_ids.append(planned.speaker_index)
            texts.append(planned.request.text)
    return {
        "features": np.concatenate(features).astype(np.float32),
        "labels": np.concatenate(labels).astype(np.int8),
        "lengths": np.array(lengths, np.int64),
        "split": np.array(split_ids, np.int8),
        "speaker": np.array(speaker_ids, np.int64),
        "texts": np.array(json.dumps(texts)),
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(config: SpeechConfig, cache_dir: Path, workers: int) -> tuple[dict, str]:
    """The generated arrays of ``config``, from the cache when its checksum holds."""
    path = cache_dir / f"speech-{config.key()}.npz"
    checksum_path = path.with_suffix(".sha256")
    if path.exists() and checksum_path.exists():
        expected = checksum_path.read_text().split()[0]
        actual = _sha256(path)
        if actual == expected:
            with np.load(path) as data:
                return {name: data[name] for name in data.files}, actual
        warnings.warn(
            f"{path}: checksum {actual[:12]}... differs from the recorded {expected[:12]}...; "
            "regenerating the corpus",
            stacklevel=3,
        )
    arrays = generate(config, workers=workers)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial.npz")  # parallel runs never clash
    np.savez(partial, **arrays)
    checksum = _sha256(partial)
    os.replace(partial, path)
    checksum_path.write_text(f"{checksum}  {path.name}\n")
    return arrays, checksum


def load(
    config: SpeechConfig | None = None, *, cache_dir: str | Path | None = None, workers: int = 2
) -> Corpus:
    """The corpus of ``config`` (default: the full one) as tensors, generated on first use.

    ``cache_dir`` defaults to the repository's ``data/cache/``; ``workers`` is how many
    espeak-ng processes run at once when the corpus has to be generated. The corpus's
    ``source`` records the config, its cache key and the cache file's SHA-256.
    """
    config = config or SpeechConfig()
    arrays, checksum = _cached(config, Path(cache_dir or CACHE_DIR), workers)
    bounds = np.concatenate([[0], np.cumsum(arrays["lengths"])])
    pieces = list(zip(bounds[:-1], bounds[1:], strict=True))
    voices = speakers(config)
    return assemble(
        features=[arrays["features"][start:end] for start, end in pieces],
        labels=[arrays["labels"][start:end] for start, end in pieces],
        splits=[SPLITS[i] for i in arrays["split"]],
        speakers=[voices[i].name for i in arrays["speaker"]],
        texts=json.loads(str(arrays["texts"])),
        source={
            "corpus": "espeak-ng synthetic speech",
            "config": asdict(config),
            "key": config.key(),
            "sha256": checksum,
        },
    )


def utterance_audio(
    config: SpeechConfig, split: str, index: int
) -> tuple[np.ndarray, int, np.ndarray]:
    """The noisy waveform, sample rate and frame labels of utterance ``index`` of ``split``.

    Re-synthesises the one batch that holds it (a second or so), so the chapter can show a
    spectrogram without the cache holding audio; the result is the very utterance whose
    features :func:`load` returns at that index.
    """
    if split not in SPLITS:
        raise ValueError(f"expected a split from {SPLITS}, got {split!r}")
    batches = [batch for batch in plan(config) if batch and batch[0].split == split]
    total = sum(len(batch) for batch in batches)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < total:
        raise ValueError(f"expected 0 <= index < {total} for split {split!r}, got {index!r}")
    for batch in batches:
        if index < len(batch):
            break
        index -= len(batch)
    utterances = next(espeak.synthesise([[p.request for p in batch]], workers=1))
    noisy, _, labels = render(utterances[index], batch[index].request, config.snr_db)
    return noisy, utterances[index].sample_rate, labels


__all__ = [
    "ACCENTS",
    "PAD_LABEL",
    "PHONEMES",
    "SPLITS",
    "VARIANTS",
    "Corpus",
    "Planned",
    "Speaker",
    "SpeechConfig",
    "generate",
    "load",
    "plan",
    "render",
    "speakers",
    "utterance_audio",
]
