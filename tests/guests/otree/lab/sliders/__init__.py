from otree.api import *

doc = """
A real-time effort task for a public good: each player gets sliders when
the group has arrived; moving one to 50 counts. Sliders are rows made in
after_all_players_arrive and changed (or dropped) by live messages; what
the group set at 50 is shared.
"""


class C(BaseConstants):
    NAME_IN_URL = 'sliders'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 2
    SLIDERS = 3
    TARGET = 50
    MULTIPLIER = 1.5


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    solved = models.IntegerField(initial=0)
    rank = models.IntegerField(initial=0)


class Player(BasePlayer):
    pass


class Slider(ExtraModel):
    subsession = models.Link(Subsession)
    player = models.Link(Player)
    group = models.Link(Group)
    position = models.IntegerField()
    value = models.IntegerField(initial=0)
    moved = models.BooleanField(initial=False)


def make_sliders(group: Group):
    for p in group.get_players():
        for i in range(C.SLIDERS):
            Slider.create(subsession=group.subsession, player=p, group=group, position=i)


def solved(player: Player):
    return len([s for s in Slider.filter(player=player) if s.value == C.TARGET])


def set_payoffs(group: Group):
    group.solved = sum(solved(p) for p in group.get_players())
    for p in group.get_players():
        p.payoff = cu(group.solved * C.MULTIPLIER / C.PLAYERS_PER_GROUP)


def rank_groups(subsession: Subsession):
    groups = sorted(subsession.get_groups(), key=lambda g: (-g.solved, g.id_in_subsession))
    for rank, group in enumerate(groups, start=1):
        group.rank = rank
        if rank == 1:
            for p in group.get_players():
                p.payoff += 1


class Start(WaitPage):
    after_all_players_arrive = make_sliders


class Task(Page):
    @staticmethod
    def js_vars(player: Player):
        return dict(sliders=[s.position for s in Slider.filter(player=player)])

    @staticmethod
    def live_method(player: Player, data):
        if 'drop' in data:
            for s in Slider.filter(player=player, position=data['drop']):
                s.delete()
        else:
            [s] = Slider.filter(player=player, position=data['position'])
            s.value = int(data['value'])
            s.moved = True
        mine = Slider.filter(player=player)
        return {
            player.id_in_group: dict(
                left=[s.position for s in mine],
                values=[s.value for s in mine],
                moved=[s.moved for s in mine],
                solved=solved(player),
                group_rows=len(Slider.filter(group=player.group)),
            )
        }


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        subsession = player.subsession
        return dict(
            everywhere=len(Slider.filter(subsession=subsession, value=C.TARGET)),
            rows=len(Slider.filter(subsession=subsession)),
        )


class AllDone(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = rank_groups


class Ranking(Page):
    pass


page_sequence = [Start, Task, ResultsWaitPage, Results, AllDone, Ranking]
