"""No test may hang: pytest-timeout gives every test a time limit, so that a hang fails
with a stack trace instead of eating CI's time."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_test_configuration_sets_a_default_time_limit():
    options = tomllib.loads(PYPROJECT.read_text())["tool"]["pytest"]["ini_options"]
    assert isinstance(options["timeout"], int) and 0 < options["timeout"] <= 900


@pytest.mark.timeout(60)
def test_a_test_that_runs_past_its_limit_fails_with_a_stack_trace(tmp_path):
    hanging = tmp_path / "test_hang.py"
    hanging.write_text("import time\n\n\ndef test_hangs():\n    time.sleep(30)\n")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(PYPROJECT),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=1",
            str(hanging),
        ],
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert completed.returncode == 1, completed.stdout
    assert "Timeout (>1.0s) from pytest-timeout" in completed.stdout
    assert "time.sleep(30)" in completed.stdout
