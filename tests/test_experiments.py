import sys
import types

import pytest

from lstm.reproduce import profiles, registry
from lstm.reproduce.registry import Experiment


def run_nothing(config):
    return {"metrics": {}}


def experiment_with(**changes):
    fields = {
        "name": "exp",
        "chapter": "book/01_lstm-cell",
        "run": run_nothing,
        "configs": {"smoke": {"seeds": [0]}, "full": {"seeds": [0, 1, 2]}},
    }
    return Experiment(**(fields | changes))


def test_config_shifts_every_seed_by_the_offset(make_experiment):
    experiment = make_experiment()
    assert experiment.config("full") == {"seeds": [0, 1], "scale": 1.0}
    assert experiment.config("full", seed_offset=10) == {"seeds": [10, 11], "scale": 1.0}
    assert experiment.config(profiles.get("smoke"), 3)["seeds"] == [3]


def test_config_returns_a_copy_the_caller_may_change():
    experiment = experiment_with(
        configs={"smoke": {"seeds": [0], "sizes": [1, 2]}, "full": {"seeds": [0], "sizes": [1, 2]}}
    )
    experiment.config("full")["sizes"].append(3)
    assert experiment.config("full")["sizes"] == [1, 2]


@pytest.mark.parametrize("offset", [-1, 1.5, True])
def test_config_rejects_a_seed_offset_that_is_not_a_non_negative_int(offset):
    with pytest.raises(ValueError, match="non-negative int seed offset"):
        experiment_with().config("full", seed_offset=offset)


def test_config_rejects_an_unknown_profile():
    with pytest.raises(ValueError, match="got 'medium'"):
        experiment_with().config("medium")


@pytest.mark.parametrize(
    "configs, message",
    [
        ({"full": {"seeds": [0]}}, r"one config for each profile .*got \['full'\]"),
        (
            {"smoke": {"seeds": [0]}, "full": {"seeds": [0]}, "huge": {"seeds": [0]}},
            "one config for each profile",
        ),
        ({"smoke": {"seeds": []}, "full": {"seeds": [0]}}, "non-empty list .* got \\[\\]"),
        ({"smoke": {}, "full": {"seeds": [0]}}, "'seeds', got None"),
        ({"smoke": {"seeds": [0.5]}, "full": {"seeds": [0]}}, "int 'seeds'"),
        ({"smoke": {"seeds": [True]}, "full": {"seeds": [0]}}, "int 'seeds'"),
        ({"smoke": {"seeds": [-1]}, "full": {"seeds": [0]}}, "non-negative int 'seeds'"),
    ],
)
def test_experiment_rejects_configs_without_both_profiles_and_seeds(configs, message):
    with pytest.raises(ValueError, match=message):
        experiment_with(configs=configs)


def test_experiment_rejects_a_config_that_is_not_a_mapping():
    with pytest.raises(TypeError, match="config to be a mapping, got list"):
        experiment_with(configs={"smoke": [0], "full": {"seeds": [0]}})


def test_experiment_rejects_a_config_that_json_cannot_hold():
    with pytest.raises(TypeError, match="JSON-serialisable"):
        experiment_with(configs={"smoke": {"seeds": [0], "size": {1, 2}}, "full": {"seeds": [0]}})


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"name": ""}, ValueError, "non-empty experiment name"),
        ({"chapter": "01_lstm-cell.md"}, ValueError, "docname like 'book/01_lstm-cell'"),
        ({"run": "train"}, TypeError, "callable run, got str"),
        ({"baseline_tolerance": [0.1]}, TypeError, "mapping, got list"),
        ({"baseline_tolerance": {1: 0.1}}, TypeError, "metric names .* got 1"),
        ({"baseline_tolerance": {"score": -0.1}}, ValueError, "tolerance for 'score', got -0.1"),
        ({"baseline_tolerance": {"score": float("nan")}}, ValueError, "got nan"),
        ({"baseline_tolerance": {"score": float("inf")}}, ValueError, "got inf"),
        ({"baseline_tolerance": {"score": "0.1"}}, ValueError, "got '0.1'"),
    ],
)
def test_experiment_rejects_bad_fields(changes, error, message):
    with pytest.raises(error, match=message):
        experiment_with(**changes)


def test_registered_experiments_are_found_by_name_only_inside_the_block(make_experiment):
    first, second = make_experiment("first"), make_experiment("second")
    before = registry.names()
    with registry.registered([first, second]):
        assert registry.names() == before + ["first", "second"]
        assert registry.get("second") is second
        assert registry.all_experiments()[-2:] == [first, second]
    assert registry.names() == before


def test_get_names_the_known_experiments_when_the_name_is_unknown(make_experiment):
    with (
        registry.registered([make_experiment("known")]),
        pytest.raises(ValueError, match=r"\[.*'known'\], got 'unknown'"),
    ):
        registry.get("unknown")


def test_registering_a_name_twice_fails_and_leaves_the_registry_unchanged(make_experiment):
    before = registry.names()
    twins = [make_experiment("twin"), make_experiment("twin")]
    with (
        pytest.raises(ValueError, match="two experiments are named 'twin'"),
        registry.registered(twins),
    ):
        pass
    assert registry.names() == before


def test_registering_something_else_than_an_experiment_fails():
    with (
        pytest.raises(TypeError, match="expected Experiment objects, got dict"),
        registry.registered([{"name": "exp"}]),
    ):
        pass


def test_registered_claims_are_declared_inside_the_block_only():
    claim = object()
    with registry.registered(claims=[claim]):
        assert registry.declared_claims()[-1] is claim
    assert claim not in registry.declared_claims()


def outline_folder(name: str, monkeypatch) -> dict[str, types.ModuleType]:
    """A fake chapter folder's three modules, importable for the length of the test."""
    files = {file: types.ModuleType(f"lstm.experiments.{name}.{file}") for file in registry.OUTLINE}
    files["experiment"].CONFIG = {"smoke": {"seeds": [0]}, "full": {"seeds": [0, 1]}}
    files["experiment"].TOLERANCE = {}
    files["experiment"].run = lambda config: {"metrics": {}}
    files["show"].PAPER = {"x": 1}
    files["show"].tables = lambda result: {}
    files["show"].figures = lambda result: {}
    files["claims"].CLAIMS = ["a claim"]
    for module in files.values():
        monkeypatch.setitem(sys.modules, module.__name__, module)
    return files


def test_a_chapter_is_read_from_the_three_files_of_its_folder(monkeypatch):
    files = outline_folder("fake_module", monkeypatch)
    monkeypatch.setattr(registry, "MODULES", {"fake_module": "book/99_fake"})
    (experiment,) = registry.all_experiments()
    assert (experiment.name, experiment.chapter) == ("fake_module", "book/99_fake")
    assert experiment.configs is files["experiment"].CONFIG and experiment.paper == {"x": 1}
    assert experiment.run is files["experiment"].run
    assert experiment.tables is files["show"].tables
    assert registry.declared_claims() == ["a claim"]
    assert registry.module("fake_module") is files["experiment"]


def test_a_folder_without_the_chapter_outline_is_a_clear_error(monkeypatch):
    files = outline_folder("incomplete", monkeypatch)
    del files["show"].figures, files["show"].PAPER
    monkeypatch.setattr(registry, "MODULES", {"incomplete": "book/99_fake"})
    with pytest.raises(
        TypeError, match=r"incomplete\.show to define .*; it lacks \['PAPER', 'figures'\]"
    ):
        registry.names()
    with pytest.raises(ValueError, match="expected one of the chapter folders"):
        registry.module("nonexistent")
