"""Socket sections: what each app adds to a kind of socket, registered the way pages are.

A socket subject (`stream` today: `/ws/streams/<id>/`; a tournament's bracket or a moderation desk
later) is named by a string. Its consumer (a `SubjectConsumer`) loads the subject, says who may be
there and joins its group; everything else its sockets say and answer comes from the sections apps
register for that name in their AppConfig.ready(), so the consumer imports none of those apps:

- `welcome(subject)`: the frames a socket gets first, and every socket of the group again after a
  channel-layer outage (`RS`). A function of the subject alone: one read serves every socket.
- `may`: questions about the socket's user ("chat", "gift", ...), each answered by a rule
  `(subject, user) -> ApplicationError | None`. The answers go to that socket alone, in its `MY`
  frame: with the welcome, after a recheck, and before each group frame sent with `refresh`.
- `handle_<CODE>(subject, user, data)`: a client frame the section answers. It runs on the
  database thread; an ApplicationError it raises goes back to the client as an `ER` frame.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

from apps.core.memo import remembering
from apps.realtime.hub import batch_text
from apps.realtime.protocol import Code, encode_frame

# (subject, user) -> an application error (with `code` and `detail`) or None.
Rule = Callable[[Any, Any], Any]
HANDLER_PREFIX = "handle_"


class Section:
    """Override what the app adds; the base adds nothing."""

    may: ClassVar[Mapping[str, Rule]] = {}

    def welcome(self, subject) -> Iterable[tuple[Code, dict | list]]:
        return ()


def _handlers(section: Section) -> dict[str, Callable[[Any, Any, dict], None]]:
    return {
        name.removeprefix(HANDLER_PREFIX): getattr(section, name)
        for name in dir(section)
        if name.startswith(HANDLER_PREFIX)
    }


class _Subject:
    """The sections of one subject, with their handlers and questions indexed once."""

    def __init__(self):
        self.sections: list[Section] = []
        self.handlers: dict[str, Callable[[Any, Any, dict], None]] = {}
        self.questions: dict[str, Rule] = {}

    def add(self, section: Section) -> None:
        """Index `section`. The same kind of section again takes the first one's place: an app's
        ready() runs again whenever the installed apps change (Django's test overrides do that)."""
        others = [other for other in self.sections if type(other) is not type(section)]
        taken_handlers = {code for other in others for code in _handlers(other)}
        taken_questions = {name for other in others for name in other.may}
        for kind, taken, new in (
            ("client frame", taken_handlers, _handlers(section)),
            ("question", taken_questions, section.may),
        ):
            if clash := taken & new.keys():
                raise ImproperlyConfigured(f"Another section already answers the {kind} {sorted(clash)[0]!r}.")
        self.sections = [section if type(other) is type(section) else other for other in self.sections]
        if section not in self.sections:
            self.sections.append(section)
        self.handlers = {code: handle for each in self.sections for code, handle in _handlers(each).items()}
        self.questions = {name: rule for each in self.sections for name, rule in each.may.items()}


_subjects: dict[str, _Subject] = {}


def register(subject: str, section: Section) -> None:
    """Add `section` to the sockets of `subject`. Each client code and each question has one owner."""
    _subjects.setdefault(subject, _Subject()).add(section)


def _of(subject: str) -> _Subject:
    return _subjects.get(subject) or _Subject()


def handler(subject: str, code: str) -> Callable[[Any, Any, dict], None] | None:
    return _of(subject).handlers.get(code)


def welcome_batch(subject: str, value, *, resync: bool = False, extra: Iterable[str] = ()) -> str:
    """Every section's welcome frames for `value` as one batch; after an outage led by `RS` (the
    page starts over from it). `extra`: encoded frames of this socket's own to add."""
    frames = [encode_frame(Code.RESYNC)] if resync else []
    for section in _of(subject).sections:
        frames += [encode_frame(code, data) for code, data in section.welcome(value)]
    return batch_text([*frames, *extra])


def may_frame(subject: str, value, user) -> str | None:
    """The `MY` frame of `user` on `value`: each question's answer, None or {code, detail} with the
    error's extra fields (a timeout's `until` and `reason`). None when the subject asks nothing."""
    questions = _of(subject).questions
    if not questions:
        return None
    answers = {}
    with remembering():  # questions that read the same thing (the user's restrictions) read it once
        for name, rule in questions.items():
            error = rule(value, user)
            answers[name] = None if error is None else {"code": error.code, "detail": error.detail, **error.extra()}
    return encode_frame(Code.MAY, answers)
