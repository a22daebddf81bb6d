from otree.api import *

doc = """
Two players bargain over a pie in real time: each live message is an offer
for the other player's share; the first offer the other accepts ends it.
Written as an oTree 5 app (this folder is what oTree's `startapp` makes).
"""


class C(BaseConstants):
    NAME_IN_URL = 'bargain'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    PIE = cu(100)
    PROPOSER_ROLE = 'Proposer'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    deal = models.CurrencyField(initial=0)
    settled = models.BooleanField(initial=False)


class Player(BasePlayer):
    offers_made = models.IntegerField(initial=0)
    nickname = models.StringField(initial='')


# PAGES
class Intro(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(half=C.PIE / 2, partners=[p.id_in_group for p in player.get_others_in_group()])


class Skipped(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.id_in_group == 3


class Bargain(Page):
    @staticmethod
    def js_vars(player: Player):
        return dict(my_id=player.id_in_group, pie=C.PIE)

    @staticmethod
    def vars_for_template(player: Player):
        player.nickname = 'P' + str(player.id_in_group)
        return dict(label='Your offer', other=player.get_others_in_group()[0])

    @staticmethod
    def live_method(player: Player, data):
        group = player.group
        if data.get('accept'):
            group.settled = True
            return {0: dict(settled=True, deal=group.deal)}
        player.offers_made += 1
        group.deal = cu(data['offer'])
        return {0: dict(offer=data['offer'], by=player.id_in_group)}


class Results(Page):
    pass


page_sequence = [Intro, Skipped, Bargain, Results]
