# An async live method in Python, oTree's `async def live_method ... yield`:
# each step increments the group's counter, yields it to the group and
# sleeps; other messages of the group are served while it sleeps.
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'async_counter'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Group(BaseGroup):
    count = models.IntegerField(initial=0)


async def live_method(player, data):
    group = player.group
    for _ in range(data.get('times', 1)):
        group.count += 1
        yield {0: {'count': group.count, 'by': player.id_in_group}}
        await sleep(10)
    yield {player.id_in_group: {'done': group.count}}


class Counter(Page):
    live_method = staticmethod(live_method)


page_sequence = [Counter]
