"""Speech synthesis with phoneme alignments from espeak-ng, called through ctypes.

This module is the project's only contact with espeak-ng (GPL-3.0). It loads the
``libespeak-ng`` that the PyPI package ``espeakng-loader`` ships together with its voice
data (the optional extra ``speech``: ``pip install -e '.[speech]'``), and synthesises
text with phoneme events switched on: a synth callback collects the 16-bit samples and
every ``espeakEVENT_PHONEME`` event — the phoneme's mnemonic and the sample where it
starts — which is the exact alignment the corpus labels its frames with.

Determinism. espeak-ng keeps state between utterances (a pitch-flutter index held in a
function-level static, the phase of its wave generator) and seeds its noise generator
from the clock. So every *batch* of utterances is synthesised in a fresh Python process
(this file run as a script), and the noise generator is reseeded from the utterance's own
seed right before it is spoken: the same batch then gives the same samples, bit for bit,
in any process on any run. The worker imports nothing from ``lstm`` and nothing but the
standard library, numpy and ``espeakng_loader``.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ESPEAKNG_LOADER_VERSION = "0.2.4"  # pinned in pyproject.toml's `speech` extra

# From espeak-ng's speak_lib.h.
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 0x0001
INITIALIZE_DONT_EXIT = 0x8000
EVENT_LIST_TERMINATED = 0
EVENT_PHONEME = 7
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAMETER = {"rate": 1, "volume": 2, "pitch": 3, "range": 4}


class EspeakUnavailable(ImportError):
    """espeak-ng cannot be loaded: the optional extra `speech` is not installed."""


def available() -> str | None:
    """None when espeak-ng can be used, else the reason it cannot (for skips and errors)."""
    try:
        import espeakng_loader  # noqa: F401
    except ImportError:
        return (
            "the speech corpus needs espeak-ng from the PyPI package espeakng-loader "
            f"(GPL-3.0): pip install -e '.[speech]' (espeakng-loader=={ESPEAKNG_LOADER_VERSION})"
        )
    return None


@dataclass(frozen=True)
class Request:
    """One utterance to speak: the text, the voice (`accent+variant`) and its prosody."""

    text: str
    voice: str  # e.g. "en-us+m3": an espeak-ng language and a voice variant from voices/!v
    rate: int  # words per minute (espeak-ng accepts 80..450)
    pitch: int  # base pitch, 0..99 (espeak-ng's default is 50)
    pitch_range: int  # pitch range, 0..99 (default 50)
    seed: int  # reseeds espeak-ng's noise generator right before this utterance


@dataclass(frozen=True)
class Utterance:
    """Samples at ``sample_rate`` and the alignment: phoneme mnemonics and start samples."""

    samples: np.ndarray  # int16, (n_samples,)
    sample_rate: int
    phonemes: tuple[str, ...]  # espeak-ng mnemonics, stress marks included ("'aU", ",i@3")
    starts: np.ndarray  # int64, (n_phonemes,): the sample each phoneme starts at


class _ID(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    """espeak_EVENT from speak_lib.h."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # ms
        ("sample", ctypes.c_int),  # samples since the start of the utterance
        ("user_data", ctypes.c_void_p),
        ("id", _ID),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


def _synthesise_here(requests: Sequence[Request]) -> list[Utterance]:
    """Speak ``requests`` in this process (the worker's body; call it once per process)."""
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.restype = ctypes.c_int
    sample_rate = lib.espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS,
        0,
        espeakng_loader.get_data_path().encode(),
        INITIALIZE_PHONEME_EVENTS | INITIALIZE_DONT_EXIT,
    )
    if sample_rate <= 0:
        raise RuntimeError(f"espeak_Initialize failed (returned {sample_rate})")
    chunks: list[np.ndarray] = []
    events: list[tuple[str, int]] = []

    def collect(wav, n_samples, event_list):
        if n_samples > 0:
            chunks.append(np.ctypeslib.as_array(wav, (n_samples,)).copy())
        i = 0
        while event_list[i].type != EVENT_LIST_TERMINATED:
            event = event_list[i]
            if event.type == EVENT_PHONEME:
                events.append((event.id.string.decode("ascii"), int(event.sample)))
            i += 1
        return 0

    callback = _CALLBACK(collect)  # kept referenced while espeak-ng may call it
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
    utterances = []
    for request in requests:
        if lib.espeak_SetVoiceByName(request.voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {request.voice!r}")
        for name, value in (
            ("rate", request.rate),
            ("pitch", request.pitch),
            ("range", request.pitch_range),
        ):
            lib.espeak_SetParameter(PARAMETER[name], int(value), 0)
        lib.espeak_ng_SetRandSeed(request.seed)
        chunks.clear()
        events.clear()
        text = request.text.encode("utf-8")
        status = lib.espeak_Synth(text, len(text) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        if status != 0 or lib.espeak_Synchronize() != 0:
            raise RuntimeError(f"espeak_Synth failed (status {status}) on {request.text!r}")
        samples = np.concatenate(chunks) if chunks else np.zeros(0, np.int16)
        utterances.append(
            Utterance(
                samples.astype(np.int16),
                sample_rate,
                tuple(name for name, _ in events),
                np.array([s for _, s in events], np.int64),
            )
        )
    lib.espeak_Terminate()
    return utterances


def synthesise(
    batches: Sequence[Sequence[Request]], *, workers: int = 2
) -> Iterator[list[Utterance]]:
    """Speak each batch in a fresh worker process, ``workers`` at a time; yields in order.

    The samples depend only on each batch's requests (see the module's docstring), never on
    ``workers`` or on which process ran a batch. Batches are yielded as they finish, so the
    caller can work on one while the workers speak the next.
    """
    reason = available()
    if reason is not None:
        raise EspeakUnavailable(reason)
    with tempfile.TemporaryDirectory(prefix="espeak-") as folder:

        def run(index: int) -> list[Utterance]:
            job = Path(folder) / f"batch{index}"
            job.with_suffix(".json").write_text(json.dumps([asdict(r) for r in batches[index]]))
            env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
            # -P: the script's folder (lstm/data) must not shadow any module on sys.path
            command = [
                sys.executable,
                "-P",
                __file__,
                str(job.with_suffix(".json")),
                str(job.with_suffix(".npz")),
            ]
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"the espeak-ng worker failed on batch {index}:\n{done.stderr}")
            return _read(job.with_suffix(".npz"))

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            yield from pool.map(run, range(len(batches)))


def _write(path: str, utterances: list[Utterance]) -> None:
    np.savez(
        path,
        samples=np.concatenate([u.samples for u in utterances] + [np.zeros(0, np.int16)]),
        n_samples=np.array([len(u.samples) for u in utterances], np.int64),
        starts=np.concatenate([u.starts for u in utterances] + [np.zeros(0, np.int64)]),
        n_phonemes=np.array([len(u.phonemes) for u in utterances], np.int64),
        phonemes=np.array(json.dumps([u.phonemes for u in utterances])),
        sample_rate=np.array([u.sample_rate for u in utterances], np.int64),
    )


def _read(path: Path) -> list[Utterance]:
    with np.load(path) as data:  # each data[name] reads the file again: read each once
        arrays = {name: data[name] for name in data.files}
    phonemes = json.loads(str(arrays["phonemes"]))
    samples = np.split(arrays["samples"], np.cumsum(arrays["n_samples"])[:-1])
    starts = np.split(arrays["starts"], np.cumsum(arrays["n_phonemes"])[:-1])
    return [
        Utterance(samples[i], int(arrays["sample_rate"][i]), tuple(phonemes[i]), starts[i])
        for i in range(len(phonemes))
    ]


if __name__ == "__main__":  # the worker: python espeak.py requests.json out.npz
    _requests = [Request(**r) for r in json.loads(Path(sys.argv[1]).read_text())]
    _write(sys.argv[2], _synthesise_here(_requests))
