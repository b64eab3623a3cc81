"""The speech corpora the chapters train on, by the name a chapter's config gives.

Chapters 5, 8 and 12 read the same speech: the synthetic corpus that this package makes
(:mod:`lstm.data.speech`) or, for readers who have it, their own copy of TIMIT
(:mod:`lstm.data.timit`). :func:`load_corpus` is their one way in, so that no chapter
imports another.
"""

from __future__ import annotations

import os

from lstm.data import speech, timit
from lstm.data.corpus import Corpus

CORPORA = ("espeak", "timit")


def load_corpus(config: dict) -> Corpus:
    """The corpus ``config["corpus"]`` names: ``"espeak"`` (the synthetic corpus of
    :class:`lstm.data.speech.SpeechConfig` with the fields of ``config["speech"]``) or
    ``"timit"`` (the copy in the folder ``LSTM_TIMIT_DIR`` names, read now, not on import).
    A missing or wrong folder is a one-line error that names the variable and the path."""
    name = config.get("corpus")
    if name not in CORPORA:
        raise ValueError(f"expected corpus to be one of {CORPORA}, got {name!r}")
    if name == "espeak":
        return speech.load(_speech_config(config["speech"]))
    variable = timit.ENVIRONMENT_VARIABLE
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ValueError(
            f"expected {variable} to name your TIMIT folder for the corpus 'timit', but it is unset"
        )
    try:
        return timit.load(timit.from_environment())
    except (FileNotFoundError, timit.TimitFormatError) as error:
        reason = str(error).removeprefix(f"{variable}={value}: ")
        raise ValueError(f"{variable}={value} is not a TIMIT folder: {reason}") from None


def _speech_config(fields: dict) -> speech.SpeechConfig:
    """A :class:`~lstm.data.speech.SpeechConfig` from JSON fields (lists back to tuples)."""
    return speech.SpeechConfig(
        **{key: tuple(value) if isinstance(value, list) else value for key, value in fields.items()}
    )
