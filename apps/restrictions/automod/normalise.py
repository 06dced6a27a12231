"""Text as the matcher reads it: what people do to slip a word past a filter, undone.

`normalise` handles what is the same whatever the word: accents and letter case, look-alike
letters from other scripts, invisible characters, and letters spelled out one at a time with
separators between them ("f.u.c.k", "f u c k"). Leetspeak (4 for a, 0 for o, ...) and repeated
letters are left in the text: the compiled terms accept them (`compiler.py`), so a digit or a "!"
that is only a digit or a mark stays one, and "shit!" still ends where the word ends.
"""

import re
import unicodedata

# Characters that stand for a letter in leetspeak, by the letter they stand for. "1", "!" and "|"
# can each be i or l; the compiler lets both letters accept them.
LOOKALIKES: dict[str, str] = {
    "a": "4@",
    "b": "8",
    "e": "3",
    "g": "9",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "$5",
    "t": "7+",
    "z": "2",
}
# Symbols that may stand inside a word as a letter (the digits are word characters already).
LETTER_SYMBOLS = "@$!|+"

# Letters of other scripts that look like Latin ones and that NFKD leaves alone (Cyrillic, Greek).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g",
        "α": "a", "ε": "e", "ι": "i", "κ": "k", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    }
)  # fmt: skip

# One glyph of a word: a letter, a digit or a letter-symbol; a separator is anything else.
GLYPH = rf"(?:[^\W_]|[{re.escape(LETTER_SYMBOLS)}])"
SEPARATOR = rf"(?:[^\w{re.escape(LETTER_SYMBOLS)}]|_)"
# Three or more single glyphs each followed by one to three separators: "f.u.c.k", "f u c k".
_SPELLED_OUT = re.compile(
    rf"(?<![^\W_])(?<![{re.escape(LETTER_SYMBOLS)}])(?:{GLYPH}{SEPARATOR}{{1,3}}){{2,}}{GLYPH}(?!{GLYPH})"
)
_SEPARATORS = re.compile(rf"{SEPARATOR}+")


def _join(match: re.Match) -> str:
    return _SEPARATORS.sub("", match.group())


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks (accents) and format characters (zero-width spaces and joiners) go.
    return "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def normalise(text: str) -> str:
    """Lower-case, accent-free text with look-alike letters mapped and spelled-out words joined."""
    # ASCII text has no accents, other scripts or invisible characters to undo.
    folded = text.lower() if text.isascii() else _strip_marks(text).casefold().translate(_CONFUSABLES)
    return _SPELLED_OUT.sub(_join, folded)
