"""The bridge to the host: the WIT imports (state, log, group), the call in
progress, and the experiment module being served."""

from componentize_py_types import Err
from wit_world.imports import group as _group
from wit_world.imports import log as _log
from wit_world.imports import state as _state
from wit_world.imports import types as _types

SESSION = _types.Owner_Session()
GROUP = _types.Owner_Group()


def player(id_in_group):
    return _types.Owner_Player(id_in_group)


def participant(id_in_group):
    return _types.Owner_Participant(id_in_group)


class _Context:
    caller = None
    app = None


_context = _Context()


def begin(app, caller):
    _context.app = app
    _context.caller = caller


def caller():
    if _context.caller is None:
        raise RuntimeError("state is only available during live_method and error_message")
    return _context.caller


def app():
    return _context.app


class HostError(Exception):
    """An error the host returned (a limit, a bad key): its text."""


def _call(f, *args):
    try:
        return f(*args)
    except Err as e:
        raise HostError(e.value) from None


def get(owner, key):
    caller()
    return _call(_state.get, owner, key)


def set(owner, key, value):
    caller()
    _call(_state.set, owner, key, value)


def append(table, fields):
    caller()
    return _call(_log.append, table, fields)


def query(table):
    caller()
    return _call(_log.query, table, _types.RowFilter(id_in_group=None, round=None))


def players():
    caller()
    return _group.players()


async def sleep(ms):
    """Waits `ms` milliseconds in an `async def live_method`: the segment
    ends here (its writes committed, its yields delivered) and the group's
    other messages are served meanwhile."""
    from wit_world.imports import io

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
    try:
        r = await io.http_fetch(io.Request(method=method, url=url, headers=headers, body=bytes(body)))
    except Err as e:
        raise HostError(e.value) from None
    return Response(r.status, r.headers, r.body)
