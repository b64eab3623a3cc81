"""A synthetic language pair from a synchronous grammar, for the sequence-to-sequence chapter.

Sutskever, Vinyals & Le (2014) and Cho et al. (2014) trained encoder-decoders on WMT'14
English to French. We cannot ship that corpus, so the project writes its own language pair
with the properties that made the paper's findings interesting:

* an English-like **source** (``the big dog that sees a cat says that the birds sing``);
* a **target** language with its own invented vocabulary (no word is shared with the
  source) and its own morphology: nouns have a lexical gender (invisible on the noun itself),
  and determiners, adjectives and verbs agree with their noun in gender and number;
* a **mostly monotone** alignment with **local reorderings**: adjectives follow the noun
  (in mirror order), subordinate and relative clauses are **verb-final**, and their
  objects are marked by the particle ``na``;
* **agreement that carries information across several words**: the target verb agrees
  in gender with its subject, whose noun may lie ten words back behind adjectives, a
  prepositional phrase and a relative clause; only the target lexicon tells the gender;
* sentences from 3 to (by default) 50 source words, drawn so that every length in range
  is about equally common; about 340 source and 525 target word forms.

Both sides are rendered from one tree (a synchronous grammar), so every pair comes with
its word alignment. :func:`parse_source` and :func:`parse_target` read either side back
into the tree and check every agreement, so the tests can prove that every pair parses
and that both sides say the same thing.

Source grammar (``NP*`` a noun phrase with an optional prepositional phrase, ``NP**``
also with an optional subject relative clause)::

    S      -> Clause (("and" | "but") Clause){0,3}
    Clause -> NP** VP
    VP     -> Vintr [Adv] | Vtr NP** [Adv] | Vsay "that" Sub
    Sub    -> NP* Vintr | NP* Vtr NP*
    NP     -> ("the" | "a" | "some") Adj{0,3} N
    NP*    -> NP [Prep NP]
    NP**   -> NP* ["that" (Vintr | Vtr NP)]

Target (same tree; ``Det`` only for definite noun phrases, agreeing with the noun)::

    Clause -> NP** VP
    VP     -> Vintr [Adv] | Vtr NP** [Adv] | Vsay "ke" Sub
    Sub    -> NP* Vintr | NP* "na" NP* Vtr                    (verb-final)
    NP     -> [Det] N Adj{0,3}                                (adjectives mirrored)
    NP**   -> NP* ["ki" (Vintr | "na" NP Vtr)]                (verb-final)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from lstm.checks import check_positive_int

# ---------------------------------------------------------------------------------------
# The lexicon. The source side is English; the target words are invented from syllables
# by a generator with a fixed seed, so every corpus (whatever its seed) shares one lexicon.

NOUNS = (
    "dog cat bird horse cow goat pig duck rabbit fox bear lion tiger snake frog farmer "
    "teacher doctor student king queen soldier sailor baker singer painter writer driver "
    "nurse pilot judge friend neighbour girl boy brother sister mother father uncle aunt "
    "cousin guest stranger visitor artist clerk book letter house garden river mountain "
    "tree flower table chair door window road bridge car train boat ship city village "
    "castle tower lamp key coin ring box basket apple bottle cup plate hat coat shoe song "
    "picture map stone field forest lake island market"
).split()
ADJECTIVES = (
    "big small old young red green blue black white happy sad tall short quiet loud brave "
    "clever lazy strange famous rich poor kind angry tired hungry beautiful dark bright heavy"
).split()
TRANSITIVE = (
    "see find follow watch help call visit like love hate carry push pull paint draw build "
    "open close catch chase greet remember forget miss touch"
).split()
INTRANSITIVE = (
    "run sleep sing dance laugh cry smile wait swim jump fall walk shout rest work"
).split()
SAYING = "say think know believe hope fear".split()
VERBS = TRANSITIVE + INTRANSITIVE + SAYING
PREPOSITIONS = "in on with near under behind beside above".split()
ADVERBS = (
    "quickly slowly quietly loudly often again today now happily sadly carefully suddenly"
).split()
CONJUNCTIONS = ("and", "but")

LEXICON_SEED = 2014
GENDERS = ("m", "f")
# Target function words: definite determiners by (gender, plural), conjunctions, the
# complementiser, the relative pronoun and the object marker of verb-final clauses.
TARGET_DETERMINERS = {("m", False): "lo", ("f", False): "la", ("m", True): "li", ("f", True): "le"}
TARGET_CONJUNCTIONS = ("e", "ma")
COMPLEMENTISER, RELATIVE, OBJECT_MARKER = "ke", "ki", "na"
ADJECTIVE_ENDINGS = {("m", False): "r", ("f", False): "ra", ("m", True): "ri", ("f", True): "re"}
VERB_ENDINGS = {("m", False): "k", ("f", False): "ka", ("m", True): "ki", ("f", True): "ke"}


def english_suffixed(word: str) -> str:
    """Plural of a regular noun, third person singular of a regular verb."""
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


class _Lexicon:
    """The target stems and genders, drawn once from :data:`LEXICON_SEED`."""

    def __init__(self) -> None:
        rng = np.random.default_rng(LEXICON_SEED)
        consonants, vowels = "ptkbdgmnlrsvfz", "aeiou"
        function_words = {
            *TARGET_DETERMINERS.values(),
            *TARGET_CONJUNCTIONS,
            COMPLEMENTISER,
            RELATIVE,
            OBJECT_MARKER,
        }
        taken: set[str] = set(function_words)

        def stems(count: int, syllables: int, forms) -> list[str]:
            chosen = []
            while len(chosen) < count:
                stem = "".join(
                    consonants[rng.integers(len(consonants))] + vowels[rng.integers(len(vowels))]
                    for _ in range(syllables)
                )
                words = forms(stem)
                if taken.isdisjoint(words) and len(set(words)) == len(words):
                    taken.update(words)
                    chosen.append(stem)
            return chosen

        self.nouns = stems(len(NOUNS), 2, lambda s: [s, s + "n"])
        self.genders = [GENDERS[g] for g in rng.integers(2, size=len(NOUNS))]
        self.adjectives = stems(
            len(ADJECTIVES), 2, lambda s: [s + e for e in ADJECTIVE_ENDINGS.values()]
        )
        self.verbs = stems(len(VERBS), 2, lambda s: [s + e for e in VERB_ENDINGS.values()])
        self.prepositions = stems(len(PREPOSITIONS), 1, lambda s: [s + "s"])
        self.prepositions = [s + "s" for s in self.prepositions]
        self.adverbs = stems(len(ADVERBS), 2, lambda s: [s + "mo"])
        self.adverbs = [s + "mo" for s in self.adverbs]

    def noun(self, noun: int, plural: bool) -> str:
        return self.nouns[noun] + ("n" if plural else "")

    def adjective(self, adjective: int, gender: str, plural: bool) -> str:
        return self.adjectives[adjective] + ADJECTIVE_ENDINGS[gender, plural]

    def verb(self, verb: int, gender: str, plural: bool) -> str:
        return self.verbs[verb] + VERB_ENDINGS[gender, plural]


LEXICON = _Lexicon()


def _source_table() -> dict[str, tuple]:
    """Every source word form -> (category, lexeme index, plural or None)."""
    table: dict[str, tuple] = {}
    for i, noun in enumerate(NOUNS):
        table[noun] = ("noun", i, False)
        table[english_suffixed(noun)] = ("noun", i, True)
    for i, verb in enumerate(VERBS):
        table[verb] = ("verb", i, True)
        table[english_suffixed(verb)] = ("verb", i, False)
    table.update({a: ("adj", i, None) for i, a in enumerate(ADJECTIVES)})
    table.update({p: ("prep", i, None) for i, p in enumerate(PREPOSITIONS)})
    table.update({a: ("adv", i, None) for i, a in enumerate(ADVERBS)})
    table.update({c: ("conj", i, None) for i, c in enumerate(CONJUNCTIONS)})
    table.update({"the": ("det", 0, None), "a": ("det", 1, False), "some": ("det", 1, True)})
    table["that"] = ("that", 0, None)
    return table


def _target_table() -> dict[str, tuple]:
    """Every target word form -> (category, lexeme index, (gender, plural) or None)."""
    table: dict[str, tuple] = {}
    for i in range(len(NOUNS)):
        for plural in (False, True):
            table[LEXICON.noun(i, plural)] = ("noun", i, (LEXICON.genders[i], plural))
    for gender, plural in TARGET_DETERMINERS:
        agreement = (gender, plural)
        table[TARGET_DETERMINERS[agreement]] = ("det", 0, agreement)
        for i in range(len(ADJECTIVES)):
            table[LEXICON.adjective(i, gender, plural)] = ("adj", i, agreement)
        for i in range(len(VERBS)):
            table[LEXICON.verb(i, gender, plural)] = ("verb", i, agreement)
    table.update({p: ("prep", i, None) for i, p in enumerate(LEXICON.prepositions)})
    table.update({a: ("adv", i, None) for i, a in enumerate(LEXICON.adverbs)})
    table.update({c: ("conj", i, None) for i, c in enumerate(TARGET_CONJUNCTIONS)})
    for word in (COMPLEMENTISER, RELATIVE, OBJECT_MARKER):
        table[word] = (word, 0, None)
    return table


SOURCE_WORDS = _source_table()
TARGET_WORDS = _target_table()


def verb_kind(verb: int) -> str:
    """'tr', 'intr' or 'say' (takes a 'that' clause)."""
    if verb < len(TRANSITIVE):
        return "tr"
    return "intr" if verb < len(TRANSITIVE) + len(INTRANSITIVE) else "say"


# ---------------------------------------------------------------------------------------
# The tree both sides are rendered from.


@dataclass
class NounPhrase:
    noun: int
    plural: bool
    definite: bool
    adjectives: list[int] = field(default_factory=list)
    preposition: int | None = None  # with `attached`: a prepositional phrase
    attached: NounPhrase | None = None
    relative_verb: int | None = None  # a subject relative clause: "that" verb [object]
    relative_object: NounPhrase | None = None

    @property
    def gender(self) -> str:
        return LEXICON.genders[self.noun]


@dataclass
class Subordinate:
    subject: NounPhrase
    verb: int
    object: NounPhrase | None = None


@dataclass
class Clause:
    subject: NounPhrase
    verb: int
    object: NounPhrase | None = None
    adverb: int | None = None
    subordinate: Subordinate | None = None


@dataclass
class Sentence:
    clauses: list[Clause]
    conjunctions: list[int] = field(default_factory=list)


class Pair(NamedTuple):
    """One sentence pair: word tuples and the word alignment as (source, target) positions."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    alignment: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------------------------------
# Rendering. Every emitted word carries an anchor (the tree node and its role); words of
# the two sides with the same anchor are aligned.


def _render_source(sentence: Sentence) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []

    def np_(phrase: NounPhrase) -> None:
        det = "the" if phrase.definite else ("some" if phrase.plural else "a")
        out.append((det, (id(phrase), "det") if phrase.definite else None))
        for k, adjective in enumerate(phrase.adjectives):
            out.append((ADJECTIVES[adjective], (id(phrase), "adj", k)))
        noun = NOUNS[phrase.noun]
        out.append((english_suffixed(noun) if phrase.plural else noun, (id(phrase), "noun")))
        if phrase.attached is not None:
            out.append((PREPOSITIONS[phrase.preposition], (id(phrase), "prep")))
            np_(phrase.attached)
        if phrase.relative_verb is not None:
            out.append(("that", (id(phrase), "rel")))
            out.append((verb(phrase.relative_verb, phrase.plural), (id(phrase), "relverb")))
            if phrase.relative_object is not None:
                np_(phrase.relative_object)

    def verb(index: int, plural: bool) -> str:
        return VERBS[index] if plural else english_suffixed(VERBS[index])

    for c, clause in enumerate(sentence.clauses):
        if c:
            out.append((CONJUNCTIONS[sentence.conjunctions[c - 1]], (id(sentence), "conj", c)))
        np_(clause.subject)
        out.append((verb(clause.verb, clause.subject.plural), (id(clause), "verb")))
        if clause.object is not None:
            np_(clause.object)
        if clause.adverb is not None:
            out.append((ADVERBS[clause.adverb], (id(clause), "adv")))
        if clause.subordinate is not None:
            sub = clause.subordinate
            out.append(("that", (id(clause), "comp")))
            np_(sub.subject)
            out.append((verb(sub.verb, sub.subject.plural), (id(sub), "verb")))
            if sub.object is not None:
                np_(sub.object)
    return out


def _render_target(sentence: Sentence) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []

    def np_(phrase: NounPhrase) -> None:
        agreement = (phrase.gender, phrase.plural)
        if phrase.definite:
            out.append((TARGET_DETERMINERS[agreement], (id(phrase), "det")))
        out.append((LEXICON.noun(phrase.noun, phrase.plural), (id(phrase), "noun")))
        for k in reversed(range(len(phrase.adjectives))):
            word = LEXICON.adjective(phrase.adjectives[k], *agreement)
            out.append((word, (id(phrase), "adj", k)))
        if phrase.attached is not None:
            out.append((LEXICON.prepositions[phrase.preposition], (id(phrase), "prep")))
            np_(phrase.attached)
        if phrase.relative_verb is not None:
            out.append((RELATIVE, (id(phrase), "rel")))
            if phrase.relative_object is not None:
                out.append((OBJECT_MARKER, None))
                np_(phrase.relative_object)
            word = LEXICON.verb(phrase.relative_verb, *agreement)
            out.append((word, (id(phrase), "relverb")))

    for c, clause in enumerate(sentence.clauses):
        if c:
            conjunction = TARGET_CONJUNCTIONS[sentence.conjunctions[c - 1]]
            out.append((conjunction, (id(sentence), "conj", c)))
        subject = clause.subject
        np_(subject)
        word = LEXICON.verb(clause.verb, subject.gender, subject.plural)
        out.append((word, (id(clause), "verb")))
        if clause.object is not None:
            np_(clause.object)
        if clause.adverb is not None:
            out.append((LEXICON.adverbs[clause.adverb], (id(clause), "adv")))
        if clause.subordinate is not None:
            sub = clause.subordinate
            out.append((COMPLEMENTISER, (id(clause), "comp")))
            np_(sub.subject)
            if sub.object is not None:
                out.append((OBJECT_MARKER, None))
                np_(sub.object)
            word = LEXICON.verb(sub.verb, sub.subject.gender, sub.subject.plural)
            out.append((word, (id(sub), "verb")))
    return out


def render(sentence: Sentence) -> Pair:
    """Both sides of a tree and their alignment."""
    source = _render_source(sentence)
    target = _render_target(sentence)
    where = {anchor: j for j, (_, anchor) in enumerate(target) if anchor is not None}
    alignment = tuple(
        (i, where[anchor]) for i, (_, anchor) in enumerate(source) if anchor is not None
    )
    return Pair(tuple(w for w, _ in source), tuple(w for w, _ in target), alignment)


# ---------------------------------------------------------------------------------------
# Generation: start from the shortest sentence ("the dog runs") and grow it by random
# expansions until it reaches a length drawn uniformly from [min_length, max_length].


class _Grower:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def pick(self, n: int) -> int:
        return int(self.rng.integers(n))

    def noun_phrase(self) -> NounPhrase:
        return NounPhrase(
            noun=self.pick(len(NOUNS)),
            plural=bool(self.pick(2)),
            definite=bool(self.rng.random() < 0.6),
        )

    def verb(self, kind: str) -> int:
        start = {"tr": 0, "intr": len(TRANSITIVE), "say": len(TRANSITIVE) + len(INTRANSITIVE)}
        count = {"tr": len(TRANSITIVE), "intr": len(INTRANSITIVE), "say": len(SAYING)}
        return start[kind] + self.pick(count[kind])

    def clause(self) -> Clause:
        return Clause(self.noun_phrase(), self.verb("intr"))

    def expansions(self, sentence: Sentence) -> list[tuple[int, object]]:
        """The applicable expansions as (words added, action)."""
        options: list[tuple[int, object]] = []

        def phrase_options(phrase: NounPhrase, level: int) -> None:
            # level 0: NP; 1: NP* (may take a PP); 2: NP** (may also take a relative clause)
            if len(phrase.adjectives) < 3:
                options.append((1, lambda p=phrase: p.adjectives.append(self.pick(len(ADJ)))))
            if level >= 1 and phrase.attached is None:
                options.append((3, lambda p=phrase: self.attach(p)))
            if level >= 1 and phrase.attached is not None:
                phrase_options(phrase.attached, 0)
            if level == 2 and phrase.relative_verb is None:
                options.append((2, lambda p=phrase: setattr(p, "relative_verb", self.verb("intr"))))
            if level == 2 and phrase.relative_verb is not None:
                if phrase.relative_object is None:
                    options.append((2, lambda p=phrase: self.relative_object(p)))
                else:
                    phrase_options(phrase.relative_object, 0)

        for clause in sentence.clauses:
            phrase_options(clause.subject, 2)
            kind = verb_kind(clause.verb)
            if kind == "intr" and clause.adverb is None:
                options.append((4, lambda c=clause: self.subordinate(c)))
            if kind == "intr":
                options.append((2, lambda c=clause: self.main_object(c)))
            if kind != "say" and clause.adverb is None:
                options.append((1, lambda c=clause: setattr(c, "adverb", self.pick(len(ADVERBS)))))
            if clause.object is not None:
                phrase_options(clause.object, 2)
            if clause.subordinate is not None:
                sub = clause.subordinate
                phrase_options(sub.subject, 1)
                if sub.object is None:
                    options.append((2, lambda s=sub: self.subordinate_object(s)))
                else:
                    phrase_options(sub.object, 1)
        if len(sentence.clauses) < 4:
            options.append((4, lambda: self.coordinate(sentence)))
        return options

    def attach(self, phrase: NounPhrase) -> None:
        phrase.preposition = self.pick(len(PREPOSITIONS))
        phrase.attached = self.noun_phrase()

    def relative_object(self, phrase: NounPhrase) -> None:
        phrase.relative_verb = self.verb("tr")
        phrase.relative_object = self.noun_phrase()

    def main_object(self, clause: Clause) -> None:
        clause.verb = self.verb("tr")
        clause.object = self.noun_phrase()

    def subordinate(self, clause: Clause) -> None:
        clause.verb = self.verb("say")
        clause.subordinate = Subordinate(self.noun_phrase(), self.verb("intr"))

    def subordinate_object(self, sub: Subordinate) -> None:
        sub.verb = self.verb("tr")
        sub.object = self.noun_phrase()

    def coordinate(self, sentence: Sentence) -> None:
        sentence.conjunctions.append(self.pick(len(CONJUNCTIONS)))
        sentence.clauses.append(self.clause())

    def sentence(self, min_length: int, max_length: int) -> Sentence:
        while True:
            goal = int(self.rng.integers(min_length, max_length + 1))
            sentence = Sentence([self.clause()])
            length = 3
            while length < goal:
                options = [o for o in self.expansions(sentence) if length + o[0] <= max_length]
                if not options:
                    break
                added, action = options[self.pick(len(options))]
                action()
                length += added
            if length >= min_length:
                return sentence


ADJ = ADJECTIVES  # a short alias for the lambdas above


def _check_lengths(min_length: object, max_length: object) -> None:
    check_positive_int(min_length, "min_length")
    check_positive_int(max_length, "max_length")
    if not 3 <= min_length <= max_length:
        raise ValueError(
            "expected 3 <= min_length <= max_length (the shortest sentence has 3 words), "
            f"got min_length={min_length}, max_length={max_length}"
        )


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"expected seed to be a non-negative int, got {seed!r}")
    return seed


def sentences(
    count: int, *, seed: int, min_length: int = 3, max_length: int = 50
) -> list[Sentence]:
    """``count`` trees whose source lengths are about uniform on [min_length, max_length]."""
    check_positive_int(count, "count")
    _check_lengths(min_length, max_length)
    grower = _Grower(np.random.default_rng(_check_seed(seed)))
    return [grower.sentence(min_length, max_length) for _ in range(count)]


def language_pair(
    count: int, *, seed: int, min_length: int = 3, max_length: int = 50
) -> list[Pair]:
    """``count`` sentence pairs (source lengths in [min_length, max_length]), from ``seed``."""
    trees = sentences(count, seed=seed, min_length=min_length, max_length=max_length)
    return [render(tree) for tree in trees]


DEFAULT_BUCKETS = ((3, 10), (11, 20), (21, 30), (31, 40), (41, 50))


def test_buckets(
    per_bucket: int,
    *,
    seed: int,
    buckets: Sequence[tuple[int, int]] = DEFAULT_BUCKETS,
    exclude: Iterable[Sequence[str]] = (),
) -> dict[tuple[int, int], list[Pair]]:
    """Test sets bucketed by source length: ``per_bucket`` pairs in each (low, high) range.

    Pairs whose source is in ``exclude`` (e.g. the training sources) are skipped, so a
    test sentence is never one the model was trained on; so are repeats within a bucket.
    """
    check_positive_int(per_bucket, "per_bucket")
    _check_seed(seed)
    excluded = {tuple(s) for s in exclude}
    result = {}
    for b, (low, high) in enumerate(buckets):
        _check_lengths(low, high)
        grower = _Grower(np.random.default_rng([seed, b]))
        pairs: list[Pair] = []
        seen = set(excluded)
        attempts = 0
        while len(pairs) < per_bucket:
            attempts += 1
            if attempts > 100 * per_bucket + 1000:
                raise ValueError(
                    f"could not draw {per_bucket} unseen pairs of {low} to {high} words; "
                    "ask for fewer or exclude fewer"
                )
            pair = render(grower.sentence(low, high))
            if pair.source not in seen:
                seen.add(pair.source)
                pairs.append(pair)
        result[(low, high)] = pairs
    return result


test_buckets.__test__ = False  # not a pytest test, despite its name


# ---------------------------------------------------------------------------------------
# Parsing either side back into the tree, checking every agreement on the way.


class ParseError(ValueError):
    """A sentence that the grammar does not generate."""


class _Parser:
    def __init__(self, words: Sequence[str], table: dict[str, tuple], side: str) -> None:
        self.words = list(words)
        self.table = table
        self.side = side
        self.at = 0
        unknown = [w for w in self.words if w not in table]
        if unknown:
            self.fail(f"unknown {side} word(s) {unknown}")

    def fail(self, message: str) -> None:
        sentence = " ".join(self.words)
        raise ParseError(f"{self.side} sentence {sentence!r}, word {self.at}: {message}")

    def peek(self) -> tuple | None:
        return self.table[self.words[self.at]] if self.at < len(self.words) else None

    def category(self) -> str | None:
        entry = self.peek()
        return None if entry is None else entry[0]

    def take(self, category: str) -> tuple:
        entry = self.peek()
        if entry is None or entry[0] != category:
            found = "the end" if entry is None else repr(self.words[self.at])
            self.fail(f"expected {category}, found {found}")
        self.at += 1
        return entry

    def verb(self, kinds: Sequence[str]) -> tuple:
        entry = self.take("verb")
        if verb_kind(entry[1]) not in kinds:
            self.fail(f"expected a verb of kind {'/'.join(kinds)}, got {VERBS[entry[1]]!r}")
        return entry

    def agree(self, got: object, want: object, what: str) -> None:
        if got != want:
            self.at -= 1
            self.fail(f"{what} does not agree: {got} against {want}")

    def end(self) -> None:
        if self.at != len(self.words):
            self.fail("expected the end of the sentence")

    def sentence(self) -> Sentence:
        """Clauses joined by conjunctions, the same on both sides (each side's parser has
        its own ``clause``)."""
        sentence = Sentence([self.clause()])
        while self.category() == "conj":
            sentence.conjunctions.append(self.take("conj")[1])
            sentence.clauses.append(self.clause())
        self.end()
        return sentence


class _SourceParser(_Parser):
    def noun_phrase(self, level: int) -> NounPhrase:
        _, indefinite, det_plural = self.take("det")
        adjectives = []
        while self.category() == "adj":
            adjectives.append(self.take("adj")[1])
        _, noun, plural = self.take("noun")
        if indefinite:
            self.agree(plural, det_plural, "indefinite determiner and noun")
        phrase = NounPhrase(noun, plural, not indefinite, adjectives)
        if len(adjectives) > 3:
            self.fail("more than three adjectives")
        if level >= 1 and self.category() == "prep":
            phrase.preposition = self.take("prep")[1]
            phrase.attached = self.noun_phrase(0)
        if level == 2 and self.category() == "that":
            self.take("that")
            _, verb, verb_plural = self.verb(("tr", "intr"))
            self.agree(verb_plural, plural, "relative verb and its noun")
            phrase.relative_verb = verb
            if verb_kind(verb) == "tr":
                phrase.relative_object = self.noun_phrase(0)
        return phrase

    def clause(self) -> Clause:
        subject = self.noun_phrase(2)
        _, verb, plural = self.verb(("tr", "intr", "say"))
        self.agree(plural, subject.plural, "verb and subject")
        clause = Clause(subject, verb)
        kind = verb_kind(verb)
        if kind == "tr":
            clause.object = self.noun_phrase(2)
        if kind != "say" and self.category() == "adv":
            clause.adverb = self.take("adv")[1]
        if kind == "say":
            self.take("that")
            sub_subject = self.noun_phrase(1)
            _, sub_verb, sub_plural = self.verb(("tr", "intr"))
            self.agree(sub_plural, sub_subject.plural, "subordinate verb and subject")
            clause.subordinate = Subordinate(sub_subject, sub_verb)
            if verb_kind(sub_verb) == "tr":
                clause.subordinate.object = self.noun_phrase(1)
        return clause


class _TargetParser(_Parser):
    def noun_phrase(self, level: int) -> NounPhrase:
        det = self.take("det")[2] if self.category() == "det" else None
        _, noun, agreement = self.take("noun")
        if det is not None:
            self.agree(det, agreement, "determiner and noun")
        adjectives = []
        while self.category() == "adj":
            _, adjective, adjective_agreement = self.take("adj")
            self.agree(adjective_agreement, agreement, "adjective and noun")
            adjectives.append(adjective)
        if len(adjectives) > 3:
            self.fail("more than three adjectives")
        phrase = NounPhrase(noun, agreement[1], det is not None, adjectives[::-1])
        if level >= 1 and self.category() == "prep":
            phrase.preposition = self.take("prep")[1]
            phrase.attached = self.noun_phrase(0)
        if level == 2 and self.category() == RELATIVE:
            self.take(RELATIVE)
            if self.category() == OBJECT_MARKER:
                self.take(OBJECT_MARKER)
                phrase.relative_object = self.noun_phrase(0)
                kinds = ("tr",)
            else:
                kinds = ("intr",)
            _, verb, verb_agreement = self.verb(kinds)
            self.agree(verb_agreement, agreement, "relative verb and its noun")
            phrase.relative_verb = verb
        return phrase

    def clause(self) -> Clause:
        subject = self.noun_phrase(2)
        _, verb, agreement = self.verb(("tr", "intr", "say"))
        self.agree(agreement, (subject.gender, subject.plural), "verb and subject")
        clause = Clause(subject, verb)
        kind = verb_kind(verb)
        if kind == "tr":
            clause.object = self.noun_phrase(2)
        if kind != "say" and self.category() == "adv":
            clause.adverb = self.take("adv")[1]
        if kind == "say":
            self.take(COMPLEMENTISER)
            sub_subject = self.noun_phrase(1)
            sub = Subordinate(sub_subject, -1)
            kinds = ("intr",)
            if self.category() == OBJECT_MARKER:
                self.take(OBJECT_MARKER)
                sub.object = self.noun_phrase(1)
                kinds = ("tr",)
            _, sub.verb, sub_agreement = self.verb(kinds)
            want = (sub_subject.gender, sub_subject.plural)
            self.agree(sub_agreement, want, "subordinate verb and subject")
            clause.subordinate = sub
        return clause


def parse_source(words: Sequence[str]) -> Sentence:
    """The tree of a source sentence; :class:`ParseError` if the grammar cannot make it."""
    return _SourceParser(words, SOURCE_WORDS, "source").sentence()


def parse_target(words: Sequence[str]) -> Sentence:
    """The tree of a target sentence, every agreement checked; :class:`ParseError` if not."""
    return _TargetParser(words, TARGET_WORDS, "target").sentence()


def translate(words: Sequence[str]) -> tuple[str, ...]:
    """The reference translation of a source sentence, by parsing and re-rendering it."""
    return render(parse_source(words)).target


def vocabulary_sizes() -> dict[str, int]:
    """How many word forms each side has."""
    return {"source": len(SOURCE_WORDS), "target": len(TARGET_WORDS)}
