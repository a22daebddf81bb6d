"""Pages, declared as in oTree: a class per page, `page_sequence` lists
them. A page's HTML is its template file, read when the component is
built: `<PageName>.html` beside the app's module (oTree 5), or in the
app's `templates/<app>/` folder (oTree 3), or the page's `template_name`
(relative to the project, as oTree reads it, or to the module's folder).
The host renders templates; the other HTML files of the app (what
templates include) are handed to it too."""

import os
import sys


class _Place:
    """Where a module's templates are: its app's name, the folder of its
    files and the project folder above it."""

    def __init__(self, module_name):
        module = sys.modules.get(module_name)
        path = os.path.abspath(getattr(module, "__file__", "") or ".")
        self.base = os.path.dirname(path)
        if os.path.basename(path) == "__init__.py" or "." in module_name:
            # A package, or a module of one (oTree 3's my_app/pages.py).
            self.app = module_name.split(".")[0] if "." in module_name else os.path.basename(self.base)
            self.root = os.path.dirname(self.base)
        else:
            self.app = os.path.splitext(os.path.basename(path))[0]
            self.root = self.base
        self.file = path


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _find_template(cls):
    """The page's template as (name, text); ("", "") for a page without one."""
    place = _Place(cls.__module__)
    given = cls.__dict__.get("template_name")
    if given:
        given = given.replace("\\", "/")
        candidates = [
            (os.path.join(place.root, given), given),
            (os.path.join(place.base, given), f"{place.app}/{given}"),
            (os.path.join(place.base, "templates", given), given),
        ]
    else:
        own = f"{cls.__name__}.html"
        candidates = [
            (os.path.join(place.base, own), f"{place.app}/{own}"),
            (os.path.join(place.base, "templates", place.app, own), f"{place.app}/{own}"),
        ]
    for path, name in candidates:
        if os.path.isfile(path):
            return name, _read(path)
    if given:
        raise FileNotFoundError(
            f"page {cls.__name__}: its template_name {given!r} is neither in the project nor beside {place.file}"
        )
    return "", ""


def other_templates(module_name, page_templates):
    """Every other HTML file of the app (what its templates include), and
    the project's `_templates/`, as (name, text) pairs."""
    place = _Place(module_name)
    found = {}
    skip = {"__pycache__", "node_modules", "_static"}

    def walk(folder, prefix):
        for here, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
            for f in sorted(files):
                if f.endswith(".html"):
                    rel = os.path.relpath(os.path.join(here, f), folder).replace(os.sep, "/")
                    name = f"{prefix}{rel}"
                    if name not in page_templates and name not in found:
                        found[name] = _read(os.path.join(here, f))

    templates = os.path.join(place.base, "templates")
    if os.path.isdir(templates):
        walk(templates, "")
    for entry in sorted(os.listdir(place.base)):
        path = os.path.join(place.base, entry)
        if entry.endswith(".html") and os.path.isfile(path):
            name = f"{place.app}/{entry}"
            if name not in page_templates and name not in found:
                found[name] = _read(path)
    shared = os.path.join(place.root, "_templates")
    if os.path.isdir(shared):
        walk(shared, "")
    return sorted(found.items())


class Page:
    """A page, as in oTree. Give it `live_method(player, data)` (a
    staticmethod) to make it a live page; `is_displayed(player)`,
    `vars_for_template(player)` and `js_vars(player)` as oTree's;
    `error_message(player, values)` to check the form before the
    participant may leave; `next_button = False` to hide the Next button of
    a page whose template is not an oTree template."""

    template_name = None
    next_button = True
    _kind = "normal"
    _body = ""
    _template = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "live_method" in cls.__dict__:
            cls._kind = "live"
        cls._template, cls._body = _find_template(cls)


class WaitPage(Page):
    """Held until the whole group has arrived."""

    _kind = "wait"
    next_button = False
