"""The numbers a chapter's findings write out are numbers its page shows.

A chapter quotes its own results with ``{glue:text}`name```, computed from the committed
result when the book is built, so those cannot go stale. A number typed into the prose
can: an experiment run again changes its tables and glued numbers and leaves the sentence
as it was. So every decimal or percentage that the findings ("What we found" and
"Verdict") write out must be one the page shows elsewhere, at the precision written: a
number of the chapter's (:meth:`lstm.reproduce.chapter.Chapter.numbers`: its metrics, its
config and the papers' figures of its ``PAPER``) or a number in one of its tables. A
section of a paper ("section 4.2") is not a number of the results.
"""

import re

import pytest

from lstm.reproduce import chapter, profiles, registry, results

FINDINGS = ("What we found", "Verdict")

# What the prose does not write out itself: MyST roles (a glued number, a citation),
# inline math, inline code, and a paper's section or table number.
NOT_WRITTEN = re.compile(
    r"\{[\w:-]+\}`[^`]*`|\$[^$]*\$|`[^`]*`|\b(?:[Ss]ections?|[Tt]ables?|[Ee]q\.) \d+(?:\.\d+)*"
)

# A decimal (0.84, 1,077.5) or a percentage (94%, 7.9%), not part of a word or a version.
WRITTEN_NUMBER = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)(%?)(?![\w.]\w)")

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def findings(page: str) -> str:
    """The prose of the page's findings sections, without code cells."""
    sections = re.split(r"^## ", page, flags=re.MULTILINE)
    found = [section for section in sections if section.startswith(FINDINGS)]
    return re.sub(r"^```.*?^```", "", "\n".join(found), flags=re.MULTILINE | re.DOTALL)


def written_numbers(prose: str) -> list[str]:
    """The decimals and percentages the prose writes out itself."""
    return [
        number + percent
        for number, percent in WRITTEN_NUMBER.findall(NOT_WRITTEN.sub(" ", prose))
        if "." in number or percent
    ]


def values(text: str) -> set[float]:
    """Every number in ``text``; a percentage both as written and as a fraction."""
    found = set()
    for token in NUMBER.findall(text):
        value = float(token.rstrip("%").replace(",", ""))
        found |= {value, value / 100} if token.endswith("%") else {value}
    return found


def shown(number: str, known: set[float]) -> bool:
    """Whether ``number`` as written is one of ``known`` rounded to the digits written (a
    percentage also as a fraction: 7.9% is 0.079)."""
    digits = len(number.rstrip("%").partition(".")[2])
    value = float(number.rstrip("%").replace(",", ""))
    candidates = [(value, digits)] + ([(value / 100, digits + 2)] if number.endswith("%") else [])
    return any(round(abs(k), places) == round(v, places) for v, places in candidates for k in known)


def unshown(page: str, known: set[float]) -> list[str]:
    """The numbers the page's findings write out that the page does not show."""
    return [number for number in written_numbers(findings(page)) if not shown(number, known)]


def shown_numbers(name: str) -> set[float]:
    """Every number chapter ``name`` shows in its full profile: glued or in a table."""
    ch = chapter.Chapter(registry.get(name), results.obtain(name, profiles.get("full")))
    text = " ".join(ch.numbers().values())
    text += " ".join(str(table) for table in ch.experiment.tables(ch.result).values())
    return values(text)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(registry.MODULES))
def test_a_chapters_findings_write_out_only_numbers_its_page_shows(name):
    page = (results.REPOSITORY / f"{registry.MODULES[name]}.md").read_text(encoding="utf-8")
    assert findings(page), f"{name}'s page has no findings section {FINDINGS}"
    assert unshown(page, shown_numbers(name)) == []


@pytest.mark.timeout(10)
def test_the_check_names_a_number_the_page_does_not_show():
    text = (
        "## The model\n\nA rate of 0.5 is not a finding.\n\n## What we found\n\n"
        "- Error 7.9% against {glue:text}`per_lstm`, about 0.8 of the flow (section 4.2),\n"
        "  $\\sigma(0) = 0.5$, and 12.5% that no table shows; 1,000 steps, seed 3.\n\n"
        "```{code-cell} ipython3\nch.verdict('x')  # 0.25\n```\n\n## Deviations\n\n0.125\n"
    )
    assert written_numbers(findings(text)) == ["7.9%", "0.8", "12.5%"]
    assert unshown(text, values("0.0790 | −0.82")) == ["12.5%"]
    assert unshown(text, values("7.94% 0.86")) == ["0.8", "12.5%"]


# "Bring your own data" gives, per chapter, the time its committed full run took.
CHAPTER_HEADING = re.compile(r"^## Chapter (\d+):", re.MULTILINE)
RUN_TIME = re.compile(r"the full run shown in the book took (\d+) minutes")


def stated_run_times(page: str) -> dict[int, int]:
    """Chapter number -> the minutes its section says the book's full run took."""
    parts = CHAPTER_HEADING.split(page)
    return {
        int(number): int(found[1])
        for number, text in zip(parts[1::2], parts[2::2], strict=True)
        if (found := RUN_TIME.search(text))
    }


@pytest.mark.timeout(60)
def test_bring_your_own_data_gives_each_full_runs_time_as_its_result_records_it():
    page = (results.REPOSITORY / "book" / "bring-your-own-data.md").read_text(encoding="utf-8")
    stated = stated_run_times(page)
    assert len(stated) >= 5, stated
    names = list(registry.MODULES)
    for number, minutes in stated.items():
        name = names[number - 1]
        recorded = results.load(results.result_path(name, "full")).provenance.wall_time_s
        assert minutes == round(recorded / 60), f"chapter {number} ({name}): {recorded:.0f} s"


@pytest.mark.timeout(10)
def test_the_run_time_check_reads_each_chapters_section():
    page = (
        "## Chapter 5: TIMIT\n\nthe full run shown in the book took 13 minutes on two cores\n"
        "## Chapter 11: any text\n\nno time here\n"
        "## Chapter 6: pairs\n\nthe full run shown in the book took 23 minutes\n"
    )
    assert stated_run_times(page) == {5: 13, 6: 23}
