"""JSON text to and from Python values, for every value that crosses to
the host (fields, rows, payloads, live data). The host hands over only
valid JSON, and refuses what is not: so the plain values most calls carry
(numbers, strings, booleans, None) take a short path, and everything else
goes through the `json` module. In the wasm interpreter a `json.dumps`
call costs about as much as a call to the host, which is why this
exists (see README: Python per-call time)."""

import json
import math

try:
    from _json import encode_basestring_ascii as _quote
except ImportError:  # the C accelerator is missing: the module's own
    from json.encoder import encode_basestring_ascii as _quote

_repr_int = int.__repr__
_repr_float = float.__repr__


def dumps(value):
    kind = type(value)
    if kind is int:
        return _repr_int(value)
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and math.isfinite(value):
        return _repr_float(value)
    return json.dumps(value, default=_default)


def _default(value):
    """Currency as oTree's JSON has it: a number (whole, without decimal
    places)."""
    to_json = getattr(value, "_json", None)
    if to_json is not None:
        return to_json()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_CONSTANTS = {"null": None, "true": True, "false": False}


def loads(text):
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    first = text[:1]
    if first == '"' and text.find("\\") < 0 and text.find('"', 1) == len(text) - 1:
        return text[1:-1]
    digits = text[1:] if first == "-" else text
    if digits.isascii() and digits.isdigit():
        return int(text)
    return json.loads(text)
