# The seeds' tic-tac-toe (oTree's live pages documentation) in Python, for
# the tests: live_method is the seed's, unchanged, comments included. The
# seed leaves save_move and get_state to the reader; they are written here
# as its comments describe. Only the import and the page declaration are
# livehost's.
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'tic_tac_toe'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Group(BaseGroup):
    board = models.StringField(initial=' ' * 9)


class Player(BasePlayer):
    pass


def save_move(group, square, id_in_group):
    mark = 'X' if id_in_group == 1 else 'O'
    group.board = group.board[:square] + mark + group.board[square + 1:]


def get_state(group):
    board = group.board
    whose_turn = 1 if board.count('X') == board.count('O') else 2
    return {'board': board, 'whose_turn': whose_turn}


def live_method(player, data):
    group = player.group

    if 'square' in data:
        # SITUATION 1
        square = data['square']

        # save_move should save the move into a group field.
        # for example, if player 1 modifies square 3,
        # that changes group.board from 'X O XX  O' to 'X OOXX  O'
        save_move(group, square, player.id_in_group)
        # so that we can highlight the square (and maybe say who made the move)
        news = {'square': square, 'id_in_group': player.id_in_group}
    else:
        # SITUATION 2
        news = {}
    # get_state should contain the current state of the game, for example:
    # {'board': 'X O XX  O', 'whose_turn': 2}
    payload = get_state(group)
    # .update just combines 2 dicts
    payload.update(news)
    return {0: payload}


class Board(Page):
    live_method = staticmethod(live_method)


page_sequence = [Board]
