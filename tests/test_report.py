"""Tables: rounding and rendering."""

import pytest

from lstm.reproduce.report import Table, rounded


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (8440, "8,440"),
        (0.123456, "0.123"),
        (12.3456, "12.3"),
        (1.5e-7, "1.5e-07"),
        (0.0, "0"),
        (float("nan"), "nan"),
        ("LSTM", "LSTM"),
        (True, "True"),
        (2.5e6, "2.5e+06"),
    ],
)
def test_rounded(value, text):
    assert rounded(value) == text


def test_table_renders_markdown_and_text():
    table = Table(
        [{"net": "LSTM", "acc": 0.98765}, {"net": "RNN", "acc": 0.5}],
        {"net": "network", "acc": "accuracy"},
    )
    assert table._repr_markdown_().splitlines() == [
        "| network | accuracy |",
        "|---|---|",
        "| LSTM | 0.988 |",
        "| RNN | 0.5 |",
    ]
    assert str(table).splitlines()[1].split() == ["LSTM", "0.988"]


def test_table_names_a_missing_column():
    with pytest.raises(ValueError, match=r"row 1 lacks \['acc'\]"):
        Table([{"net": "a", "acc": 1}, {"net": "b"}], {"net": "net", "acc": "acc"})
