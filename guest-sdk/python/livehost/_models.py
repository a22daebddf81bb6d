"""Fields kept by the host: model classes whose attributes read and write
the host's state (group, player, participant, session), and ExtraModel log
tables. Nothing is kept in Python memory between calls: the host may start
a fresh instance for any call."""

import copy

from . import _host, _json


class BaseConstants:
    """oTree's `C`: NAME_IN_URL, PLAYERS_PER_GROUP, NUM_ROUNDS."""

    NAME_IN_URL = "experiment"
    PLAYERS_PER_GROUP = 1
    NUM_ROUNDS = 1


class Currency(float):
    """oTree's currency (`cu(5)`): a number that stays currency through
    arithmetic with numbers, and shows as currency on pages."""

    def _wrap(op):
        def f(self, other):
            return Currency(op(float(self), float(other)))

        return f

    __add__ = _wrap(float.__add__)
    __radd__ = _wrap(float.__radd__)
    __sub__ = _wrap(float.__sub__)
    __rsub__ = _wrap(float.__rsub__)
    __mul__ = _wrap(float.__mul__)
    __rmul__ = _wrap(float.__rmul__)
    __truediv__ = _wrap(float.__truediv__)
    del _wrap

    def __neg__(self):
        return Currency(-float(self))

    def __repr__(self):
        return f"cu({float(self)!r})"


def cu(value):
    return Currency(value)


class RealWorldCurrency(float):
    """Real-world money (oTree's RealWorldCurrency): the session config's
    participation_fee, which pages show as money whatever USE_POINTS says."""

    def __repr__(self):
        return f"RealWorldCurrency({float(self)!r})"


def currency_range(first, last, increment):
    """oTree's currency_range: amounts from `first` to `last` (included)
    in steps of `increment`."""
    first, last, increment = float(first), float(last), float(increment)
    if increment <= 0:
        raise ValueError("currency_range's increment must be positive")
    out, n = [], 0
    while first + n * increment <= last + increment * 1e-9:
        out.append(Currency(round(first + n * increment, 10)))
        n += 1
    return out


def _copy(value):
    """A declared initial value as a field reads it: a copy of a list or
    dict, so that changing what was read never changes the declaration."""
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return value


class Field:
    """A model field: its name, its value before anything is stored, and
    how a form shows and checks it (oTree's options: label, min, max,
    choices, blank, widget, help_text, max_length; others are kept and
    ignored, as oTree does)."""

    kind = "string"

    def __init__(self, initial=None, **options):
        if "default" in options:
            initial = options.pop("default")
        if "verbose_name" in options:
            options["label"] = options.pop("verbose_name")
        if options.get("multiple"):
            raise NotImplementedError(
                "multiple=True (a field of several choices) is not supported by livehost yet: "
                "use one BooleanField per choice"
            )
        self.initial = initial
        self.options = options
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return self._typed(obj._read(self.name, self.initial))

    def _typed(self, value):
        return value

    def __set__(self, obj, value):
        obj._write(self.name, value)


class IntegerField(Field):
    kind = "integer"


class FloatField(Field):
    kind = "float"


class StringField(Field):
    kind = "string"


class LongStringField(Field):
    kind = "long-string"

    def __init__(self, initial=None, **options):
        if "choices" in options:
            raise ValueError("LongStringField cannot have choices")
        super().__init__(initial, **options)


class BooleanField(Field):
    kind = "boolean"


class CurrencyField(Field):
    """A field whose value reads back as currency (`cu`)."""

    kind = "currency"

    def _typed(self, value):
        if value is None or isinstance(value, Currency):
            return value
        return Currency(value)


class Link:
    """An ExtraModel's link to a player or group (stored as its id)."""

    def __init__(self, to):
        self.to = to
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name


class _Models:
    """`models.IntegerField()` and friends, as in oTree."""

    IntegerField = IntegerField
    FloatField = FloatField
    CurrencyField = CurrencyField
    StringField = StringField
    LongStringField = LongStringField
    BooleanField = BooleanField
    # oTree's older names.
    CharField = StringField
    PositiveIntegerField = IntegerField
    TextField = LongStringField
    Link = Link


class _Widget:
    """A form widget (oTree's `widgets.RadioSelect` and friends): a class,
    or an instance of it, names how a field is shown."""

    name = "default"


def _widget(class_name, name, doc):
    return type(class_name, (_Widget,), {"name": name, "__doc__": doc})


class _Widgets:
    """`widgets.RadioSelect` and friends, as in oTree."""

    RadioSelect = _widget("RadioSelect", "radio-select", "Radio buttons, one per line.")
    RadioSelectHorizontal = _widget(
        "RadioSelectHorizontal", "radio-select-horizontal", "Radio buttons on one line."
    )
    CheckboxInput = _widget("CheckboxInput", "checkbox-input", "A checkbox (a BooleanField).")
    Checkbox = CheckboxInput
    TextInput = _widget("TextInput", "text-input", "A text input, also for a field with choices.")
    TextArea = _widget("TextArea", "text-area", "A text area.")
    Select = _widget("Select", "select", "A dropdown.")


widgets = _Widgets()


models = _Models()


class _Stored:
    """Something whose fields are host state under one owner. Attributes
    that are not declared fields are kept too (oTree's `participant.vars`
    style), except names starting with `_`."""

    _owner = None

    def _key(self, name):
        """The host state key of field `name`."""
        return name

    def _may_assign(self, name):
        """Raises AttributeError if `name` may not be assigned."""

    def _read(self, name, initial):
        text = _host.get(self._owner, self._key(name))
        return _copy(initial) if text is None else _json.loads(text)

    def _write(self, name, value):
        _host.set(self._owner, self._key(name), _json.dumps(value))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._read(name, None)

    def __setattr__(self, name, value):
        # A declared field or any other public name is the host's state
        # (straight to _write: the field's descriptor would do the same);
        # what the class defines otherwise (id_in_group, group, methods)
        # cannot be assigned.
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        declared = getattr(type(self), name, None)
        if name in self.__dict__ or (declared is not None and not isinstance(declared, Field)):
            raise AttributeError(f"{name} is not a field: it cannot be assigned")
        if declared is None:
            self._may_assign(name)
        self._write(name, value)


def _app_key(name):
    """`name` kept apart for the current app (a project's: `<app>.name`)."""
    app = _host.app()
    prefix = getattr(app, "key_prefix", "") if app is not None else ""
    return prefix + name


# oTree's own attributes of a participant and a session, which settings.py
# does not declare (what they hold is oTree's session model).
_BUILTIN = {
    "Participant": {"code", "label", "id_in_session", "payoff", "vars", "time_started_utc", "visited"},
    "Session": {"code", "label", "vars", "num_participants", "participation_fee", "real_world_currency_per_point"},
}


def _declared(kind, setting):
    """The names settings.py declares (None: any name, outside a project)."""
    app = _host.app()
    declared = getattr(app, setting.lower(), None) if app is not None else None
    return None if declared is None else set(declared) | _BUILTIN[kind]


def _undeclared(kind, name, setting):
    """oTree's error for assigning a field settings.py does not declare."""
    declared = _declared(kind, setting)
    if declared is not None and name not in declared:
        raise AttributeError(f'{kind} has no field "{name}". You can define it in the {setting} setting.')


class BaseSubsession(_Stored):
    """The session's fields (one set for the whole session)."""

    def __init__(self):
        object.__setattr__(self, "_owner", _host.SESSION)

    def _key(self, name):
        # The app's declared fields are the app's; other names (settings'
        # SESSION_FIELDS) are the whole session's.
        if isinstance(getattr(type(self), name, None), Field):
            return _app_key(name)
        return name

    def _may_assign(self, name):
        _undeclared("Session", name, "SESSION_FIELDS")

    @property
    def config(self):
        """The session's configuration, as the admin created it (an oTree
        project's: its session config, with the experimenter's changes)."""
        config = self._read("config", None) or {}
        if isinstance(config, dict) and isinstance(config.get("participation_fee"), (int, float)):
            config["participation_fee"] = RealWorldCurrency(config["participation_fee"])
        return config


class BaseParticipant(_Stored):
    """A participant's fields, kept across rounds."""

    def __init__(self, id_in_group):
        object.__setattr__(self, "_owner", _host.participant(id_in_group))
        object.__setattr__(self, "_id_in_group", id_in_group)

    def _may_assign(self, name):
        _undeclared("Participant", name, "PARTICIPANT_FIELDS")

    def __getattr__(self, name):
        # As oTree: a name settings.py does not declare is no attribute, and
        # one it declares but nothing assigned yet is a KeyError (oTree
        # keeps them in participant.vars).
        declared = None if name.startswith("_") else _declared("Participant", "PARTICIPANT_FIELDS")
        if declared is None or name in _BUILTIN["Participant"]:
            return super().__getattr__(name)
        if name not in declared:
            raise AttributeError(f"'Participant' object has no attribute '{name}'")
        text = _host.get(self._owner, self._key(name))
        if text is None:
            raise KeyError(name)
        return _json.loads(text)


class BaseGroup(_Stored):
    """The caller's group in the current round."""

    def __init__(self):
        object.__setattr__(self, "_owner", _host.GROUP)

    @property
    def id_in_subsession(self):
        return _host.caller().group_id

    @property
    def round_number(self):
        return _host.caller().round

    def get_players(self):
        return [_host.app().player(p.id_in_group) for p in _host.players()]

    def get_player_by_id(self, id_in_group):
        for p in self.get_players():
            if p.id_in_group == id_in_group:
                return p
        raise ValueError(f"there is no player with id_in_group {id_in_group} in this group")

    @property
    def session(self):
        return _host.app().session()

    def __eq__(self, other):
        return isinstance(other, BaseGroup)

    def __hash__(self):
        return 0


class BasePlayer(_Stored):
    """A player of the caller's group in the current round."""

    payoff = CurrencyField(initial=0)

    def __init__(self, id_in_group):
        object.__setattr__(self, "_owner", _host.player(id_in_group))
        object.__setattr__(self, "id_in_group", id_in_group)

    def _key(self, name):
        return _app_key(name)

    @property
    def group(self):
        return _host.app().group()

    @property
    def round_number(self):
        return _host.caller().round

    @property
    def participant(self):
        return BaseParticipant(self.id_in_group)

    @property
    def session(self):
        return _host.app().session()

    def get_others_in_group(self):
        return [p for p in self.group.get_players() if p.id_in_group != self.id_in_group]

    def __eq__(self, other):
        return isinstance(other, BasePlayer) and other.id_in_group == self.id_in_group

    def __hash__(self):
        return self.id_in_group


class _Row:
    """One ExtraModel row, its fields as attributes."""

    def __init__(self, model, fields, row_id):
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "id", row_id)

    def __getattr__(self, name):
        fields = object.__getattribute__(self, "_fields")
        model = object.__getattribute__(self, "_model")
        link = getattr(model, name, None)
        if isinstance(link, Link):
            value = fields.get(name)
            if value is None:
                return None
            if issubclass(link.to, BasePlayer):
                return _host.app().player(value)
            return _host.app().group()
        if name in fields:
            return fields[name]
        field = getattr(model, name, None)
        if isinstance(field, Field):
            return _copy(field.initial)
        raise AttributeError(name)

    def __setattr__(self, name, value):
        raise AttributeError("rows are written once, with create()")


def _stored_value(value):
    if isinstance(value, BasePlayer):
        return value.id_in_group
    if isinstance(value, BaseGroup):
        return 0
    return value


class ExtraModel:
    """A log table (oTree's ExtraModel): rows appended with `create` and
    read with `filter`, kept by the host. Rows are the caller's group's."""

    @classmethod
    def _table(cls):
        # A project's tables are its apps' own: `<app>-<Model>`.
        app = _host.app()
        if app is not None and getattr(app, "key_prefix", ""):
            return f"{cls.__module__.split('.')[0]}-{cls.__name__}"
        return cls.__name__

    @classmethod
    def create(cls, **fields):
        stored = {k: _stored_value(v) for k, v in fields.items()}
        row_id = _host.append(cls._table(), _json.dumps(stored))
        return _Row(cls, stored, row_id)

    @classmethod
    def filter(cls, **conditions):
        # Rows are always the caller's group's: a condition on the group
        # holds for every row.
        wanted = {
            k: _stored_value(v) for k, v in conditions.items() if not isinstance(v, BaseGroup)
        }
        rows = []
        for row in _host.query(cls._table()):
            fields = _json.loads(row.fields)
            ok = True
            for k, v in wanted.items():
                # A field the row was created without has its default.
                default = getattr(cls, k, None)
                stored = fields[k] if k in fields else (default.initial if isinstance(default, Field) else None)
                if stored != v:
                    ok = False
                    break
            if ok:
                rows.append(_Row(cls, fields, row.id))
        return rows
