"""Whether a change only moved code (lstm.reproduce.moves): a chapter split into its
folder, or a helper moved into the library, is a move; a changed number anywhere the
experiment reaches is not, and a changed docstring or page is no change."""

import subprocess

import pytest

from lstm.reproduce import moves

pytestmark = pytest.mark.timeout(60)

CHAPTER = '''"""A chapter in one file."""
import numpy as np
from lstm.lib import scale

CONFIG = {"smoke": {"seeds": [0]}}
STEPS = 3


def helper(x):
    """Twice ``x``."""
    return 2 * x + STEPS


def run(config):
    return {"metrics": {"y": float(np.sum(scale(helper(1))))}}


def tables(result):
    return {"y": result}
'''

LIBRARY = """def scale(x):
    return x * FACTOR


FACTOR = 10
"""

# The same chapter as a folder: the helper moved into the library, the table into show.py.
EXPERIMENT = '''"""The chapter's experiment."""
import numpy as np
from lstm.lib import helper, scale

CONFIG = {"smoke": {"seeds": [0]}}


def run(config):
    return {"metrics": {"y": float(np.sum(scale(helper(1))))}}
'''

SHOW = """from lstm.experiments.fake.experiment import run


def tables(result):
    return {"y": result, "run": run}
"""

LIBRARY_WITH_HELPER = '''def scale(x):
    return x * FACTOR


FACTOR = 10
STEPS = 3


def helper(x):
    """Twice ``x``, moved here."""
    return 2 * x + STEPS
'''


def git(root, *arguments):
    subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True)


def write(root, files):
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


@pytest.fixture
def repository(tmp_path):
    """A repository whose first commit holds the chapter in one file; the test writes
    today's files over it."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "a@b.c")
    git(tmp_path, "config", "user.name", "a")
    write(tmp_path, {"lstm/lib.py": LIBRARY, "lstm/experiments/fake.py": CHAPTER})
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one file")
    (tmp_path / "lstm/experiments/fake.py").unlink()
    return tmp_path


def split(root, experiment=EXPERIMENT, library=LIBRARY_WITH_HELPER, show=SHOW):
    write(
        root,
        {
            "lstm/lib.py": library,
            "lstm/experiments/fake/experiment.py": experiment,
            "lstm/experiments/fake/show.py": show,
        },
    )
    return moves.moved_only(
        "lstm.experiments.fake.experiment", "HEAD", "lstm.experiments.fake", root
    )


def test_a_chapter_split_into_its_folder_with_a_helper_moved_to_the_library_is_a_move(
    repository,
):
    assert split(repository) == []


def test_a_changed_docstring_or_a_changed_page_is_no_change(repository):
    show = SHOW.replace('"y": result', '"why": result')
    library = LIBRARY_WITH_HELPER.replace("Twice ``x``, moved here.", "Doubled, plus three.")
    assert split(repository, show=show, library=library) == []


def test_a_changed_constant_that_the_run_reaches_anywhere_is_not_a_move(repository):
    library = LIBRARY_WITH_HELPER.replace("STEPS = 3", "STEPS = 4")
    assert split(repository, library=library) == ["run: its code, or code it names, changed"]
    library = LIBRARY_WITH_HELPER.replace("FACTOR = 10", "FACTOR = 11")
    assert split(repository, library=library) == ["run: its code, or code it names, changed"]


def test_a_new_definition_or_a_new_top_level_statement_is_not_a_move(repository):
    assert split(repository, experiment=EXPERIMENT + "\n\nSEEDS = 2\n") == [
        "SEEDS: not defined in lstm.experiments.fake at HEAD"
    ]
    problems = split(repository, experiment=EXPERIMENT + "\n\nnp.random.seed(0)\n")
    assert problems[-1] == (
        "the top-level statements of lstm.experiments.fake.experiment differ from those "
        "of lstm.experiments.fake"
    )
    assert "run: its code, or code it names, changed" in problems  # code run on import


def test_a_changed_cpp_source_beside_the_code_the_run_reaches_is_not_a_move(repository):
    write(repository, {"lstm/kernel.cpp": "int f() { return 1; }\n"})
    write(repository, {"lstm/experiments/fake.py": CHAPTER})
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "a kernel")
    (repository / "lstm/experiments/fake.py").unlink()
    experiment = CHAPTER.split("\n\n\ndef tables")[0] + "\n"  # the library's scale beside it
    assert split(repository, experiment=experiment, library=LIBRARY) == []
    write(repository, {"lstm/kernel.cpp": "int f() { return 2; }\n"})
    assert split(repository, experiment=experiment, library=LIBRARY) == [
        "run: its code, or code it names, changed"
    ]


def test_a_module_imported_as_a_whole_counts_all_of_its_code(repository):
    chapter = CHAPTER.replace("from lstm.lib import scale", "import lstm.lib")
    chapter = chapter.replace("scale(helper(1))", "lstm.lib.scale(helper(1))")
    write(repository, {"lstm/experiments/fake.py": chapter})
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "the library as a whole")
    (repository / "lstm/experiments/fake.py").unlink()
    experiment = chapter.split("\n\n\ndef tables")[0] + "\n"
    assert split(repository, experiment=experiment, library=LIBRARY) == []
    unused = LIBRARY + "\n\ndef other():\n    return 1\n"
    assert split(repository, experiment=experiment, library=unused) == [
        "run: its code, or code it names, changed"
    ]
