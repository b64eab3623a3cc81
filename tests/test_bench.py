"""The benchmark: its timing rules, a quick run end to end, and the page's tables and
figures. Timings are never asserted: only what is measured and how."""

import json

import pytest
import torch

import lstm
from lstm.bench import measure, report, suite
from lstm.bench.__main__ import main
from lstm.reproduce import figures


def test_paths_are_timed_in_interleaved_rounds_and_summarised_by_the_median():
    calls = []
    paths = {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}
    medians = measure.interleaved_medians(paths, lambda path: path(), rounds=3, warmup=1)
    assert calls == ["a", "b"] * 4
    assert set(medians) == {"a", "b"} and all(value >= 0 for value in medians.values())


@pytest.mark.parametrize("rounds, warmup", [(0, 1), (2, -1)])
def test_a_bad_number_of_rounds_is_refused(rounds, warmup):
    with pytest.raises(ValueError, match="expected rounds >= 1 and warmup >= 0"):
        measure.interleaved_medians({"a": lambda: None}, lambda path: path(), rounds, warmup)


def test_saved_bytes_counts_each_storage_kept_for_the_backward_pass_once():
    x = torch.ones(10, requires_grad=True)
    weight = torch.ones(10, requires_grad=True)
    assert measure.saved_bytes(lambda: x * weight) == 2 * 10 * 4  # both factors, float32
    assert measure.saved_bytes(lambda: x * x) == 10 * 4


def test_forward_flops_count_the_input_recurrent_and_feedback_products():
    # batch 2, 3 steps, input 5, hidden 4 (16 rows), FGR feedback 12 x 12
    assert suite.forward_flops((2, 3, 5, 4), 16) == 2 * 2 * 3 * 16 * 9
    assert suite.forward_flops((2, 3, 5, 4), 16, 12) == 2 * 2 * 3 * (16 * 9 + 144)


def test_one_thread_is_timed_by_cpu_time_and_more_by_wall_time():
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        assert measure.clock()[0] == "process CPU time"
        torch.set_num_threads(2)
        assert measure.clock()[0] == "wall time"
    finally:
        torch.set_num_threads(threads)


def test_the_machine_record_names_the_cpu_threads_and_peak():
    machine = measure.machine()
    assert machine["threads"] == torch.get_num_threads()
    assert machine["torch"] == torch.__version__
    assert machine["matmul_gflops"] > 0 and machine["cpu"]


@pytest.fixture(scope="module")
def quick_record(tmp_path_factory):
    output = tmp_path_factory.mktemp("bench") / "bench.json"
    assert main(["--quick", "--output", str(output)]) == 0
    return report.load(output)


def test_a_quick_run_measures_every_variant_and_the_gru_by_every_path(quick_record):
    shapes = [row for row in quick_record["rows"] if row["group"] == "shapes"]
    measured = {(row["model"], row["path"]) for row in shapes}
    for variant in lstm.VARIANTS:
        assert {(variant, "torch"), (variant, "layer"), (variant, "step loop")} <= measured
    assert {("GRU", "torch"), ("GRU", "layer")} <= measured
    assert {row["group"] for row in quick_record["rows"]} == {"shapes", "T", "H", "lengths"}
    assert all(row["saved_bytes"] > 0 and row["forward_flops"] > 0 for row in shapes)


def test_the_command_line_leaves_the_thread_count_as_it_found_it(tmp_path):
    before = torch.get_num_threads()
    assert (
        main(["--quick", "--threads", str(before + 1), "--output", str(tmp_path / "b.json")]) == 0
    )
    assert report.load(tmp_path / "b.json")["machine"]["threads"] == before + 1
    assert torch.get_num_threads() == before


def test_the_command_line_refuses_bad_arguments(capsys):
    with pytest.raises(SystemExit):
        main(["--rounds", "0"])
    assert "expected --rounds and --threads >= 1, got 0, 1" in capsys.readouterr().err


def test_the_page_tables_show_ratios_to_torch_for_every_model(quick_record):
    table = report.ratio_table(quick_record)
    assert [row["model"] for row in table.rows] == list(report.MODELS)
    assert all(cell.endswith("×") for row in table.cells() for cell in row[1:])
    assert len(report.ratio_table(quick_record, "step loop").rows) == len(lstm.VARIANTS)
    assert [row["model"] for row in report.lengths_table(quick_record).rows] == list(
        suite.LENGTH_VARIANTS
    )
    low, high = report.ratio_range(quick_record, report.COMPILED)
    assert 0 < low <= high
    assert report.ratio_range(quick_record, ["vanilla"], "forward_flops") == (1.0, 1.0)
    with pytest.raises(ValueError, match="no measurement of \\['LSTM2030'\\]"):
        report.ratio_range(quick_record, ["LSTM2030"])
    low, high = report.sweep_ratio_range(quick_record)
    assert 0 < low <= high
    with pytest.raises(ValueError, match="no sweep measurement of 'FGR'"):
        report.sweep_ratio_range(quick_record, "FGR")
    assert report.summary(quick_record).startswith("The rows that run PyTorch's kernel itself")


def test_the_page_figures_follow_the_book_style(quick_record):
    for figure in (report.scaling_figure(quick_record), report.throughput_figure(quick_record)):
        assert figures.problems(figure) == []


def test_the_machine_line_says_what_was_measured_where(quick_record):
    line = report.machine_line(quick_record)
    assert line.startswith("Measured on ") and "1 thread per process" in line


def test_a_missing_or_broken_record_gives_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `make bench` to make one"):
        report.load(tmp_path / "bench.json")
    (tmp_path / "bench.json").write_text(json.dumps({"machine": {}, "rounds": 1}))
    with pytest.raises(ValueError, match="bench.json: expected a benchmark record with 'rows'"):
        report.load(tmp_path / "bench.json")


def test_the_page_loads_the_record_outside_a_notebook_too(quick_record, tmp_path):
    (tmp_path / "bench.json").write_text(json.dumps(quick_record))
    assert report.page(tmp_path / "bench.json") == quick_record
