"""livehost's Python SDK: write an experiment the oTree way, build it into
a WebAssembly component with `livehost build app.py -o app.wasm`.

    from livehost import *      # then C, Group, Player, pages and
                                # page_sequence, as in an oTree app:
                                # see examples/auction/auction.py

Fields of `Group`, `Player`, `Participant` and `Session` classes are kept by
the host (its state), never in Python memory: `group.highest_bid = bid`
writes it, and the next call reads it back. An `ExtraModel` subclass is a
log table: `Bid.create(player=player, amount=10)`, `Bid.filter(group=group)`.

An `async def live_method` may `yield {id_in_group: payload}` as it goes,
`await sleep(ms)` and `await fetch(url, ...)` (then `await response.chunk()`);
the module is then built for the async world.

A live method returns `{id_in_group: payload}` (0 = the whole group; None
sends nothing), or, to send one player several messages, a list of
`(id_in_group, payload)` pairs. An exception refuses the message: nothing the call wrote is
kept, and the sender's page gets one line, `ExceptionType: message`.
"""

from ._models import (
    BaseConstants,
    BaseGroup,
    BasePlayer,
    BaseSubsession,
    RealWorldCurrency,
    Currency,
    ExtraModel,
    cu,
    currency_range,
    models,
    widgets,
)
from ._host import HostError, fetch, sleep
from ._pages import Page, WaitPage

__all__ = [
    "BaseConstants",
    "BaseGroup",
    "BasePlayer",
    "BaseSubsession",
    "Currency",
    "RealWorldCurrency",
    "ExtraModel",
    "Page",
    "WaitPage",
    "cu",
    "currency_range",
    "models",
    "widgets",
    "sleep",
    "fetch",
    "HostError",
]
