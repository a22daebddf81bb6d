"""The bridge to the host: the WIT imports (state, log, group, subsession),
the call in progress, and the experiment module being served.

Values read from the host that Python code may change in place (a list in
`participant.vars`) are tracked for the call and written back when it
ends (`flush`), as oTree saves them at the end of a request."""

import os as _os
import random as _random

from componentize_py_types import Err
from wit_world.imports import group as _group
from wit_world.imports import log as _log
from wit_world.imports import state as _state
from wit_world.imports import subsession as _subsession
from wit_world.imports import types as _types

SESSION = _types.Owner_Session()
GROUP = _types.Owner_Group()


def player_at(participant_id, round_number):
    """The player of participant `participant_id` in round `round_number` of
    the call's app."""
    return _subsession.Whose_Player((participant_id, round_number))


def group_at(number, round_number):
    return _subsession.Whose_Group((number, round_number))


def participant_at(participant_id):
    return _subsession.Whose_Participant(participant_id)


class _Context:
    caller = None
    app = None
    # The round of a hook's call (creating_session, after_all_players_arrive).
    round = None
    # Per call: each round's groups, and the values to write back.
    groups = None
    tracked = None


_context = _Context()


def begin(app, caller, round_number=None):
    """Starts (or, with app None, ends) a call for `caller` (a WIT player;
    None in a hook, which has `round_number`). Python's `random` is seeded
    from the host's randomness, which is the call's own (its seed is in
    the message log): the module's state was fixed when the component was
    built, and would repeat in every instance."""
    if app is not None:
        _random.seed(_os.urandom(16))
    _context.app = app
    _context.caller = caller
    _context.round = caller.round if caller is not None else round_number
    _context.groups = {}
    _context.tracked = []


def caller():
    if _context.caller is None:
        raise RuntimeError("there is no player calling here: this runs for the whole round")
    return _context.caller


def current_round():
    if _context.round is None:
        raise RuntimeError("state is only available while the host calls the experiment")
    return _context.round


def app():
    return _context.app


def groups(round_number):
    """The groups of a round of the call's app, each a list of WIT players
    by id in group (read once per call)."""
    found = _context.groups.get(round_number) if _context.groups is not None else None
    if found is None:
        found = _call(_subsession.groups, round_number)
        if _context.groups is not None:
            _context.groups[round_number] = found
    return found


def participant_code(participant_id):
    """A participant's secret code (see the `subsession` import)."""
    return _call(_subsession.participant_code, participant_id)


def session_code():
    return _subsession.session_code()


def set_groups(round_number, rows):
    """Sets a round's groups (creating_session only); later reads of the
    round's groups in this call see them."""
    current_round()
    _call(_subsession.set_groups, round_number, rows)
    if _context.groups is not None:
        _context.groups.pop(round_number, None)


def track(owner, key, value, text):
    """Writes `value` back at the end of the call if it changed from `text`
    (what the host holds)."""
    if _context.tracked is not None and isinstance(value, (list, dict)):
        _context.tracked.append((owner, key, value, text))


def flush():
    """Writes back the tracked values that changed during the call."""
    from . import _json

    tracked, _context.tracked = _context.tracked or [], []
    for owner, key, value, text in tracked:
        now = _json.dumps(value)
        if now != text:
            set(owner, key, now)


class HostError(Exception):
    """An error the host returned (a limit, a bad key): its text."""


def _call(f, *args):
    try:
        return f(*args)
    except Err as e:
        raise HostError(e.value) from None


def _module(owner):
    return _subsession if isinstance(owner, _WHOSE) else _state


_WHOSE = (_subsession.Whose_Player, _subsession.Whose_Group, _subsession.Whose_Participant)


def get(owner, key):
    current_round()
    return _call(_module(owner).get, owner, key)


def set(owner, key, value):
    current_round()
    _call(_module(owner).set, owner, key, value)


def delete(owner, key):
    current_round()
    _call(_module(owner).delete, owner, key)


def append(table, fields, group=None):
    """Appends a row for the caller's group, or for `group` ((number,
    round) of the app); returns its id."""
    current_round()
    if group is not None:
        return _call(_log.append_for_group, table, group, fields)
    return _call(_log.append, table, fields)


def query(table, group=None):
    """The rows of the caller's group, of `group` ((number, round)), or,
    with group "all", of the whole session."""
    current_round()
    if group == "all":
        return _call(_log.query_all, table)
    if group is not None:
        return _call(_log.query_group, table, group)
    return _call(_log.query, table, _types.RowFilter(id_in_group=None, round=None))


def update_row(table, row_id, fields):
    current_round()
    _call(_log.update, table, row_id, fields)


def remove_row(table, row_id):
    current_round()
    _call(_log.remove, table, row_id)


def players():
    caller()
    return _group.players()


async def sleep(ms):
    """Waits `ms` milliseconds in an `async def live_method`: the segment
    ends here (its writes committed, its yields delivered) and the group's
    other messages are served meanwhile."""
    from wit_world.imports import io

    flush()
    await io.sleep(int(ms))


class Response:
    """An HTTP response whose body is read as it arrives."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self._body = body

    async def chunk(self):
        """The next part of the body (bytes), or None at its end. Each read
        is an await: the segment ends there."""
        from wit_world.imports import io

        if self._body is None:
            return None
        flush()
        try:
            data = await io.read_body(self._body, 64 * 1024)
        except Err as e:
            raise HostError(e.value) from None
        if data is None:
            self._body = None
        return data

    async def text(self):
        """The rest of the body as text."""
        parts = []
        while (part := await self.chunk()) is not None:
            parts.append(part)
        return b"".join(parts).decode("utf-8", errors="replace")


async def fetch(url, method="GET", headers=None, body=b"", json_body=None):
    """Sends an HTTP request from an `async def live_method` to a host on
    the session's allowlist (livehost adds the allowlist's secret headers)
    and waits for the response's status and headers."""
    import json as _json

    from wit_world.imports import io

    headers = list((headers or {}).items())
    if json_body is not None:
        body = _json.dumps(json_body).encode()
        headers.append(("content-type", "application/json"))
    if isinstance(body, str):
        body = body.encode()
    flush()
    try:
        r = await io.http_fetch(io.Request(method=method, url=url, headers=headers, body=bytes(body)))
    except Err as e:
        raise HostError(e.value) from None
    return Response(r.status, r.headers, r.body)
