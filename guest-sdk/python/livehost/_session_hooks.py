"""The `session-hooks` export: oTree's creating_session, called by the
host for each round of each app when a session is created, and a wait
page's after_all_players_arrive, called when its group (or, with
wait_for_all_groups, the whole round) has arrived. Both are written as on
oTree 5 (functions of the app's module, taking the subsession or group)
or oTree 3 (methods of Subsession, of the wait page, or of Group)."""

import inspect

from componentize_py_types import Err

from . import _host, _world


class SessionHooks:
    def describe(self):
        from wit_world.exports import session_hooks as wit

        project = _world._project
        creating = [app.host_name() for app in project.apps if app.creating_session is not None]
        pages = []
        for app in project.apps:
            for page in app.wait_pages:
                aapa = inspect.getattr_static(page, "after_all_players_arrive", None) is not None
                shown_if = inspect.getattr_static(page, "is_displayed", None) is not None
                all_groups = bool(getattr(page, "wait_for_all_groups", False))
                by_arrival = bool(getattr(page, "group_by_arrival_time", False))
                if aapa or shown_if or all_groups or by_arrival:
                    pages.append(
                        wit.WaitPage(
                            name=app.page_name(page),
                            after_all_players_arrive=aapa,
                            is_displayed=shown_if,
                            wait_for_all_groups=all_groups,
                            group_by_arrival_time=by_arrival,
                        )
                    )
        return wit.Hooks(creating_session=creating, wait_pages=pages)

    def creating_session(self, app_name, round_number):
        app = _app_named(app_name)

        def create():
            subsession = app.subsession(round_number)
            hook = app.creating_session
            if hook is getattr(app.subsession_class, "creating_session", None):
                subsession.creating_session()
            else:
                hook(subsession)

        return _world.call_as(app, None, create, round_number)

    def after_all_players_arrive(self, page_name, round_number, group_id):
        app = _world._project.app_of(page_name)
        page = app.pages[page_name]

        def arrive():
            if group_id is None:
                target = app.subsession(round_number)
            else:
                # The group's first player stands for the call, as the
                # host's call is the group's.
                _host.begin(app, _host.groups(round_number)[group_id - 1][0])
                target = app.group(group_id, round_number)
            _arrive(app, page, target, group_id is None)

        return _world.call_as(app, None, arrive, round_number)


def _app_named(name):
    project = _world._project
    for app in project.apps:
        if app.host_name() == name:
            return app
    raise Err(f"there is no app {name}")


def _arrive(app, page, target, whole_round):
    """Calls the page's after_all_players_arrive for `target` (its group,
    or the subsession) as oTree does: a name of a function of the module
    (or of a method of Group or Subsession), a staticmethod, or oTree 3's
    method of the page."""
    attr = inspect.getattr_static(page, "after_all_players_arrive")
    if isinstance(attr, str):
        f = getattr(app.module, attr, None)
        if callable(f):
            return f(target)
        method = getattr(target, attr, None)
        if callable(method):
            return method()
        raise AttributeError(f'"{attr}" (after_all_players_arrive of {page.__name__}) not found in {app.name}')
    if isinstance(attr, staticmethod):
        return attr.__func__(target)
    if isinstance(attr, classmethod):
        return attr.__func__(page, target)
    if callable(attr):
        # oTree 3: a method of the page, `self` with the group or
        # subsession; else a function of the group (or subsession), as
        # oTree tells them apart.
        if list(inspect.signature(attr).parameters) == ["self"]:
            return attr(_WaitPageSelf(target, whole_round))
        return attr(target)
    raise TypeError(f"{page.__name__}.after_all_players_arrive must be a function or a function's name")


class _WaitPageSelf:
    """`self` of an oTree 3 wait page's after_all_players_arrive."""

    def __init__(self, target, whole_round):
        self.subsession = target if whole_round else target.subsession
        if not whole_round:
            self.group = target
        self.session = target.session
        self.round_number = target.round_number
