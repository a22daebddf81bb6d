// The seeds' "keeping users on the page" in JavaScript: the group must send
// 10 live messages before anyone may leave; the 10th tells every page to
// submit itself. liveSend({}) from a (re)loaded page asks for the status. It
// passes the same scenario as its Rust twin. Build it with
//   livehost build examples/ten-messages/ten_messages.js -o ten-messages-js.wasm
import chatPage from './pages/chat.html';
import resultsPage from './pages/results.html';

export const C = { NAME_IN_URL: 'ten-messages', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 1, MESSAGES_NEEDED: 10 };

export const Group = { numMessages: 0, gameFinished: false };

function isEmpty(data) {
  return data !== null && typeof data === 'object' && Object.keys(data).length === 0;
}

export function liveMethod(player, data) {
  const group = player.group;
  if (isEmpty(data)) {
    if (group.gameFinished) {
      return { [player.idInGroup]: { type: 'game_finished' } };
    }
    return { [player.idInGroup]: { type: 'progress', num_messages: group.numMessages } };
  }
  group.numMessages += 1;
  if (group.numMessages >= C.MESSAGES_NEEDED) {
    group.gameFinished = true;
    return { 0: { type: 'game_finished' } };
  }
}

function errorMessage(player) {
  if (!player.group.gameFinished) {
    return `you need to stay until ${C.MESSAGES_NEEDED} messages are sent`;
  }
}

export const pageSequence = [
  { name: 'Chat', template: chatPage, liveMethod, errorMessage, nextButton: false },
  { name: 'Results', template: resultsPage },
];
