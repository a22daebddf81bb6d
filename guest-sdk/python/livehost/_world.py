"""The component's exports (`info`, `live-method`, `before-next`,
`pages`: files, show, submit, timed-out, and `project`: describe,
app-after-page) for what `livehost build` was given: one app (a module, or
an app's folder), or an oTree project (a folder with settings.py and one
folder per app): oTree-style pages and live methods on top of the WIT
world.

In a project, each app's pages are named `<app>/<Page>` for the host, its
Player fields (and Subsession fields) are kept under `<app>.<field>` and
its ExtraModel tables are `<app>-<Model>`, so that apps never see each
other's; Participant and Session fields are shared by all apps, as in
oTree."""

import inspect
import json
import os
import traceback

import wit_world
from componentize_py_types import Err
from wit_world.imports import types

from . import _host, _json
from ._models import BaseConstants, BaseGroup, BasePlayer, BaseSession, BaseSubsession, Currency, Field
from ._pages import Page, WaitPage, other_templates
from ._template_vars import template_vars, value as value_json
from ._forms import FormField
from . import _format


class App:
    """An app's module, checked once when the component is built. In a
    project, `project` is true: its pages, fields and tables are named
    with the app's name (see above)."""

    def __init__(self, module, project=False, settings=None):
        module = _oTree3_app(module)
        self.module = module
        self.name = module.__name__.split(".")[0]
        self.prefix = f"{self.name}/" if project else ""
        self.key_prefix = f"{self.name}." if project else ""
        c = getattr(module, "C", None) or getattr(module, "Constants", None)
        if c is None or not isinstance(c, type):
            raise TypeError("the experiment must define class C(BaseConstants) with PLAYERS_PER_GROUP and NUM_ROUNDS")
        self.constants = c
        pages = getattr(module, "page_sequence", None)
        if not pages or not all(isinstance(p, type) and issubclass(p, Page) for p in pages):
            raise TypeError("the experiment must define page_sequence = [...], a list of its Page classes")
        self.pages = {self.prefix + p.__name__: p for p in pages}
        self.page_list = list(pages)
        for p in pages:
            live = p.__dict__.get("live_method")
            if live is not None and not isinstance(live, str) and not callable(getattr(p, "live_method")):
                raise TypeError(
                    f"page {p.__name__}: live_method must be a function (player, data), "
                    "or the name of a Group method (id_in_group, data) as in oTree 3"
                )
            if isinstance(live, str) and not callable(getattr(self._subclass("Group", BaseGroup), live, None)):
                raise TypeError(f"page {p.__name__}: live_method names {live!r}, which is not a method of Group")
        # None: one group of the whole session (0 for the host).
        self.group_size = _group_size(_constant(c, "PLAYERS_PER_GROUP"))
        self.rounds = _rounds(_constant(c, "NUM_ROUNDS"))
        self.group_class = self._subclass("Group", BaseGroup)
        self.player_class = self._subclass("Player", BasePlayer)
        self.subsession_class = self._subclass("Subsession", BaseSubsession)
        # oTree's display settings (settings.py of a project; the defaults
        # for a single app).
        self.settings = dict(settings if settings is not None else getattr(module, "LIVEHOST_SETTINGS", None) or {})
        # oTree's wait page texts: a wait page without a template of its
        # own that sets title_text or body_text gets one that shows them.
        for p in self.page_list:
            if issubclass(p, WaitPage) and not p._template:
                text = _wait_page_template(p, self.group_size)
                if text is not None:
                    p._template, p._body = f"{self.name}/{p.__name__}.html", text
        # Read now, while the component is built: a running component has
        # no files.
        self.page_templates = [(self.prefix + p.__name__, p._template) for p in self.page_list if p._template]
        self.other_templates = other_templates(module.__name__, {t for _, t in self.page_templates})
        # oTree's PARTICIPANT_FIELDS and SESSION_FIELDS: a project's
        # settings set them (then only those may be assigned); None: any.
        self.participant_fields = None
        self.session_fields = None
        self.app_after = [
            self.prefix + p.__name__ for p in self.page_list if inspect.getattr_static(p, "app_after_this_page", None)
        ]
        # oTree's creating_session: a function of the module (oTree 5) or a
        # method of Subsession (oTree 3).
        hook = getattr(module, "creating_session", None)
        if not callable(hook) and "creating_session" in vars(self.subsession_class):
            hook = self.subsession_class.creating_session
        self.creating_session = hook if callable(hook) else None
        self.wait_pages = [p for p in self.page_list if issubclass(p, WaitPage)]
        # oTree's admin report: the app's admin_report.html (or
        # AdminReport.html) with what vars_for_admin_report (a function of
        # the module, or oTree 3's method of Subsession) gives.
        own = dict(self.other_templates)
        place = next((n.split("/")[0] for n, _ in self.page_templates if "/" in n), None)
        self.admin_report = None
        for prefix in {place, self.name} - {None}:
            for name in ("admin_report.html", "AdminReport.html"):
                if self.admin_report is None and f"{prefix}/{name}" in own:
                    self.admin_report = own[f"{prefix}/{name}"]
        report = getattr(module, "vars_for_admin_report", None)
        if not callable(report) and "vars_for_admin_report" in vars(self.subsession_class):
            report = self.subsession_class.vars_for_admin_report
        self.vars_for_admin_report = report if callable(report) else None
        # oTree's custom exports: every function of the module whose name
        # starts with custom_export, each a table of its own.
        self.custom_exports = sorted(
            n for n in dir(module) if n.startswith("custom_export") and callable(getattr(module, n))
        )
        # oTree's group_by_arrival_time_method: a function of the module
        # (oTree 5) or a method of Subsession (oTree 3).
        rule = getattr(module, "group_by_arrival_time_method", None)
        if not callable(rule) and "group_by_arrival_time_method" in vars(self.subsession_class):
            rule = self.subsession_class.group_by_arrival_time_method
        self.group_by_arrival_time_method = rule if callable(rule) else None

    def page_name(self, page):
        """The page class's name for the host."""
        return self.prefix + page.__name__

    def host_name(self):
        """The app's name as the host knows it: a project's app by its
        folder, a single app as the experiment's name."""
        if self.prefix or len(_project.apps) > 1:
            return self.name
        return WitWorld.info(None).name

    def _subclass(self, name, base):
        cls = getattr(self.module, name, None)
        if isinstance(cls, type) and issubclass(cls, base):
            return cls
        return base

    def group(self, number=None, round_number=None):
        """A group of this app: the caller's, or number `number` of a round."""
        if number is None:
            return self.group_class()
        return self.group_class(number, round_number)

    def player(self, id_in_group):
        """The player `id_in_group` of the caller's group, this round."""
        caller = _host.caller()
        if id_in_group == caller.id_in_group:
            return self.player_of(caller)
        for p in _host.groups(caller.round)[caller.group_id - 1]:
            if p.id_in_group == id_in_group:
                return self.player_of(p)
        raise ValueError(f"there is no player with id_in_group {id_in_group} in this group")

    def player_of(self, p):
        """The player a WIT player record names."""
        return self.player_class(p.participant_id, p.round, p.id_in_group, p.group_id)

    def player_in_round(self, participant_id, round_number):
        """Participant `participant_id`'s player in round `round_number`."""
        for group in _host.groups(round_number):
            for p in group:
                if p.participant_id == participant_id:
                    return self.player_of(p)
        raise ValueError(f"participant {participant_id} has no player in round {round_number}")

    def subsession(self, round_number=None):
        return self.subsession_class(round_number)

    def session(self):
        return BaseSession()


_project = None


def _wait_page_template(page, group_size):
    """The template of a wait page that sets oTree's title_text or
    body_text (None if it sets neither): oTree's wait page with them, and
    oTree's words for the one it leaves out."""
    title = getattr(page, "title_text", None)
    body = getattr(page, "body_text", None)
    if title is None and body is None:
        return None
    if title is None:
        title = "Please wait"
    if body is None:
        if getattr(page, "group_by_arrival_time", False):
            body = "Waiting to form a group with other participants."
        elif getattr(page, "wait_for_all_groups", False) or group_size == 0 or group_size > 2:
            body = "Waiting for the other participants."
        elif group_size == 2:
            body = "Waiting for the other participant."
        else:
            body = ""
    title, body = str(title), str(body)
    for name, text in (("title_text", title), ("body_text", body)):
        if "{{" in text or "{%" in text:
            raise ValueError(f"{page.__name__}.{name} holds a template tag ({text!r}): give plain text or HTML")
    return (
        f"{{{{ block title }}}}{title}{{{{ endblock }}}}\n"
        "{{ block content }}\n"
        f'<div class="otree-wait-page"><p class="otree-wait-page__body" id="wait-body">{body}</p>'
        '<div class="progress"><div class="progress-bar progress-bar-striped progress-bar-animated" '
        'role="progressbar" style="width: 100%"></div></div></div>\n'
        "{{ endblock }}\n"
    )


def _group_size(value):
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TypeError(f"PLAYERS_PER_GROUP must be None or a whole number of at least 1, not {value!r}")
    return value


def _rounds(value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TypeError(f"NUM_ROUNDS must be a whole number of at least 1, not {value!r}")
    return value


def _constant(c, name):
    """C.NAME, or oTree 3's Constants.name, else livehost's default."""
    for attr in (name, name.lower()):
        for klass in c.__mro__:
            if klass is BaseConstants:
                break
            if attr in vars(klass):
                return vars(klass)[attr]
    return getattr(BaseConstants, name)


class _Joined:
    """An oTree 3 app: its `models` and `pages` modules seen as one."""

    def __init__(self, package, parts):
        self.__name__ = package.__name__
        self.__file__ = package.__file__
        for part in parts:
            for k, v in vars(part).items():
                if not k.startswith("__"):
                    setattr(self, k, v)


def _oTree3_app(module):
    """An oTree 3 app keeps its models and pages in `models.py` and
    `pages.py` beside an empty `__init__.py`: join them."""
    if hasattr(module, "page_sequence") or not hasattr(module, "__path__"):
        return module
    import importlib

    parts = []
    for name in ("models", "pages"):
        try:
            parts.append(importlib.import_module(f"{module.__name__}.{name}"))
        except ModuleNotFoundError as e:
            if e.name != f"{module.__name__}.{name}":
                raise
    return _Joined(module, parts) if parts else module


class Apps:
    """What the component serves: its apps, in the order of the host's
    page list, with the project's session configs and static files."""

    def __init__(self, apps, configs=(), static=(), name=None):
        self.apps = apps
        # A project's name (its folder's); an app is named by NAME_IN_URL.
        self.name = name
        self.configs = list(configs)
        self.static = list(static)
        self._by_page = {name: app for app in apps for name in app.pages}

    def app_of(self, page):
        """The app whose page is `page` (a host page name)."""
        app = self._by_page.get(page)
        if app is None:
            raise Err(f"there is no page {page}")
        return app


def serve(module):
    """Registers one app's module (called by the generated main)."""
    global _project
    app = App(module)
    _project = Apps([app], static=_app_static(app))


def serve_project(settings, name):
    """Registers an oTree project from its settings module (called by the
    generated main): every app its session configs name. `name` is the
    project folder's."""
    global _project
    from . import _project_settings

    _project = _project_settings.load(settings, App, Apps)
    _project.name = name


def _app_static(app):
    """A single app's static files: its folder's `_static/` (as a
    project's), if it has one."""
    from . import _project_settings

    base = getattr(app.module, "__file__", None)
    if not base or not base.endswith("__init__.py"):
        return []
    return _project_settings._static_files(os.path.dirname(os.path.abspath(base)))


def _one_line(e):
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}".rstrip(": ")


def _failure_text(e):
    # The sender gets the first line; the host logs the rest, the traceback
    # with files and lines. componentize-py mounts the experiment's folder
    # as /2 and the SDK as /1: name them as the researcher knows them.
    trace = traceback.format_exc().replace('File "/2/', 'File "').replace('File "/1/', 'File "sdk:')
    return _one_line(e) + "\n" + trace


def _fail(e):
    raise Err(_failure_text(e))


class WitWorld(wit_world.WitWorld):
    def info(self):
        first = _project.apps[0]
        pages = []
        for app in _project.apps:
            for p in app.page_list:
                kind = {"live": types.PageKind.LIVE, "wait": types.PageKind.WAIT}.get(p._kind, types.PageKind.NORMAL)
                pages.append(
                    types.Page(name=app.page_name(p), body=p._body, kind=kind, next_button=bool(p.next_button))
                )
        return types.ExperimentInfo(
            name=_project.name or str(_constant(first.constants, "NAME_IN_URL")),
            # None: one group of the whole session (0 for the host).
            players_per_group=first.group_size,
            rounds=first.rounds,
            pages=pages,
        )

    def live_method(self, page, player, data):
        return _serve(page, player, lambda: _live(page, player, data))

    def before_next(self, page, player, form):
        return _serve(page, player, lambda: _check(page, player, form))


def _serve(page, player, f):
    """Runs `f` as the call of `player` on `page` (its app's)."""
    return call_as(_project.app_of(page), player, f)


def call_as(app, caller, f, round_number=None):
    """Runs `f` as a call of `app` for `caller` (a WIT player; None in a
    hook for a round, which has `round_number`): what it changed in place is
    written back, and the experiment's exceptions become one line for the
    sender (and a traceback on stderr for the host)."""
    _host.begin(app, caller, round_number)
    try:
        result = f()
        _host.flush()
        return result
    except Err:
        raise
    except Exception as e:
        _fail(e)
    finally:
        _host.begin(None, None)


def _app_of(page):
    return _project.app_of(page)


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


def live_call(app, page, id_in_group, data):
    """Calls the page's live method as oTree does: `live_method(player,
    data)`, or, in oTree 3's style, `live_method = 'name'` naming a Group
    method called with (id_in_group, data)."""
    method = getattr(app.pages.get(page), "live_method", None)
    if method is None:
        raise Err(f"page {page} has no live_method")
    player = app.player(id_in_group)
    if isinstance(method, str):
        return getattr(player.group, method)(id_in_group, data)
    return method(player, data)


def _live(page, player, data):
    return _messages(live_call(_host.app(), page, player.id_in_group, _json.loads(data)))


def _check(page, player, form):
    cls = _host.app().pages.get(page)
    who = _host.app().player(player.id_in_group)
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
    cls = _host.app().pages.get(page)
    if cls is None:
        raise Err(f"there is no page {page}")
    who = _host.app().player(player.id_in_group)
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
        self.subsession = player.subsession
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

        seen, templates, page_templates = set(), [], []
        for app in _project.apps:
            page_templates += app.page_templates
            for n, t in app.other_templates:
                # The project's _templates/ are every app's.
                if n not in seen:
                    seen.add(n)
                    templates.append(wit_pages.Template(name=n, text=t))
        # Each admin report under the name the host looks for.
        for app in _project.apps:
            name = f"{app.host_name()}/admin_report.html"
            if app.admin_report is not None and name not in seen:
                seen.add(name)
                templates.append(wit_pages.Template(name=name, text=app.admin_report))
        settings = _project.apps[0].settings
        return wit_pages.PageFiles(page_templates=page_templates, templates=templates, settings=_json.dumps(settings))

    def show(self, page, player):
        return _serve(page, player, lambda: _show(page, player))

    def timed_out(self, page, player, form):
        return _serve(page, player, lambda: _timed_out(page, player, form))

    def submit(self, page, player, form):
        # submit's error is a form's errors: an exception in the
        # experiment's checks becomes the whole form's error (its first
        # line shown, the traceback logged by the host).
        from wit_world.exports import pages as wit_pages

        _host.begin(_project.app_of(page), player)
        try:
            result = _submit(page, player, form)
            _host.flush()
            return result
        except Err:
            raise
        except Exception as e:
            raise Err(wit_pages.FormErrors(fields=[], form=_failure_text(e)))
        finally:
            _host.begin(None, None)


def _show(page_name, who):
    from wit_world.exports import pages as wit_pages

    page = _host.app().pages.get(page_name)
    if page is None:
        raise Err(f"there is no page {page_name}")
    player = _host.app().player(who.id_in_group)
    displayed = bool(_hook(page, "is_displayed", player, True))
    if not displayed or issubclass(page, WaitPage):
        # A wait page is asked only whether it is displayed.
        return wit_pages.PageView(
            displayed=displayed, variables="{}", js_vars=None, timeout_seconds=None, form_fields=[]
        )
    extra = _hook(page, "vars_for_template", player, None)
    if extra is not None and not isinstance(extra, dict):
        raise TypeError(f"{page_name}.vars_for_template must return a dict, not {type(extra).__name__}")
    js = _hook(page, "js_vars", player, None)
    if js is not None and not isinstance(js, dict):
        raise TypeError(f"{page_name}.js_vars must return a dict, not {type(js).__name__}")
    variables = template_vars(_host.app(), player, extra)
    model = _form(page, player)[0]
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
        form_fields=[_wit_field(f, model) for f in _form(page, player)[1]],
    )


def _js_value(v):
    """js_vars as JSON: currency as its number, as oTree sends it."""
    if isinstance(v, dict):
        return {str(k): _js_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_js_value(x) for x in v]
    to_json = getattr(v, "_json", None)
    if to_json is not None:
        return to_json()
    return v


def _form_target(model):
    """Where a form's `<name>_choices`, `_min`, `_max` and
    `_error_message` are: functions of the app's module (oTree 5), or
    methods of the model (oTree 3); each is called with the model first."""

    def find(name):
        f = getattr(_host.app().module, name, None)
        if callable(f):
            return f
        m = getattr(type(model), name, None)
        if callable(m) and not isinstance(m, type):
            return m
        return None

    return find


def _form(page, player):
    """The page's form model (the player or their group) and its fields."""
    names = _hook(page, "get_form_fields", player, None)
    if names is None:
        names = getattr(page, "form_fields", None) or []
    if not names:
        return None, []
    which = getattr(page, "form_model", None)
    if isinstance(which, type):
        which = "group" if issubclass(which, BaseGroup) else "player"
    if which == "player":
        model = player
    elif which == "group":
        model = player.group
    else:
        raise TypeError(f"{page.__name__}.form_model must be 'player' or 'group', not {which!r}")
    find = _form_target(model)
    fields = []
    for name in names:
        field = inspect.getattr_static(type(model), name, None)
        if not isinstance(field, Field):
            raise AttributeError(f"{page.__name__}.form_fields names {name!r}, which is not a field of {type(model).__name__}")
        fields.append(FormField(field, find, model, _format.places()))
    return model, fields


_KINDS = {
    "integer": "INTEGER",
    "float": "FLOAT",
    "currency": "CURRENCY",
    "string": "STRING",
    "long-string": "LONG_STRING",
    "boolean": "BOOLEAN",
}


def _wit_field(f, model):
    from wit_world.exports import pages as wit_pages

    def js(v):
        return json.dumps(value_json(v))

    stored = model.field_maybe_none(f.name)
    return wit_pages.FormField(
        name=f.name,
        kind=getattr(wit_pages.FieldKind, _KINDS[f.kind]),
        label=f.label,
        widget=getattr(wit_pages.Widget, f.widget.upper().replace("-", "_")),
        choices=None if f.choices is None else [(js(v), js(label)) for v, label in f.choices],
        min=None if f.min is None else js(f.min),
        max=None if f.max is None else js(f.max),
        blank=f.blank,
        value=None if stored is None else js(stored),
        help_text=None if f.help_text is None else str(f.help_text),
    )


def _submitted(page_name, who, form):
    """The page, the player, the submitted inputs (a dict of strings), the
    form model and its fields."""
    page = _host.app().pages.get(page_name)
    if page is None:
        raise Err(f"there is no page {page_name}")
    player = _host.app().player(who.id_in_group)
    model, fields = _form(page, player)
    return page, player, _json.loads(form), model, fields


def _submit(page_name, who, form):
    """oTree's handling of a submitted form, then before_next_page."""
    from wit_world.exports import pages as wit_pages

    page, player, submitted, model, fields = _submitted(page_name, who, form)
    find = _form_target(model) if model is not None else None
    values, errors = {}, []
    for f in fields:
        value, field_errors = f.check(submitted.get(f.name))
        if not field_errors:
            check = find(f"{f.name}_error_message")
            text = check(model, value) if check is not None else None
            if text:
                field_errors = [str(text)]
        errors += [(f.name, e) for e in field_errors]
        values[f.name] = value
    whole = None
    if not errors:
        text = _hook_error_message(page, player, values)
        if isinstance(text, dict):
            whole = text.pop("__all__", None)
            errors = [(str(k), str(v)) for k, v in text.items()]
        elif text:
            whole = str(text)
    if errors or whole:
        raise Err(wit_pages.FormErrors(fields=errors, form=None if whole is None else str(whole)))
    for name, value in values.items():
        setattr(model, name, value)
    return _leave(page_name, who, False)


def _hook_error_message(page, player, values):
    attr = inspect.getattr_static(page, "error_message", None)
    if attr is None:
        return None
    if isinstance(attr, staticmethod):
        return attr.__func__(player, values)
    if callable(attr):
        return attr(_PageSelf(player), values)
    return None


def _timed_out(page_name, who, form):
    """A timed-out page, as oTree submits it: fields that pass their checks
    keep what the page held; the others get their kind's default (0, "",
    False, or the page's timeout_submission), all of them if
    error_message objects; then before_next_page with timeout_happened."""
    page, player, submitted, model, fields = _submitted(page_name, who, form)
    if fields:
        find = _form_target(model)
        values, failed = {}, set()
        for f in fields:
            value, errors = f.check(submitted.get(f.name))
            if not errors:
                check = find(f"{f.name}_error_message")
                if check is not None and check(model, value):
                    errors = ["error"]
            values[f.name] = value
            if errors:
                failed.add(f.name)
        try:
            whole = _hook_error_message(page, player, dict(values))
        except Exception:
            whole = True
        if isinstance(whole, dict):
            failed.update(k for k in whole if k != "__all__")
            whole = whole.get("__all__")
        chosen = dict(getattr(page, "timeout_submission", None) or {})
        defaults = {f.name: chosen.get(f.name, _DEFAULTS[f.kind]) for f in fields}
        for f in fields:
            value = defaults[f.name] if whole or f.name in failed else values[f.name]
            setattr(model, f.name, value)
    return _leave(page_name, who, True)


# What a timed-out field that did not pass its checks gets (oTree's).
_DEFAULTS = {
    "integer": 0,
    "float": 0,
    "currency": Currency(0),
    "string": "",
    "long-string": "",
    "boolean": False,
}


class ProjectExport:
    """The `project` export: the apps, session configs and static files,
    and oTree's app_after_this_page."""

    def describe(self):
        from wit_world.exports import project as wit_project

        apps = [
            wit_project.App(
                name=a.name,
                pages=[a.page_name(p) for p in a.page_list],
                rounds=a.rounds,
                players_per_group=a.group_size,
                app_after_pages=list(a.app_after),
            )
            for a in _project.apps
        ]
        try:
            configs = json.dumps(_project.configs)
        except TypeError as e:
            raise TypeError(f"SESSION_CONFIGS must hold only numbers, text, booleans, lists and dicts: {e}") from None
        return wit_project.Description(
            apps=apps,
            session_configs=configs,
            static_files=[wit_project.StaticFile(path=p, bytes=b) for p, b in _project.static],
        )

    def app_after_page(self, page, player, upcoming):
        return _serve(page, player, lambda: _app_after(page, player, list(upcoming)))


def _app_after(page_name, who, upcoming):
    """oTree's app_after_this_page(player, upcoming_apps): an app's name,
    or None to go on as usual."""
    page = _host.app().pages.get(page_name)
    player = _host.app().player(who.id_in_group)
    attr = inspect.getattr_static(page, "app_after_this_page", None)
    if isinstance(attr, staticmethod):
        target = attr.__func__(player, upcoming)
    elif callable(attr):
        target = attr(_PageSelf(player), upcoming)
    else:
        target = None
    if target is not None and not isinstance(target, str):
        raise TypeError(f"app_after_this_page must return an app's name or None, not {target!r}")
    return target
