"""The exports of the `async-experiment` world, for a module whose live
method is `async def` (oTree's `async def live_method ... yield`): each
`yield {id: payload}` is emitted at once (it leaves the host when the
current segment ends, at the next await), and `await sleep(ms)` waits while
the group's other messages are served."""

import inspect

import wit_world
from componentize_py_types import Err
from wit_world.imports import live

from . import _host, _json
from ._world import WitWorld, _app_of, _fail, _messages, live_call


class AsyncWitWorld(wit_world.WitWorld):
    def info(self):
        return WitWorld.info(self)

    async def live_method(self, page, player, data):
        app = _app_of(page)
        _host.begin(app, player)
        try:
            result = live_call(app, page, player.id_in_group, _json.loads(data))
            if inspect.isasyncgen(result):
                async for item in result:
                    for message in _messages(item):
                        live.emit(message)
                _host.flush()
                return []
            if inspect.iscoroutine(result):
                result = await result
            _host.flush()
            return _messages(result)
        except Err:
            raise
        except Exception as e:
            _fail(e)
        finally:
            _host.begin(None, None)

    def before_next(self, page, player, form):
        return WitWorld.before_next(self, page, player, form)
