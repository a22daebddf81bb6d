from otree.api import *

doc = """
Pairs matched as they come: the first page of every round waits until two
players are there, then pairs them, so those who arrive together play
together. Each pair gets a colour from its group number.
"""


class C(BaseConstants):
    NAME_IN_URL = 'arrival'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 2


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    colour = models.StringField()


class Player(BasePlayer):
    partner = models.IntegerField()


class Matching(WaitPage):
    group_by_arrival_time = True

    @staticmethod
    def after_all_players_arrive(group: Group):
        group.colour = 'red' if group.id_in_subsession % 2 == 0 else 'blue'
        for p in group.get_players():
            p.partner = p.get_others_in_group()[0].participant.id_in_session


class Pair(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(groups=len(player.subsession.get_groups()))


page_sequence = [Matching, Pair]
