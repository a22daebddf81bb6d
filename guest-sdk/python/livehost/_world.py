"""The component's exports (`info`, `live-method`, `before-next`) for the
experiment module `livehost build` was given: oTree-style pages and live
methods on top of the WIT world."""

import traceback

import wit_world
from componentize_py_types import Err
from wit_world.imports import types

from . import _host, _json
from ._models import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from ._pages import Page, WaitPage


class App:
    """The experiment module, checked once when the component is built."""

    def __init__(self, module):
        self.module = module
        c = getattr(module, "C", None)
        if c is None or not isinstance(c, type):
            raise TypeError("the experiment must define class C(BaseConstants) with PLAYERS_PER_GROUP and NUM_ROUNDS")
        self.constants = c
        pages = getattr(module, "page_sequence", None)
        if not pages or not all(isinstance(p, type) and issubclass(p, Page) for p in pages):
            raise TypeError("the experiment must define page_sequence = [...], a list of its Page classes")
        self.pages = {p.__name__: p for p in pages}
        self.page_list = list(pages)
        for p in pages:
            live = p.__dict__.get("live_method")
            if live is not None and not callable(getattr(p, "live_method")):
                raise TypeError(f"page {p.__name__}: live_method must be a function (player, data)")
        self.group_class = self._subclass("Group", BaseGroup)
        self.player_class = self._subclass("Player", BasePlayer)
        self.subsession_class = self._subclass("Subsession", BaseSubsession)

    def _subclass(self, name, base):
        cls = getattr(self.module, name, None)
        if isinstance(cls, type) and issubclass(cls, base):
            return cls
        return base

    def group(self):
        return self.group_class()

    def player(self, id_in_group):
        return self.player_class(id_in_group)

    def session(self):
        return self.subsession_class()


_app = None


def serve(module):
    """Registers the experiment module (called by the generated main)."""
    global _app
    _app = App(module)


def _one_line(e):
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}".rstrip(": ")


def _fail(e):
    # The sender gets the first line; the host logs the rest, the traceback
    # with files and lines. componentize-py mounts the experiment's folder
    # as /2 and the SDK as /1: name them as the researcher knows them.
    trace = traceback.format_exc().replace('File "/2/', 'File "').replace('File "/1/', 'File "sdk:')
    raise Err(_one_line(e) + "\n" + trace)


class WitWorld(wit_world.WitWorld):
    def info(self):
        c = _app.constants
        pages = []
        for p in _app.page_list:
            kind = {"live": types.PageKind.LIVE, "wait": types.PageKind.WAIT}.get(p._kind, types.PageKind.NORMAL)
            pages.append(types.Page(name=p.__name__, body=p._body, kind=kind, next_button=bool(p.next_button)))
        return types.ExperimentInfo(
            name=str(getattr(c, "NAME_IN_URL", BaseConstants.NAME_IN_URL)),
            players_per_group=int(getattr(c, "PLAYERS_PER_GROUP", None) or 1),
            rounds=int(getattr(c, "NUM_ROUNDS", 1)),
            pages=pages,
        )

    def live_method(self, page, player, data):
        return _serve(player, lambda: _live(page, player, data))

    def before_next(self, page, player, form):
        return _serve(player, lambda: _check(page, player, form))


def _serve(player, f):
    """Runs `f` as the call of `player`: the experiment's exceptions become
    one line for the sender (and a traceback on stderr for the host)."""
    _host.begin(_app, player)
    try:
        return f()
    except Err:
        raise
    except Exception as e:
        _fail(e)
    finally:
        _host.begin(_app, None)


def _app_now():
    return _app


def _messages(result):
    """A live method's (or a yield's) `{id: payload}`, list of pairs, or
    None, as the world's messages."""
    if result is None:
        return []
    if isinstance(result, dict):
        pairs = result.items()
    elif isinstance(result, list) and all(isinstance(p, tuple) and len(p) == 2 for p in result):
        # livehost's addition: several messages to one player.
        pairs = result
    else:
        raise TypeError(
            "live_method must return {id_in_group: payload}, a list of (id_in_group, payload) pairs, or None, "
            f"not {type(result).__name__}"
        )
    return [types.Message(to=int(k), payload=_json.dumps(v)) for k, v in pairs]


def _live(page, player, data):
    method = getattr(_app.pages.get(page), "live_method", None)
    if method is None:
        raise Err(f"page {page} has no live_method")
    return _messages(method(_app.player(player.id_in_group), _json.loads(data)))


def _check(page, player, form):
    check = getattr(_app.pages.get(page), "error_message", None)
    if check is None:
        return None
    text = check(_app.player(player.id_in_group), _json.loads(form))
    if text:
        raise Err(str(text))
    return None
