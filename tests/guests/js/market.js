// An oTree-style market written with livehost's JavaScript SDK and oTree's
// session hooks: the twin of tests/guests/rust-session-hooks (see its
// lib.rs for the rules); the integration test sdk_session_hooks plays both
// the same way. Its live page also answers `clock`: Math.random() and
// Date.now() as the call sees them. Its admin report and custom exports
// (customExport, customExportOffers) are the Rust market's too.

import { ExtraModel } from 'livehost';

export const C = { NAME_IN_URL: 'market', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 2 };

const Offer = new ExtraModel('offer', { owner: 0, amount: 0, open: true });
const Ranking = new ExtraModel('ranking', { rank: 0 });

// The admin report's template (oTree's admin_report.html), shipped as
// market/admin_report.html.
export const templates = {
  'admin_report.html':
    '<h3>The market, round {{ subsession.round_number }} of {{ C.NUM_ROUNDS }}</h3>\n<p id="report">{{ groups }} groups paid {{ total }} points at multiplier {{ multiplier }}; best group {{ best }}.</p>\n',
};

export function varsForAdminReport(subsession) {
  const groups = subsession.getGroups();
  const total = subsession.getPlayers().reduce((sum, p) => sum + (p.payoff ?? 0), 0);
  let best = [0, 0];
  for (const g of groups) {
    if ((g.total ?? 0) > best[1]) {
      best = [g.idInSubsession, g.total];
    }
  }
  return { groups: groups.length, total: Math.round(total), multiplier: subsession.multiplier ?? 2, best: best[0] };
}

export function customExport(players) {
  const rows = [['round', 'participant', 'role', 'payoff', 'buyer', 'late', 'code', 'session']];
  for (const p of players) {
    const role = p.role ?? '';
    rows.push([
      p.roundNumber,
      p.participantId,
      role,
      Math.round(p.payoff ?? 0),
      role === 'buyer',
      p.group.late,
      p.participant.code,
      p.session.code,
    ]);
  }
  return rows;
}

// oTree's custom_export may yield its rows: so may this.
export function* customExportOffers(players) {
  yield ['round', 'owner', 'amount', 'open'];
  if (players.length > 0) {
    for (const r of Offer.filterAll()) {
      yield [r.roundNumber, r.owner, r.amount, r.open];
    }
  }
}

export function creatingSession(subsession) {
  const config = subsession.session.config;
  if (config.fail !== undefined) {
    throw new Error('the session config asks creating_session to fail');
  }
  subsession.multiplier = config.multiplier ?? 2;
  const round = subsession.roundNumber;
  if (round === 1) {
    const half = subsession.getPlayers().length / 2;
    subsession.setGroupMatrix(Array.from({ length: half }, (_, k) => [k + 1, k + 1 + half]));
  } else {
    subsession.groupLikeRound(round - 1);
    subsession.setGroupMatrix(subsession.getGroupMatrix().map((g) => g.reverse()));
  }
  for (const player of subsession.getPlayers()) {
    player.role = player.idInGroup === 1 ? 'buyer' : 'seller';
    if (round === 1) {
      player.participant.label = `P${player.participantId}`;
    }
  }
  for (const group of subsession.getGroups()) {
    group.treatment = group.idInSubsession % 2 === 1 ? 'high' : 'low';
  }
}

/// The group's offers of this round, as the live page shows them.
function offers(player) {
  const rows = Offer.filterGroup(player.group);
  const same = Offer.filter().filter((r) => r.roundNumber === player.roundNumber);
  return {
    ids: rows.map((r) => r.id),
    owners: rows.map((r) => r.owner),
    amounts: rows.map((r) => r.amount),
    same: JSON.stringify(same.map((r) => r.id)) === JSON.stringify(rows.map((r) => r.id)),
  };
}

function offerOf(player, id) {
  const found = Offer.filterGroup(player.group).find((r) => r.id === id);
  if (!found) {
    throw new Error(`your group has no offer ${id}`);
  }
  return found;
}

function trade(player, data) {
  const me = player.idInGroup;
  switch (data.op) {
    case 'list':
      return { [me]: offers(player) };
    case 'raise': {
      const offer = offerOf(player, data.id);
      Offer.update(offer, { amount: offer.amount + (data.by ?? 0) });
      return { 0: offers(player) };
    }
    case 'withdraw':
      Offer.delete(offerOf(player, data.id));
      return { [me]: offers(player) };
    case 'offer':
      if (!Number.isInteger(data.amount)) {
        throw new TypeError(`an offer needs a whole amount, not ${JSON.stringify(data.amount)}`);
      }
      Offer.create({ owner: player.participantId, amount: data.amount, open: true });
      return { [me]: offers(player) };
    case 'meddle': {
      const other = player.group.idInSubsession === 1 ? 2 : 1;
      player.subsession.group(other).treatment = 'meddled';
      return null;
    }
    case 'history':
      return {
        [me]: {
          payoffs: player.inAllRounds().map((p) => p.payoff ?? 0),
          others: player.getOthersInGroup().map((p) => p.role),
          earlier_roles: player.inPreviousRounds().map((p) => p.role),
          label: player.participant.label,
          role: player.role,
          treatment: player.group.treatment,
          group: player.group.idInSubsession,
          id_in_group: me,
          multiplier: player.subsession.multiplier,
        },
      };
    case 'code':
      return {
        [me]: { mine: player.participant.code, session: player.session.code, of: player.subsession.player(data.of).participant.code },
      };
    case 'clock':
      return {
        [me]: { random: Math.random(), random2: Math.random(), now: Date.now(), crypto: typeof globalThis.crypto?.getRandomValues },
      };
    default:
      throw new Error(`unknown op ${JSON.stringify(data.op)}: use list, raise, withdraw, offer, meddle, history, code or clock`);
  }
}

function results(player) {
  const group = player.group;
  return {
    role: player.role ?? '',
    treatment: group.treatment ?? '',
    rank: group.rank ?? 0,
    payoff: Math.round(player.payoff ?? 0),
    late: group.late ? 'yes' : 'no',
    offers: player.subsession.offers ?? 0,
  };
}

export const pageSequence = [
  {
    name: 'Start',
    wait: true,
    afterAllPlayersArrive(group) {
      for (const p of group.getPlayers()) {
        Offer.createForGroup(group, { owner: p.participantId, amount: 10 * p.idInGroup, open: true });
      }
    },
  },
  {
    name: 'Trade',
    template:
      '{{ block title }}Trade{{ endblock }}{{ block content }}<p id="trade">Trade as {{ role }}</p>{{ next_button }}{{ endblock }}',
    liveMethod: trade,
    varsForTemplate: results,
  },
  {
    name: 'Settle',
    wait: true,
    afterAllPlayersArrive(group) {
      const multiplier = group.subsession.multiplier ?? 2;
      const rows = Offer.filterGroup(group, { open: true });
      let total = 0;
      for (const p of group.getPlayers()) {
        const mine = rows.filter((r) => r.owner === p.participantId).reduce((sum, r) => sum + r.amount, 0);
        p.payoff = mine * multiplier;
        total += p.payoff;
      }
      group.total = total;
    },
  },
  {
    name: 'Late',
    wait: true,
    isDisplayed: (player) => player.roundNumber === 2,
    afterAllPlayersArrive(group) {
      group.late = true;
    },
  },
  {
    name: 'Ranking',
    wait: true,
    waitForAllGroups: true,
    afterAllPlayersArrive(subsession) {
      const groups = subsession.getGroups();
      const totals = groups.map((g) => g.total ?? 0);
      groups.forEach((group, i) => {
        const rank = 1 + totals.filter((t) => t > totals[i]).length;
        group.rank = rank;
        if (rank === 1) {
          for (const p of group.getPlayers()) {
            p.payoff = (p.payoff ?? 0) + 1;
          }
        }
        Ranking.createForGroup(group, { rank });
      });
      subsession.offers = Offer.filterAll().filter((r) => r.roundNumber === subsession.roundNumber).length;
    },
  },
  {
    name: 'Results',
    template:
      '{{ block title }}Results{{ endblock }}{{ block content }}<p id="role">{{ role }}</p><p id="treatment">{{ treatment }}</p><p id="rank">{{ rank }}</p><p id="payoff">{{ payoff }}</p><p id="late">{{ late }}</p><p id="offers">{{ offers }}</p>{{ next_button }}{{ endblock }}',
    varsForTemplate: results,
  },
];
