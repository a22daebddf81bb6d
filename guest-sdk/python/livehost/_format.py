"""Currency as oTree's messages print it (the bounds of a form field):
points or money, by the experiment's settings. Pages are printed by the
host; this is only for the few texts the experiment makes itself."""

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹"}


def _settings():
    from . import _host

    app = _host.app()
    return getattr(app, "settings", None) or {}


def places():
    """The decimal places currency is rounded to."""
    s = _settings()
    if s.get("USE_POINTS", True):
        return int(s.get("POINTS_DECIMAL_PLACES", 0))
    return int(s.get("REAL_WORLD_CURRENCY_DECIMAL_PLACES", 2))


def currency(value):
    s = _settings()
    n = places()
    number = f"{float(value):.{n}f}"
    if s.get("USE_POINTS", True):
        name = s.get("POINTS_CUSTOM_NAME")
        if name:
            return f"{number} {name}"
        return f"{number} point" if float(value) == 1 else f"{number} points"
    code = s.get("REAL_WORLD_CURRENCY_CODE", "USD")
    symbol = _SYMBOLS.get(code)
    if symbol is None:
        return f"{number} {code}"
    sign = "-" if float(value) < 0 else ""
    return f"{sign}{symbol}{number.lstrip('-')}"
