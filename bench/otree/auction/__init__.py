from otree.api import *


doc = """
livehost-bench's live auction: groups of four bid on one live page, and
every bid is announced to the whole group, a lower one too (with the
highest bid so far), so that each bidder can wait for its own bid's
announcement. Each bid is also kept as a row of the Bid table.
"""


class C(BaseConstants):
    NAME_IN_URL = 'auction'
    PLAYERS_PER_GROUP = 4
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    highest_bid = models.IntegerField(initial=0)
    highest_bidder = models.IntegerField(initial=0)


class Player(BasePlayer):
    pass


class Bid(ExtraModel):
    player = models.Link(Player)
    amount = models.IntegerField()


# PAGES
class Auction(Page):
    @staticmethod
    def live_method(player: Player, bid):
        my_id = player.id_in_group
        if type(bid) is not int or bid < 0:
            return {my_id: dict(error='a bid is a whole number of points')}
        group = player.group
        if bid > group.highest_bid:
            group.highest_bid = bid
            group.highest_bidder = my_id
        Bid.create(player=player, amount=bid)
        return {0: dict(id_in_group=my_id, bid=bid, highest=group.highest_bid)}


page_sequence = [Auction]
