# Tic-tac-toe in Python, in the seeds' state-plus-news pattern (oTree's live
# pages documentation): every message returns the whole state, plus the news
# of the move just made. It passes the same scenario as its Rust twin.
# Build it with
#   livehost build examples/tic-tac-toe/tic_tac_toe.py -o tic-tac-toe-py.wasm
from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'tic-tac-toe'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Group(BaseGroup):
    board = models.StringField(initial=' ' * 9)


class Player(BasePlayer):
    pass


class Move(ExtraModel):
    player = models.Link(Player)
    square = models.IntegerField()


LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def winner(board):
    for a, b, c in LINES:
        if board[a] != ' ' and board[a] == board[b] == board[c]:
            return 1 if board[a] == 'X' else 2
    return None


def whose_turn(board):
    return 1 if board.count('X') == board.count('O') else 2


def is_over(board):
    return winner(board) is not None or ' ' not in board


def get_state(group):
    board = group.board
    over = is_over(board)
    return {
        'board': board,
        'whose_turn': None if over else whose_turn(board),
        'winner': winner(board),
        'draw': over and winner(board) is None,
    }


def save_move(group, square, id_in_group):
    board = group.board
    if is_over(board):
        raise ValueError('the game is over')
    if whose_turn(board) != id_in_group:
        raise ValueError('it is not your turn')
    if board[square] != ' ':
        raise ValueError(f'square {square} is already taken')
    mark = 'X' if id_in_group == 1 else 'O'
    group.board = board[:square] + mark + board[square + 1:]


def live_method(player, data):
    group = player.group
    if not isinstance(data, dict):
        raise ValueError(f'send {{}} for the board or {{"square": n}} to move, not {data!r}')
    if 'square' in data:
        square = data['square']
        if isinstance(square, bool) or not isinstance(square, int) or not 0 <= square <= 8:
            raise ValueError(f'square must be a whole number from 0 to 8, not {square!r}')
        save_move(group, square, player.id_in_group)
        Move.create(player=player, square=square)
        news = {'square': square, 'id_in_group': player.id_in_group}
    elif data:
        raise ValueError('send {} for the board or {"square": n} to move')
    else:
        news = {}
    payload = get_state(group)
    payload.update(news)
    return {0: payload}


class Board(Page):
    template_name = 'pages/board.html'
    live_method = staticmethod(live_method)

    @staticmethod
    def error_message(player, values):
        if not is_over(player.group.board):
            return 'the game is not over yet'


class Results(Page):
    template_name = 'pages/results.html'


page_sequence = [Board, Results]
