from otree.api import *

from shared import treatment_label

doc = """
Consent: everyone in one group; those who decline skip the game
(app_after_this_page) and go straight to the survey.
"""


class C(BaseConstants):
    NAME_IN_URL = 'consent'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    accept = models.BooleanField(label='I agree to take part in this study')


class Consent(Page):
    form_model = 'player'
    form_fields = ['accept']

    @staticmethod
    def vars_for_template(player: Player):
        return dict(label=treatment_label(player.session.config))

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.participant.consented = player.accept

    @staticmethod
    def app_after_this_page(player: Player, upcoming_apps):
        if not player.accept:
            return upcoming_apps[-1]


page_sequence = [Consent]
