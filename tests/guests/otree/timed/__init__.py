from otree.api import *

doc = """
A timed decision: the participant has a few seconds to decide, then the
page moves on by itself (oTree's timeout_seconds), with or without a
browser open. Results says whether the timeout happened.
"""


class C(BaseConstants):
    NAME_IN_URL = 'timed'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    SECONDS = 3


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    timed_out = models.BooleanField(initial=False)
    left_decide = models.IntegerField(initial=0)


class Decide(Page):
    @staticmethod
    def get_timeout_seconds(player: Player):
        return C.SECONDS

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.timed_out = timeout_happened
        player.left_decide += 1


class Results(Page):
    pass


page_sequence = [Decide, Results]
