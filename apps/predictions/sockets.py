"""Predictions' section of the stream socket: the prediction on show (`PR`) in the welcome.

The viewer's own points are not a `MY` question: every status refresh would read them once per
signed-in socket user. The page renders them, and `PT` keeps them current."""

from apps.predictions import events, selectors
from apps.realtime.protocol import Code
from apps.realtime.sections import Section


class PredictionsSection(Section):
    def welcome(self, stream):
        if prediction := selectors.current_prediction(stream):
            yield Code.PREDICTION, events.prediction_payload(prediction)
