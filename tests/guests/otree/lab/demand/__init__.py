from otree.api import *

doc = """
The Nash demand game over three rounds: each player claims part of a pie;
if the claims fit in it, each gets their claim, else nobody gets anything.
Partners are drawn at random in round 1, kept in round 2, and drawn again
in round 3 with everyone keeping their id in group.
"""


class C(BaseConstants):
    NAME_IN_URL = 'demand'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 3
    PIE = cu(10)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    total_claim = models.CurrencyField(initial=0)


class Player(BasePlayer):
    claim = models.CurrencyField(min=0, max=C.PIE, label="How much do you claim?")


def creating_session(subsession: Subsession):
    if subsession.round_number == 1:
        subsession.group_randomly()
        for p in subsession.get_players():
            p.participant.partners = []
    elif subsession.round_number == 2:
        subsession.group_like_round(1)
    else:
        subsession.group_randomly(fixed_id_in_group=True)


def set_payoffs(group: Group):
    players = group.get_players()
    group.total_claim = sum(p.claim for p in players)
    for p in players:
        p.payoff = p.claim if group.total_claim <= C.PIE else 0
        other = p.get_others_in_group()[0]
        # Assigned, not appended in place: oTree saves an in-place change
        # of another participant's field only sometimes.
        p.participant.partners = p.participant.partners + [other.participant.id_in_session]


class Claim(Page):
    form_model = 'player'
    form_fields = ['claim']

    @staticmethod
    def vars_for_template(player: Player):
        return dict(partner=player.get_others_in_group()[0].participant.id_in_session)


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(other=player.get_others_in_group()[0])


class Final(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == C.NUM_ROUNDS

    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            partners=player.participant.partners,
            payoffs=[p.payoff for p in player.in_all_rounds()],
        )


page_sequence = [Claim, ResultsWaitPage, Results, Final]
