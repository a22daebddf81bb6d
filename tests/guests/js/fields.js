// Every kind of state the JavaScript SDK keeps, played by fields.json over
// two rounds: player fields (reset each round), participant fields (kept
// across rounds), session fields (shared), undeclared and deleted group
// fields, rows filtered by player, errorMessage on the form, and a host
// error (a key too long) thrown as a HostError, defaults that are copies,
// and rows filtered on a default.
import { ExtraModel, Link } from 'livehost';

export const C = { NAME_IN_URL: 'js-fields', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 2 };

export const Player = { score: 0, history: [] };
export const Participant = { visits: 0 };
export const Session = { total: 0 };

const Add = new ExtraModel('Add', { player: Link.player, amount: 0 });

export function liveMethod(player, data) {
  const me = player.idInGroup;
  if (data.add !== undefined) {
    player.score += data.add;
    player.participant.visits += 1;
    player.session.total += data.add;
    player.group.last = me;
    Add.create({ player, amount: data.add });
    return {
      0: {
        me,
        score: player.score,
        visits: player.participant.visits,
        total: player.session.total,
        mine: Add.filter({ player }).map((row) => row.amount),
        others: player.getOthersInGroup().map((p) => p.score),
        second: player.group.getPlayerById(2).score,
      },
    };
  }
  if (data.forget) {
    delete player.group.last;
    return { [me]: { last: player.group.last ?? 'gone' } };
  }
  if (data.mutate) {
    // Changing a default read from a field changes neither the field nor
    // the declaration (which other players' fields read too).
    player.history.push(1);
    return { [me]: { mine: player.history, other: player.getOthersInGroup()[0].history } };
  }
  if (data.unset) {
    // A row created without a field has the field's default, for filter too.
    Add.create({ player });
    return { [me]: { zero: Add.filter({ amount: 0 }).length } };
  }
  if (data.longKey) {
    player.group['k'.repeat(300)] = 1;
  }
  if (data.assign) {
    player.idInGroup = 5;
  }
  return { [me]: { last: player.group.last ?? null, round: player.roundNumber } };
}

function errorMessage(player, values) {
  if (values.ok !== 'yes') {
    return 'say yes';
  }
}

export const pageSequence = [{ name: 'Play', template: '<p>play</p>', liveMethod, errorMessage }];
