"""Glicko-2 ratings from decided matches (the ratings helper's; a placeholder until it lands)."""


def rating_apply(*, match) -> None:
    """Bring both players' ratings in line with the match's current result."""
