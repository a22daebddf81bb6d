import random
import time
import uuid
from datetime import datetime, timezone

from otree.api import *

doc = """
Reads the clock and draws random numbers: a live page that answers each
message with what it read, and a draw made in creating_session.
"""


class C(BaseConstants):
    NAME_IN_URL = 'clock'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    drawn = models.FloatField()


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass


def creating_session(subsession: Subsession):
    subsession.drawn = random.random()


class Read(Page):
    @staticmethod
    def live_method(player: Player, data):
        first = time.time()
        return {
            player.id_in_group: dict(
                time=first,
                later=time.time() > first,
                now=datetime.now(timezone.utc).timestamp(),
                random=random.random(),
                choice=random.choice(range(1000000)),
                uuid=str(uuid.uuid4()),
                drawn=player.subsession.drawn,
            )
        }


page_sequence = [Read]
