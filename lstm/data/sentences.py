"""Sentences for the synthetic speech corpus, from a small grammar the project wrote.

TIMIT's speakers read phonetically rich sentences; ours read sentences drawn from a
context-free grammar over a word list of a few hundred everyday English words, written
for this project (no text is copied from any corpus). The grammar makes declaratives,
questions and coordinated clauses of roughly 5 to 16 words — about two to four seconds of
speech at a normal speaking rate, as TIMIT's utterances are.

    sentence    -> clause "." | clause "and" clause "." | question "?"
    clause      -> subject verb_phrase [adverb]
    subject     -> name | determiner [adjective] noun | pronoun
    verb_phrase -> transitive_past object [place] | intransitive_past [place]
    object      -> determiner [adjective] noun | name
    place       -> preposition determiner [adjective] noun
    question    -> "did" subject verb_base object [place] | wh "did" subject verb_base

Every choice is drawn from a ``numpy.random.Generator``, so a seed fixes the sentences.
"""

from __future__ import annotations

import numpy as np

NOUNS = tuple(
    """
    apple baby bag ball bank basket beach bear bed bell bicycle bird boat book bottle box boy
    bread bridge brother bus butter cake camera candle car carpet castle cat chair cheese child
    church city clock cloud coat coffee cook cousin cow cup desk doctor dog door dragon dress
    driver duck egg engine farmer fence field fish flower forest fox friend garden gate girl
    glass goat guitar hammer hat horse house island jacket judge kettle key king kitchen kite
    ladder lamp lawyer leaf letter lion map market monkey moon mother mountain mouse neighbour
    nurse ocean orange painter paper parrot pencil piano picture pilot plate pocket potato
    queen rabbit radio river road rock sailor sandwich school sheep shirt shoe singer sister
    soldier spoon station student sugar table teacher tiger towel tower town train tree truck
    umbrella village wagon wall watch window wolf woman yacht zebra
    """.split()
)
ADJECTIVES = tuple(
    """
    angry big black blue bright brown busy careful cheap clean clever cold dark dirty dusty
    early empty famous fast friendly funny gentle golden green happy heavy huge hungry lazy
    little lonely loud lucky modern muddy narrow new noisy old orange pale patient polite
    purple quiet quick red rich rough round rusty sad shiny short silent silver small smooth
    soft strange strong sunny tall thin tiny warm wet white wild wooden yellow young
    """.split()
)
NAMES = tuple(
    """
    Adam Alice Anna Ben Carlos Clara Daniel David Diana Edward Ella Frank George Grace Hannah
    Henry Isabel Jack James Julia Kevin Laura Lucy Maria Martin Nathan Olivia Oscar Peter
    Rachel Robert Sarah Simon Sophie Thomas Victor William Yusuf Zoe
    """.split()
)
PRONOUNS = ("she", "he", "they", "we", "you", "I")
DETERMINERS = ("the", "a", "this", "that", "my", "your", "our", "their", "every", "one")
# (past tense, base form): the base form serves the questions.
TRANSITIVE = (
    ("bought", "buy"),
    ("brought", "bring"),
    ("built", "build"),
    ("carried", "carry"),
    ("caught", "catch"),
    ("chased", "chase"),
    ("cleaned", "clean"),
    ("drew", "draw"),
    ("dropped", "drop"),
    ("fixed", "fix"),
    ("followed", "follow"),
    ("found", "find"),
    ("gave away", "give away"),
    ("heard", "hear"),
    ("helped", "help"),
    ("hid", "hide"),
    ("kept", "keep"),
    ("kicked", "kick"),
    ("lifted", "lift"),
    ("liked", "like"),
    ("lost", "lose"),
    ("loved", "love"),
    ("met", "meet"),
    ("moved", "move"),
    ("noticed", "notice"),
    ("opened", "open"),
    ("painted", "paint"),
    ("pushed", "push"),
    ("saw", "see"),
    ("sold", "sell"),
    ("showed", "show"),
    ("stole", "steal"),
    ("touched", "touch"),
    ("visited", "visit"),
    ("wanted", "want"),
    ("washed", "wash"),
    ("watched", "watch"),
    ("wrapped", "wrap"),
    ("called", "call"),
    ("remembered", "remember"),
)
INTRANSITIVE = (
    ("arrived", "arrive"),
    ("danced", "dance"),
    ("fell asleep", "fall asleep"),
    ("jumped", "jump"),
    ("laughed", "laugh"),
    ("left", "leave"),
    ("listened", "listen"),
    ("played", "play"),
    ("rested", "rest"),
    ("ran", "run"),
    ("sang", "sing"),
    ("sat", "sit"),
    ("shouted", "shout"),
    ("slept", "sleep"),
    ("smiled", "smile"),
    ("stayed", "stay"),
    ("stood", "stand"),
    ("swam", "swim"),
    ("waited", "wait"),
    ("walked", "walk"),
    ("whistled", "whistle"),
    ("worked", "work"),
    ("cried", "cry"),
    ("climbed", "climb"),
)
PREPOSITIONS = (
    "in",
    "on",
    "near",
    "behind",
    "under",
    "beside",
    "inside",
    "outside",
    "across",
    "along",
    "above",
    "below",
    "beyond",
    "towards",
    "without",
)
ADVERBS = (
    "yesterday",
    "today",
    "again",
    "slowly",
    "quickly",
    "quietly",
    "happily",
    "early",
    "late",
    "together",
    "at night",
    "last week",
    "this morning",
    "on sunday",
    "twice",
)
WH_WORDS = ("where", "when", "why", "how")

WORDS = frozenset(
    word.lower()
    for group in (
        NOUNS,
        ADJECTIVES,
        NAMES,
        PRONOUNS,
        DETERMINERS,
        PREPOSITIONS,
        ADVERBS,
        WH_WORDS,
        ("did", "and"),
    )
    for phrase in group
    for word in phrase.split()
) | frozenset(
    word
    for pairs in (TRANSITIVE, INTRANSITIVE)
    for pair in pairs
    for phrase in pair
    for word in phrase.split()
)


def _pick(rng: np.random.Generator, options: tuple) -> object:
    return options[int(rng.integers(len(options)))]


def _noun_phrase(rng: np.random.Generator, *, names: bool, pronouns: bool) -> str:
    roll = rng.random()
    if pronouns and roll < 0.15:
        return _pick(rng, PRONOUNS)
    if names and roll < 0.35:
        return _pick(rng, NAMES)
    words = [_pick(rng, DETERMINERS)]
    if rng.random() < 0.5:
        words.append(_pick(rng, ADJECTIVES))
    words.append(_pick(rng, NOUNS))
    if words[0] == "a" and words[1][0] in "aeiou":
        words[0] = "an"
    return " ".join(words)


def _place(rng: np.random.Generator) -> str:
    return f"{_pick(rng, PREPOSITIONS)} {_noun_phrase(rng, names=False, pronouns=False)}"


def _clause(rng: np.random.Generator) -> str:
    words = [_noun_phrase(rng, names=True, pronouns=True)]
    if rng.random() < 0.65:
        words += [_pick(rng, TRANSITIVE)[0], _noun_phrase(rng, names=True, pronouns=False)]
    else:
        words.append(_pick(rng, INTRANSITIVE)[0])
    if rng.random() < 0.5:
        words.append(_place(rng))
    if rng.random() < 0.3:
        words.append(_pick(rng, ADVERBS))
    return " ".join(words)


def _question(rng: np.random.Generator) -> str:
    subject = _noun_phrase(rng, names=True, pronouns=True)
    if rng.random() < 0.5:
        verb = _pick(rng, INTRANSITIVE)[1]
        return f"{_pick(rng, WH_WORDS)} did {subject} {verb}"
    words = [
        "did",
        subject,
        _pick(rng, TRANSITIVE)[1],
        _noun_phrase(rng, names=True, pronouns=False),
    ]
    if rng.random() < 0.5:
        words.append(_place(rng))
    return " ".join(words)


def sentence(rng: np.random.Generator) -> str:
    """One sentence, capitalised and punctuated, drawn from the grammar above."""
    roll = rng.random()
    if roll < 0.15:
        text, end = _question(rng), "?"
    elif roll < 0.35:
        text, end = f"{_clause(rng)} and {_clause(rng)}", "."
    else:
        text, end = _clause(rng), "."
    return text[0].upper() + text[1:] + end


def sentences(
    count: int, rng: np.random.Generator, *, exclude: set[str] | None = None
) -> list[str]:
    """``count`` distinct sentences, none of them in ``exclude`` (texts already used).

    Distinct texts keep the splits apart as TIMIT's are: no test sentence is read in
    training. Raises if the grammar cannot supply that many new sentences.
    """
    taken = set(exclude or ())
    chosen: list[str] = []
    attempts = 0
    while len(chosen) < count:
        attempts += 1
        if attempts > 20 * count + 1000:
            raise RuntimeError(f"the grammar gave only {len(chosen)} new sentences of {count}")
        text = sentence(rng)
        if text not in taken:
            taken.add(text)
            chosen.append(text)
    return chosen
