"""The probe's subscribers: they write down what they heard, once per delivery of each moment
(idempotent, as every subscriber is: a delivery may come twice)."""

from celery import shared_task

heard: dict[tuple, dict] = {}


@shared_task(name="event_probe.gift_sent")
def gift_sent(**payload) -> None:
    heard[("gift.sent", payload["gift_send_id"])] = payload


@shared_task(name="event_probe.stream_ended")
def stream_ended(**payload) -> None:
    heard[("stream.ended", payload["stream_id"])] = payload


@shared_task(name="event_probe.shot_recorded")
def shot_recorded(**payload) -> None:
    heard[("shot.recorded", payload["shot_id"])] = payload


@shared_task(name="event_probe.shot_undone")
def shot_undone(**payload) -> None:
    heard[("shot.undone", payload["shot_id"])] = payload
