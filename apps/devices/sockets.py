"""Devices' section of the stream socket: the stream's cameras (`AV`) in the welcome."""

from apps.devices import events, selectors
from apps.realtime.protocol import Code
from apps.realtime.sections import Section


class DevicesSection(Section):
    def welcome(self, stream):
        yield Code.ANGLES, events.angles_payload(selectors.stream_angles(stream=stream))
