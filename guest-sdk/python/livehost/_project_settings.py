"""An oTree project's settings.py, read when the component is built: its
session configs (checked as oTree checks them), the apps they name, the
settings that change how values show, PARTICIPANT_FIELDS and
SESSION_FIELDS, and the files of its `_static/` folder (read now: a
running component has no files)."""

import importlib
import os
import re

# The settings that change how currency shows (the host's `pages.files`).
_DISPLAY = (
    "USE_POINTS",
    "REAL_WORLD_CURRENCY_CODE",
    "REAL_WORLD_CURRENCY_DECIMAL_PLACES",
    "POINTS_DECIMAL_PLACES",
    "POINTS_CUSTOM_NAME",
    "LANGUAGE_CODE",
)

# What livehost cannot do, named at build rather than ignored.
_REFUSED = {
    "ROOMS": "rooms with participant labels are not supported by livehost yet: "
    "remove ROOMS (every livehost session has a room link of its own)",
    "CURRENCY_UNIT": "CURRENCY_UNIT is not supported by livehost yet: use USE_POINTS and POINTS_CUSTOM_NAME",
}


class SettingsError(Exception):
    """settings.py asks for something livehost cannot do, or is wrong."""


def _where(settings, name):
    """` (settings.py:N)`: the line that assigns `name`, if there is one."""
    try:
        with open(settings.__file__, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if re.match(rf"{name}\s*[:=]", line):
                    return f" (settings.py:{n})"
    except OSError:
        pass
    return ""


def _fail(settings, name, text):
    return SettingsError(text + _where(settings, name))


def _names(settings, setting):
    value = getattr(settings, setting, None) or []
    if isinstance(value, dict):
        value = list(value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.isidentifier() for v in value):
        raise _fail(settings, setting, f"settings.{setting} must be a list of field names, not {value!r}")
    return list(value)


def _config(i, config, defaults, use_points):
    """One SESSION_CONFIGS entry with the defaults merged in, checked as
    oTree's SessionConfig.clean does."""
    if not isinstance(config, dict):
        raise SettingsError(f"settings.SESSION_CONFIGS[{i}] must be a dict, not {type(config).__name__}")
    merged = dict(defaults)
    merged.update(config)
    required = ["participation_fee"] + (["real_world_currency_per_point"] if use_points is not False else [])
    for key in required:
        if key not in merged:
            raise SettingsError(f"SESSION_CONFIG_DEFAULTS is missing {key}")
    for key in ("name", "app_sequence", "num_demo_participants"):
        if key not in merged:
            raise SettingsError(f"Session config is missing {key}")
    name = merged["name"]
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SettingsError(
            f"settings.SESSION_CONFIGS name {name!r} can only contain letters, numbers, and underscores (_)"
        )
    apps = merged["app_sequence"]
    if not isinstance(apps, (list, tuple)) or not all(isinstance(a, str) for a in apps):
        raise SettingsError(f'settings.SESSION_CONFIGS: app_sequence of "{name}" must be a list of app names')
    if len(apps) == 0:
        raise SettingsError("settings.SESSION_CONFIGS: app_sequence cannot be empty.")
    if len(apps) != len(set(apps)):
        raise SettingsError(
            f'settings.SESSION_CONFIGS: app_sequence of "{name}" must not contain duplicate elements. '
            "If you want multiple rounds, you should set num_rounds."
        )
    n = merged["num_demo_participants"]
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise SettingsError(f'session config "{name}": num_demo_participants must be a whole number of at least 1')
    merged["app_sequence"] = list(apps)
    merged.setdefault("display_name", name)
    merged.setdefault("doc", "")
    merged["participation_fee"] = float(merged["participation_fee"])
    return merged


def _static_files(root):
    """(path, bytes) of every file under the project's `_static/`."""
    base = os.path.join(root, "_static")
    found = []
    if not os.path.isdir(base):
        return found
    for here, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for f in sorted(files):
            if f.startswith("."):
                continue
            path = os.path.join(here, f)
            with open(path, "rb") as data:
                found.append((os.path.relpath(path, base).replace(os.sep, "/"), data.read()))
    return found


def load(settings, App, Apps):
    """The project of `settings` (its module): every app its session
    configs name, in order of first appearance."""
    for name, why in _REFUSED.items():
        if getattr(settings, name, None):
            raise _fail(settings, name, f"settings.{name}: {why}")
    configs = getattr(settings, "SESSION_CONFIGS", None)
    if not configs or not isinstance(configs, (list, tuple)):
        raise SettingsError(
            "settings.py must define SESSION_CONFIGS: a list of dicts, each with name, app_sequence "
            "and num_demo_participants"
        )
    defaults = getattr(settings, "SESSION_CONFIG_DEFAULTS", None) or {}
    if not isinstance(defaults, dict):
        raise SettingsError("settings.SESSION_CONFIG_DEFAULTS must be a dict")
    display = {k: getattr(settings, k) for k in _DISPLAY if hasattr(settings, k)}
    # Currency made while the apps are imported (C.ENDOWMENT = cu(1.5))
    # rounds as the project's settings say.
    from . import _format

    _format.import_settings = display
    try:
        merged = [_config(i, c, defaults, display.get("USE_POINTS", True)) for i, c in enumerate(configs)]
    except SettingsError as e:
        raise _fail(settings, "SESSION_CONFIGS", str(e)) from None
    seen = set()
    for c in merged:
        if c["name"] in seen:
            raise _fail(settings, "SESSION_CONFIGS", f"Duplicate SESSION_CONFIG name: {c['name']}")
        seen.add(c["name"])
    names = []
    for c in merged:
        for app in c["app_sequence"]:
            if app not in names:
                names.append(app)
    participant_fields = _names(settings, "PARTICIPANT_FIELDS")
    session_fields = _names(settings, "SESSION_FIELDS")
    apps = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            raise _fail(
                settings,
                "SESSION_CONFIGS",
                f"app_sequence names the app {name!r}, but the project has no folder {name}/ "
                "with an __init__.py (oTree 5) or models.py and pages.py (oTree 3)",
            ) from None
        app = App(module, project=True, settings=display)
        app.participant_fields = participant_fields
        app.session_fields = session_fields
        apps.append(app)
    root = os.path.dirname(os.path.abspath(settings.__file__))
    return Apps(apps, merged, _static_files(root))
