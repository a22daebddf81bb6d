"""Currency as oTree's messages print it (the bounds of a form field):
points or money, by the experiment's settings. Pages are printed by the
host; this is only for the few texts the experiment makes itself."""

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹"}


# A project's display settings while its apps are imported (the build),
# before any call names the app.
import_settings = {}


def _settings():
    from . import _host

    app = _host.app()
    settings = getattr(app, "settings", None) if app is not None else None
    return settings if settings is not None else import_settings


def places():
    """The decimal places currency (points, or money without points) is
    rounded to."""
    s = _settings()
    if s.get("USE_POINTS", True):
        return int(s.get("POINTS_DECIMAL_PLACES", 0))
    return money_places()


def money_places():
    """The decimal places of real-world money."""
    return int(_settings().get("REAL_WORLD_CURRENCY_DECIMAL_PLACES", 2))


def currency(value, money=False):
    """`value` as oTree prints currency (`money`: real-world currency,
    whatever USE_POINTS says)."""
    s = _settings()
    if money:
        return _money(value, s, money_places())
    n = places()
    if not s.get("USE_POINTS", True):
        return _money(value, s, n)
    number = f"{float(value):.{n}f}"
    name = s.get("POINTS_CUSTOM_NAME")
    if name:
        return f"{number} {name}"
    return f"{number} point" if float(value) == 1 else f"{number} points"


def _money(value, s, n):
    number = f"{float(value):.{n}f}"
    code = s.get("REAL_WORLD_CURRENCY_CODE", "USD")
    symbol = _SYMBOLS.get(code)
    if symbol is None:
        return f"{number} {code}"
    sign = "-" if float(value) < 0 else ""
    return f"{sign}{symbol}{number.lstrip('-')}"
