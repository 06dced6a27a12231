"""Terms into one regular expression.

A term is compiled letter by letter into "atoms": each letter accepts itself, its leetspeak
stand-ins and any repeats ("ass" is `[a4@]+[s$5]{2,}`, so "a$$$" matches and "as" does not), a
space accepts any separators or none, `*` accepts any letters. A term is a whole word unless a `*`
stands at its end: it must not have a letter just before or just after it, which is why
"classic", "assassin" and "Scunthorpe" pass. All terms go into one trie-shaped pattern (terms
that begin alike share their beginning), so a message costs one scan whatever the number of terms;
each term ends in an empty named group, and `match.lastgroup` tells which one matched.
(The library's links are regular expressions of their own: `matcher.py` runs them.)
"""

import re
from dataclasses import dataclass
from itertools import groupby

from apps.restrictions.automod.normalise import GLYPH, LOOKALIKES, SEPARATOR, normalise

# No letter just before / just after (digits and symbols are boundaries: "sh1t!" ends at the "!").
_WORD_START = r"(?<![^\W\d_])"
_WORD_END = r"(?![^\W\d_])"
_ANY_LETTERS = f"{GLYPH}*"
_ANY_SEPARATORS = f"{SEPARATOR}*"
# A stand-in written in a term means its letter ("n00b" is "noob"); "1" is read as i, and i
# accepts l's stand-ins too.
_LETTER_OF = {symbol: letter for letter, symbols in reversed(LOOKALIKES.items()) for symbol in symbols}
_LETTER_CLASS = {
    letter: "[" + re.escape(letter + LOOKALIKES.get(letter, "") + ("l" if letter == "i" else "")) + "]"
    for letter in "abcdefghijklmnopqrstuvwxyz"
}


@dataclass(frozen=True)
class Pattern:
    """One term to look for (with wildcards), and what a match of it answers."""

    key: object  # a library entry, a term's values
    text: str


def _letter_atoms(word: str) -> list[str]:
    atoms = []
    for char, run in groupby(_LETTER_OF.get(c, c) for c in word):
        count = len(list(run))
        if char in _LETTER_CLASS:
            atoms.append(_LETTER_CLASS[char] + ("+" if count == 1 else f"{{{count},}}"))
        elif char.isspace():
            atoms.append(_ANY_SEPARATORS)
        else:
            atoms.append(re.escape(char) * count)
    return atoms


def term_atoms(text: str) -> list[str]:
    """The atoms of one term, boundaries included; empty for a term with nothing to match."""
    body = " ".join(normalise(text).split())
    core = body.strip("*")
    if not any(c.isalnum() for c in core):
        return []
    atoms = [] if body.startswith("*") else [_WORD_START]
    for index, part in enumerate(core.split("*")):
        if index:
            atoms.append(_ANY_LETTERS)
        atoms.extend(_letter_atoms(part))
    if not body.endswith("*"):
        atoms.append(_WORD_END)
    return atoms


class _Node:
    __slots__ = ("children", "leaf")

    def __init__(self):
        self.children: dict[str, _Node] = {}
        self.leaf: str | None = None

    def render(self) -> str:
        branches = [atom + child.render() for atom, child in self.children.items()]
        if self.leaf:
            branches.append(f"(?P<{self.leaf}>)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


@dataclass
class Compiled:
    """The combined pattern and what each of its named groups stands for."""

    regex: re.Pattern | None
    keys: dict[str, object]

    def search(self, text: str, pos: int = 0):
        """(match, key) of the first match from `pos`, or None."""
        if self.regex is None:
            return None
        match = self.regex.search(text, pos)
        return (match, self.keys[match.lastgroup]) if match else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.regex.finditer(text)] if self.regex else []


def compile_patterns(patterns) -> Compiled:
    """One regex for all `patterns`; the first of two that compile alike wins."""
    root, keys = _Node(), {}
    for index, pattern in enumerate(patterns):
        atoms = term_atoms(pattern.text)
        if not atoms:
            continue
        node = root
        for atom in atoms:
            node = node.children.setdefault(atom, _Node())
        if node.leaf:
            continue
        node.leaf = name = f"t{index}"
        keys[name] = pattern.key
    return Compiled(re.compile(root.render()) if keys else None, keys)
