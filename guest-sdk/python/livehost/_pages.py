"""Pages, declared as in oTree: a class per page, `page_sequence` lists
them. A page's HTML is its template file (`template_name`, default
`<PageName>.html`, next to the experiment's module), read when the
component is built."""

import os
import sys


def _read_template(cls):
    name = cls.__dict__.get("template_name") or f"{cls.__name__}.html"
    module = sys.modules.get(cls.__module__)
    base = os.path.dirname(os.path.abspath(getattr(module, "__file__", "") or "."))
    path = os.path.join(base, name)
    if not os.path.exists(path):
        if "template_name" not in cls.__dict__:
            return ""
        raise FileNotFoundError(
            f"page {cls.__name__}: its template {name!r} is not next to {module.__file__}"
        )
    with open(path, encoding="utf-8") as f:
        return f.read()


class Page:
    """A page. Give it `live_method(player, data)` (a staticmethod) to make
    it a live page, `error_message(player, values)` to check the form
    before the participant may leave, and `next_button = False` to hide the
    Next button."""

    template_name = None
    next_button = True
    _kind = "normal"
    _body = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "live_method" in cls.__dict__:
            cls._kind = "live"
        cls._body = _read_template(cls)


class WaitPage(Page):
    """Held until the whole group has arrived."""

    _kind = "wait"
    next_button = False
