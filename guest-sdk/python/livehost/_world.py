"""The component's exports (`info`, `live-method`, `before-next`, and
`pages`: files and show) for the experiment module `livehost build` was
given: oTree-style pages and live methods on top of the WIT world."""

import inspect
import json
import traceback

import wit_world
from componentize_py_types import Err
from wit_world.imports import types

from . import _host, _json
from ._models import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from ._pages import Page, WaitPage, other_templates
from ._template_vars import template_vars


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
        # oTree's display settings (settings.py of a project; the defaults
        # for a single app).
        self.settings = dict(getattr(module, "LIVEHOST_SETTINGS", None) or {})
        # Read now, while the component is built: a running component has
        # no files.
        self.page_templates = [(p.__name__, p._template) for p in self.page_list if p._template]
        self.other_templates = other_templates(module.__name__, {t for _, t in self.page_templates})

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
    cls = _app.pages.get(page)
    who = _app.player(player.id_in_group)
    check = getattr(cls, "error_message", None)
    if check is not None:
        text = check(who, _json.loads(form))
        if text:
            raise Err(str(text))
    _leave(page, player, False)
    return None


def _leave(page, player, timeout_happened):
    """oTree's before_next_page(player, timeout_happened), once the
    participant may leave `page`."""
    cls = _app.pages.get(page)
    if cls is None:
        raise Err(f"there is no page {page}")
    who = _app.player(player.id_in_group)
    attr = inspect.getattr_static(cls, "before_next_page", None)
    if attr is None:
        return None
    if isinstance(attr, staticmethod):
        attr.__func__(who, timeout_happened)
    elif callable(attr):
        page_self = _PageSelf(who)
        page_self.timeout_happened = timeout_happened
        attr(page_self)
    return None


class _PageSelf:
    """`self` of an oTree 3 page method (`def vars_for_template(self)`)."""

    def __init__(self, player):
        self.player = player
        self.participant = player.participant
        self.session = player.session
        self.subsession = _app.session()
        self.round_number = player.round_number

    @property
    def group(self):
        return self.player.group


def _hook(page, name, player, default):
    """Calls the page's method `name` for `player` as oTree does: a
    staticmethod (oTree 5) gets the player, a plain method (oTree 3) a
    page object with `.player`; a page without it gives `default`."""
    attr = inspect.getattr_static(page, name, None)
    if attr is None:
        return default
    if isinstance(attr, staticmethod):
        return attr.__func__(player)
    if isinstance(attr, classmethod):
        return attr.__func__(page, player)
    if callable(attr):
        return attr(_PageSelf(player))
    return attr


class Pages:
    """The `pages` export: the templates, and each page's view."""

    def files(self):
        from wit_world.exports import pages as wit_pages

        templates = [wit_pages.Template(name=n, text=t) for n, t in _app.other_templates]
        return wit_pages.PageFiles(
            page_templates=list(_app.page_templates), templates=templates, settings=_json.dumps(_app.settings)
        )

    def show(self, page, player):
        return _serve(player, lambda: _show(page, player))

    def timed_out(self, page, player, form):
        return _serve(player, lambda: _leave(page, player, True))


def _show(page_name, who):
    from wit_world.exports import pages as wit_pages

    page = _app.pages.get(page_name)
    if page is None:
        raise Err(f"there is no page {page_name}")
    player = _app.player(who.id_in_group)
    if not _hook(page, "is_displayed", player, True):
        return wit_pages.PageView(displayed=False, variables="{}", js_vars=None, timeout_seconds=None)
    extra = _hook(page, "vars_for_template", player, None)
    if extra is not None and not isinstance(extra, dict):
        raise TypeError(f"{page_name}.vars_for_template must return a dict, not {type(extra).__name__}")
    js = _hook(page, "js_vars", player, None)
    if js is not None and not isinstance(js, dict):
        raise TypeError(f"{page_name}.js_vars must return a dict, not {type(js).__name__}")
    variables = template_vars(_app, player, extra)
    timeout = _hook(page, "get_timeout_seconds", player, None)
    if timeout is None:
        timeout = getattr(page, "timeout_seconds", None)
    if timeout is not None and not isinstance(timeout, (int, float)):
        raise TypeError(f"{page_name}'s timeout must be a number of seconds, not {type(timeout).__name__}")
    return wit_pages.PageView(
        displayed=True,
        variables=json.dumps(variables),
        js_vars=None if js is None else json.dumps(_js_value(js)),
        timeout_seconds=None if timeout is None else float(timeout),
    )


def _js_value(v):
    """js_vars as JSON: currency as its number, as oTree sends it."""
    if isinstance(v, dict):
        return {str(k): _js_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_js_value(x) for x in v]
    if isinstance(v, float):
        return float(v)
    return v
