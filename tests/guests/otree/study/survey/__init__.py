from otree.api import *

doc = """
A short survey; the last page shows what the earlier apps left in the
participant's fields.
"""


class C(BaseConstants):
    NAME_IN_URL = 'survey'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label='Your age', min=16, max=99)


class Survey(Page):
    form_model = 'player'
    form_fields = ['age']


class Thanks(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            consented=player.participant.consented,
            best=player.participant.best_guess if player.participant.consented else 'none',
        )


page_sequence = [Survey, Thanks]
