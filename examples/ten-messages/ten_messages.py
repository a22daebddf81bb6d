# The seeds' "keeping users on the page" in Python: the group must send 10
# live messages before anyone may leave; the 10th tells every page to submit
# itself. liveSend({}) from a (re)loaded page asks for the status. It passes
# the same scenario as its Rust twin. Build it with
#   livehost build examples/ten-messages/ten_messages.py -o ten-messages-py.wasm
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'ten-messages'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    MESSAGES_NEEDED = 10


class Group(BaseGroup):
    num_messages = models.IntegerField(initial=0)
    game_finished = models.BooleanField(initial=False)


class Player(BasePlayer):
    pass


def live_method(player, data):
    group = player.group
    if data == {}:
        if group.game_finished:
            return {player.id_in_group: dict(type='game_finished')}
        return {player.id_in_group: dict(type='progress', num_messages=group.num_messages)}
    group.num_messages += 1
    if group.num_messages >= C.MESSAGES_NEEDED:
        group.game_finished = True
        response = dict(type='game_finished')
        return {0: response}


class Chat(Page):
    template_name = 'pages/chat.html'
    next_button = False
    live_method = staticmethod(live_method)

    @staticmethod
    def error_message(player, values):
        if not player.group.game_finished:
            return f'you need to stay until {C.MESSAGES_NEEDED} messages are sent'


class Results(Page):
    template_name = 'pages/results.html'


page_sequence = [Chat, Results]
