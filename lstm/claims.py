"""Claims as code: each claim of a paper, quoted, with the test our numbers must pass.

A claim's test reads the metrics of a result and returns a :class:`Check` built from
the helpers below, so that it reads like the claim::

    def adding_is_solved(metrics, profile):
        return at_least(metrics["solved_fraction"], profile.choose(smoke=0.5, full=1.0),
                        "fraction of seeds that solve the adding problem")

In the full profile the test states the paper's claim with a tolerance; in the smoke
profile it checks the claim's direction with a margin wide enough to hold across
seeds. :func:`check` raises :class:`ClaimFailed` when a claim does not hold, so a
chapter (and the book build, and CI) fails with it.

A claim must be able to fail: each carries a ``counterexample``, the metrics of a
failed reproduction, and ``tests/test_claims.py`` requires its test to reject them
in both profiles.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lstm import experiments, profiles, results
from lstm.profiles import Profile
from lstm.results import Result

LEDGER_COLUMNS = (
    "claim",
    "paper",
    "quote",
    "paper_figure",
    "our_figure",
    "required",
    "profile",
    "verdict",
    "chapter",
)


class ClaimFailed(AssertionError):
    """A claim does not hold on the measured numbers."""


@dataclass(frozen=True)
class Check:
    """The outcome of a claim's test: whether it passed, what was measured and what
    was required, both as short texts for people."""

    passed: bool
    measured: str
    required: str


def format_number(value: float) -> str:
    """``value`` as people read it: ints exact with thousands separators, other
    numbers rounded to three significant digits (``8,440``, ``0.0123``, ``1.5e-05``),
    booleans as ``True`` / ``False``."""
    if not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if value == 0 or not math.isfinite(value):
        return f"{float(value):g}"
    rounded = float(f"{value:.3g}")
    magnitude = math.floor(math.log10(abs(rounded)))
    if not -3 <= magnitude < 6:
        return f"{rounded:.3g}"
    text = f"{rounded:,.{max(0, 2 - magnitude)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def at_least(value: float, bound: float, what: str) -> Check:
    """``what`` (measured ``value``) must be at least ``bound``."""
    _check_inputs(what, value=value, bound=bound)
    return Check(
        passed=value >= bound,
        measured=_measured(what, value),
        required=f"{what} ≥ {format_number(bound)}",
    )


def at_most(value: float, bound: float, what: str) -> Check:
    """``what`` (measured ``value``) must be at most ``bound``."""
    _check_inputs(what, value=value, bound=bound)
    return Check(
        passed=value <= bound,
        measured=_measured(what, value),
        required=f"{what} ≤ {format_number(bound)}",
    )


def between(value: float, low: float, high: float, what: str) -> Check:
    """``what`` (measured ``value``) must lie between ``low`` and ``high``, inclusive."""
    _check_inputs(what, value=value, low=low, high=high)
    if not low <= high:
        raise ValueError(f"expected low ≤ high, got low {low!r} and high {high!r}")
    return Check(
        passed=low <= value <= high,
        measured=_measured(what, value),
        required=f"{format_number(low)} ≤ {what} ≤ {format_number(high)}",
    )


def all_of(*checks: Check) -> Check:
    """Every one of ``checks`` must pass; their texts are joined with ``"; "``."""
    if not checks:
        raise ValueError("expected at least one check, got none")
    for part in checks:
        if not isinstance(part, Check):
            raise TypeError(f"expected Check objects, got {type(part).__name__}")
    measured = dict.fromkeys(part.measured for part in checks)  # in order, once each
    return Check(
        passed=all(part.passed for part in checks),
        measured="; ".join(measured),
        required="; ".join(part.required for part in checks),
    )


def _check_inputs(what: str, **quantities: float) -> None:
    if not isinstance(what, str) or not what:
        raise ValueError(f"expected a non-empty description of the quantity, got {what!r}")
    for name, value in quantities.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{what}: expected {name} to be a number, got {value!r}")


def _measured(what: str, value: float) -> str:
    return f"{what} = {format_number(value)}"


@dataclass(frozen=True)
class Claim:
    """One claim of a paper and the test that our results must pass.

    ``id`` is ``"<paper>.<slug>"`` by convention (``"hochreiter1997.adding"``);
    ``paper`` is the BibTeX key in ``book/references.bib``; ``quote`` is one or two
    sentences of the paper; ``paper_figure`` is the paper's own figure as text (or
    ``"—"``); ``experiment`` names the experiment whose metrics the claim reads.
    ``test(metrics, profile)`` returns a :class:`Check`. ``counterexample`` holds the
    metrics of a failed reproduction, which ``test`` must reject in both profiles.
    """

    id: str
    paper: str
    quote: str
    paper_figure: str
    experiment: str
    test: Callable[[Mapping[str, float], Profile], Check]
    counterexample: Mapping[str, float]

    def __post_init__(self) -> None:
        for field in ("id", "paper", "quote", "paper_figure", "experiment"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value:
                raise ValueError(f"claim {self.id!r}: expected a non-empty {field}, got {value!r}")
        if not callable(self.test):
            raise TypeError(
                f"claim {self.id!r}: expected a callable test, got {type(self.test).__name__}"
            )
        if not isinstance(self.counterexample, Mapping) or not self.counterexample:
            raise ValueError(
                f"claim {self.id!r}: expected a counterexample of metric name -> number, "
                f"got {self.counterexample!r}"
            )

    def evaluate(self, metrics: Mapping[str, float], profile: str | Profile) -> Check:
        """Run the claim's test on ``metrics`` under ``profile``, without raising when
        the claim fails (:func:`check` raises)."""
        profile = profiles.get(profile)
        try:
            outcome = self.test(metrics, profile)
        except KeyError as error:
            raise ValueError(
                f"claim {self.id!r}: its test reads the metric {error} but the metrics "
                f"have only {sorted(metrics)}"
            ) from None
        if not isinstance(outcome, Check):
            raise TypeError(
                f"claim {self.id!r}: expected its test to return a Check, "
                f"got {type(outcome).__name__}"
            )
        return outcome


@dataclass(frozen=True)
class Verdict:
    """A claim checked on one result; shown in a notebook as a one-line verdict."""

    claim_id: str
    profile: str
    measured: str
    required: str
    passed: bool

    def _repr_markdown_(self) -> str:
        mark, word = ("✔", "holds") if self.passed else ("✘", "fails")
        return (
            f"{mark} **`{self.claim_id}` {word}** ({self.profile} profile): "
            f"{self.measured} (required: {self.required})"
        )


def all_claims() -> list[Claim]:
    """Every registered claim: the ``CLAIMS`` of each experiment module."""
    claims = experiments.declared_claims()
    known_experiments = experiments.names()
    seen: set[str] = set()
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"expected Claim objects, got {type(claim).__name__}")
        if claim.id in seen:
            raise ValueError(f"two claims have the id {claim.id!r}")
        if claim.experiment not in known_experiments:
            raise ValueError(
                f"claim {claim.id!r}: expected one of the experiments {known_experiments}, "
                f"got {claim.experiment!r}"
            )
        seen.add(claim.id)
    return claims


def get(claim_id: str) -> Claim:
    """The claim with id ``claim_id``."""
    claims = all_claims()
    for claim in claims:
        if claim.id == claim_id:
            return claim
    raise ValueError(f"expected one of the claims {[c.id for c in claims]}, got {claim_id!r}")


def check(claim_id: str, result: Result) -> Verdict:
    """Check claim ``claim_id`` on ``result`` (under the result's profile).

    Returns the :class:`Verdict` when the claim holds; raises :class:`ClaimFailed`,
    naming the claim, profile, measured and required figures, when it does not.
    """
    claim = get(claim_id)
    verdict = _verdict(claim, result)
    if not verdict.passed:
        raise ClaimFailed(
            f"claim {claim.id!r} fails in the {verdict.profile} profile: "
            f"measured {verdict.measured}; required {verdict.required}"
        )
    return verdict


def _verdict(claim: Claim, result: Result) -> Verdict:
    if not isinstance(result, Result):
        raise TypeError(f"expected a lstm.results.Result, got {type(result).__name__}")
    if result.experiment != claim.experiment:
        raise ValueError(
            f"claim {claim.id!r}: expected a result of experiment {claim.experiment!r}, "
            f"got one of {result.experiment!r}"
        )
    outcome = claim.evaluate(result.metrics, result.profile)
    return Verdict(claim.id, result.profile, outcome.measured, outcome.required, outcome.passed)


def ledger() -> list[dict[str, str]]:
    """One row per claim for the book's claims ledger: the paper's figure beside ours,
    measured on the committed full result (``"not yet run"`` while there is none
    matching the current config), and the verdict."""
    rows = []
    for claim in all_claims():
        experiment = experiments.get(claim.experiment)
        committed = _committed_full_result(experiment)
        row = {
            "claim": claim.id,
            "paper": claim.paper,
            "quote": claim.quote,
            "paper_figure": claim.paper_figure,
            "our_figure": "not yet run",
            "required": "—",
            "profile": "—",
            "verdict": "not run",
            "chapter": experiment.chapter,
        }
        if committed is not None:
            verdict = _verdict(claim, committed)
            row |= {
                "our_figure": verdict.measured,
                "required": verdict.required,
                "profile": verdict.profile,
                "verdict": "holds" if verdict.passed else "fails",
            }
        rows.append(row)
    return rows


def _committed_full_result(experiment: experiments.Experiment) -> Result | None:
    path = results.result_path(experiment.name, "full")
    if not path.exists():
        return None
    committed = results.load(path)
    current_hash = results.config_hash(experiment.config("full"))
    return committed if committed.provenance.config_hash == current_hash else None


def ledger_html(rows: list[Mapping[str, str]]) -> str:
    """The ledger rows as an HTML table for the ledger page in ``book/``; a chapter
    docname ``book/01_lstm-cell`` becomes a link to ``01_lstm-cell.html`` beside it.

    Five columns, so that the table fits the page: the claim (id, paper, quote), the
    paper's figure, ours, the verdict with its profile and what the test required (so a
    claim checked in a weaker form than the paper's says so beside its verdict), and
    the chapter. The table
    scrolls sideways rather than being cut off on a narrow screen.
    """
    header = (
        "<tr><th>Claim</th><th>Paper's figure</th><th>Our figure</th>"
        "<th>Verdict</th><th>Chapter</th></tr>"
    )
    body = [_ledger_row(row) for row in rows]
    return (
        '<div style="overflow-x: auto">\n'
        '<table class="claims-ledger" style="font-size: 0.85em">\n'
        f"<thead>{header}</thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )


def _ledger_row(row: Mapping[str, Any]) -> str:
    missing = [column for column in LEDGER_COLUMNS if column not in row]
    if missing:
        raise ValueError(
            f"expected ledger rows with the columns {LEDGER_COLUMNS}, got one without {missing}"
        )
    chapter = row["chapter"]
    if not isinstance(chapter, str) or not chapter.startswith("book/"):
        raise ValueError(f"expected a chapter docname in book/, got {chapter!r}")
    page = chapter.removeprefix("book/")
    cell = {column: html.escape(str(row[column])) for column in LEDGER_COLUMNS}
    return (
        f"<tr><td><code>{cell['claim']}</code> ({cell['paper']})<br><q>{cell['quote']}</q></td>"
        f"<td>{cell['paper_figure']}</td><td>{cell['our_figure']}</td>"
        f'<td class="verdict-{cell["verdict"].replace(" ", "-")}">{cell["verdict"]}'
        f"<br>({cell['profile']})<br><small>required: {cell['required']}</small></td>"
        f'<td><a href="{html.escape(page)}.html">{html.escape(page)}</a></td></tr>'
    )
