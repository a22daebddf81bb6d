"""The `arrival-grouping` export: oTree's group_by_arrival_time_method,
an app's own rule for forming groups on its group_by_arrival_time page.
The host asks it with the players waiting there (by participant id) when
one comes or reloads the page, and every few seconds while anyone waits;
it returns the players to group (in id-in-group order) or None. Written as
on oTree 5 (a function of the module taking the subsession and the waiting
players) or oTree 3 (a method of Subsession)."""

from componentize_py_types import Err

from . import _world
from ._models import BasePlayer
from ._session_hooks import _app_named


class ArrivalGrouping:
    def describe(self):
        return [app.host_name() for app in _world._project.apps if app.group_by_arrival_time_method is not None]

    def group_by_arrival_time(self, app_name, round_number, waiting):
        app = _app_named(app_name)
        rule = app.group_by_arrival_time_method
        if rule is None:
            raise Err(f"app {app_name} has no group_by_arrival_time_method")

        def ask():
            subsession = app.subsession(round_number)
            players = [app.player_in_round(pid, round_number) for pid in waiting]
            if rule is getattr(app.subsession_class, "group_by_arrival_time_method", None):
                chosen = subsession.group_by_arrival_time_method(players)
            else:
                chosen = rule(subsession, players)
            if not chosen:
                return None
            if not all(isinstance(p, BasePlayer) for p in chosen):
                raise TypeError("group_by_arrival_time_method must return a list of players (some of waiting_players), or None")
            return [p.participant.id_in_session for p in chosen]

        return _world.call_as(app, None, ask, round_number)
