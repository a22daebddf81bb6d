import random
import time
import uuid

from otree.api import *

doc = """
A double auction in one market: buyers bid, sellers ask, and a bid meets
the best ask at or below it (an ask, the best bid at or above it). Roles
and private values come from creating_session; trading starts when
everyone has arrived and closes after the config's trading_seconds, by
the clock. Each participant holds a ticket for a prize draw after the
session, and each offer a reference for the exchange's records.
"""


class C(BaseConstants):
    NAME_IN_URL = 'market'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    start_timestamp = models.FloatField()


class Player(BasePlayer):
    is_buyer = models.BooleanField()
    value = models.CurrencyField()
    traded = models.BooleanField(initial=False)


class Offer(ExtraModel):
    group = models.Link(Group)
    player = models.Link(Player)
    price = models.CurrencyField()
    is_bid = models.BooleanField()
    active = models.BooleanField(initial=True)
    reference = models.StringField()


class Trade(ExtraModel):
    group = models.Link(Group)
    buyer = models.Link(Player)
    seller = models.Link(Player)
    price = models.CurrencyField()


def creating_session(subsession: Subsession):
    for p in subsession.get_players():
        n = p.participant.id_in_session
        p.is_buyer = n % 2 == 1
        # Buyers value a unit at 60 + 10n, sellers make it for 10n.
        p.value = cu(60 + 10 * n) if p.is_buyer else cu(10 * n)
        p.participant.vars['ticket'] = random.randrange(10**6)


def start_trading(group: Group):
    group.start_timestamp = time.time()


def seconds_left(group: Group):
    return group.start_timestamp + group.session.config['trading_seconds'] - time.time()


def book(group: Group):
    offers = [o for o in Offer.filter(group=group) if o.active]
    bids = sorted((o for o in offers if o.is_bid), key=lambda o: (-o.price, o.id))
    asks = sorted((o for o in offers if not o.is_bid), key=lambda o: (o.price, o.id))
    return bids, asks


class Start(WaitPage):
    after_all_players_arrive = start_trading


class Trading(Page):
    @staticmethod
    def get_timeout_seconds(player: Player):
        return seconds_left(player.group)

    @staticmethod
    def js_vars(player: Player):
        return dict(is_buyer=player.is_buyer, value=player.value)

    @staticmethod
    def live_method(player: Player, data):
        group = player.group
        if seconds_left(group) <= 0:
            return {player.id_in_group: dict(closed=True)}
        if player.traded:
            return {player.id_in_group: dict(error='you have traded already')}
        price = cu(data['price'])
        for o in Offer.filter(player=player):
            o.active = False
        Offer.create(
            group=group,
            player=player,
            price=price,
            is_bid=player.is_buyer,
            reference=uuid.uuid4().hex[:12],
        )
        bids, asks = book(group)
        if bids and asks and bids[0].price >= asks[0].price:
            bid, ask = bids[0], asks[0]
            # The price of the offer that was there first.
            price = bid.price if bid.id < ask.id else ask.price
            buyer, seller = bid.player, ask.player
            bid.delete()
            ask.delete()
            Trade.create(group=group, buyer=buyer, seller=seller, price=price)
            buyer.traded = seller.traded = True
            buyer.payoff = buyer.value - price
            seller.payoff = price - seller.value
            bids, asks = book(group)
            return {0: dict(trade=[buyer.id_in_group, seller.id_in_group, price], best_bid=bids[0].price if bids else None, best_ask=asks[0].price if asks else None)}
        return {0: dict(best_bid=bids[0].price if bids else None, best_ask=asks[0].price if asks else None)}


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(trades=len(Trade.filter(group=player.group)))


page_sequence = [Start, Trading, Results]
