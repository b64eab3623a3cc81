"""The two budgets every experiment runs under: ``smoke`` and ``full``.

``full`` is the setting the book shows (the paper's scale where it fits a two-core
CPU, a stated scale-down where it does not); ``smoke`` runs the same code,
architecture and claim scaled down so that a chapter executes in about two minutes
on two CPU cores (CI uses it). A chapter reads its budget from the profile instead
of skipping cells::

    P = lstm.reproduce.profiles.current()
    steps = P.choose(smoke=2_000, full=200_000)

The profile is chosen by the environment variable ``LSTM_PROFILE`` (default ``full``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeVar

PROFILES = ("smoke", "full")
DEFAULT = "full"
ENV_VAR = "LSTM_PROFILE"

T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """One of the budgets named in :data:`PROFILES`."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in PROFILES:
            raise ValueError(f"expected a profile in {PROFILES}, got {self.name!r}")

    @property
    def is_smoke(self) -> bool:
        """True for the scaled-down ``smoke`` budget."""
        return self.name == "smoke"

    def choose(self, *, smoke: T, full: T) -> T:
        """Return ``smoke`` or ``full``, whichever belongs to this profile."""
        return smoke if self.is_smoke else full

    def banner(self) -> str:
        """A short Markdown note for the top of a chapter: which profile ran and what
        its numbers mean, so that a reader never mistakes a smoke run for the
        reproduction."""
        if self.is_smoke:
            return (
                "*This page ran at a scaled-down size, to check its code in minutes: its "
                "numbers and verdicts are not the reproduction.*"
            )
        return (
            "*The numbers and verdicts on this page come from the full run, computed once "
            "and published with the code that made it; the introduction says how to run it "
            "yourself.*"
        )


def get(name: str | Profile) -> Profile:
    """The profile called ``name`` (a :class:`Profile` is returned unchanged, so that
    functions taking a profile accept either form)."""
    if isinstance(name, Profile):
        return name
    if not isinstance(name, str):
        raise TypeError(f"expected a profile name in {PROFILES}, got {type(name).__name__}")
    return Profile(name)


class ProfileError(ValueError):
    """``LSTM_PROFILE`` names no profile. Shown as one line, in a notebook too: a reader
    who mistyped the variable needs the fix, not a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"ProfileError: {self}"]


def current() -> Profile:
    """The profile chosen by ``LSTM_PROFILE``; ``full`` when it is unset or empty."""
    name = os.environ.get(ENV_VAR) or DEFAULT
    if name not in PROFILES:
        raise ProfileError(
            f"expected {ENV_VAR} to be one of {', '.join(PROFILES)} (or unset, for "
            f"{DEFAULT}), got {name!r}"
        )
    return Profile(name)
