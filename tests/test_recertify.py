"""Re-certification: committed results take a new code hash only when the smoke runs of
the base commit's code and today's are bit-identical, and only when they were fresh at
the base."""

import dataclasses
import json

import pytest

from lstm.reproduce import cli, recertify, results, robustness


def _commit_fake_results(hash_at_base: str) -> None:
    """The fake experiment's committed full result, smoke baseline and robustness check,
    as if made when its code hash was ``hash_at_base``."""
    for profile in ("full", "smoke"):
        result = results.run("fake", profile)
        provenance = dataclasses.replace(result.provenance, code_hash=hash_at_base)
        results.save(dataclasses.replace(result, provenance=provenance))
    check = robustness.run("fake", offsets=(7,))
    robustness.save(dataclasses.replace(check, code_hash=hash_at_base))


@pytest.fixture
def committed_code_is_todays():
    """These tests re-certify chapter 2's real committed results against HEAD, as in a clean
    clone where they are fresh; with changed code they would re-stamp the real files."""
    path = results.result_path("vanishing_gradients", "full")
    assert not results.staleness(results.load(path)), "commit the code and re-certify first"


@pytest.mark.timeout(30)
def test_the_committed_files_must_record_the_bases_code_hash(fake):
    _commit_fake_results("0123456789abcdef")
    committed = recertify._committed_files("fake", "0123456789abcdef")
    assert set(committed) == {"full", "smoke", "robustness"}
    with pytest.raises(recertify.NotRecertified) as raised:
        recertify._committed_files("fake", "fedcba9876543210")
    message = str(raised.value)
    for label in ("full result", "smoke baseline", "robustness check"):
        assert f"its {label} records the code hash 0123456789abcdef, expected fedcba9876543210" in (
            message
        )


@pytest.mark.timeout(30)
def test_restamping_makes_the_results_fresh_and_records_the_recertification(fake):
    _commit_fake_results("0123456789abcdef")
    committed = recertify._committed_files("fake", "0123456789abcdef")
    assert results.stale_results() != []
    record = {"base": "abc", "from": "0123456789abcdef", "to": results.code_hash("fake")}
    written = recertify._restamp(committed, results.code_hash("fake"), record)
    assert len(written) == 3
    for profile in ("full", "smoke"):
        restamped = results.load(results.result_path("fake", profile))
        assert restamped.provenance.recertified == [record]
        assert results.staleness(restamped) == []
        assert restamped.metrics == committed[profile].metrics
    assert robustness.load("fake") is None  # fresh hashes, but not the book's OFFSETS
    assert json.loads(robustness.path("fake").read_text())["code_hash"] == record["to"]


@pytest.mark.timeout(30)
def test_two_runs_differ_where_a_number_differs_by_one_bit(fake):
    first, second = results.run("fake", "smoke"), results.run("fake", "smoke")
    assert recertify._differences(first, second) == []  # provenance (the times) aside
    second.data["curve"][1] = second.data["curve"][1] + 1e-16
    assert second.data["curve"][1] != first.data["curve"][1]
    second.metrics["extra"] = 1.0
    assert recertify._differences(first, second) == ["metrics", "data.curve[1]"]


@pytest.mark.timeout(30)
def test_wall_clock_times_and_journal_names_are_not_compared(fake):
    first, second = results.run("fake", "smoke"), results.run("fake", "smoke")
    first.data["trials"] = [{"loss": 0.5, "seconds": 1.25}]
    second.data["trials"] = [{"loss": 0.5, "seconds": 2.5}]
    first.data["sweep"], second.data["sweep"] = "search-0123456789abcdef", "search-fedcba98"
    assert recertify._differences(first, second) == []
    second.data["trials"][0]["loss"] = 0.25
    assert recertify._differences(first, second) == ["data.trials[0].loss"]


@pytest.mark.timeout(30)
def test_uncommitted_code_is_never_recertified(monkeypatch):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: True)
    with pytest.raises(recertify.NotRecertified, match="uncommitted changes; commit the code"):
        recertify.recertify("vanishing_gradients", "HEAD")


@pytest.mark.timeout(120)
def test_recertifying_against_the_commit_that_made_the_hash_changes_nothing(
    committed_code_is_todays, monkeypatch
):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)  # as in a clean clone
    already = "its code hash [0-9a-f]{16} is the base's already"
    with pytest.raises(recertify.NotRecertified, match=already):
        recertify.recertify("vanishing_gradients", "HEAD")


@pytest.mark.timeout(30)
def test_the_base_is_the_commit_that_made_the_result_or_last_recertified_it(fake):
    result = results.run("fake", "full")
    provenance = dataclasses.replace(result.provenance, git_commit="a" * 40)
    results.save(dataclasses.replace(result, provenance=provenance))
    assert recertify.made_at("fake") == "a" * 40
    recertified = dataclasses.replace(provenance, recertified=[{"commit": "b" * 40}])
    results.save(dataclasses.replace(result, provenance=recertified))
    assert recertify.made_at("fake") == "b" * 40


@pytest.mark.timeout(120)
def test_the_command_line_says_in_one_line_why_it_did_not_recertify(
    committed_code_is_todays, monkeypatch, capsys
):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)
    code = cli.main(["vanishing_gradients", "--recertify", "HEAD", "--offsets", "0,1000"])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("re-certifying vanishing_gradients against HEAD")
    assert err.startswith("error: vanishing_gradients: its code hash ") and err.count("\n") == 1


def test_the_command_line_refuses_offsets_that_are_not_numbers(capsys):
    assert cli.main(["vanishing_gradients", "--recertify", "--offsets", "0,x"]) == 2
    assert "expected a non-negative integer, got 'x'" in capsys.readouterr().err


def _first_statement(path, function):
    """The line of the first statement in the body of module-level ``function``."""
    import ast

    tree = ast.parse(path.read_text())
    (node,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
    body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body  # docstring
    return body[0].lineno


def test_a_changed_statement_counts_as_run_where_it_or_its_enclosing_statement_ran(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        'def f(x):\n    """Doc."""\n    total = (x +\n             1)\n'
        "    if x > 9:\n        return 0\n    return total\n"
    )
    executed = {source: {1, 3, 5, 7}}
    # line 4 is part of the statement at 3, which ran; line 2 is a docstring; 6 never ran
    changed = {source: {2, 4, 6}}
    assert recertify.unrun_lines(changed, executed) == {source: [6]}
    cpp = tmp_path / "loop.cpp"
    cpp.write_text("int f();\n")
    loader, caller = tmp_path / "build.py", tmp_path / "recurrence.py"
    assert recertify.unrun_lines({cpp: {1}}, {loader: {1}}) == {cpp: [1]}
    assert recertify.unrun_lines({cpp: {1}}, {loader: {1}, caller: {3}}) == {}


@pytest.mark.timeout(60)
def test_changed_lines_reads_the_lines_of_todays_files_that_differ_from_the_base(
    tmp_path, monkeypatch
):
    import subprocess

    def git(*arguments):
        subprocess.run(["git", *arguments], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "a@b.c")
    git("config", "user.name", "a")
    module = tmp_path / "m.py"
    module.write_text("a = 1\nb = 2\nc = 3\nd = 4\n")
    git("add", ".")
    git("commit", "-qm", "base")
    module.write_text("a = 1\nb = 20\nd = 4\ne = 5\n")  # b changed, c removed, e added
    git("commit", "-qam", "today")
    monkeypatch.setattr(recertify, "REPOSITORY", tmp_path)
    assert recertify.changed_lines("HEAD~1", [module]) == {module: {2, 4}}
    assert recertify.changed_lines("HEAD", [module]) == {}


@pytest.mark.timeout(300)
def test_a_change_that_no_smoke_run_executes_is_not_recertified(
    committed_code_is_todays, monkeypatch
):
    # today's code stands for a change in two places of chapter 2's experiment: a statement
    # of its run, which the smoke run executes, and the error that ``build`` raises for an
    # unknown network, which no run reaches
    import ast

    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)
    monkeypatch.setattr(results, "code_hash", lambda experiment: "f" * 16)
    files = results.code_files("vanishing_gradients")
    (module,) = [
        path for path in files if path.parts[-2:] == ("vanishing_gradients", "experiment.py")
    ]
    (build,) = [
        node
        for node in ast.parse(module.read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name == "build"
    ]
    ran = _first_statement(module, "run")
    never = next(node.lineno for node in ast.walk(build) if isinstance(node, ast.Raise))
    monkeypatch.setattr(recertify, "changed_lines", lambda base, files: {module: {ran, never}})
    monkeypatch.setattr(recertify.moves, "moved_only", lambda *args: ["build: changed"])

    def restamp(*args):
        raise AssertionError("re-stamped the committed results")

    monkeypatch.setattr(recertify, "_restamp", restamp)
    with pytest.raises(recertify.NotRecertified) as raised:
        recertify.recertify("vanishing_gradients", "HEAD", offsets=(0,))
    message = str(raised.value)
    assert f"experiment.py:{never};" in message and f":{ran}" not in message
    assert "--unrun-reason" in message
