// Tic-tac-toe in JavaScript, in the seeds' state-plus-news pattern (oTree's
// live pages documentation): every message returns the whole state, plus
// the news of the move just made. It passes the same scenario as its Rust
// twin. Build it with
//   livehost build examples/tic-tac-toe/tic_tac_toe.js -o tic-tac-toe-js.wasm
import { ExtraModel, Link } from 'livehost';
import boardPage from './pages/board.html';
import resultsPage from './pages/results.html';

export const C = { NAME_IN_URL: 'tic-tac-toe', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 1 };

export const Group = { board: ' '.repeat(9) };

const Move = new ExtraModel('Move', { player: Link.player, square: null });

const LINES = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8],
  [0, 3, 6], [1, 4, 7], [2, 5, 8],
  [0, 4, 8], [2, 4, 6],
];

function winner(board) {
  for (const [a, b, c] of LINES) {
    if (board[a] !== ' ' && board[a] === board[b] && board[b] === board[c]) {
      return board[a] === 'X' ? 1 : 2;
    }
  }
  return null;
}

function whoseTurn(board) {
  const count = (mark) => [...board].filter((s) => s === mark).length;
  return count('X') === count('O') ? 1 : 2;
}

function isOver(board) {
  return winner(board) !== null || !board.includes(' ');
}

function getState(group) {
  const board = group.board;
  const over = isOver(board);
  return {
    board,
    whose_turn: over ? null : whoseTurn(board),
    winner: winner(board),
    draw: over && winner(board) === null,
  };
}

function saveMove(group, square, idInGroup) {
  const board = group.board;
  if (isOver(board)) {
    throw new Error('the game is over');
  }
  if (whoseTurn(board) !== idInGroup) {
    throw new Error('it is not your turn');
  }
  if (board[square] !== ' ') {
    throw new Error(`square ${square} is already taken`);
  }
  const mark = idInGroup === 1 ? 'X' : 'O';
  group.board = board.slice(0, square) + mark + board.slice(square + 1);
}

export function liveMethod(player, data) {
  const group = player.group;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError(`send {} for the board or {"square": n} to move, not ${JSON.stringify(data)}`);
  }
  let news = {};
  if ('square' in data) {
    const square = data.square;
    if (!Number.isInteger(square) || square < 0 || square > 8) {
      throw new RangeError(`square must be a whole number from 0 to 8, not ${JSON.stringify(square)}`);
    }
    saveMove(group, square, player.idInGroup);
    Move.create({ player, square });
    news = { square, id_in_group: player.idInGroup };
  } else if (Object.keys(data).length > 0) {
    throw new TypeError('send {} for the board or {"square": n} to move');
  }
  return { 0: { ...getState(group), ...news } };
}

function errorMessage(player) {
  if (!isOver(player.group.board)) {
    return 'the game is not over yet';
  }
}

export const pageSequence = [
  { name: 'Board', template: boardPage, liveMethod, errorMessage },
  { name: 'Results', template: resultsPage },
];
