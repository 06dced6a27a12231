"""1v1 challenges (the challenges helper's; a placeholder until it lands)."""


def challenge_match_completed(*, match) -> None:
    """Pay a decided challenge's pot."""
