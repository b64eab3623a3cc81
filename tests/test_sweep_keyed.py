"""lstm.sweep.keyed: a sweep named after its config, the code that trains and its trials."""

import pytest

from lstm.sweep import keyed


def first_trial(study, index, params, config):
    return {"value": 1.0}


def second_trial(study, index, params, config):
    return {"value": 2.0}


def named(config, *, modules=("nn.train",), code=(first_trial,), phase="select"):
    return keyed.sweep(
        "demo", phase, ["a", "b"], config, objective="demo:trial", modules=modules, code=code
    )


def test_one_trial_per_seed_in_every_study_under_the_experiments_name():
    found = named({"seeds": [0, 1, 2], "lr": 0.1})
    assert found.name.startswith("demo-select-") and len(found.name) == len("demo-select-") + 16
    assert found.studies == ("a", "b") and found.trials == 3
    assert found.objective == "demo:trial" and found.config == {"seeds": [0, 1, 2], "lr": 0.1}


def test_the_name_changes_with_the_config_the_modules_and_the_trial_code_only():
    config = {"seeds": [0], "lr": 0.1}
    same = named(dict(config)).name
    assert named(config).name == same
    assert named({**config, "lr": 0.2}).name != same
    assert named(config, modules=("nn.train", "nn.ctc")).name != same
    assert named(config, code=(second_trial,)).name != same
    assert named(config, phase="judge").name.split("-")[-1] == same.split("-")[-1]


@pytest.mark.parametrize("seeds", [None, [], 3])
def test_a_config_without_a_list_of_seeds_is_refused(seeds):
    config = {} if seeds is None else {"seeds": seeds}
    with pytest.raises(ValueError, match="expected config\\['seeds'\\] as a non-empty list"):
        named(config)


@pytest.mark.timeout(60)
def test_the_name_changes_with_the_data_folder_and_its_files_and_not_without_data(
    tmp_path, monkeypatch
):
    config = {"seeds": [0]}
    folder = tmp_path / "corpus"
    (folder / "TRAIN").mkdir(parents=True)
    (folder / "TRAIN" / "SA1.PHN").write_text("0 10 h#\n")
    monkeypatch.setenv("DEMO_DATA", str(folder))

    def with_data():
        return keyed.sweep(
            "demo",
            "select",
            ["a"],
            config,
            objective="demo:trial",
            modules=(),
            code=(first_trial,),
            data=["DEMO_DATA"],
        ).name

    assert with_data() != named(config).name
    assert named(config).name == named(config).name  # no data: keyed as before
    first = with_data()
    (folder / "TRAIN" / "SA1.PHN").write_text("0 10 h#\n10 20 sh\n")  # another size
    assert with_data() != first
    monkeypatch.setenv("DEMO_DATA", str(tmp_path / "nowhere"))
    assert keyed.data_source("DEMO_DATA")["path"] == str((tmp_path / "nowhere").resolve())
    monkeypatch.delenv("DEMO_DATA")
    assert keyed.data_source("DEMO_DATA") is None
