from otree.api import *

doc = """
A short survey: a form with a number in bounds, a dropdown, radio buttons,
a yes/no question, a text area and a checkbox, checked as oTree checks
them; error_message checks the answers together.
"""


class C(BaseConstants):
    NAME_IN_URL = 'survey'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    MAX_AGE = 110


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label='How old are you?', min=18)
    colour = models.StringField(choices=[['r', 'Red'], ['g', 'Green'], ['b', 'Blue']], label='Favourite colour')
    siblings = models.IntegerField(
        choices=[[0, 'None'], [1, 'One'], [2, 'Two or more']],
        widget=widgets.RadioSelect,
        label='Siblings',
    )
    student = models.BooleanField(label='Are you a student?')
    comments = models.LongStringField(blank=True, label='Anything else?')
    consent = models.BooleanField(widget=widgets.CheckboxInput, label='I agree to take part')
    bid = models.CurrencyField()


def age_max(player: Player):
    return C.MAX_AGE


def bid_error_message(player: Player, value):
    if value > 50:
        return 'Bids above 50 are not allowed'


class About(Page):
    form_model = 'player'
    form_fields = ['age', 'colour', 'siblings', 'student', 'comments', 'consent', 'bid']

    @staticmethod
    def error_message(player: Player, values):
        if values['student'] and values['age'] > 60:
            return 'A student over 60? Please check your answers.'


class Thanks(Page):
    pass


page_sequence = [About, Thanks]
