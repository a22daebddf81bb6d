"""A page's form, as oTree handles it: the fields of `form_fields` as the
page shows them (`pages.show`), and the checks of a submitted form with
oTree's own messages (`pages.submit`): each field's type, bounds, choices
and blank, its `<name>_error_message`, then the page's `error_message`.
Nothing here touches the host: the caller reads and stores the fields.

The checks follow oTree 6 (its forms are WTForms): a number without
`min` must be at least 0; an unreadable number also fails its bounds; an
empty input of a required field says only that it is required."""

import math

from ._models import BooleanField, Currency, Field, _Widget

REQUIRED = "This field is required."
NOT_A_CHOICE = "Not a valid choice"
NOT_AN_INTEGER = "Not a valid integer value"
NOT_A_FLOAT = "Not a valid float value"
NOT_A_DECIMAL = "Not a valid decimal value"
CANNOT_COERCE = "Invalid Choice: could not coerce"
STRING_LENGTH = 10000


def _label(field):
    label = field.options.get("label")
    if label is not None:
        return str(label)
    return field.name.replace("_", " ").title()


def _widget_name(field):
    widget = field.options.get("widget")
    if widget is None:
        return "default"
    if isinstance(widget, type) and issubclass(widget, _Widget):
        return widget.name
    if isinstance(widget, _Widget):
        return widget.name
    raise TypeError(f"field {field.name}: widget must be one of otree.api's widgets, not {widget!r}")


def _choices(choices):
    """oTree's choices as (value, label) pairs."""
    if choices is None:
        return None
    choices = list(choices)
    if choices and not isinstance(choices[0], (list, tuple)):
        return [(v, v) for v in choices]
    return [(v, label) for v, label in choices]


class FormField:
    """One field of a page's form for one player: the model field and what
    its dynamic options (`<name>_choices`, `_min`, `_max`) give now."""

    def __init__(self, field, target, model, places):
        self.field = field
        self.name = field.name
        self.kind = field.kind
        self.blank = bool(field.options.get("blank"))
        self.label = _label(field)
        self.help_text = field.options.get("help_text")
        self.widget = _widget_name(field)
        self.places = places
        self.choices = None
        choices_of = target(f"{field.name}_choices")
        if choices_of is not None:
            self.choices = _choices(choices_of(model))
        elif "choices" in field.options:
            self.choices = _choices(field.options["choices"])
        if self.kind == "boolean" and self.choices is None and self.widget != "checkbox-input":
            self.choices = [(True, "Yes"), (False, "No")]
        if self.kind == "currency" and self.choices is not None:
            self.choices = [
                (self._round(Currency(v)), label if not _same(label, v) else Currency(v))
                for v, label in self.choices
            ]
        if self.widget in ("radio-select", "radio-select-horizontal") and self.choices is None:
            raise ValueError(f"field {self.name}: a radio widget needs choices")
        self.min = self.max = None
        if self.choices is None and self.kind in ("integer", "float", "currency"):
            low = target(f"{field.name}_min")
            high = target(f"{field.name}_max")
            self.min = low(model) if low is not None else field.options.get("min", 0)
            self.max = high(model) if high is not None else field.options.get("max")
        self.max_length = field.options.get("max_length", STRING_LENGTH) if self.kind == "string" else None

    def _round(self, value):
        return Currency(round(float(value), self.places))

    def check(self, raw):
        """(value, errors) for the submitted text `raw` (None: not sent)."""
        empty = raw is None or raw == ""
        errors = []
        value = None
        if self.kind == "boolean" and self.widget == "checkbox-input":
            # WTForms' BooleanField: only "" and "false" are false.
            value = raw not in (None, "", "false")
            if not value and not self.blank:
                return value, [REQUIRED]
            return value, []
        if self.choices is not None:
            value, errors = self._choice(raw)
        elif self.kind == "integer":
            if raw is not None:
                try:
                    value = int(raw)
                except ValueError:
                    errors.append(NOT_AN_INTEGER)
        elif self.kind == "float":
            if raw is not None:
                try:
                    value = float(raw.replace(",", "."))
                except ValueError:
                    errors.append(NOT_A_FLOAT)
                if value is not None and not math.isfinite(value):
                    # Not storable as JSON; oTree would store it.
                    value = None
                    errors.append(NOT_A_FLOAT)
        elif self.kind == "currency":
            if not empty:
                try:
                    value = self._round(Currency(float(raw.replace(",", "."))))
                except ValueError:
                    errors.append(NOT_A_DECIMAL)
                if value is not None and not math.isfinite(value):
                    value = None
                    errors.append(NOT_A_DECIMAL)
        else:
            value = raw if raw is not None else None
            if self.max_length is not None and value is not None and len(value) > self.max_length:
                errors.append(
                    f"Field cannot be longer than {self.max_length} character{'s' if self.max_length != 1 else ''}."
                )
        if self.choices is None and self.kind in ("integer", "float", "currency"):
            message = _range_message(value, self.min, self.max)
            if message:
                errors.append(message)
        if empty:
            # oTree: a required field's empty input says only that; an
            # optional one's empty input is fine.
            return None, ([] if self.blank else [REQUIRED])
        return value, errors

    def _choice(self, raw):
        if raw is None or raw == "":
            return None, []
        coerce = {
            "integer": int,
            "float": float,
            "currency": lambda v: self._round(Currency(float(v.replace(",", ".")))),
            "boolean": lambda v: v not in ("", "0", "False", "false"),
        }.get(self.kind, str)
        try:
            value = coerce(raw)
        except ValueError:
            return None, [CANNOT_COERCE, NOT_A_CHOICE]
        if not any(_same(value, v) for v, _ in self.choices):
            return value, [NOT_A_CHOICE]
        return value, []


def _same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (type(a) is type(b) and a == b)
    try:
        return a == b
    except Exception:
        return False


def _bound(v):
    """A bound as oTree's messages print it."""
    if isinstance(v, Currency):
        return _currency_text(v)
    return str(v)


def _currency_text(v):
    from . import _format

    return _format.currency(v)


def _range_message(value, low, high):
    """WTForms' NumberRange, as oTree sets it up (min 0 unless given)."""
    if low is None and high is None:
        return None
    if value is not None and (low is None or value >= low) and (high is None or value <= high):
        return None
    if high is None:
        return f"Number must be at least {_bound(low)}."
    if low is None:
        return f"Number must be at most {_bound(high)}."
    return f"Number must be between {_bound(low)} and {_bound(high)}."
