# The auction in Python: the seed's game (oTree's live pages documentation),
# plus the history a reloaded page asks for with liveSend({}) and a check of
# the bid, so that it passes the same scenario as its Rust twin (src/lib.rs).
# Build it with
#   livehost build examples/auction/auction.py -o auction-py.wasm
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'auction-python'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Group(BaseGroup):
    highest_bidder = models.IntegerField()
    highest_bid = models.CurrencyField(initial=0)


class Player(BasePlayer):
    pass


class Bid(ExtraModel):
    group = models.Link(Group)
    player = models.Link(Player)
    amount = models.FloatField()


def live_method(player, bid):
    group = player.group
    my_id = player.id_in_group
    if bid == {}:
        # A (re)loaded page: the bids so far, oldest first, to this player.
        return [
            (my_id, dict(id_in_group=b.player.id_in_group, bid=b.amount))
            for b in Bid.filter(group=group)
        ]
    if isinstance(bid, bool) or not isinstance(bid, (int, float)):
        raise ValueError(f'a bid must be a number, not {bid!r}')
    if bid > group.highest_bid:
        group.highest_bid = bid
        group.highest_bidder = my_id
        Bid.create(group=group, player=player, amount=bid)
        response = dict(id_in_group=my_id, bid=bid)
        return {0: response}


class Auction(Page):
    template_name = 'pages/auction.html'
    live_method = staticmethod(live_method)


class Results(Page):
    template_name = 'pages/results.html'


page_sequence = [Auction, Results]
