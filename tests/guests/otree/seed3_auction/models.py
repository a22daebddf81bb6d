from otree.api import (
    models,
    BaseConstants,
    BaseSubsession,
    BaseGroup,
    BasePlayer,
    Currency as c,
)

author = 'livehost tests'

doc = """
The live auction of oTree 3's documentation, in oTree 3's style: models.py
and pages.py, a Group method named by the page's live_method.
"""


class Constants(BaseConstants):
    name_in_url = 'seed3_auction'
    players_per_group = 2
    num_rounds = 1
    reserve_price = c(5)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    highest_bidder = models.IntegerField()
    highest_bid = models.CurrencyField(initial=0)

    def live_auction(self, id_in_group, bid):
        if bid > self.highest_bid:
            self.highest_bid = bid
            self.highest_bidder = id_in_group
            response = dict(id_in_group=id_in_group, bid=bid)
            return {0: response}


class Player(BasePlayer):
    pass
