import csv
import os

from otree.api import *

doc = """
A guessing game in pairs: each pair gets a target from targets.csv (read
once, when the app is imported); guesses are live, the closest wins.
"""

with open(os.path.join(os.path.dirname(__file__), 'targets.csv'), newline='') as f:
    TARGETS = [int(row['target']) for row in csv.DictReader(f)]


class C(BaseConstants):
    NAME_IN_URL = 'guess'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    best = models.IntegerField(initial=-1)


class Player(BasePlayer):
    guess = models.IntegerField(initial=-1)


def target_of(group: Group):
    return TARGETS[(group.id_in_subsession - 1) % len(TARGETS)]


class WaitForPair(WaitPage):
    pass


class Guess(Page):
    @staticmethod
    def js_vars(player: Player):
        return dict(low=0, high=100, me=player.id_in_group)

    @staticmethod
    def vars_for_template(player: Player):
        return dict(partner=player.get_others_in_group()[0].id_in_group)

    @staticmethod
    def live_method(player: Player, data):
        if data == 'note':
            # Not in PARTICIPANT_FIELDS: oTree's error.
            player.participant.note = 'x'
        if data == 'best':
            # Declared, but not assigned yet: oTree's KeyError.
            return {player.id_in_group: player.participant.best_guess}
        if data == 'peek':
            return {player.id_in_group: player.participant.note}
        player.guess = int(data)
        group = player.group
        target = target_of(group)
        if group.best < 0 or abs(player.guess - target) < abs(group.best - target):
            group.best = player.guess
        return {0: dict(who=player.id_in_group, guess=player.guess)}

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.participant.best_guess = player.group.best


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(target=target_of(player.group))


page_sequence = [WaitForPair, Guess, Results]
