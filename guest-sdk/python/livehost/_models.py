"""Fields kept by the host: model classes whose attributes read and write
the host's state (group, player, participant, session), and ExtraModel log
tables. Nothing is kept in Python memory between calls: the host may start
a fresh instance for any call."""

import copy
from decimal import ROUND_HALF_UP, Decimal

from . import _format, _host, _json


class BaseConstants:
    """oTree's `C`: NAME_IN_URL, PLAYERS_PER_GROUP, NUM_ROUNDS."""

    NAME_IN_URL = "experiment"
    PLAYERS_PER_GROUP = 1
    NUM_ROUNDS = 1


def _to_decimal(amount):
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, float):
        return Decimal.from_float(amount)
    return Decimal(amount)


def _arithmetic(name):
    method = getattr(Decimal, name)

    def op(self, other):
        try:
            other = _to_decimal(other)
        except Exception:
            raise TypeError(f"Cannot do arithmetic operation between {self!r} and {other!r}.") from None
        return self.__class__(method(self, other))

    return op


class _Money(Decimal):
    """oTree's currency: a decimal rounded (half up) to its decimal places
    when made and after every operation, equal to a number that rounds to
    it, shown as oTree shows it."""

    def __new__(cls, amount):
        if amount is None:
            raise ValueError("Cannot convert None to currency")
        return Decimal.__new__(cls, cls._sanitize(amount))

    @classmethod
    def _sanitize(cls, amount):
        if isinstance(amount, cls):
            return amount
        quant = Decimal("0.1") ** cls._places()
        return _to_decimal(amount).quantize(quant, rounding=ROUND_HALF_UP)

    def __float__(self):
        return float(Decimal(self))

    def __eq__(self, other):
        if isinstance(other, _Money):
            return Decimal.__eq__(self, other)
        if isinstance(other, (int, float, Decimal)) and not isinstance(other, bool):
            return Decimal.__eq__(self, self._sanitize(other))
        return False

    __hash__ = Decimal.__hash__

    def __format__(self, spec):
        return str(self) if spec in ("", "s") else format(Decimal(self), spec)

    def __reduce__(self):
        return (self.__class__, (Decimal.__str__(self),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _json(self):
        """As oTree's JSON has it: a whole number without decimal places."""
        return int(self) if self._places() == 0 else float(self)

    def __neg__(self):
        return self.__class__(Decimal.__neg__(self))

    def __pos__(self):
        return self.__class__(Decimal.__pos__(self))

    def __abs__(self):
        return self.__class__(Decimal.__abs__(self))

    __add__ = _arithmetic("__add__")
    __radd__ = _arithmetic("__radd__")
    __sub__ = _arithmetic("__sub__")
    __rsub__ = _arithmetic("__rsub__")
    __mul__ = _arithmetic("__mul__")
    __rmul__ = _arithmetic("__rmul__")
    __truediv__ = _arithmetic("__truediv__")
    __rtruediv__ = _arithmetic("__rtruediv__")
    __floordiv__ = _arithmetic("__floordiv__")
    __rfloordiv__ = _arithmetic("__rfloordiv__")
    __mod__ = _arithmetic("__mod__")
    __rmod__ = _arithmetic("__rmod__")
    __pow__ = _arithmetic("__pow__")
    __rpow__ = _arithmetic("__rpow__")


class Currency(_Money):
    """oTree's currency (`cu(5)`): points, or money without points, rounded
    to POINTS_DECIMAL_PLACES (0) or REAL_WORLD_CURRENCY_DECIMAL_PLACES (2);
    it stays currency through arithmetic and shows as currency."""

    @classmethod
    def _places(cls):
        return _format.places()

    def __str__(self):
        return _format.currency(self)

    def __repr__(self):
        return f"{Decimal.__str__(self)}cu"

    def to_real_world_currency(self, session):
        settings = _format._settings()
        if settings.get("USE_POINTS", True):
            return RealWorldCurrency(float(self) * float(session.config.get("real_world_currency_per_point", 1)))
        return RealWorldCurrency(self)


def cu(value):
    return Currency(value)


class RealWorldCurrency(_Money):
    """Real-world money (oTree's RealWorldCurrency): the session config's
    participation_fee, a payment; it shows as money whatever USE_POINTS
    says."""

    @classmethod
    def _places(cls):
        return _format.money_places()

    def __str__(self):
        return _format.currency(self, money=True)

    def __repr__(self):
        return f"RealWorldCurrency({Decimal.__str__(self)})"

    def to_real_world_currency(self, session):
        return self


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

    # The types a value may have, as oTree checks them on assignment (the
    # first is the one its error recommends).
    _types = (str,)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = self._typed(obj._read(self.name, self.initial))
        if value is None:
            raise TypeError(
                f"{type(obj).__name__.lower()}.{self.name} is None. Accessing a null field is generally "
                "considered an error. Or, if this is intentional, use field_maybe_none()"
            )
        return value

    def _typed(self, value):
        return value

    def __set__(self, obj, value):
        if value is not None and not isinstance(value, self._types):
            raise TypeError(f"{self.name} should be set to {self._types[0].__name__}, not {type(value).__name__}.")
        obj._write(self.name, value)


class IntegerField(Field):
    kind = "integer"
    _types = (int,)


class FloatField(Field):
    kind = "float"
    _types = (float, int)


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
    _types = (bool, int)


class CurrencyField(Field):
    """A field whose value reads back as currency (`cu`)."""

    kind = "currency"
    _types = (Currency, int, float, Decimal)

    def _typed(self, value):
        if value is None or isinstance(value, Currency):
            return value
        return Currency(value)


class Link:
    """An ExtraModel's link to a player, group, subsession or another
    ExtraModel's row (stored as what names it: a player as its participant
    and round, a group as its number and round, a row as its id)."""

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
        if isinstance(declared, Field) or (isinstance(declared, property) and declared.fset is not None):
            declared.__set__(self, value)
            return
        if name in self.__dict__ or declared is not None:
            raise AttributeError(f"{name} is not a field: it cannot be assigned")
        self._may_assign(name)
        self._write(name, value)

    def field_maybe_none(self, name):
        """A field's value, None included (reading a field that is None
        as an attribute is an error, as on oTree)."""
        field = getattr(type(self), name, None)
        if isinstance(field, Field):
            return field._typed(self._read(field.name, field.initial))
        return getattr(self, name)


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


class _Vars:
    """oTree's `participant.vars` / `session.vars`: a dict kept by the host,
    one state key per entry (a participant's declared PARTICIPANT_FIELDS
    are entries too, as on oTree). A list or dict read from it and changed
    in place is written back when the call ends."""

    def __init__(self, owner):
        self._owner = owner

    def __getitem__(self, key):
        text = _host.get(self._owner, self._name(key))
        if text is None:
            raise KeyError(key)
        value = _json.loads(text)
        _host.track(self._owner, self._name(key), value, text)
        return value

    def __setitem__(self, key, value):
        text = _json.dumps(value)
        _host.set(self._owner, self._name(key), text)
        _host.track(self._owner, self._name(key), value, text)

    def __delitem__(self, key):
        self[key]
        _host.delete(self._owner, self._name(key))

    def __contains__(self, key):
        return _host.get(self._owner, self._name(key)) is not None

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return self[key]

    def pop(self, key, *default):
        try:
            value = self[key]
        except KeyError:
            if default:
                return default[0]
            raise
        del self[key]
        return value

    def update(self, other=(), **more):
        for k, v in dict(other, **more).items():
            self[k] = v

    def _name(self, key):
        if not isinstance(key, str) or not key or key.startswith("_"):
            raise KeyError(f"vars keys are non-empty text not starting with '_' in livehost, not {key!r}")
        return key

    def _listing(self, *args, **kwargs):
        raise TypeError(
            "livehost cannot list the entries of vars: read the keys your experiment set (vars[key], vars.get(key))"
        )

    __iter__ = __len__ = keys = items = values = _listing


class _Rounds:
    """oTree's in_rounds, in_previous_rounds and in_all_rounds of a model
    that has `in_round` and `round_number`."""

    def in_rounds(self, first, last):
        return [self.in_round(r) for r in range(first, last + 1)]

    def in_previous_rounds(self):
        return self.in_rounds(1, self.round_number - 1)

    def in_all_rounds(self):
        return self.in_previous_rounds() + [self]


class BaseSession(_Stored):
    """The session (oTree's `session`): its config, vars and SESSION_FIELDS."""

    def __init__(self):
        object.__setattr__(self, "_owner", _host.SESSION)

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

    @property
    def vars(self):
        return _Vars(self._owner)

    @property
    def num_participants(self):
        return sum(len(g) for g in _host.groups(1))

    @property
    def code(self):
        return _host.session_code()

    @property
    def participation_fee(self):
        return RealWorldCurrency(self.config.get("participation_fee", 0) or 0)

    @property
    def real_world_currency_per_point(self):
        return self.config.get("real_world_currency_per_point", 1)

    def get_participants(self):
        return [BaseParticipant(p.participant_id) for g in _host.groups(1) for p in g]

    def __eq__(self, other):
        return isinstance(other, BaseSession)

    def __hash__(self):
        return 0


class BaseSubsession(_Rounds, _Stored):
    """An app's subsession: one round of it, its groups and players. Its
    declared fields are kept per app and round."""

    def __init__(self, round_number=None):
        object.__setattr__(self, "_owner", _host.SESSION)
        object.__setattr__(self, "round_number", round_number or _host.current_round())

    def _key(self, name):
        return _app_key(f"subsession.{self.round_number}.{name}")

    def _may_assign(self, name):
        raise AttributeError(f'Subsession has no field "{name}": declare it in class Subsession')

    @property
    def session(self):
        return _host.app().session()

    def get_groups(self):
        app = _host.app()
        # A group formed by arrival leaves its players' old group empty:
        # gone, as on oTree, and its number unused.
        groups = _host.groups(self.round_number)
        return [app.group(n, self.round_number) for n, g in enumerate(groups, 1) if g]

    def get_players(self):
        app = _host.app()
        players = [p for g in _host.groups(self.round_number) for p in g]
        return [app.player_of(p) for p in sorted(players, key=lambda p: p.participant_id)]

    def get_group_matrix(self, objects=False):
        app = _host.app()
        return [
            [app.player_of(p) if objects else p.participant_id for p in g]
            for g in _host.groups(self.round_number)
            if g
        ]

    def set_group_matrix(self, matrix):
        """oTree's set_group_matrix: this round's groups, each a list of
        players or of their id_in_subsession, in id-in-group order."""
        try:
            matrix[0][0]
        except (TypeError, IndexError, KeyError):
            raise ValueError("Group matrix must be a list of lists.") from None
        rows = [[p.id_in_subsession if isinstance(p, BasePlayer) else p for p in row] for row in matrix]
        flat = sorted(i for row in rows for i in row)
        if not all(isinstance(i, int) for i in flat) or flat != list(range(1, len(flat) + 1)):
            raise ValueError("The matrix of integers either has duplicate or missing elements.")
        _host.set_groups(self.round_number, rows)

    def group_randomly(self, *, fixed_id_in_group=False):
        """oTree's group_randomly: players shuffled into groups of this
        round's sizes (with fixed_id_in_group, each keeps their id in
        group)."""
        import random

        matrix = self.get_group_matrix()
        sizes = [len(row) for row in matrix]
        if sizes and any(size != sizes[0] for size in sizes):
            raise ValueError("This algorithm does not work with unevenly sized groups")
        if fixed_id_in_group:
            columns = [list(col) for col in zip(*matrix)]
            for column in columns:
                random.shuffle(column)
            matrix = [list(row) for row in zip(*columns)]
        else:
            players = [i for row in matrix for i in row]
            random.shuffle(players)
            matrix = [players[i : i + sizes[0]] for i in range(0, len(players), sizes[0])]
        self.set_group_matrix(matrix)

    def group_like_round(self, round_number):
        """oTree's group_like_round: the groups of an earlier round."""
        self.set_group_matrix(self.in_round(round_number).get_group_matrix())

    def in_round(self, round_number):
        return type(self)(_round_of(round_number))

    def __eq__(self, other):
        return isinstance(other, BaseSubsession) and other.round_number == self.round_number

    def __hash__(self):
        return self.round_number


def _round_of(round_number):
    """Checks a round number of the current app, as oTree's in_round."""
    app = _host.app()
    if not isinstance(round_number, int) or not 1 <= round_number <= app.rounds:
        raise ValueError(f"Invalid round number: {round_number}")
    return round_number


class BaseParticipant(_Stored):
    """A participant's fields, kept across rounds and apps."""

    def __init__(self, participant_id):
        object.__setattr__(self, "_owner", _host.participant_at(participant_id))
        object.__setattr__(self, "id_in_session", participant_id)

    def _may_assign(self, name):
        _undeclared("Participant", name, "PARTICIPANT_FIELDS")

    @property
    def vars(self):
        return _Vars(self._owner)

    @property
    def code(self):
        """The participant's code (their link's): a page or live method
        reads its own participant's only; custom_export and
        creating_session read anyone's."""
        return _host.participant_code(self.id_in_session)

    @property
    def payoff(self):
        """The sum of the participant's players' payoffs in every app and
        round (oTree's participant.payoff)."""
        return Currency(self._read("payoff", 0) or 0)

    @payoff.setter
    def payoff(self, value):
        self._write("payoff", Currency(value or 0))

    def payoff_in_real_world_currency(self):
        return self.payoff.to_real_world_currency(_host.app().session())

    def payoff_plus_participation_fee(self):
        return self.payoff_in_real_world_currency() + _host.app().session().participation_fee

    def __getattr__(self, name):
        # As oTree: a name settings.py does not declare is no attribute, and
        # one it declares but nothing assigned yet is a KeyError (oTree
        # keeps them in participant.vars).
        declared = None if name.startswith("_") else _declared("Participant", "PARTICIPANT_FIELDS")
        if declared is None or name in _BUILTIN["Participant"]:
            return super().__getattr__(name)
        if name not in declared:
            raise AttributeError(f"'Participant' object has no attribute '{name}'")
        return self.vars[name]

    def __eq__(self, other):
        return isinstance(other, BaseParticipant) and other.id_in_session == self.id_in_session

    def __hash__(self):
        return self.id_in_session


def _roles(app):
    """oTree's roles: C's text constants named *_ROLE or ROLE_*, in the
    order C defines them."""
    roles = []
    for klass in reversed(app.constants.__mro__):
        for name, value in vars(klass).items():
            upper = name.upper()
            if upper.endswith("_ROLE") or upper.startswith("ROLE_"):
                if not isinstance(value, str):
                    raise TypeError(f"{name}: a constant that ends with _ROLE must be text, e.g. BUYER_ROLE = 'Buyer'")
                roles.append(value)
    return roles


class BaseGroup(_Rounds, _Stored):
    """A group of the app in one round."""

    def __init__(self, number=None, round_number=None):
        if number is None:
            number, round_number = _host.caller().group_id, _host.caller().round
        object.__setattr__(self, "_owner", _host.group_at(number, round_number))
        object.__setattr__(self, "id_in_subsession", number)
        object.__setattr__(self, "round_number", round_number)

    def _key(self, name):
        return name

    def _may_assign(self, name):
        raise AttributeError(f'Group has no field "{name}": declare it in class Group')

    def get_players(self):
        app = _host.app()
        groups = _host.groups(self.round_number)
        return [app.player_of(p) for p in groups[self.id_in_subsession - 1]]

    def get_player_by_id(self, id_in_group):
        for p in self.get_players():
            if p.id_in_group == id_in_group:
                return p
        raise ValueError(f"No player with id_in_group {id_in_group}")

    def get_player_by_role(self, role):
        for p in self.get_players():
            if (p.role() if callable(p.role) else p.role) == role:
                return p
        raise ValueError(f'No player with role "{role}"')

    @property
    def subsession(self):
        return _host.app().subsession(self.round_number)

    @property
    def session(self):
        return _host.app().session()

    def in_round(self, round_number):
        return type(self)(self.id_in_subsession, _round_of(round_number))

    def __eq__(self, other):
        return (
            isinstance(other, BaseGroup)
            and (other.id_in_subsession, other.round_number) == (self.id_in_subsession, self.round_number)
        )

    def __hash__(self):
        return hash((self.id_in_subsession, self.round_number))


class _Payoff(CurrencyField):
    """player.payoff: 0 until set; each change is added to the
    participant's payoff too, as on oTree."""

    def __set__(self, obj, value):
        value = Currency(0 if value is None else value)
        before = Currency(obj._read(self.name, 0) or 0)
        obj._write(self.name, value)
        participant = obj.participant
        participant.payoff = participant.payoff + value - before


class BasePlayer(_Rounds, _Stored):
    """A player: a participant in one round of an app."""

    payoff = _Payoff(initial=0)

    def __init__(self, participant_id, round_number, id_in_group, group_number):
        object.__setattr__(self, "_owner", _host.player_at(participant_id, round_number))
        object.__setattr__(self, "id_in_group", id_in_group)
        object.__setattr__(self, "round_number", round_number)
        object.__setattr__(self, "_participant_id", participant_id)
        object.__setattr__(self, "_group_number", group_number)

    def _key(self, name):
        return _app_key(name)

    def _may_assign(self, name):
        raise AttributeError(f'Player has no field "{name}": declare it in class Player')

    @property
    def group(self):
        return _host.app().group(self._group_number, self.round_number)

    @property
    def subsession(self):
        return _host.app().subsession(self.round_number)

    @property
    def participant(self):
        return BaseParticipant(self._participant_id)

    @property
    def session(self):
        return _host.app().session()

    @property
    def id_in_subsession(self):
        return self._participant_id

    @property
    def role(self):
        roles = _roles(_host.app())
        return roles[self.id_in_group - 1] if len(roles) >= self.id_in_group else ""

    def in_round(self, round_number):
        return _host.app().player_in_round(self._participant_id, _round_of(round_number))

    def get_others_in_group(self):
        return [p for p in self.group.get_players() if p != self]

    def get_others_in_subsession(self):
        return [p for p in self.subsession.get_players() if p != self]

    def __eq__(self, other):
        return (
            isinstance(other, BasePlayer)
            and (other._participant_id, other.round_number) == (self._participant_id, self.round_number)
        )

    def __hash__(self):
        return hash((self._participant_id, self.round_number))


class _Row:
    """One ExtraModel row, its fields as attributes: assigning one stores
    it, as on oTree."""

    def __init__(self, model, fields, row_id):
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "id", row_id)

    def __getattr__(self, name):
        fields = object.__getattribute__(self, "_fields")
        model = object.__getattribute__(self, "_model")
        declared = getattr(model, name, None)
        if isinstance(declared, Link):
            return _linked(declared, fields.get(name))
        if name in fields:
            value = fields[name]
            return declared._typed(value) if isinstance(declared, Field) else value
        if isinstance(declared, Field):
            return _copy(declared.initial)
        raise AttributeError(f"'{model.__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        model = object.__getattribute__(self, "_model")
        declared = getattr(model, name, None)
        if not isinstance(declared, (Field, Link)):
            raise AttributeError(f'{model.__name__} has no field "{name}".')
        if isinstance(declared, Field) and value is not None and not isinstance(value, declared._types):
            raise TypeError(f"{name} should be set to {declared._types[0].__name__}, not {type(value).__name__}.")
        fields = dict(object.__getattribute__(self, "_fields"))
        fields[name] = _link_value(value)
        _host.update_row(model._table(), self.id, _json.dumps(fields))
        object.__setattr__(self, "_fields", fields)

    def delete(self):
        """Removes the row (oTree's `delete()`)."""
        model = object.__getattribute__(self, "_model")
        _host.remove_row(model._table(), self.id)

    def __eq__(self, other):
        return isinstance(other, _Row) and (other._model, other.id) == (self._model, self.id)

    def __hash__(self):
        return hash((self._model.__name__, self.id))

    def __repr__(self):
        return f"<{self._model.__name__} {self.id}>"


def _link_value(value):
    """What a link (or a field) stores: a player as its participant and
    round, a group as its number and round, a subsession as its round, a
    row as its id."""
    if isinstance(value, BasePlayer):
        return {"participant_id": value._participant_id, "round": value.round_number}
    if isinstance(value, BaseGroup):
        return {"group": value.id_in_subsession, "round": value.round_number}
    if isinstance(value, BaseSubsession):
        return {"round": value.round_number}
    if isinstance(value, _Row):
        return value.id
    return value


def _linked(link, stored):
    """The object a link's stored value names."""
    if stored is None:
        return None
    app = _host.app()
    to = link.to
    if isinstance(to, type) and issubclass(to, BasePlayer):
        return app.player_in_round(stored["participant_id"], stored["round"])
    if isinstance(to, type) and issubclass(to, BaseGroup):
        return app.group(stored["group"], stored["round"])
    if isinstance(to, type) and issubclass(to, BaseSubsession):
        return app.subsession(stored["round"])
    if isinstance(to, type) and issubclass(to, ExtraModel):
        for row in to._rows("all"):
            if row.id == stored:
                return row
        return None
    return stored


def _row_group(values):
    """The group (number, round) a row with these fields belongs to: its
    group link's, else its player link's group; None: the caller's."""
    for v in values:
        if isinstance(v, BaseGroup):
            return (v.id_in_subsession, v.round_number)
    for v in values:
        if isinstance(v, BasePlayer):
            return (v._group_number, v.round_number)
    return None


class ExtraModel:
    """A table of rows (oTree's ExtraModel): `create`, `filter` by any of
    its fields and links, a row's fields assigned and stored, `delete()`.
    A row linked to a group (or a player) belongs to that group: filtering
    by it reads that group's rows only (a round's group, not another
    round's)."""

    @classmethod
    def _table(cls):
        # A project's tables are its apps' own: `<app>-<Model>`.
        app = _host.app()
        if app is not None and getattr(app, "key_prefix", ""):
            return f"{cls.__module__.split('.')[0]}-{cls.__name__}"
        return cls.__name__

    @classmethod
    def _declared(cls, name):
        declared = getattr(cls, name, None)
        if not isinstance(declared, (Field, Link)):
            raise TypeError(f"{name!r} is an invalid keyword argument for {cls.__name__}")
        return declared

    @classmethod
    def create(cls, **fields):
        for name in fields:
            cls._declared(name)
        stored = {k: _link_value(v) for k, v in fields.items()}
        row_id = _host.append(cls._table(), _json.dumps(stored), _row_group(fields.values()))
        return _Row(cls, stored, row_id)

    @classmethod
    def _rows(cls, group):
        return [_Row(cls, _json.loads(row.fields), row.id) for row in _host.query(cls._table(), group)]

    @classmethod
    def filter(cls, **conditions):
        """The rows whose fields and links equal `conditions`; as on oTree,
        one of them must be a model (player=, group=, subsession=...). With
        none at all: every row of the session."""
        for name in conditions:
            cls._declared(name)
        models_ = (BasePlayer, BaseGroup, BaseSubsession, BaseParticipant, _Row)
        if conditions and not any(isinstance(v, models_) for v in conditions.values()):
            raise ValueError(
                "At least one argument to .filter() must be a model instance, e.g. player=player or group=group"
            )
        # Rows linked to a group (or a player) are that group's: read only
        # those; else the whole session's.
        group = _row_group(conditions.values())
        wanted = {k: _link_value(v) for k, v in conditions.items()}
        rows = []
        for row in cls._rows(group or "all"):
            fields = object.__getattribute__(row, "_fields")
            ok = True
            for k, v in wanted.items():
                # A field the row was created without has its default.
                default = getattr(cls, k, None)
                stored = fields[k] if k in fields else (default.initial if isinstance(default, Field) else None)
                if stored != v:
                    ok = False
                    break
            if ok:
                rows.append(row)
        return rows
