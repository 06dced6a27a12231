"""The stream socket's subject, and streaming's own section of it: the stream's status (`ES`), its
viewer count (`VC`), its chat (`CM` history; client `CM` and `CD`), and whether the socket's user
may watch and chat (in `MY`). Other apps add theirs in their AppConfig.ready()."""

from apps.core.bounds import is_id
from apps.realtime.protocol import Code, ProtocolError
from apps.realtime.sections import Section
from apps.streaming import events, rules, selectors, services
from apps.streaming.models import ChatMessage

# The name sections register under for `/ws/streams/<id>/` (apps.streaming.consumers.StreamConsumer).
STREAM = "stream"


class StreamingSection(Section):
    may = {"watch": rules.watch_problem, "chat": rules.chat_problem}

    def welcome(self, stream):
        yield Code.EVENT_STATUS, events.status_payload(stream)
        yield Code.VIEWER_COUNT, events.viewer_count_payload(stream)
        if history := selectors.chat_history(stream=stream):
            team = selectors.team_ids(channel_id=stream.creator_id)
            for message in history:
                yield Code.CHAT_MESSAGE, events.message_payload(message, team=team)

    def handle_CM(self, stream, user, data: dict) -> None:
        services.chat_post(stream=stream, user=user, content=data.get("content"))

    def handle_CD(self, stream, user, data: dict) -> None:
        message_id = data.get("id")
        if not is_id(message_id):
            raise ProtocolError("bad_frame", 'CD needs the "id" of a message.')
        message = ChatMessage.objects.select_related("stream").filter(pk=message_id, stream=stream).first()
        if message is None:
            raise ProtocolError("not_found", "No such message in this stream.")
        services.chat_delete(message=message, by=user)
