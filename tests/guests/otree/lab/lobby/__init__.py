import time

from otree.api import *

doc = """
A lobby that groups players of the same colour as they come; a player who
has waited longer than the session's wait_limit (seconds) plays alone.
"""


class C(BaseConstants):
    NAME_IN_URL = 'lobby'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    size = models.IntegerField()


class Player(BasePlayer):
    colour = models.StringField()


def creating_session(subsession: Subsession):
    for p in subsession.get_players():
        p.colour = 'blue' if p.participant.id_in_session == 3 else 'red'


def group_by_arrival_time_method(subsession: Subsession, waiting_players):
    now = time.time()
    for p in waiting_players:
        p.participant.vars.setdefault('waiting_since', now)
    for colour in ['red', 'blue']:
        same = [p for p in waiting_players if p.colour == colour]
        if len(same) >= 2:
            return same[:2]
    for p in waiting_players:
        if now - p.participant.vars['waiting_since'] > subsession.session.config['wait_limit']:
            return [p]


class Lobby(WaitPage):
    group_by_arrival_time = True

    @staticmethod
    def after_all_players_arrive(group: Group):
        group.size = len(group.get_players())


class Play(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(partners=[p.participant.id_in_session for p in player.get_others_in_group()])


page_sequence = [Lobby, Play]
