import random
import time
import uuid
from datetime import datetime, timezone

from otree.api import *

doc = """
Reads the clock and draws random numbers: a live page that answers each
message with what it read, and a draw made in creating_session. It also
reads participants' codes, and has an admin report that tries to write.
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


def vars_for_admin_report(subsession: Subsession):
    # A report only reads: livehost refuses this write.
    subsession.drawn = 0
    return {}


class Read(Page):
    @staticmethod
    def live_method(player: Player, data):
        if 'code_of' in data:
            other = player.subsession.get_players()[data['code_of'] - 1]
            try:
                return {player.id_in_group: dict(code=other.participant.code, session=player.session.code)}
            except Exception as e:
                return {player.id_in_group: dict(error=str(e))}
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
