from otree.api import *

doc = """
A trust game over two rounds: the investor sends part of an endowment,
which is multiplied; the trustee sends back what they like. Roles come
from C, the multiplier from the session config through creating_session,
and payoffs are set when both have arrived at the results wait page.
"""


class C(BaseConstants):
    NAME_IN_URL = 'trust'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 2
    ENDOWMENT = cu(10)
    INVESTOR_ROLE = 'Investor'
    TRUSTEE_ROLE = 'Trustee'


class Subsession(BaseSubsession):
    multiplier = models.IntegerField()


class Group(BaseGroup):
    sent_amount = models.CurrencyField(min=0, max=C.ENDOWMENT, label="How much do you send?")
    sent_back_amount = models.CurrencyField(min=0, label="How much do you send back?")


class Player(BasePlayer):
    label = models.StringField()


def creating_session(subsession: Subsession):
    subsession.multiplier = subsession.session.config['multiplier']
    for p in subsession.get_players():
        p.label = f'{p.role} {p.participant.id_in_session} of round {subsession.round_number}'
        if subsession.round_number == 1:
            p.participant.history = []
    if subsession.round_number == 1:
        subsession.session.groups_paid = 0


def sent_back_amount_max(group: Group):
    return group.sent_amount * group.subsession.multiplier


def set_payoffs(group: Group):
    investor = group.get_player_by_role(C.INVESTOR_ROLE)
    trustee = group.get_player_by_id(2)
    investor.payoff = C.ENDOWMENT - group.sent_amount + group.sent_back_amount
    trustee.payoff = group.sent_amount * group.subsession.multiplier - group.sent_back_amount
    for p in group.get_players():
        p.participant.history.append(int(p.payoff))


def count_final(group: Group):
    for p in group.get_players():
        p.participant.vars['final_runs'] = p.participant.vars.get('final_runs', 0) + 1


def vars_for_admin_report(subsession: Subsession):
    sent = [g.field_maybe_none('sent_amount') for g in subsession.get_groups()]
    sent = [s for s in sent if s is not None]
    return dict(
        groups=len(subsession.get_groups()),
        sent=sent,
        average=sum(sent) / len(sent) if sent else cu(0),
    )


def custom_export(players):
    yield ['participant', 'round', 'role', 'sent', 'payoff', 'last_round']
    for p in players:
        yield [
            p.participant.code,
            p.round_number,
            p.role,
            p.group.field_maybe_none('sent_amount'),
            p.payoff,
            p.round_number == C.NUM_ROUNDS,
        ]


def custom_export_history(players):
    yield ['participant', 'history', 'note']
    for p in players:
        if p.round_number == C.NUM_ROUNDS:
            # The first participant's note looks like a spreadsheet formula;
            # the others' are negative numbers.
            if p.participant.id_in_session == 1:
                note = '=1+2'
            else:
                note = -p.participant.history[-1]
            yield [p.participant.id_in_session, p.participant.history, note]


# PAGES
class Introduction(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == 1


class Send(Page):
    form_model = 'group'
    form_fields = ['sent_amount']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.INVESTOR_ROLE


class SendBackWaitPage(WaitPage):
    body_text = "Waiting for the investor to decide."



class SendBack(Page):
    form_model = 'group'
    form_fields = ['sent_back_amount']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.TRUSTEE_ROLE

    @staticmethod
    def vars_for_template(player: Player):
        return dict(tripled=player.group.sent_amount * player.subsession.multiplier)


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            rounds=[int(p.payoff) for p in player.in_all_rounds()],
            partner=player.get_others_in_group()[0].role,
            earlier=player.in_previous_rounds()[-1].payoff if player.round_number > 1 else None,
        )


class FinalWaitPage(WaitPage):
    after_all_players_arrive = count_final

    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == C.NUM_ROUNDS


class Paid(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == C.NUM_ROUNDS

    @staticmethod
    def vars_for_template(player: Player):
        participant = player.participant
        return dict(
            total=participant.payoff,
            money=participant.payoff_plus_participation_fee(),
            history=participant.history,
            final_runs=participant.vars['final_runs'],
        )


page_sequence = [Introduction, Send, SendBackWaitPage, SendBack, ResultsWaitPage, Results, FinalWaitPage, Paid]
