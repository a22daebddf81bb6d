"""The `admin-views` export: what an app shows the researcher besides its
data. Its admin report is oTree's: the app's admin_report.html, rendered by
the host with `subsession`, `session` and `C` and what
vars_for_admin_report(subsession) returns (which wins a clash, as on
oTree). Its custom exports are oTree's: every function of the app's module
whose name starts with custom_export, called with the session's players of
the app, round by round, and yielding rows, the first the header. Both only
read: the host refuses their writes."""

import numbers

from componentize_py_types import Err

from . import _host, _json, _world
from ._models import Currency, RealWorldCurrency
from ._session_hooks import _app_named
from ._template_vars import constants, value


class AdminViews:
    def describe(self):
        from wit_world.exports import admin_views as wit

        apps = _world._project.apps
        return wit.Views(
            admin_reports=[app.host_name() for app in apps if app.admin_report is not None],
            custom_exports=[
                wit.ExportTable(app=app.host_name(), function=f) for app in apps for f in app.custom_exports
            ],
        )

    def admin_report(self, app_name, round_number):
        app = _app_named(app_name)

        def report():
            subsession = app.subsession(round_number)
            f = app.vars_for_admin_report
            if f is None:
                extra = {}
            elif f is getattr(app.subsession_class, "vars_for_admin_report", None):
                extra = subsession.vars_for_admin_report()
            else:
                extra = f(subsession)
            if not isinstance(extra, dict):
                raise TypeError(f"vars_for_admin_report must return a dict, not {type(extra).__name__}")
            c = constants(app.constants)
            out = {"subsession": value(subsession), "session": value(subsession.session), "C": c, "Constants": c}
            for k, v in extra.items():
                out[str(k)] = value(v)
            return _json.dumps(out)

        return _world.call_as(app, None, report, round_number)

    def custom_export(self, app_name, function):
        app = _app_named(app_name)
        if function not in app.custom_exports:
            raise Err(f"app {app_name} has no function {function}")

        def export():
            players = [
                app.player_in_round(p.participant_id, r)
                for r in range(1, app.rounds + 1)
                for p in sorted((p for g in _host.groups(r) for p in g), key=lambda p: p.participant_id)
            ]
            rows = getattr(app.module, function)(players)
            return [[_cell(v) for v in row] for row in rows]

        return _world.call_as(app, None, export, 1)


def _cell(v):
    """A value as oTree's CSV shows it (its sanitize_for_csv, then
    Python's csv writer)."""
    if v is None:
        return ""
    if v is True:
        return "1"
    if v is False:
        return "0"
    if isinstance(v, (Currency, RealWorldCurrency)):
        return str(float(v))
    if isinstance(v, str):
        return v.replace("\n", " ").replace("\r", " ")
    if isinstance(v, numbers.Number):
        return str(v)
    return str(v)
