// A group chat with private messages in JavaScript (the seeds' message
// types, history and ExtraModel patterns), three players per group. It
// passes the same scenario as its Rust twin. Build it with
//   livehost build examples/chat/chat.js -o chat-js.wasm
import { ExtraModel, Link } from 'livehost';
import chatPage from './pages/chat.html';
import thanksPage from './pages/thanks.html';

export const C = { NAME_IN_URL: 'chat', PLAYERS_PER_GROUP: 3, NUM_ROUNDS: 1, MAX_CHARS: 500 };

const Message = new ExtraModel('Message', { sender: Link.player, to: null, text: '' });

function payload(message) {
  return { from: message.sender.idInGroup, to: message.to, text: message.text };
}

function visibleTo(message, idInGroup) {
  return message.to === null || message.to === idInGroup || message.sender.idInGroup === idInGroup;
}

export function liveMethod(player, data) {
  const me = player.idInGroup;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError(`a chat message is an object like {"text": "hi"}, not ${JSON.stringify(data)}`);
  }
  if (Object.keys(data).length === 0) {
    return Message.filter({ group: player.group })
      .filter((m) => visibleTo(m, me))
      .map((m) => [me, payload(m)]);
  }
  if (typeof data.text !== 'string') {
    throw new TypeError('send {"text": "..."} (and optionally "to": a player\'s id), or {} for the history');
  }
  const text = data.text.trim();
  if (!text) {
    throw new Error('a message needs some text');
  }
  if (text.length > C.MAX_CHARS) {
    throw new RangeError(`a message is at most ${C.MAX_CHARS} characters long (this one has ${text.length})`);
  }
  const to = data.to ?? null;
  if (to !== null && !player.group.getPlayers().some((p) => p.idInGroup === to)) {
    throw new RangeError(`there is no player with id_in_group ${JSON.stringify(to)} in this group`);
  }
  const news = payload(Message.create({ sender: player, to, text }));
  if (to === null) {
    return { 0: news };
  }
  if (to === me) {
    return { [me]: news };
  }
  return [[to, news], [me, news]];
}

export const pageSequence = [
  { name: 'Chat', template: chatPage, liveMethod },
  { name: 'Thanks', template: thanksPage },
];
