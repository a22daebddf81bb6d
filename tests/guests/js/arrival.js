// Pairs matched as they arrive (oTree's group_by_arrival_time), written
// with livehost's JavaScript SDK: the twin of tests/guests/rust-arrival
// (see its lib.rs); the integration test sdk_session_hooks plays both.

export const C = { NAME_IN_URL: 'arrival', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 1 };

export const pageSequence = [
  {
    name: 'Matching',
    wait: true,
    groupByArrivalTime: true,
    afterAllPlayersArrive(group) {
      group.colour = group.idInSubsession % 2 === 0 ? 'red' : 'blue';
      for (const p of group.getPlayers()) {
        p.partner = p.getOthersInGroup()[0].participantId;
      }
    },
  },
  {
    name: 'Pair',
    template:
      '{{ block title }}Your partner{{ endblock }}{{ block content }}<p id="pair">Group {{ group.id_in_subsession }} ({{ colour }}): you are player {{ player.id_in_group }} with participant {{ partner }}; {{ groups }} groups this round.</p><p id="matrix">{{ matrix }}</p>{{ next_button }}{{ endblock }}',
    varsForTemplate(player) {
      const subsession = player.subsession;
      return {
        colour: player.group.colour ?? '',
        partner: player.partner ?? 0,
        groups: subsession.getGroups().length,
        matrix: JSON.stringify(subsession.getGroupMatrix()),
      };
    },
  },
];
