"""The phoneme inventory shared by the synthetic corpus and TIMIT: the standard 39 classes.

TIMIT is transcribed with 61 phones; Lee & Hon (1989) folded them into 39 classes for
scoring, and that folding became the standard (closures, pauses and epenthetic silence
become ``sil``, ``ao`` joins ``aa``, ``zh`` joins ``sh``, reduced and syllabic variants
join their full forms). espeak-ng speaks with its own mnemonics (Kirshenbaum-like ASCII,
a different set per accent); :data:`ESPEAK_TO_39` folds each one onto the same 39 classes,
so a net trained on the synthetic corpus has the very output layer a TIMIT net has.

Frames need a label, but the 39-class folding *deletes* TIMIT's glottal stop ``q``;
we label its frames ``sil`` like the other closures (a documented choice of ours).
"""

from __future__ import annotations

# The 39 classes, in the order of the class indices.
PHONEMES = (
    "aa",
    "ae",
    "ah",
    "aw",
    "ay",
    "b",
    "ch",
    "d",
    "dh",
    "dx",
    "eh",
    "er",
    "ey",
    "f",
    "g",
    "hh",
    "ih",
    "iy",
    "jh",
    "k",
    "l",
    "m",
    "n",
    "ng",
    "ow",
    "oy",
    "p",
    "r",
    "s",
    "sh",
    "sil",
    "t",
    "th",
    "uh",
    "uw",
    "v",
    "w",
    "y",
    "z",
)
INDEX = {phoneme: index for index, phoneme in enumerate(PHONEMES)}

# TIMIT's 61 phones onto the 39 classes (Lee & Hon 1989; `q` onto `sil`, see above).
TIMIT_TO_39 = {
    **{p: p for p in PHONEMES if p != "sil"},
    "ao": "aa",
    "ax": "ah",
    "ax-h": "ah",
    "axr": "er",
    "el": "l",
    "em": "m",
    "en": "n",
    "nx": "n",
    "eng": "ng",
    "hv": "hh",
    "ix": "ih",
    "ux": "uw",
    "zh": "sh",
    "bcl": "sil",
    "dcl": "sil",
    "gcl": "sil",
    "pcl": "sil",
    "tcl": "sil",
    "kcl": "sil",
    "h#": "sil",
    "pau": "sil",
    "epi": "sil",
    "q": "sil",
}
TIMIT_61 = tuple(sorted(TIMIT_TO_39))

# espeak-ng's English mnemonics (stress marks removed) onto the 39 classes. The accents
# the corpus uses are en-us, en-us-nyc, en (British), en-gb-x-rp, en-gb-scotland, en-029
# (Caribbean); an r-coloured or centring diphthong that espeak-ng speaks as one segment
# takes the class of its first vowel, as TIMIT transcribers would write the vowel before
# an `r` they mark separately.
ESPEAK_TO_39 = {
    # stops, flaps and affricates
    "p": "p",
    "b": "b",
    "t": "t",
    "t2": "t",
    "t[": "t",
    "d": "d",
    "d[": "d",
    "k": "k",
    "g": "g",
    "t#": "dx",
    "d#": "dx",
    "tS": "ch",
    "dZ": "jh",
    "?": "sil",
    # fricatives
    "f": "f",
    "v": "v",
    "T": "th",
    "D": "dh",
    "s": "s",
    "z": "z",
    "S": "sh",
    "Z": "sh",
    "h": "hh",
    "x": "hh",
    # nasals, liquids, glides (`@L` is syllabic l, `;` espeak-ng's palatal glide)
    "m": "m",
    "n": "n",
    "N": "ng",
    "m-": "m",
    "n-": "n",
    "l": "l",
    "@L": "l",
    "r": "r",
    "r-": "r",
    "w": "w",
    "w#": "w",
    "j": "y",
    ";": "y",
    # vowels
    "@": "ah",
    "@2": "ah",
    "@5": "ah",
    "@-": "ah",
    "a#": "ah",
    "V": "ah",
    "3": "er",
    "3:": "er",
    "VR": "er",
    "IR": "er",
    "@r": "er",
    "a": "ae",
    "aa": "ae",
    "A:": "aa",
    "A@": "aa",
    "0": "aa",
    "O": "aa",
    "O:": "aa",
    "O2": "aa",
    "O@": "aa",
    "o@": "aa",
    "E": "eh",
    "e@": "eh",
    "eI": "ey",
    "e": "ey",
    "I": "ih",
    "I2": "ih",
    "I#": "ih",
    "i@3": "ih",
    "i": "iy",
    "i:": "iy",
    "i@": "iy",
    "U": "uh",
    "U@": "uh",
    "u:": "uw",
    "u": "uw",
    "aI": "ay",
    "aI2": "ay",
    "aI@": "ay",
    "aU": "aw",
    "aU@": "aw",
    "oU": "ow",
    "@U": "ow",
    "o": "ow",
    "OI": "oy",
}
STRESS_MARKS = "',%="  # espeak-ng's primary, secondary, unstressed and syllabic marks


def folding_table() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """One row per class: (class, the espeak-ng mnemonics, the TIMIT phones folded onto it).

    The table a chapter shows to document the inventory; espeak-ng's pauses (``_``,
    ``_:``, ...) also fold onto ``sil``.
    """
    return [
        (
            phoneme,
            tuple(sorted(m for m, c in ESPEAK_TO_39.items() if c == phoneme)),
            tuple(sorted(p for p, c in TIMIT_TO_39.items() if c == phoneme)),
        )
        for phoneme in PHONEMES
    ]


def fold_espeak(mnemonic: str) -> str:
    """The class of an espeak-ng phoneme event: stress marks dropped, pauses `_...` as sil."""
    bare = mnemonic.lstrip(STRESS_MARKS)
    if bare.startswith("_"):
        return "sil"
    try:
        return ESPEAK_TO_39[bare]
    except KeyError:
        raise ValueError(
            f"espeak-ng phoneme {mnemonic!r} has no class in ESPEAK_TO_39 "
            "(lstm/data/phonemes.py): add it to the folding table"
        ) from None


def fold_timit(phone: str) -> str:
    """The class of one of TIMIT's 61 phones."""
    try:
        return TIMIT_TO_39[phone]
    except KeyError:
        raise ValueError(f"{phone!r} is not one of TIMIT's 61 phones") from None
