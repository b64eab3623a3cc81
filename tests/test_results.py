import dataclasses
import importlib
import json
import re
import subprocess
import sys
import warnings

import pytest
import torch
from conftest import score_claim

from lstm.reproduce import claims, registry, results
from lstm.reproduce.profiles import Profile
from lstm.reproduce.registry import Experiment, registered


def test_config_hash_is_16_hex_digits_independent_of_key_order():
    digest = results.config_hash({"seeds": [0, 1], "lag": 100})
    assert re.fullmatch(r"[0-9a-f]{16}", digest)
    assert digest == results.config_hash({"lag": 100, "seeds": [0, 1]})
    assert digest != results.config_hash({"lag": 101, "seeds": [0, 1]})


def test_results_live_in_data_results_of_the_repository(monkeypatch):
    monkeypatch.delenv("LSTM_RESULTS_DIR", raising=False)
    assert results.results_dir() == results.REPOSITORY / "data" / "results"
    assert (results.REPOSITORY / "lstm" / "reproduce" / "results.py").is_file()


def test_result_path_per_profile_and_seed_offset(results_dir):
    assert results.result_path("adding", "full") == results_dir / "adding.json"
    assert results.result_path("adding", Profile("smoke")) == results_dir / "smoke/adding.json"
    assert results.result_path("adding", "full", 3) == results_dir / "adding.seed3.json"
    assert results.result_path("adding", "smoke", 3) == results_dir / "smoke/adding.seed3.json"


def test_result_path_rejects_a_negative_seed_offset(results_dir):
    with pytest.raises(ValueError, match="non-negative int seed offset, got -1"):
        results.result_path("adding", "full", -1)


def test_run_records_config_metrics_data_and_provenance_without_writing(fake):
    result = results.run("fake", "full", seed_offset=2)
    assert result.experiment == "fake" and result.profile == "full"
    assert result.config == {"seeds": [2, 3], "scale": 1.0}
    assert result.metrics == {"score": 1.05, "solved": True}
    assert result.data == {"curve": [1.05, 0.525]}
    provenance = result.provenance
    assert provenance.config_hash == results.config_hash(result.config)
    assert provenance.seeds == [2, 3] and provenance.seed_offset == 2
    assert provenance.torch_version.startswith("2.") and provenance.python_version
    assert provenance.cpu and provenance.wall_time_s >= 0
    assert provenance.created.endswith("+00:00")
    assert not fake.results_dir.exists()


def test_run_accepts_an_experiment_object(make_experiment, results_dir):
    assert results.run(make_experiment(scale=2.0), "smoke").metrics["score"] == 1.0


def test_run_records_the_git_commit_of_the_checkout(fake, tmp_path, monkeypatch):
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        git + ["-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", "x"], check=True
    )
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    monkeypatch.setattr(results, "REPOSITORY", tmp_path)
    assert results.run("fake", "full").provenance.git_commit == head


def test_run_records_whether_tracked_files_had_uncommitted_changes(fake, tmp_path, monkeypatch):
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-C", str(tmp_path)]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "data" / "results").mkdir(parents=True)
    (tmp_path / "data" / "results" / "old.json").write_text("{}\n")
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "x"], check=True)
    monkeypatch.setattr(results, "REPOSITORY", tmp_path)
    (tmp_path / "data" / "results" / "old.json").write_text('{"new": 1}\n')
    (tmp_path / "untracked.txt").write_text("notes\n")
    assert results.run("fake", "full").provenance.dirty is False
    (tmp_path / "code.py").write_text("x = 2\n")
    assert results.run("fake", "full").provenance.dirty is True


def test_run_records_an_unknown_commit_and_a_dirty_tree_outside_git(fake, tmp_path, monkeypatch):
    monkeypatch.setattr(results, "REPOSITORY", tmp_path)
    provenance = results.run("fake", "full").provenance
    assert provenance.git_commit == "unknown" and provenance.dirty is True


def test_run_records_the_hashes_of_config_criteria_and_code_and_the_verdicts(fake):
    with registered(claims=[score_claim(1.0)]):
        result = results.run("fake", "full")
        assert results.staleness(result) == []
        provenance = result.provenance
        assert provenance.criteria_hash == claims.criteria_hash("fake")
        assert provenance.code_hash == results.code_hash("fake")
    hashes = (provenance.config_hash, provenance.criteria_hash, provenance.code_hash)
    assert all(re.fullmatch("[0-9a-f]{16}", value) for value in hashes)
    assert result.verdicts == {"fake.score": "reproduced"}


def test_a_changed_criterion_makes_a_result_stale(fake):
    with registered(claims=[score_claim(1.0)]):
        result = results.run("fake", "full")
    with registered(claims=[score_claim(0.5)]):
        (problem,) = results.staleness(result)
    assert problem.startswith("its criteria changed (made with ")


def test_recorded_verdicts_that_the_metrics_do_not_give_make_a_result_stale(fake):
    with registered(claims=[score_claim(1.0)]):
        result = results.run("fake", "full")
        result.verdicts["fake.score"] = "not reproduced"
        (problem,) = results.staleness(result)
    assert "records the verdicts {'fake.score': 'not reproduced'}, its metrics give" in problem


def test_the_code_hash_follows_the_package_modules_an_experiment_imports(tmp_path, monkeypatch):
    module = tmp_path / "chapter_code.py"
    module.write_text(
        "import lstm.nn.cells\nfrom lstm.reproduce import claims\n\n"
        "def run(config):\n    return 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import chapter_code

    experiment = Experiment(
        "code", "book/99_code", {"smoke": {"seeds": [0]}, "full": {"seeds": [0]}}, chapter_code.run
    )
    before = results.code_hash(experiment)
    monkeypatch.setattr(results, "MACHINERY", "lstm.nothing")
    assert results.code_hash(experiment) != before  # the machinery now counts as code
    monkeypatch.undo()
    monkeypatch.syspath_prepend(str(tmp_path))
    module.write_text(module.read_text() + "# a comment changes nothing\n")
    assert results.code_hash(experiment) == before
    module.write_text(module.read_text().replace("return 1", "return 2"))
    assert results.code_hash(experiment) != before


def test_the_code_hash_counts_compiled_sources_beside_the_modules(tmp_path, monkeypatch):
    module = tmp_path / "chapter_compiled.py"
    module.write_text("def run(config):\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import chapter_compiled

    experiment = Experiment(
        "compiled",
        "book/99_compiled",
        {"smoke": {"seeds": [0]}, "full": {"seeds": [0]}},
        chapter_compiled.run,
    )
    before = results.code_hash(experiment)
    (tmp_path / "loop.cpp").write_text("int step() { return 1; }\n")
    with_source = results.code_hash(experiment)
    (tmp_path / "loop.cpp").write_text("int step() { return 2; }\n")
    assert len({before, with_source, results.code_hash(experiment)}) == 3


def test_the_module_hash_follows_a_module_and_the_package_modules_it_imports(tmp_path, monkeypatch):
    module = tmp_path / "trial_code.py"
    module.write_text("import lstm.nn.cells\n\ndef train():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = results.module_hash("trial_code")
    module.write_text(module.read_text() + "# a comment changes nothing\n")
    assert results.module_hash("trial_code") == before
    module.write_text(module.read_text().replace("return 1", "return 2"))
    assert results.module_hash("trial_code") != before
    module.write_text("import lstm.nn.layers\n\ndef train():\n    return 2\n")
    assert results.module_hash("trial_code") != before
    with pytest.raises(ValueError, match="expected an importable module"):
        results.module_hash("no_such_module_here")


def test_only_a_chapters_experiment_file_is_code_hashed(tmp_path, monkeypatch, results_dir):
    """Editing what a page shows (``show.py``) leaves a result standing; editing its
    claims (``claims.py``) changes the criteria, not the code; editing what computes its
    numbers (``experiment.py``) makes it stale."""
    folder = tmp_path / "folder_chapter"
    folder.mkdir()
    files = {
        "__init__.py": '"""A chapter."""\n',
        "experiment.py": (
            "CONFIG = {'smoke': {'seeds': [0]}, 'full': {'seeds': [0]}}\nTOLERANCE = {}\n\n"
            "def run(config):\n    return {'metrics': {'score': 1.0}}\n"
        ),
        "show.py": "PAPER = {}\n\ndef tables(result):\n    return {}\n\n"
        "def figures(result):\n    return {}\n",
        "claims.py": (
            "from lstm.reproduce.claims import Claim, at_least\n\n"
            "def _high(metrics, profile):\n    return at_least(metrics['score'], 0.5, 's')\n\n"
            "CLAIMS = [Claim('folder.high', 'p', 'q', 'f', 'folder', _high, "
            "{'reproduced': {'score': 2.0}, 'not reproduced': {'score': 0.0}})]\n"
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))

    def staleness():
        importlib.invalidate_caches()
        for file in ("experiment", "show", "claims"):
            sys.modules.pop(f"folder_chapter.{file}", None)
        parts = {
            file: importlib.import_module(f"folder_chapter.{file}") for file in registry.OUTLINE
        }
        experiment = Experiment.from_folder("folder", "book/99_folder", parts)
        with registered([experiment], claims=parts["claims"].CLAIMS):
            return experiment, results.staleness(result, experiment) if result else []

    result = None
    experiment, _ = staleness()
    with registered([experiment], claims=importlib.import_module("folder_chapter.claims").CLAIMS):
        result = results.run(experiment, "full")
    (folder / "show.py").write_text(files["show.py"].replace("return {}", "return {'t': 1}"))
    assert staleness()[1] == []
    (folder / "claims.py").write_text(files["claims.py"].replace("0.5", "0.9"))
    assert [problem.split(" (")[0] for problem in staleness()[1]] == ["its criteria changed"]
    (folder / "claims.py").write_text(files["claims.py"])
    (folder / "experiment.py").write_text(files["experiment.py"].replace("1.0", "1.5"))
    assert [problem.split(" (")[0] for problem in staleness()[1]] == ["its code changed"]
    for file in ("experiment", "show", "claims"):
        sys.modules.pop(f"folder_chapter.{file}", None)


@pytest.mark.parametrize(
    "output, message",
    [
        ([1, 2], "dict with a 'metrics' dict, got list"),
        ({"loss": 0.1}, "dict with a 'metrics' dict"),
        ({"metrics": {"loss": "low"}}, "name -> number, got 'loss' -> str"),
        ({"metrics": {"loss": [0.1]}}, "got 'loss' -> list"),
        ({"metrics": {}, "model": object()}, "JSON-serialisable data"),
    ],
)
def test_run_rejects_what_an_experiment_must_not_return(results_dir, output, message):
    experiment = Experiment(
        "bad",
        "book/99_bad",
        {"smoke": {"seeds": [0]}, "full": {"seeds": [0]}},
        lambda config: output,
    )
    with pytest.raises(TypeError, match=message):
        results.run(experiment, "full")


def test_save_and_load_round_trip(fake):
    result = results.run("fake", "full")
    path = results.save(result)
    assert path == fake.results_dir / "fake.json"
    assert list(fake.results_dir.iterdir()) == [path]
    assert results.load(path) == result
    assert json.loads(path.read_text())["metrics"] == {"score": 1.01, "solved": True}


def test_a_shifted_seed_is_saved_beside_never_over_the_committed_result(fake):
    committed = results.save(results.run("fake", "full"))
    shifted = results.save(results.run("fake", "full", seed_offset=5))
    assert shifted == fake.results_dir / "fake.seed5.json"
    assert results.load(committed).config["seeds"] == [0, 1]


@pytest.mark.timeout(60)
def test_a_run_on_the_readers_own_data_is_never_written_over_the_books_results(
    make_experiment, results_dir, monkeypatch
):
    experiment = make_experiment()
    own = dataclasses.replace(
        experiment,
        configs={p: {**c, "corpus": "timit"} for p, c in experiment.configs.items()},
    )
    with registered([own]):
        result = results.run("fake", "full")
        monkeypatch.delenv("LSTM_RESULTS_DIR")
        with pytest.raises(ValueError) as refused:
            results.save(result)
        message = str(refused.value)
        assert message.startswith(
            "expected LSTM_RESULTS_DIR to name a folder for results on your own data "
            "(corpus 'timit'), got none; set LSTM_RESULTS_DIR=data/results/mine"
        )
        assert "\n" not in message
        monkeypatch.setenv("LSTM_RESULTS_DIR", str(results_dir / "mine"))
        assert results.save(result) == results_dir / "mine" / "fake.json"
    # the book's own corpora are written where the book's results are
    results.check_destination({"corpus": "espeak", "seeds": [0]})


def test_load_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no result at .*missing.json"):
        results.load(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "broken.json is not a result file"),
        ("[1, 2]", "JSON object, got list"),
        ('{"experiment": "x"}', "expected the keys"),
    ],
)
def test_load_names_the_path_of_a_malformed_file(tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        results.load(path)


def test_load_rejects_a_file_with_incomplete_provenance(fake, tmp_path):
    fields = json.loads(results.run("fake", "full").to_json())
    del fields["provenance"]["cpu"]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(fields))
    with pytest.raises(ValueError, match="incomplete.json .*provenance keys"):
        results.load(path)


def test_obtain_full_loads_the_committed_result_and_never_runs(fake):
    committed = results.run("fake", "full")
    results.save(committed)
    assert results.obtain("fake", "full") == committed
    assert len(fake.calls) == 1


def test_obtain_full_without_a_committed_result_names_the_command_and_writes_nothing(fake):
    with pytest.raises(results.StaleResult, match="run `python -m lstm fake --profile full`"):
        results.obtain("fake", "full")
    assert fake.calls == [] and not fake.results_dir.exists()


def test_obtain_full_runs_in_memory_when_lstm_rerun_is_1(fake, monkeypatch):
    monkeypatch.setenv("LSTM_RERUN", "1")
    assert results.obtain("fake", "full").metrics["score"] == 1.01
    assert len(fake.calls) == 1 and not fake.results_dir.exists()


def test_obtain_rejects_an_unknown_lstm_rerun_value(fake, monkeypatch):
    monkeypatch.setenv("LSTM_RERUN", "yes")
    with pytest.raises(ValueError, match="LSTM_RERUN.*got 'yes'"):
        results.obtain("fake", "full")


def test_obtain_full_refuses_a_result_whose_config_changed(make_experiment, results_dir):
    with registered([make_experiment(scale=1.0)]):
        results.save(results.run("fake", "full"))
    calls = []
    with registered([make_experiment(scale=3.0, calls=calls)]):
        with pytest.raises(results.StaleResult, match=r"fake.json is stale \(its config changed"):
            results.obtain("fake", "full")
    assert calls == []


def test_obtain_uses_the_current_profile_by_default(fake, monkeypatch):
    monkeypatch.setenv("LSTM_PROFILE", "smoke")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert results.obtain("fake").profile == "smoke"


def test_obtain_smoke_runs_fresh_writes_nothing_and_warns_without_baseline(fake):
    with pytest.warns(UserWarning, match="no fresh smoke baseline of 'fake'"):
        result = results.obtain("fake", "smoke")
    assert result.metrics["score"] == 0.5 and len(fake.calls) == 1
    assert not fake.results_dir.exists()


def test_obtain_smoke_passes_within_the_baseline_tolerance(fake):
    results.save(results.run("fake", "smoke"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert results.obtain("fake", "smoke").metrics["score"] == 0.5
    assert len(fake.calls) == 2


def test_obtain_smoke_raises_baseline_drift_naming_metric_values_and_tolerance(fake):
    baseline = results.run("fake", "smoke")
    baseline.metrics["score"] = 0.6
    results.save(baseline)
    with pytest.raises(results.BaselineDrift, match="score: baseline 0.6, fresh 0.5, tolerance"):
        results.obtain("fake", "smoke")


def _baseline_from(processor: dict, score: float) -> results.Result:
    """A smoke baseline of the fake experiment as if made on ``processor`` (``cpu`` and
    ``isa``), with ``score`` as its metric and the verdicts that score gives."""
    baseline = results.run("fake", "smoke")
    baseline.metrics["score"] = score
    baseline.verdicts = claims.judge_all("fake", baseline.metrics, "smoke")
    provenance = dataclasses.replace(baseline.provenance, **processor)
    return dataclasses.replace(baseline, provenance=provenance)


OTHER_PROCESSOR = {"cpu": "Other(R) CPU", "isa": "OtherVendor AVX512: avx avx2 avx512f fma"}


@pytest.mark.timeout(30)
def test_on_another_processor_a_differing_verdict_is_reported_not_raised(fake):
    with registered(claims=[score_claim(0.55)]):
        results.save(_baseline_from(OTHER_PROCESSOR, score=0.6))
        with pytest.warns(results.ProcessorDifference) as caught:
            fresh = results.obtain("fake", "smoke")
    assert fresh.verdicts == {"fake.score": "not reproduced"}
    (message,) = [str(warning.message) for warning in caught]
    here = results.describe_processor(fresh.provenance)
    assert f"on {here} differs" in message
    assert "made on Other(R) CPU (OtherVendor AVX512)" in message
    assert "fake.score: baseline verdict 'reproduced' (score = 0.6), fresh 'not reproduced' " in (
        message
    )
    assert "required: score ≥ 0.55" in message
    assert "score: baseline 0.6, fresh 0.5, tolerance 0.01" in message


@pytest.mark.timeout(30)
def test_on_the_baselines_processor_a_differing_verdict_is_drift(fake):
    with registered(claims=[score_claim(0.55)]):
        here = results.run("fake", "smoke").provenance
        results.save(_baseline_from({"cpu": here.cpu, "isa": here.isa}, score=0.6))
        with pytest.raises(results.BaselineDrift, match="fake.score: baseline verdict"):
            results.obtain("fake", "smoke")


@pytest.mark.timeout(30)
def test_a_baseline_without_a_recorded_processor_level_reports_differences(fake):
    here = results.run("fake", "smoke").provenance
    results.save(_baseline_from({"cpu": here.cpu, "isa": ""}, score=0.6))
    with pytest.warns(results.ProcessorDifference, match=r"\(level not recorded\)"):
        results.obtain("fake", "smoke")


def test_the_instruction_set_names_vendor_pytorch_level_and_vector_flags():
    level = results.instruction_set()
    assert torch.backends.cpu.get_cpu_capability() in level.split(":")[0]
    flags = level.partition(":")[2].split()
    assert flags == sorted(flags) and all(re.match("sse|ssse|avx|fma|f16c|amx", f) for f in flags)


def test_same_processor_needs_equal_model_and_a_recorded_equal_level(fake):
    here = results.run("fake", "smoke").provenance
    assert results.same_processor(here, dataclasses.replace(here, created="later"))
    assert not results.same_processor(here, dataclasses.replace(here, **OTHER_PROCESSOR))
    assert not results.same_processor(here, dataclasses.replace(here, cpu="Other(R) CPU"))
    unknown = dataclasses.replace(here, isa="")
    assert not results.same_processor(unknown, unknown)


def test_a_result_written_before_the_processor_level_was_recorded_still_loads(fake, tmp_path):
    fields = json.loads(results.run("fake", "full").to_json())
    del fields["provenance"]["isa"], fields["provenance"]["recertified"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(fields))
    provenance = results.load(path).provenance
    assert provenance.isa == "" and provenance.recertified == []


def test_a_nan_headline_metric_counts_as_drift(fake):
    baseline = results.run("fake", "smoke")
    baseline.metrics["score"] = float("nan")
    results.save(baseline)
    with pytest.raises(AssertionError, match="baseline nan"):
        results.obtain("fake", "smoke")


def test_obtain_smoke_warns_when_the_baseline_has_another_config(make_experiment, results_dir):
    with registered([make_experiment(scale=1.0)]):
        results.save(results.run("fake", "smoke"))
    with registered([make_experiment(scale=3.0)]), pytest.warns(UserWarning, match="baseline"):
        results.obtain("fake", "smoke")


def test_to_json_keeps_lists_of_numbers_on_one_line_and_reads_back(results_dir):
    data = {
        "curve": [0.5, 0.25],
        "table": [{"lag": 10, "ok": True}],
        "by_lag": {1: [1, 2]},
        "empty": {},
        "nested": [[1, 2], []],
    }
    experiment = Experiment(
        "rich",
        "book/99_rich",
        {"smoke": {"seeds": [0]}, "full": {"seeds": [0]}},
        lambda config: {"metrics": {"loss": 0.1}} | data,
    )
    result = results.run(experiment, "full")
    text = result.to_json()
    assert '"curve": [0.5, 0.25],' in text and '"seeds": [0],' in text
    assert json.loads(text)["data"] == json.loads(json.dumps(data))
    assert results.Result.from_json(text).data["by_lag"] == {"1": [1, 2]}


def test_an_experiment_runs_on_one_thread_and_the_callers_count_comes_back(
    make_experiment, results_dir
):
    seen = []
    experiment = make_experiment()
    inner = experiment.run
    counting = dataclasses.replace(
        experiment, run=lambda config: seen.append(torch.get_num_threads()) or inner(config)
    )
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with registered([counting]):
            results.run(counting, "smoke")
        assert seen == [1] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
