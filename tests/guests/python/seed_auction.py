# The seeds' auction (oTree's live pages documentation) in Python, for the
# tests: the models and the live method are the seed's, unchanged; only the
# import and the page declaration are livehost's. (examples/auction/auction.py
# is the example: the same game with history and checks, like its Rust twin.)
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'auction'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Group(BaseGroup):
    highest_bidder = models.IntegerField()
    highest_bid = models.CurrencyField(initial=0)


class Player(BasePlayer):
    pass


def live_method(player, bid):
    group = player.group
    my_id = player.id_in_group
    if bid > group.highest_bid:
        group.highest_bid = bid
        group.highest_bidder = my_id
        response = dict(id_in_group=my_id, bid=bid)
        return {0: response}


class Auction(Page):
    live_method = staticmethod(live_method)


class Results(Page):
    pass


page_sequence = [Auction, Results]
