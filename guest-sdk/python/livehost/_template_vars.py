"""What a page's template sees, as the JSON the host renders it with
(`pages.show`'s `variables`): the player, group, subsession, participant
and session with their fields, `C`, and what vars_for_template returned.
The host renders the template; nothing here knows its syntax.

A model becomes an object of its declared fields (each read from the
host once) and the attributes oTree's templates use (`id_in_group`,
`round_number`, ...). Currency becomes `{"__cu__": amount}`, which the
host shows as oTree shows currency. Anything else that is not JSON shows
as Python's str() of it, as oTree's templates print it."""

from ._models import (
    BaseGroup,
    BaseParticipant,
    BasePlayer,
    BaseSession,
    BaseSubsession,
    Currency,
    Field,
    RealWorldCurrency,
)


def _fields(obj):
    """The declared fields of a model object, by name, with their values."""
    out = {}
    for klass in reversed(type(obj).__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Field):
                out[name] = obj.field_maybe_none(name)
    return out


def _model(obj):
    out = _fields(obj)
    # A player's, group's or subsession's field that is None is an error
    # wherever a template uses it, as on oTree ("player.x is None"): it is
    # left out, and named for the host's message.
    null = []
    if isinstance(obj, (BasePlayer, BaseGroup, BaseSubsession)):
        null = [name for name, v in out.items() if v is None]
        for name in null:
            del out[name]
    if isinstance(obj, BasePlayer):
        out["id_in_group"] = obj.id_in_group
        out["round_number"] = obj.round_number
        out["id_in_subsession"] = obj.id_in_subsession
        role = obj.role
        if not callable(role):
            out["role"] = role
    elif isinstance(obj, BaseGroup):
        out["id_in_subsession"] = obj.id_in_subsession
        out["round_number"] = obj.round_number
    elif isinstance(obj, BaseSubsession):
        out["round_number"] = obj.round_number
    elif isinstance(obj, BaseSession):
        out["config"] = obj.config
        out["num_participants"] = obj.num_participants
        out.update(_settings_fields(obj, "session_fields"))
    elif isinstance(obj, BaseParticipant):
        out["id_in_session"] = obj.id_in_session
        out["payoff"] = obj.payoff
        out.update(_settings_fields(obj, "participant_fields"))
    result = {k: value(v) for k, v in out.items()}
    if null:
        kind = "player" if isinstance(obj, BasePlayer) else "group" if isinstance(obj, BaseGroup) else "subsession"
        result["__null__"] = {"of": kind, "fields": null}
    return result


def _settings_fields(obj, setting):
    """A project's PARTICIPANT_FIELDS or SESSION_FIELDS of `obj` that hold a
    value, by name (one never assigned is undefined in templates, an error
    where a template uses it, as on oTree)."""
    from . import _host
    from . import _json

    out = {}
    for name in getattr(_host.app(), setting, None) or []:
        text = _host.get(obj._owner, obj._key(name))
        if text is not None:
            out[name] = _json.loads(text)
    return out


def value(v):
    """`v` as the template's JSON."""
    if v is None or v is True or v is False:
        return v
    if isinstance(v, Currency):
        return {"__cu__": float(v)}
    if isinstance(v, RealWorldCurrency):
        return {"__rwc__": float(v)}
    if isinstance(v, (int, float, str)):
        return v
    if isinstance(v, (BasePlayer, BaseGroup, BaseSubsession, BaseSession, BaseParticipant)):
        return _model(v)
    if isinstance(v, dict):
        return {str(k): value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    return str(v)


def constants(c):
    """`C`'s constants (oTree 3's `Constants` has lower-case ones), as
    oTree's templates see them."""
    out = {}
    for klass in reversed(c.__mro__):
        if klass is object:
            continue
        for name, v in vars(klass).items():
            if not name.startswith("_") and not callable(v) and not isinstance(v, (classmethod, staticmethod)):
                out[name] = value(v)
    return out


def template_vars(app, player, extra):
    """Every variable of a page's template for `player`, plus `extra` (what
    vars_for_template returned)."""
    c = constants(app.constants)
    out = {
        "player": player,
        "group": player.group,
        "subsession": player.subsession,
        "participant": player.participant,
        "session": player.session,
    }
    out = {k: value(v) for k, v in out.items()}
    out["C"] = c
    out["Constants"] = c
    for k, v in (extra or {}).items():
        out[str(k)] = value(v)
    return out
