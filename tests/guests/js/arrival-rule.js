// Groups formed by the app's own rule as players arrive (oTree's
// group_by_arrival_time_method), written with livehost's JavaScript SDK:
// the twin of tests/guests/rust-arrival-rule (see its lib.rs); the
// integration test sdk_session_hooks plays both. Players of the same
// colour (set in creatingSession) are paired; one who waited more than
// session.config.wait_limit seconds plays alone. PLAYERS_PER_GROUP is
// null: the rule decides each group's size.

export const C = { NAME_IN_URL: 'colours', PLAYERS_PER_GROUP: null, NUM_ROUNDS: 1 };

export const Player = { matched_by: '' };

export function creatingSession(subsession) {
  const colours = subsession.session.config.colours ?? ['red', 'blue'];
  if (colours.length === 0) {
    throw new Error("session.config['colours'] must name at least one colour");
  }
  for (const p of subsession.getPlayers()) {
    p.participant.colour = colours[(p.participantId - 1) % colours.length];
  }
}

export function groupByArrivalTimeMethod(subsession, waitingPlayers) {
  // Date.now() is the call's time on the host.
  const now = Date.now();
  const limitMs = Number(subsession.session.config.wait_limit ?? 60) * 1000;
  for (const p of waitingPlayers) {
    if (p.participant.arrived_ms === undefined) {
      p.participant.arrived_ms = now;
    }
  }
  let group = null;
  let how = '';
  for (let i = 0; i < waitingPlayers.length && !group; i++) {
    const colour = waitingPlayers[i].participant.colour;
    const j = waitingPlayers.findIndex((q, k) => k > i && q.participant.colour === colour);
    if (j >= 0) {
      group = [waitingPlayers[i], waitingPlayers[j]];
      how = 'colour';
    }
  }
  if (!group) {
    const late = waitingPlayers.find((p) => now - p.participant.arrived_ms > limitMs);
    if (!late) {
      return null;
    }
    group = [late];
    how = 'time';
  }
  for (const p of group) {
    p.matched_by = how;
  }
  return group;
}

export const pageSequence = [
  { name: 'Matching', wait: true, groupByArrivalTime: true },
  {
    name: 'Group',
    template:
      '{{ block title }}Your group{{ endblock }}{{ block content }}<p id="group">Group {{ group.id_in_subsession }}: participants {{ members }}, matched by {{ player.matched_by }}; you are player {{ player.id_in_group }} ({{ colour }}).</p><p id="matrix">{{ matrix }}</p>{{ next_button }}{{ endblock }}',
    varsForTemplate(player) {
      return {
        members: `[${player.group.getPlayers().map((p) => p.participantId).join(', ')}]`,
        colour: player.participant.colour ?? '',
        matrix: JSON.stringify(player.subsession.getGroupMatrix()),
      };
    },
  },
];
