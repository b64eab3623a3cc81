"""Tables for the chapters: rows of numbers shown rounded (three significant digits).

A :class:`Table` displays itself in a notebook through ``_repr_markdown_``, which the
book's build (myst-nb) turns into a real table, and prints as plain text elsewhere.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lstm.reproduce.claims import format_number


def rounded(value: object) -> str:
    """A cell's text: numbers as :func:`~lstm.reproduce.claims.format_number` writes them,
    the rest as is."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    return format_number(value)


@dataclass(frozen=True)
class Table:
    """``rows`` (dicts) shown under ``columns``: key -> header, in the order given."""

    rows: Sequence[Mapping[str, object]]
    columns: Mapping[str, str]

    def __post_init__(self) -> None:
        for index, row in enumerate(self.rows):
            missing = [key for key in self.columns if key not in row]
            if missing:
                raise ValueError(
                    f"expected every row to have the columns {list(self.columns)}; "
                    f"row {index} lacks {missing}"
                )

    def cells(self) -> list[list[str]]:
        return [[rounded(row[key]) for key in self.columns] for row in self.rows]

    def _repr_markdown_(self) -> str:
        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

        header = line(list(self.columns.values()))
        rule = "|" + "|".join("---" for _ in self.columns) + "|"
        return "\n".join([header, rule, *(line(cells) for cells in self.cells())])

    def __str__(self) -> str:
        table = [list(self.columns.values()), *self.cells()]
        widths = [max(len(row[i]) for row in table) for i in range(len(self.columns))]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table
        )
