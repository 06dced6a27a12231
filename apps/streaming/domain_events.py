"""What streaming tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `stream.started` (stream_id, creator_id): the stream went live.
- `stream.ended` (stream_id, creator_id): the stream ended (its creator, the silence watchdog, an
  abandoned encoder).

In the transaction:
- `stream_end_hooks`: each is called as `hook(stream=..., now=...)` inside stream_end's
  transaction, after the stream's row is locked and marked ended. For what must end in the same
  commit as the stream: a host whose stream ends leaves its PK battle (apps.pk) there, so no
  moment exists where the stream is over and its host still fights, and a lost event cannot leave
  the battle running until its clock ends it.
  Lock order: the stream's row, then each hook's rows in INSTALLED_APPS order (pk: the battle).
  Nothing that holds a row of a hook's app may then lock a stream row.
- `stream_settings`: settings of a stream that a higher app keeps in rows of its own (gifting:
  the donation goal). stream_create and stream_update take them beside the stream's own fields and
  hand them to the app inside their transaction, after the stream's row; the stream API reads and
  writes them with the stream's own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from apps.core.domain_events import AppHooks, Event

STREAM_STARTED = Event("stream.started", fields=("stream_id", "creator_id"))
STREAM_ENDED = Event("stream.ended", fields=("stream_id", "creator_id"))

stream_end_hooks = AppHooks("stream_end")


@dataclass(frozen=True)
class StreamSettings:
    # The names the services and the API take, e.g. ("donation_goal_title", "donation_goal_target").
    names: tuple[str, ...]
    # save(stream=, data=): `data` holds the given ones of `names`; raises an ApplicationError
    # (with its field) to refuse them, which undoes the whole create or update.
    save: Callable[..., None]
    # The API's input fields and read-only output fields, by name (new DRF fields on each call).
    input_fields: Callable[[], dict]
    output_fields: Callable[[], dict]
    # Relations the stream API selects with the stream, so its output reads no row per stream.
    select_related: tuple[str, ...] = ()


stream_settings = AppHooks("stream_settings")


def settings_names() -> set[str]:
    return {name for settings in stream_settings for name in settings.names}


def settings_fields(*, output: bool) -> dict:
    """The stream API's fields for the apps' settings: read-only `output` ones, or input ones."""
    fields = {}
    for settings in stream_settings:
        fields |= settings.output_fields() if output else settings.input_fields()
    return fields


def settings_select_related() -> list[str]:
    return [name for settings in stream_settings for name in settings.select_related]


def settings_save(stream, data: dict) -> None:
    """Hand each app its own of `data` (called inside stream_create and stream_update)."""
    for settings in stream_settings:
        if given := {name: data[name] for name in settings.names if name in data}:
            settings.save(stream=stream, data=given)
