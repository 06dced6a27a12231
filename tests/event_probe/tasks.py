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
