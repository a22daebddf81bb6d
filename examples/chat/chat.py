# A group chat with private messages in Python (the seeds' message types,
# history and ExtraModel patterns), three players per group. It passes the
# same scenario as its Rust twin. Build it with
#   livehost build examples/chat/chat.py -o chat-py.wasm
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'chat'
    PLAYERS_PER_GROUP = 3
    NUM_ROUNDS = 1
    MAX_CHARS = 500


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass


class Message(ExtraModel):
    group = models.Link(Group)
    sender = models.Link(Player)
    to = models.IntegerField()
    text = models.StringField()


def payload(message):
    return {'from': message.sender.id_in_group, 'to': message.to, 'text': message.text}


def visible_to(message, id_in_group):
    return message.to is None or message.to == id_in_group or message.sender.id_in_group == id_in_group


def live_method(player, data):
    me = player.id_in_group
    if not isinstance(data, dict):
        raise ValueError(f'a chat message is an object like {{"text": "hi"}}, not {data!r}')
    if not data:
        return [(me, payload(m)) for m in Message.filter(group=player.group) if visible_to(m, me)]
    text = data.get('text')
    if not isinstance(text, str):
        raise ValueError('send {"text": "..."} (and optionally "to": a player\'s id), or {} for the history')
    text = text.strip()
    if not text:
        raise ValueError('a message needs some text')
    if len(text) > C.MAX_CHARS:
        raise ValueError(f'a message is at most {C.MAX_CHARS} characters long (this one has {len(text)})')
    to = data.get('to')
    if to is not None:
        ids = [p.id_in_group for p in player.group.get_players()]
        if isinstance(to, bool) or not isinstance(to, int) or to not in ids:
            raise ValueError(f'there is no player with id_in_group {to} in this group')
    message = Message.create(group=player.group, sender=player, to=to, text=text)
    news = payload(message)
    if to is None:
        return {0: news}
    if to == me:
        return {me: news}
    return [(to, news), (me, news)]


class Chat(Page):
    template_name = 'pages/chat.html'
    live_method = staticmethod(live_method)


class Thanks(Page):
    template_name = 'pages/thanks.html'


page_sequence = [Chat, Thanks]
