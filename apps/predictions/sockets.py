"""Predictions' section of the stream socket: the prediction on show (`PR`) in the welcome, and
whether the socket's user may claim their bonus now (`claim` in `MY`, with `claim_at` when not)."""

from apps.predictions import events, rules, selectors
from apps.realtime.protocol import Code
from apps.realtime.sections import Section


class PredictionsSection(Section):
    may = {"claim": rules.claim_problem}

    def welcome(self, stream):
        if prediction := selectors.current_prediction(stream):
            yield Code.PREDICTION, events.prediction_payload(prediction)
