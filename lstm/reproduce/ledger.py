"""The claims ledger: every claim of the book in one table, with its verdict.

Each row sets the paper's figure beside ours, measured on the committed full result,
with the verdict at the paper's strength as a coloured badge, one line on why the two
differ (written in the book, passed in as ``notes``), a link to the chapter's verdict,
and how steady the smoke verdict is at seed offsets nobody tuned on
(:mod:`lstm.reproduce.robustness`). The page opens with the count of each verdict.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from lstm.reproduce import claims, registry, results, robustness

COLUMNS = (
    "claim",
    "paper",
    "quote",
    "paper_figure",
    "our_figure",
    "required",
    "verdict",
    "robustness",
    "chapter",
)
NOT_RUN = "not run"


def rows() -> list[dict[str, str]]:
    """One row per registered claim, judged on its experiment's committed full result
    (``"not run"`` while there is no fresh one)."""
    table = []
    fresh = {
        (name, profile): _fresh(name, profile)
        for name in {claim.experiment for claim in claims.all_claims()}
        for profile in ("full", "smoke")
    }
    for claim in claims.all_claims():
        row = {
            "claim": claim.id,
            "paper": claim.paper,
            "quote": claim.quote,
            "paper_figure": claim.paper_figure,
            "our_figure": "—",
            "required": "—",
            "verdict": NOT_RUN,
            "robustness": "not checked",
            "chapter": registry.get(claim.experiment).chapter,
        }
        full = fresh[claim.experiment, "full"]
        if full is not None:
            verdict = claims.check(claim.id, full)
            row |= {
                "our_figure": verdict.measured,
                "required": verdict.required,
                "verdict": verdict.outcome,
            }
        smoke = fresh[claim.experiment, "smoke"]
        if smoke is not None:
            row["robustness"] = robustness.agreement(claim.id, smoke.verdicts[claim.id])
        table.append(row)
    return table


def counts(table: Sequence[Mapping[str, str]]) -> dict[str, int]:
    """How many rows have each verdict, in the order of :data:`lstm.reproduce.claims.VERDICTS`
    (then ``"not run"`` if any)."""
    tally = Counter(row["verdict"] for row in table)
    order = [*claims.VERDICTS, NOT_RUN]
    unknown = set(tally) - set(order)
    if unknown:
        raise ValueError(f"expected verdicts in {order}, got {sorted(unknown)}")
    return {verdict: tally[verdict] for verdict in order if verdict != NOT_RUN or tally[verdict]}


def chapter_titles(book: str | Path) -> dict[str, str]:
    """Docname (``"book/03_..."``) -> the chapter's title (its first ``# `` heading),
    for every ``NN_*.md`` chapter in the folder ``book``."""
    folder = Path(book).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"expected the book's folder of chapters, got {folder}")
    titles = {}
    for chapter in sorted(folder.glob("[0-9][0-9]_*.md")):
        heading = re.search(r"^# (.+)$", chapter.read_text(encoding="utf-8"), re.MULTILINE)
        if heading is None:
            raise ValueError(f"{chapter}: expected a '# Title' heading, found none")
        titles[f"{folder.name}/{chapter.stem}"] = heading.group(1).strip()
    return titles


def counts_html(table: Sequence[Mapping[str, str]]) -> str:
    """The verdict counts as a line of badges for the top of the ledger page."""
    parts = [
        f"{claims.badge_html(verdict)} × {count}"
        if verdict in claims.VERDICTS
        else f"{html.escape(verdict)} × {count}"
        for verdict, count in counts(table).items()
    ]
    return f'<p class="verdict-counts">{" &nbsp; ".join(parts)}</p>'


def table_html(
    table: Sequence[Mapping[str, str]], titles: Mapping[str, str], notes: Mapping[str, str]
) -> str:
    """The rows as an HTML table: the claim (id, paper, quote), the paper's figure and
    ours side by side, the verdict with what the paper's strength requires, why the
    figures differ (``notes``: claim id -> one line), the smoke verdict's steadiness,
    and a link to the chapter's verdict titled by ``titles`` (docname -> title).

    The book's stylesheet lays each row out as a card of labelled lines."""
    missing = [row["claim"] for row in table if row.get("claim") not in notes]
    if missing:
        raise ValueError(
            f"expected a note on why the figures differ for every claim; none for {missing}"
        )
    header = (
        "<tr><th>Claim</th><th>Paper's figure</th><th>Our figure</th><th>Verdict</th>"
        "<th>Why they differ</th><th>Smoke verdict at other seeds</th></tr>"
    )
    body = "\n".join(_row_html(row, titles, notes[row["claim"]]) for row in table)
    return (
        f'<table class="claims-ledger">\n<thead>{header}</thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _row_html(row: Mapping[str, str], titles: Mapping[str, str], note: str) -> str:
    missing = [column for column in COLUMNS if column not in row]
    if missing:
        raise ValueError(
            f"expected ledger rows with the columns {COLUMNS}, got one without {missing}"
        )
    chapter = row["chapter"]
    if chapter not in titles:
        raise ValueError(
            f"expected a title for the chapter {chapter!r}, got titles of {sorted(titles)}"
        )
    cell = {column: html.escape(str(row[column])) for column in COLUMNS}
    verdict = row["verdict"]
    badge = claims.badge_html(verdict) if verdict in claims.VERDICTS else cell["verdict"]
    page = html.escape(chapter.split("/", 1)[1])
    return (
        f'<tr><td data-label="Claim"><code>{cell["claim"]}</code> ({cell["paper"]})<br>'
        f"<q>{cell['quote']}</q><br>"
        f'<a href="{page}.html#verdict">{html.escape(titles[chapter])}</a></td>'
        f'<td data-label="Paper\'s figure">{cell["paper_figure"]}</td>'
        f'<td data-label="Our figure">{cell["our_figure"]}</td>'
        f'<td data-label="Verdict">{badge}<br>'
        f"<small>paper's strength: {cell['required']}</small></td>"
        f'<td data-label="Why they differ">{html.escape(note)}</td>'
        f'<td data-label="Smoke verdict at other seeds">{cell["robustness"]}</td></tr>'
    )


def _fresh(name: str, profile: str) -> results.Result | None:
    path = results.result_path(name, profile)
    if not path.exists():
        return None
    committed = results.load(path)
    return None if results.staleness(committed) else committed
