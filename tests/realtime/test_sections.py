"""Socket sections: a subject's sockets are assembled from what apps register, for any subject.

A tournament bracket stands in for the subjects to come: its consumer knows only how to load a
bracket and who may watch it; its welcome, its client frame and its question come from a section.
"""

import ast
import json
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.exceptions import ImproperlyConfigured
from django.urls import path

from apps.core.exceptions import ApplicationError, NotFound
from apps.realtime import sections
from apps.realtime.broadcast import broadcast
from apps.realtime.consumers import SubjectConsumer
from apps.realtime.protocol import Code
from apps.realtime.sections import Section, register
from apps.streaming.sockets import STREAM

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]

BRACKET = "bracket-under-test"
APPS = Path(__file__).resolve().parents[2] / "apps"


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """The registry as the apps left it, restored after each test."""
    monkeypatch.setattr(sections, "_subjects", dict(sections._subjects))


class BracketConsumer(SubjectConsumer):
    subject_name = BRACKET

    async def get_groups(self) -> list[str]:
        return [f"bracket.{self.scope['url_route']['kwargs']['bracket_id']}"]

    def load_subject(self):
        bracket_id = self.scope["url_route"]["kwargs"]["bracket_id"]
        return {"id": bracket_id, "round": 2} if bracket_id < 100 else None

    def admission_problem(self, bracket):
        return None if bracket else NotFound("No such bracket.")


entered: list[tuple[int, dict]] = []


class BracketSection(Section):
    may = {"enter": lambda bracket, user: NotFound("Entries are closed.", code="entries_closed")}

    def welcome(self, bracket):
        yield Code.BRACKET_UPDATE, {"id": bracket["id"], "round": bracket["round"]}

    def handle_PJ(self, bracket, user, data: dict) -> None:
        if not data.get("seed"):
            raise ApplicationError("Pick a seed.", code="seed_required")
        entered.append((bracket["id"], data))


async def _bracket_socket(bracket_id: int) -> WebsocketCommunicator:
    application = URLRouter([path("ws/brackets/<int:bracket_id>/", BracketConsumer.as_asgi())])
    socket = WebsocketCommunicator(application, f"/ws/brackets/{bracket_id}/")
    connected, _ = await socket.connect()
    assert connected
    return socket


async def test_a_new_subject_is_assembled_from_its_sections():
    register(BRACKET, BracketSection())
    socket = await _bracket_socket(7)
    welcome = await socket.receive_json_from()
    assert [(f["t"], f["d"]) for f in welcome["d"]] == [
        ("BU", {"id": 7, "round": 2}),
        ("MY", {"enter": {"code": "entries_closed", "detail": "Entries are closed."}}),
    ]
    await socket.send_json_to({"t": "PJ", "d": {}})  # the section's handler, its error as an ER frame
    assert (await socket.receive_json_from())["d"] == {"code": "seed_required", "detail": "Pick a seed."}
    await socket.send_json_to({"t": "PJ", "d": {"seed": 3}})
    await socket.send_json_to({"t": "HB"})
    assert (await socket.receive_json_from())["t"] == "HB"
    assert entered == [(7, {"seed": 3})]
    await socket.send_json_to({"t": "CM", "d": {"content": "hi"}})  # the stream's sections are not the bracket's
    assert (await socket.receive_json_from())["d"]["code"] == "unknown_type"
    await socket.disconnect()


async def test_a_frame_sent_with_refresh_follows_each_sockets_own_frames():
    """The group frame stays one shared frame; each socket's MY comes just before it."""
    register(BRACKET, BracketSection())
    sockets = [await _bracket_socket(8) for _ in range(2)]
    for socket in sockets:
        await socket.receive_json_from()
    await sync_to_async(broadcast)("bracket.8", Code.BRACKET_UPDATE, {"id": 8, "round": 3}, refresh=True)
    received = [[await socket.receive_from(), await socket.receive_from()] for socket in sockets]
    for own, shared in received:
        assert json.loads(own)["t"] == "MY"
        assert json.loads(shared)["t"] == "BU"
    assert received[0][1] == received[1][1]  # the same text, timestamp and all: encoded once
    for socket in sockets:
        await socket.disconnect()


def test_each_client_frame_and_question_has_one_owner():
    register(BRACKET, BracketSection())

    class Impostor(Section):
        def handle_PJ(self, bracket, user, data):
            pass

    class Asker(Section):
        may = {"enter": lambda bracket, user: None}

    for section in (Impostor(), Asker()):
        with pytest.raises(ImproperlyConfigured):
            register(BRACKET, section)


def test_an_app_that_registers_again_replaces_its_section():
    """An app's ready() runs again when the installed apps change: its section is not doubled."""
    register(BRACKET, BracketSection())
    register(BRACKET, BracketSection())
    bracket = sections._subjects[BRACKET]
    assert len(bracket.sections) == 1
    assert bracket.handlers["PJ"].__self__ is bracket.sections[0]


def test_the_stream_socket_is_made_of_the_apps_sections():
    registered = sections._subjects[STREAM]
    assert {type(s).__module__ for s in registered.sections} == {
        "apps.streaming.sockets",
        "apps.gifting.sockets",
        "apps.pk.sockets",
        "apps.devices.sockets",
        "apps.shots.sockets",
        "apps.shots.challenge_sockets",
        "apps.predictions.sockets",
    }
    assert set(registered.handlers) == {"CM", "CD", "PD"}
    assert list(registered.questions) == ["watch", "chat", "gift"]


def _imported_apps(module: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("apps.")}


@pytest.mark.parametrize(
    "module", ["streaming/consumers.py", "streaming/sockets.py", *(p.name for p in (APPS / "realtime").glob("*.py"))]
)
def test_the_stream_socket_imports_none_of_the_apps_above_streaming(module):
    source = APPS / module if "/" in module else APPS / "realtime" / module
    assert _imported_apps(source).isdisjoint({"devices", "gifting", "pk"})
