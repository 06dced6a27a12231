"""Demo shots, written through the tracker as a scorekeeper would: hooperjay's Friday night broadcast
was scored while it ran (a run of five makes, a cold spell from three), so its summary, the profile's
career numbers and the API have something to show. Seeded with the broadcast, once."""

from apps.shots.services.tracker import shot_record

# (type, made, spot on the half-court diagram in thousandths, or None)
SHOTS = [
    ("free_throw", True, (500, 400)),
    ("free_throw", True, (500, 400)),
    ("free_throw", False, (500, 400)),
    ("three", False, (120, 250)),
    ("three", True, (500, 560)),
    ("mid_range", True, (300, 330)),
    ("layup_dunk", True, None),
    ("three", True, (880, 250)),
    ("free_throw", True, (500, 400)),
    ("three", False, (700, 520)),
    ("three", False, (60, 100)),
    ("mid_range", False, (650, 300)),
    ("layup_dunk", True, None),
]


def seed_shots(stream) -> None:
    """`stream` is live; its creator records every shot."""
    for code, made, spot in SHOTS:
        x, y = spot or (None, None)
        shot_record(stream=stream, by=stream.creator, shot_type=code, made=made, x=x, y=y)
