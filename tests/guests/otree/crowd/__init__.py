import random

from otree.api import *

doc = """
A big online session in one group: creating_session gives every player a
treatment and a private value; when everyone has arrived, payoffs go to
those above the mean. The benchmark's app (a thousand participants).
"""


class C(BaseConstants):
    NAME_IN_URL = 'crowd'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    TREATMENTS = ['high', 'low']


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    mean_value = models.FloatField()


class Player(BasePlayer):
    treatment = models.StringField()
    value = models.IntegerField()


def creating_session(subsession: Subsession):
    for p in subsession.get_players():
        p.treatment = random.choice(C.TREATMENTS)
        p.value = random.randint(0, 100)
        p.participant.vars['treatment'] = p.treatment


def set_payoffs(group: Group):
    players = group.get_players()
    group.mean_value = sum(p.value for p in players) / len(players)
    for p in players:
        p.payoff = cu(1) if p.value > group.mean_value else cu(0)


class Start(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    pass


page_sequence = [Start, Results]
