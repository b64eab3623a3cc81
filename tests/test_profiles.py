import pytest

from lstm.reproduce import profiles


def test_get_returns_each_named_profile():
    assert [profiles.get(name).name for name in profiles.PROFILES] == ["smoke", "full"]


def test_get_returns_a_profile_unchanged():
    smoke = profiles.Profile("smoke")
    assert profiles.get(smoke) is smoke


def test_unknown_profile_names_the_allowed_ones_and_what_arrived():
    with pytest.raises(ValueError, match=r"\('smoke', 'full'\), got 'fast'"):
        profiles.get("fast")


def test_profile_name_must_be_a_string():
    with pytest.raises(TypeError, match="got int"):
        profiles.get(3)


def test_is_smoke_and_choose_pick_the_budget_of_the_profile():
    smoke, full = profiles.get("smoke"), profiles.get("full")
    assert smoke.is_smoke and not full.is_smoke
    assert smoke.choose(smoke=10, full=1000) == 10
    assert full.choose(smoke=10, full=1000) == 1000


def test_banner_says_which_profile_ran_and_what_its_numbers_mean():
    smoke_banner = profiles.get("smoke").banner()
    full_banner = profiles.get("full").banner()
    assert "scaled-down" in smoke_banner and "not the reproduction" in smoke_banner
    assert "full run" in full_banner and "published with the code" in full_banner


def test_current_defaults_to_full(monkeypatch):
    monkeypatch.delenv("LSTM_PROFILE", raising=False)
    assert profiles.current().name == "full"
    monkeypatch.setenv("LSTM_PROFILE", "")
    assert profiles.current().name == "full"


def test_current_reads_lstm_profile(monkeypatch):
    monkeypatch.setenv("LSTM_PROFILE", "smoke")
    assert profiles.current().is_smoke


def test_current_rejects_an_unknown_lstm_profile_in_one_line(monkeypatch):
    monkeypatch.setenv("LSTM_PROFILE", "quick")
    with pytest.raises(profiles.ProfileError, match="LSTM_PROFILE.*got 'quick'") as error:
        profiles.current()
    assert isinstance(error.value, ValueError)
    (line,) = error.value._render_traceback_()  # what IPython shows in a notebook
    assert line == (
        "ProfileError: expected LSTM_PROFILE to be one of smoke, full (or unset, for full), "
        "got 'quick'"
    )
