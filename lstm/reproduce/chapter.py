"""What a chapter's notebook calls: one experiment's result, with its tables, figures,
verdicts and the numbers its prose quotes.

A chapter is thin::

    from lstm.reproduce import chapter
    ch = chapter.load("long_time_lags")      # the result, its profile, its numbers glued
    ch.table("comparison")                   # a Table from the module's tables(result)
    ch.figure("sequences")                   # a Figure from the module's figures(result)
    ch.verdict("hochreiter1997.adding")      # the claim's badge, measured and required

and its prose quotes numbers with MyST-NB's ``{glue:text}`metric```: every metric of
the result is glued under its own name, every number of the config under
``config.<key>`` (``config.<key>.<key>`` in a nested dict) and every number of ``PAPER``
under ``paper.<key>``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from IPython.display import Markdown
from matplotlib.figure import Figure

from lstm.reproduce import claims, figures, profiles, registration, registry, results
from lstm.reproduce.claims import Verdict, format_number
from lstm.reproduce.registry import Experiment
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result


@dataclass(frozen=True)
class Chapter:
    """One experiment's result, as its chapter shows it."""

    experiment: Experiment
    result: Result

    def table(self, name: str) -> Table:
        """The table ``name`` of the chapter module's ``tables(result)``."""
        return _pick(self.experiment.tables(self.result), name, "table", self.experiment.name)

    def figure(self, name: str) -> Figure:
        """The figure ``name`` of the chapter module's ``figures(result)``."""
        return _pick(self.experiment.figures(self.result), name, "figure", self.experiment.name)

    def verdict(self, claim_id: str) -> Verdict:
        """The verdict of claim ``claim_id`` on this chapter's result."""
        return claims.check(claim_id, self.result)

    def registration(self) -> Markdown:
        """When each claim of this chapter took its criteria, from the registration record
        (:mod:`lstm.reproduce.registration`): registered before the first full run, or
        changed after it, with every later change, its date and reason."""
        record = registration.load()
        lines = [registration.sentence(claim.id, record[claim.id]) for claim in self.claims()]
        return Markdown("\n".join(f"- {line}" for line in lines))

    def claims(self) -> list[claims.Claim]:
        """The claims that read this chapter's result."""
        return claims.claims_of(self.experiment.name)

    def numbers(self) -> dict[str, str]:
        """Every number the prose may quote, by glue name, as the book writes it."""
        found = _flat("config", self.result.config)
        found |= _flat("paper", self.experiment.paper)
        found |= self.result.metrics
        return {
            key: format_number(value)
            for key, value in found.items()
            if isinstance(value, numbers.Real) and not isinstance(value, bool)
        }


def made_on(result: Result) -> str:
    """One sentence for readers on the machine that made ``result``: training repeats bit
    for bit on one processor, not across processors, so a reader's own run may differ."""
    provenance = result.provenance
    note = (
        f"They were computed on {results.describe_processor(provenance)} with PyTorch "
        f"{provenance.torch_version}; a run repeats them bit for bit on the same processor, "
        "while on another the floats round differently, so your own run may differ in its "
        "digits and, near a threshold, in a verdict."
    )
    shown = []
    if any("moved" not in record for record in provenance.recertified):
        shown.append(
            "scaled-down runs of the old and the new code gave the same numbers, bit for bit"
        )
    if any("moved" in record for record in provenance.recertified):
        shown.append("the code that computes them was moved to other files, not changed")
    if shown:
        note += (
            f" The code has changed since in ways shown to move none of them: {'; '.join(shown)}."
        )
    return note


def _flat(prefix: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` under dotted names, nested dicts included: ``config.xml.tags``."""
    found = {}
    for key, value in values.items():
        name = f"{prefix}.{key}"
        found |= _flat(name, value) if isinstance(value, dict) else {name: value}
    return found


def load(name: str, profile: str | profiles.Profile | None = None) -> Chapter:
    """The chapter of experiment ``name`` under ``profile`` (default: the one that
    ``LSTM_PROFILE`` names): shows the profile's banner and glues every number of
    :meth:`Chapter.numbers` for the prose. In a notebook, the figures that
    :meth:`Chapter.figure` returns then show as images (the chapter never imports pyplot,
    whose inline backend would otherwise register that display)."""
    from IPython.display import Markdown, display
    from myst_nb import glue

    profile = profiles.current() if profile is None else profiles.get(profile)
    chapter = Chapter(registry.get(name), results.obtain(name, profile))
    figures.show_as_images()
    display(
        Markdown(
            f"{profile.banner()}\n\n<details><summary>Where these numbers were computed"
            f"</summary>{made_on(chapter.result)}</details>"
        )
    )
    for key, text in chapter.numbers().items():
        glue(key, text, display=False)
    return chapter


def _pick(found: dict[str, Any], name: str, kind: str, experiment: str) -> Any:
    if name not in found:
        raise KeyError(
            f"expected one of the {kind}s {sorted(found)} of {experiment!r}, got {name!r}"
        )
    return found[name]
