"""The folders of datasets you own, named by environment variables."""

import pytest

from lstm.data.environment import folder_from_environment


class MadeUpFormatError(ValueError):
    pass


def test_an_unset_or_empty_variable_names_no_folder(monkeypatch):
    monkeypatch.delenv("LSTM_SOME_DIR", raising=False)
    assert folder_from_environment("LSTM_SOME_DIR", "a folder") is None
    monkeypatch.setenv("LSTM_SOME_DIR", "   ")
    assert folder_from_environment("LSTM_SOME_DIR", "a folder") is None


def test_a_folder_is_found_with_a_home_directory_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv("LSTM_SOME_DIR", " ~/corpus ")
    assert folder_from_environment("LSTM_SOME_DIR", "a folder") == tmp_path / "corpus"


@pytest.mark.parametrize(("make", "found"), [(False, "nothing"), (True, "a file")])
def test_what_is_not_a_folder_is_one_line_naming_the_variable_the_path_and_what_is_there(
    tmp_path, monkeypatch, make, found
):
    path = tmp_path / "corpus"
    if make:
        path.write_text("not a folder\n")
    monkeypatch.setenv("LSTM_SOME_DIR", str(path))
    with pytest.raises(MadeUpFormatError) as error:
        folder_from_environment("LSTM_SOME_DIR", "the corpus folder", MadeUpFormatError)
    assert str(error.value) == (
        f"LSTM_SOME_DIR={path}: expected the corpus folder, found {found} there"
    )
    with pytest.raises(FileNotFoundError, match="expected a folder, found"):
        folder_from_environment("LSTM_SOME_DIR", "a folder")
