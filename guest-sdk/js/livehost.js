// livehost's JavaScript SDK: write an experiment the oTree way, build it
// into a WebAssembly component with `livehost build app.js -o app.wasm`
// (esbuild bundles it with this module, componentize-js makes the
// component; see examples/auction/auction.js).
//
// An experiment module exports:
//   C             { NAME_IN_URL, PLAYERS_PER_GROUP, NUM_ROUNDS, ... }
//   pageSequence  [{ name, template, liveMethod?, errorMessage?, nextButton?, wait? }, ...]
//                 (errorMessage(player, form) gets the submitted strings,
//                 unless the experiment is an oTree app: see below)
//   Group, Player, Participant, Session (optional)
//                 their fields and initial values, e.g. { highestBid: 0 },
//                 or typed fields: { age: models.IntegerField({ min: 18 }) }
//   liveMethod    (optional) the live method, also named by its page
//   templates, SETTINGS (optional) oTree pages' other templates and
//                 display settings (see "oTree pages" below)
//
// oTree pages: a page whose template is an oTree template ({{ block
// content }} ... {{ endblock }}), or that has one of oTree's page methods,
// makes the experiment an oTree app (the world `app`): the host renders
// its templates as oTree does and calls, on each page object,
//   isDisplayed(player)            false skips the page
//   varsForTemplate(player)        more variables for the template
//   jsVars(player)                 what the page's script sees as js_vars
//   timeoutSeconds                 a number, or a function (player)
//   formModel                      'player' (the default) or 'group'
//   formFields                     field names, or a function (player)
//   errorMessage(player, values)   the checked values; a text, or
//                                  { field: text } (then the form stays)
//   timeoutSubmission              { field: value } for a timed-out page
//   beforeNextPage(player, timeoutHappened)
// Form fields are declared with their types (models.IntegerField,
// FloatField, CurrencyField, StringField, LongStringField, BooleanField)
// and oTree's options: label, initial, min, max, choices, blank, widget
// (widgets.RadioSelect, ...), helpText, maxLength; min, max and choices
// may be functions of the form model (oTree's <field>_min ...), and
// errorMessage(model, value) is the field's own check. A submitted form is
// checked with oTree's messages before errorMessage sees it; its values
// are stored in the fields, then beforeNextPage runs.
//
// oTree's session model (an oTree app): the app may export
//   creatingSession(subsession)    called once per round when a session
//                                  is created: session.config, every
//                                  player's, group's and participant's
//                                  fields, setGroupMatrix / groupRandomly /
//                                  groupLikeRound
// and a wait page ({ name, wait: true }) may have
//   afterAllPlayersArrive(group)   when its group has arrived; with
//                                  waitForAllGroups: true, (subsession)
//                                  when every player of the round has
//   isDisplayed(player)            false: the player moves on at once
//   groupByArrivalTime: true       (the app's first page) groups of
//                                  PLAYERS_PER_GROUP form as players arrive,
// or those the app's own rule picks, if it exports
//   groupByArrivalTimeMethod(subsession, waitingPlayers)
//                                  (PLAYERS_PER_GROUP may then be null):
//                                  the players to group, in idInGroup
//                                  order, or nothing to wait; asked when a
//                                  player comes to the page and every few
//                                  seconds while anyone waits (Date.now()
//                                  is the call's time)
// A subsession has roundNumber, session, its own fields (kept per round),
// getPlayers(), getGroups(), getGroupMatrix(), setGroupMatrix(matrix),
// groupLikeRound(round), groupRandomly({ fixedIdInGroup }), inRound(round);
// players and groups have inRound(round), players inAllRounds(),
// inPreviousRounds(), getOthersInGroup() and participantId;
// participant.code is the participant's secret code (a page or live method
// reads its own participant's only; creatingSession, a hook for all groups
// and a custom export read anyone's), session.code the session's. Setting
// player.payoff adds the change to participant.payoff, which the host's
// Payments view pays. An ExtraModel also has createForGroup(group,
// values), filterGroup(group, conditions), filterAll(conditions),
// update(row, values) and delete(row).
//
// Fields are kept by the host (its state), never in JavaScript memory:
// `group.highestBid = bid` writes it, and the next call reads it back. An
// ExtraModel is a log table: `Bid.create({ player, amount: 10 })`,
// `Bid.filter({ player })`.
//
// A live method returns `{ [idInGroup]: payload }` (0 = the whole group;
// null or undefined sends nothing), or, to send one player several
// messages, an array of `[idInGroup, payload]` pairs. A thrown error refuses
// the message: nothing the call wrote is kept, the sender's page gets one
// line (`TypeError: message`) and the host's log the stack, with files and
// lines of the experiment's own source.

import * as state from 'livehost:experiment/state@0.1.5';
import * as log from 'livehost:experiment/log@0.1.5';
import * as hostGroup from 'livehost:experiment/group@0.1.5';

/// The call in progress: the sender (a WIT `player`; none in a hook for
/// the whole round), the experiment, the call's round, and whether a call
/// is in progress at all.
const context = { caller: null, app: null, round: 0, active: false };

/// The host's `subsession` import, which only the world `app` has: `serve`
/// gets it from the module `livehost build` writes.
let hostSubsession = null;

function caller() {
  if (context.caller === null) {
    throw new Error(
      context.active
        ? 'this runs for the whole round, with no player of its own: reach players and groups through the subsession'
        : 'state is only available during liveMethod, errorMessage, the page methods and the session hooks',
    );
  }
  return context.caller;
}

function subsessionImport() {
  if (hostSubsession === null) {
    throw new Error(
      'players, groups and rounds other than the caller\'s (the subsession) are available only to an oTree app: give a page an oTree template or page method',
    );
  }
  return hostSubsession;
}

/** An error the host returned (a limit, a bad key): its text. */
export class HostError extends Error {
  constructor(message) {
    super(message);
    this.name = 'HostError';
  }
}

/// Calls a WIT import, turning its `err` into a HostError.
function host(f, ...args) {
  if (!context.active) {
    caller();
  }
  try {
    return f(...args);
  } catch (e) {
    const text = e && typeof e === 'object' && 'payload' in e ? e.payload : e;
    throw new HostError(String(text));
  }
}

/// What an object of this SDK is ('player', 'group'), read without a call
/// to the host (symbols are never fields).
const KIND = Symbol('livehost kind');

const SESSION = { tag: 'session' };
const GROUP = { tag: 'group' };

// ---- Fields kept by the host ---------------------------------------------

/// A declared initial value as a field reads it: a copy, so that changing
/// what was read (`player.history.push(x)`) never changes the declaration.
function copyOf(value) {
  return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}

/// An object whose properties are host state under one owner. `own` holds
/// the members that are not fields (idInGroup, group, ...); `initial` the
/// declared fields' initial values. A property that is neither is a field
/// too (oTree's participant.vars style), undefined until written.
function stored(owner, own, initial, api = state) {
  return new Proxy(own, {
    get(target, name) {
      if (typeof name === 'symbol' || name in target) {
        return target[name];
      }
      const text = host(api.get, owner, name);
      if (text === undefined || text === null) {
        return initial ? copyOf(initial[name]) : undefined;
      }
      return JSON.parse(text);
    },
    set(target, name, value) {
      if (typeof name === 'symbol' || name in target) {
        throw new TypeError(`${String(name)} is not a field: it cannot be assigned`);
      }
      // oTree: a change of player.payoff is a change of participant.payoff.
      const payoff = name === 'payoff' && target[KIND] === 'player';
      const before = payoff ? amount(JSON.parse(host(api.get, owner, name) ?? '0')) : 0;
      if (value === undefined) {
        host(api.delete, owner, name);
      } else {
        const text = JSON.stringify(value);
        if (text === undefined) {
          throw new TypeError(`field ${name}: a ${typeof value} cannot be stored, only JSON values`);
        }
        host(api.set, owner, name, text);
      }
      if (payoff) {
        const part = target.participant;
        part.payoff = amount(part.payoff ?? 0) + amount(value ?? 0) - before;
      }
      return true;
    },
    deleteProperty(target, name) {
      if (typeof name !== 'symbol' && !(name in target)) {
        host(api.delete, owner, name);
      }
      return true;
    },
  });
}

/// A payoff, checked to be a number.
function amount(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`a payoff must be a number, not ${JSON.stringify(value)}`);
  }
  return value;
}

function session() {
  const s = context.app.initial.Session;
  return stored(
    SESSION,
    {
      /** The session's configuration, as the admin created it. */
      get config() {
        const text = host(state.get, SESSION, 'config');
        return text ? JSON.parse(text) : {};
      },
      /** The session's code (oTree's session.code). */
      get code() {
        return host(subsessionImport().sessionCode);
      },
    },
    s,
  );
}

/// A participant's secret code (oTree's participant.code): a page or live
/// method reads its own participant's only; creatingSession, a hook for
/// all groups and a custom export read anyone's.
function participantCode(participantId) {
  return host(subsessionImport().participantCode, participantId);
}

function participant(idInGroup) {
  return stored(
    { tag: 'participant', val: idInGroup },
    {
      idInGroup,
      get code() {
        return participantCode(participantIdOf(idInGroup));
      },
    },
    context.app.initial.Participant,
  );
}

function group() {
  const me = caller();
  return stored(
    GROUP,
    {
      [KIND]: 'group',
      idInSubsession: me.groupId,
      roundNumber: me.round,
      getPlayers() {
        return host(hostGroup.players).map((p) => player(p.idInGroup));
      },
      getPlayerById(idInGroup) {
        const found = this.getPlayers().find((p) => p.idInGroup === idInGroup);
        if (!found) {
          throw new RangeError(`there is no player with idInGroup ${idInGroup} in this group`);
        }
        return found;
      },
      get session() {
        return session();
      },
      get subsession() {
        return subsessionAt(me.round);
      },
      inRound(round) {
        return subsessionAt(round).group(me.groupId);
      },
    },
    context.app.initial.Group,
  );
}

function player(idInGroup) {
  const me = caller();
  return stored(
    { tag: 'player', val: idInGroup },
    {
      [KIND]: 'player',
      idInGroup,
      roundNumber: me.round,
      get group() {
        return group();
      },
      get participant() {
        return participant(idInGroup);
      },
      get session() {
        return session();
      },
      getOthersInGroup() {
        return group()
          .getPlayers()
          .filter((p) => p.idInGroup !== idInGroup);
      },
      get participantId() {
        return participantIdOf(idInGroup);
      },
      get subsession() {
        return subsessionAt(me.round);
      },
      ...rounds(() => [me.round, participantIdOf(idInGroup)]),
    },
    context.app.initial.Player,
  );
}

/// The participant id of player `idInGroup` of the caller's group.
function participantIdOf(idInGroup) {
  if (idInGroup === caller().idInGroup) {
    return caller().participantId;
  }
  const found = host(hostGroup.players).find((p) => p.idInGroup === idInGroup);
  if (!found) {
    throw new RangeError(`there is no player with idInGroup ${idInGroup} in this group`);
  }
  return found.participantId;
}

/// A player's inRound, inAllRounds and inPreviousRounds; `where` gives
/// its round and participant id.
function rounds(where) {
  return {
    inRound(round) {
      const [, participantId] = where();
      return subsessionAt(round).player(participantId);
    },
    inAllRounds() {
      const [now] = where();
      return Array.from({ length: now }, (_, i) => this.inRound(i + 1));
    },
    inPreviousRounds() {
      const [now] = where();
      return Array.from({ length: now - 1 }, (_, i) => this.inRound(i + 1));
    },
  };
}

// ---- oTree's session model: any player, group and round --------------------

/// The subsession import's way to fields, like `state`'s.
const SUBSESSION_STATE = {
  get: (owner, key) => subsessionImport().get(owner, key),
  set: (owner, key, value) => subsessionImport().set(owner, key, value),
  delete: (owner, key) => subsessionImport().delete(owner, key),
};

/// The groups of `round`, each its WIT players.
function groupsOf(round) {
  return host(subsessionImport().groups, round);
}

/// The player a WIT `player` is (any group, any round).
function playerAt(info) {
  const { participantId, round, groupId, idInGroup } = info;
  return stored(
    { tag: 'player', val: [participantId, round] },
    {
      [KIND]: 'player',
      idInGroup,
      participantId,
      roundNumber: round,
      get group() {
        return groupAt(groupId, round);
      },
      get participant() {
        return participantAt(participantId);
      },
      get session() {
        return session();
      },
      get subsession() {
        return subsessionAt(round);
      },
      getOthersInGroup() {
        return groupAt(groupId, round)
          .getPlayers()
          .filter((p) => p.participantId !== participantId);
      },
      ...rounds(() => [round, participantId]),
    },
    context.app.initial.Player,
    SUBSESSION_STATE,
  );
}

function participantAt(participantId) {
  return stored(
    { tag: 'participant', val: participantId },
    {
      participantId,
      get code() {
        return participantCode(participantId);
      },
    },
    context.app.initial.Participant,
    SUBSESSION_STATE,
  );
}

/// Group `number` of `round` (any group).
function groupAt(number, round) {
  return stored(
    { tag: 'group', val: [number, round] },
    {
      [KIND]: 'group',
      idInSubsession: number,
      roundNumber: round,
      getPlayers() {
        const players = groupsOf(round)[number - 1];
        if (!players) {
          throw new RangeError(`round ${round} has no group ${number}`);
        }
        return players.map(playerAt);
      },
      getPlayerById(idInGroup) {
        const found = this.getPlayers().find((p) => p.idInGroup === idInGroup);
        if (!found) {
          throw new RangeError(`there is no player with idInGroup ${idInGroup} in group ${number}`);
        }
        return found;
      },
      get session() {
        return session();
      },
      get subsession() {
        return subsessionAt(round);
      },
      inRound(other) {
        return subsessionAt(other).group(number);
      },
    },
    context.app.initial.Group,
    SUBSESSION_STATE,
  );
}

/// A shuffle drawing from Math.random (the call's randomness).
function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/// Round `round` of the app (oTree's subsession): its fields are session
/// keys `subsession.<round>.<name>`, as the Python SDK keeps them.
function subsessionAt(round) {
  const key = (name) => `subsession.${round}.${name}`;
  const fields = {
    get: (owner, name) => state.get(owner, key(name)),
    set: (owner, name, value) => state.set(owner, key(name), value),
    delete: (owner, name) => state.delete(owner, key(name)),
  };
  return stored(
    SESSION,
    {
      [KIND]: 'subsession',
      roundNumber: round,
      get session() {
        return session();
      },
      getPlayers() {
        return groupsOf(round)
          .flat()
          .sort((a, b) => a.participantId - b.participantId)
          .map(playerAt);
      },
      // A group's number is its row's place in the host's list (from 1);
      // an empty row is a group that no longer exists (its players were
      // grouped by arrival time, and oTree deleted it): left out.
      getGroups() {
        return groupsOf(round).flatMap((g, i) => (g.length > 0 ? [groupAt(i + 1, round)] : []));
      },
      group(number) {
        const groups = groupsOf(round);
        if (!(groups[number - 1]?.length > 0)) {
          const have = groups.flatMap((g, i) => (g.length > 0 ? [i + 1] : [])).join(', ');
          throw new RangeError(`round ${round} has no group ${number} (its groups are ${have})`);
        }
        return groupAt(number, round);
      },
      player(participantId) {
        const found = groupsOf(round)
          .flat()
          .find((p) => p.participantId === participantId);
        if (!found) {
          throw new RangeError(`round ${round} has no player of participant ${participantId}`);
        }
        return playerAt(found);
      },
      getGroupMatrix() {
        return groupsOf(round)
          .filter((g) => g.length > 0)
          .map((g) => g.map((p) => p.participantId));
      },
      setGroupMatrix(matrix) {
        if (!Array.isArray(matrix) || !matrix.every(Array.isArray)) {
          throw new TypeError('setGroupMatrix takes a list of groups, each a list of participant ids or players');
        }
        const rows = matrix.map((g) => g.map((p) => (kind(p) === 'player' ? p.participantId : p)));
        host(subsessionImport().setGroups, round, rows);
      },
      groupLikeRound(other) {
        this.setGroupMatrix(subsessionAt(other).getGroupMatrix());
      },
      groupRandomly({ fixedIdInGroup = false } = {}) {
        const matrix = this.getGroupMatrix();
        if (fixedIdInGroup) {
          const width = Math.max(0, ...matrix.map((g) => g.length));
          for (let column = 0; column < width; column++) {
            const rows = matrix.flatMap((g, i) => (column < g.length ? [i] : []));
            const ids = shuffle(rows.map((i) => matrix[i][column]));
            rows.forEach((i, n) => {
              matrix[i][column] = ids[n];
            });
          }
        } else {
          const ids = shuffle(matrix.flat());
          for (const g of matrix) {
            g.splice(0, g.length, ...ids.splice(0, g.length));
          }
        }
        this.setGroupMatrix(matrix);
      },
      inRound(other) {
        return subsessionAt(other);
      },
    },
    context.app.initial.Subsession,
    fields,
  );
}

// ---- Log tables ------------------------------------------------------------

const LINK = Symbol('livehost link');

/** Marks an ExtraModel field as a link to a player or the group (oTree's models.Link). */
export const Link = Object.freeze({ player: { [LINK]: 'player' }, group: { [LINK]: 'group' } });

function isLink(value) {
  return value !== null && typeof value === 'object' && LINK in value;
}

function kind(value) {
  return value !== null && typeof value === 'object' ? value[KIND] : undefined;
}

/// A player is stored as its idInGroup, the group as 0.
function storedValue(value) {
  switch (kind(value)) {
    case 'player':
      return value.idInGroup;
    case 'group':
      return 0;
    default:
      return value;
  }
}

function isGroup(value) {
  return kind(value) === 'group';
}

/**
 * A log table (oTree's ExtraModel): rows appended with `create` and read
 * with `filter`, kept by the host; rows are the caller's group's.
 * `fields` names each field's default, or `Link.player` / `Link.group`.
 */
export class ExtraModel {
  constructor(table, fields = {}) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(table)) {
      throw new TypeError(`ExtraModel ${JSON.stringify(table)}: a table name is 1 to 64 letters, digits, _ or -`);
    }
    this.table = table;
    this.fields = fields;
  }

  /// The row's stored values over its fields' defaults.
  withDefaults(values) {
    const all = {};
    for (const [name, field] of Object.entries(this.fields)) {
      if (!isLink(field)) {
        all[name] = copyOf(field);
      }
    }
    return Object.assign(all, values);
  }

  row(id, values, round) {
    const row = { id, [ROW_VALUES]: values };
    if (round !== undefined) {
      row.roundNumber = round;
    }
    for (const [name, value] of Object.entries(this.withDefaults(values))) {
      const field = this.fields[name];
      // A link is the caller's group's player or group; a hook for the
      // whole round has none, and sees the stored id.
      if (isLink(field) && value !== null && value !== undefined && context.caller !== null) {
        row[name] = field[LINK] === 'player' ? player(value) : group();
      } else {
        row[name] = value;
      }
    }
    return Object.freeze(row);
  }

  /// `values` as a row stores them (players as their idInGroup).
  stored(values) {
    const out = {};
    for (const [name, value] of Object.entries(values)) {
      out[name] = storedValue(value);
    }
    return out;
  }

  /// The rows of `rows` (the host's) whose fields equal every condition.
  matching(rows, conditions) {
    // A condition on the group holds: rows are asked for by group.
    const wanted = Object.entries(conditions)
      .filter(([, v]) => !isGroup(v))
      .map(([k, v]) => [k, storedValue(v)]);
    const found = [];
    for (const r of rows) {
      const values = JSON.parse(r.fields);
      const all = this.withDefaults(values);
      if (wanted.every(([k, v]) => all[k] === v)) {
        found.push(this.row(Number(r.id), values, r.round));
      }
    }
    return found;
  }

  /** Appends a row for the caller's group; returns it. */
  create(values = {}) {
    const stored = this.stored(values);
    const id = host(log.append, this.table, JSON.stringify(stored));
    return this.row(Number(id), stored);
  }

  /** Appends a row for `group` (any group of the app, in its round); returns it. */
  createForGroup(group, values = {}) {
    if (!isGroup(group)) {
      throw new TypeError('createForGroup(group, values): the first argument must be a group');
    }
    const stored = this.stored(values);
    const id = host(log.appendForGroup, this.table, [group.idInSubsession, group.roundNumber], JSON.stringify(stored));
    return this.row(Number(id), stored);
  }

  /** The caller's group's rows (every round) whose fields equal every condition, oldest first. */
  filter(conditions = {}) {
    return this.matching(host(log.query, this.table, { idInGroup: undefined, round: undefined }), conditions);
  }

  /** The rows appended for `group` (in its round) whose fields equal every condition. */
  filterGroup(group, conditions = {}) {
    if (!isGroup(group)) {
      throw new TypeError('filterGroup(group, conditions): the first argument must be a group');
    }
    return this.matching(host(log.queryGroup, this.table, [group.idInSubsession, group.roundNumber]), conditions);
  }

  /** Every row of the session whose fields equal every condition, oldest first. */
  filterAll(conditions = {}) {
    return this.matching(host(log.queryAll, this.table), conditions);
  }

  /** Changes the fields `values` names of `row` (a row, or its id with every field); returns the row as it is now. */
  update(row, values = {}) {
    const [id, before] = typeof row === 'object' && row !== null ? [row.id, row[ROW_VALUES] ?? {}] : [row, {}];
    const stored = { ...before, ...this.stored(values) };
    host(log.update, this.table, BigInt(id), JSON.stringify(stored));
    return this.row(Number(id), stored, row?.roundNumber);
  }

  /** Removes `row` (a row or its id), oTree's `delete()`. */
  delete(row) {
    const id = typeof row === 'object' && row !== null ? row.id : row;
    host(log.remove, this.table, BigInt(id));
  }
}

/// A row's stored values, kept on it for `update`.
const ROW_VALUES = Symbol('livehost row values');

// ---- The component's exports -------------------------------------------------

function oneLine(e) {
  if (e instanceof Error) {
    const first = String(e.message).trim().split('\n')[0];
    return first ? `${e.name}: ${first}` : e.name;
  }
  return `Error: ${String(e).trim().split('\n')[0]}`;
}

/// The stack with the experiment's own files, lines and columns: `livehost
/// build` appends the mapping from the bundle's (esbuild's source map) as
/// globalThis.__livehostMapPlaces. The runtime's own frames are left out.
function originalPlaces(stack) {
  const frames = stack
    .split('\n')
    .filter((frame) => !frame.includes('initializer.js'))
    .join('\n');
  const map = globalThis.__livehostMapPlaces;
  return typeof map === 'function' ? map(frames) : frames;
}

/// A refusal's text: its first line reaches the sender, the rest (the
/// stack) goes to the host's log.
function refusal(e) {
  const message = e instanceof Error ? String(e.message) : String(e);
  const more = message.trim().includes('\n') ? `${message}\n` : '';
  const stack = e instanceof Error && e.stack ? originalPlaces(String(e.stack)) : '';
  return `${oneLine(e)}\n${more}${stack}`.trimEnd();
}

const NO_ASYNC =
  'but JavaScript experiments are built for the sync world (componentize-js 0.23 makes no component-model async exports): ' +
  'make it a plain function, or write async live methods in Python or Rust';

function isAsync(f) {
  return typeof f === 'function' && ['AsyncFunction', 'AsyncGeneratorFunction'].includes(f.constructor?.name);
}

function isGenerator(f) {
  return typeof f === 'function' && f.constructor?.name === 'GeneratorFunction';
}

function messages(result) {
  if (result === null || result === undefined) {
    return [];
  }
  if (typeof result.then === 'function') {
    throw new TypeError(`liveMethod returned a Promise, ${NO_ASYNC}`);
  }
  let pairs;
  const proto = typeof result === 'object' ? Object.getPrototypeOf(result) : undefined;
  if (Array.isArray(result)) {
    if (!result.every((p) => Array.isArray(p) && p.length === 2)) {
      throw new TypeError('liveMethod returned an array: it must hold [idInGroup, payload] pairs');
    }
    pairs = result;
  } else if (proto === Object.prototype || proto === null) {
    pairs = Object.entries(result);
  } else {
    throw new TypeError(
      `liveMethod must return { [idInGroup]: payload }, an array of [idInGroup, payload] pairs, or nothing, not ${typeof result}`,
    );
  }
  return pairs.map(([to, payload]) => {
    // Object keys are strings; an array's ids must be numbers.
    const id = typeof to === 'string' && /^\d+$/.test(to) ? Number(to) : to;
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw new TypeError(`liveMethod: ${JSON.stringify(to)} is not an idInGroup (0 = the whole group)`);
    }
    const text = JSON.stringify(payload === undefined ? null : payload);
    return { to: id, payload: text };
  });
}

/// Runs `f` as the call of `sender`; a thrown error becomes the refusal
/// the WIT expects (componentize-js: a thrown string is `err`).
// Math.random reads the host's randomness, which is seeded per call (and
// recorded in the message log): a random draw differs between calls and
// sessions, and a replay of the call draws the same. The engine's own
// generator would be seeded once, when the component was built.
if (globalThis.crypto?.getRandomValues) {
  const words = new Uint32Array(2);
  Math.random = () => {
    globalThis.crypto.getRandomValues(words);
    return (words[0] * 2 ** 21 + (words[1] >>> 11)) / 2 ** 53;
  };
}

function asCall(app, sender, f) {
  return during(app, sender, sender.round, f);
}

/// Runs `f` as a call of `app` for `sender` (none: the whole round) in
/// `round`.
function during(app, sender, round, f) {
  context.app = app;
  context.caller = sender;
  context.round = round;
  context.active = true;
  try {
    return f();
  } catch (e) {
    throw refusal(e);
  } finally {
    context.caller = null;
    context.active = false;
  }
}

// ---- oTree pages: typed fields, forms, page methods --------------------------

const FIELD = Symbol('livehost field');

const KINDS = ['integer', 'float', 'currency', 'string', 'long-string', 'boolean'];

/** How a form field is shown (oTree's widgets). */
export const widgets = Object.freeze({
  RadioSelect: 'radio-select',
  RadioSelectHorizontal: 'radio-select-horizontal',
  CheckboxInput: 'checkbox-input',
  TextInput: 'text-input',
  TextArea: 'text-area',
  Select: 'select',
});

const WIDGETS = ['default', ...Object.values(widgets)];

const OPTIONS = ['initial', 'label', 'min', 'max', 'choices', 'blank', 'widget', 'helpText', 'maxLength', 'errorMessage'];

function field(kind) {
  return (options = {}) => {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`a ${kind} field's options must be an object, like { label: 'Age', min: 18 }`);
    }
    for (const name of Object.keys(options)) {
      if (!OPTIONS.includes(name)) {
        throw new TypeError(`a ${kind} field has no option ${name}: its options are ${OPTIONS.join(', ')}`);
      }
    }
    const widget = options.widget ?? 'default';
    if (!WIDGETS.includes(widget)) {
      throw new TypeError(`widget ${JSON.stringify(widget)} is none of livehost's widgets (widgets.RadioSelect, ...)`);
    }
    if (kind === 'long-string' && options.choices !== undefined) {
      throw new TypeError('a LongStringField cannot have choices: make it a StringField');
    }
    return Object.freeze({ [FIELD]: true, kind, ...options, widget });
  };
}

/** Typed model fields, as oTree's `models`: `models.IntegerField({ min: 18 })`. */
export const models = Object.freeze({
  IntegerField: field('integer'),
  FloatField: field('float'),
  CurrencyField: field('currency'),
  StringField: field('string'),
  LongStringField: field('long-string'),
  BooleanField: field('boolean'),
});

function isField(value) {
  return value !== null && typeof value === 'object' && value[FIELD] === true;
}

/// The initial values of a scope's declared fields.
function initialValues(declared) {
  if (!declared) {
    return declared;
  }
  const out = {};
  for (const [name, value] of Object.entries(declared)) {
    out[name] = isField(value) ? (value.initial ?? null) : value;
  }
  return out;
}

const REQUIRED = 'This field is required.';
const NOT_A_CHOICE = 'Not a valid choice';
const NOT_AN_INTEGER = 'Not a valid integer value';
const NOT_A_FLOAT = 'Not a valid float value';
const NOT_A_DECIMAL = 'Not a valid decimal value';
const CANNOT_COERCE = 'Invalid Choice: could not coerce';
const STRING_LENGTH = 10000;
const SYMBOLS = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', CNY: '¥', INR: '₹' };

/// The project's display settings that the SDK itself needs.
function displaySettings(app) {
  const s = app.settings;
  const points = s.USE_POINTS ?? true;
  return {
    points,
    places: points ? Number(s.POINTS_DECIMAL_PLACES ?? 0) : Number(s.REAL_WORLD_CURRENCY_DECIMAL_PLACES ?? 2),
    name: s.POINTS_CUSTOM_NAME,
    code: s.REAL_WORLD_CURRENCY_CODE ?? 'USD',
  };
}

function roundTo(n, places) {
  const scale = 10 ** places;
  return Math.round(n * scale) / scale;
}

/// An amount as oTree's messages print it: `5 points`, `$1.50`.
function currencyText(value, settings) {
  const text = value.toFixed(settings.places);
  if (settings.points) {
    if (settings.name) {
      return `${text} ${settings.name}`;
    }
    return value === 1 ? `${text} point` : `${text} points`;
  }
  const symbol = SYMBOLS[settings.code];
  if (symbol === undefined) {
    return `${text} ${settings.code}`;
  }
  return `${value < 0 ? '-' : ''}${symbol}${text.replace(/^-/, '')}`;
}

const CURRENCY = Symbol('livehost currency bound');

/// A stored value of a field of `kind` as a template sees it.
function shown(kind, value) {
  return kind === 'currency' && typeof value === 'number' ? { __cu__: value } : value;
}

/// oTree's default label: the name's words, each capitalised.
function defaultLabel(name) {
  let after = false;
  let out = '';
  for (const ch of name.replace(/_/g, ' ')) {
    const letter = ch.toLowerCase() !== ch.toUpperCase();
    out += letter ? (after ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    after = letter;
  }
  return out;
}

function parseInteger(text) {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : undefined;
}

function parseFloatText(text) {
  const t = text.trim().replace(/,/g, '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

/// Whether a submitted value equals a choice (a boolean only a boolean).
function same(a, b) {
  return a === b;
}

/// A declared field as one page's form shows and checks it for `model`.
function formField(name, decl, model, settings) {
  const dynamic = (option) => (typeof decl[option] === 'function' ? decl[option](model) : decl[option]);
  const f = {
    name,
    kind: decl.kind,
    label: decl.label !== undefined ? String(decl.label) : defaultLabel(name),
    widget: decl.widget,
    blank: Boolean(decl.blank),
    helpText: decl.helpText === undefined ? undefined : String(decl.helpText),
    places: settings.places,
    settings,
    choices: undefined,
    min: undefined,
    max: undefined,
    maxLength: decl.kind === 'string' ? (decl.maxLength ?? STRING_LENGTH) : undefined,
    errorMessage: decl.errorMessage,
  };
  const choices = dynamic('choices');
  if (choices !== undefined && choices !== null) {
    if (!Array.isArray(choices)) {
      throw new TypeError(`field ${name}: choices must be an array, like [[1, 'One'], [2, 'Two']] or [1, 2]`);
    }
    f.choices = choices.map((c) => (Array.isArray(c) ? [c[0], c[1]] : [c, c]));
  }
  if (f.kind === 'boolean' && f.choices === undefined && f.widget !== 'checkbox-input') {
    f.choices = [
      [true, 'Yes'],
      [false, 'No'],
    ];
  }
  if (f.kind === 'currency' && f.choices !== undefined) {
    f.choices = f.choices.map(([v, label]) => {
      const value = roundTo(Number(v), f.places);
      return [value, label === v ? { __cu__: value } : label];
    });
  }
  if ((f.widget === 'radio-select' || f.widget === 'radio-select-horizontal') && f.choices === undefined) {
    throw new TypeError(`field ${name}: a radio widget needs choices`);
  }
  if (f.choices === undefined && ['integer', 'float', 'currency'].includes(f.kind)) {
    const bound = (option, fallback) => {
      const given = option in decl;
      const v = given ? dynamic(option) : fallback;
      if (v === null || v === undefined) {
        return undefined;
      }
      return { value: Number(v), [CURRENCY]: given && f.kind === 'currency' };
    };
    f.min = bound('min', 0);
    f.max = bound('max', undefined);
  }
  return f;
}

function boundText(b, settings) {
  return b[CURRENCY] ? currencyText(b.value, settings) : String(b.value);
}

function boundJson(b) {
  return b[CURRENCY] ? { __cu__: b.value } : b.value;
}

/// WTForms' NumberRange, as oTree sets it up.
function rangeMessage(f, value) {
  const { min, max } = f;
  if (min === undefined && max === undefined) {
    return undefined;
  }
  if (typeof value === 'number' && (min === undefined || value >= min.value) && (max === undefined || value <= max.value)) {
    return undefined;
  }
  if (max === undefined) {
    return `Number must be at least ${boundText(min, f.settings)}.`;
  }
  if (min === undefined) {
    return `Number must be at most ${boundText(max, f.settings)}.`;
  }
  return `Number must be between ${boundText(min, f.settings)} and ${boundText(max, f.settings)}.`;
}

/// [value, errors] of the submitted text `raw` (undefined: not sent).
function checkField(f, raw) {
  const empty = raw === undefined || raw === null || raw === '';
  if (f.kind === 'boolean' && f.widget === 'checkbox-input') {
    // WTForms' BooleanField: only "" and "false" are false.
    const value = !(empty || raw === 'false');
    return [value, !value && !f.blank ? [REQUIRED] : []];
  }
  const required = () => [null, f.blank ? [] : [REQUIRED]];
  if (f.choices !== undefined) {
    if (empty) {
      return required();
    }
    let value;
    if (f.kind === 'integer') {
      value = parseInteger(raw);
    } else if (f.kind === 'float' || f.kind === 'currency') {
      value = parseFloatText(raw);
      if (value !== undefined && f.kind === 'currency') {
        value = roundTo(value, f.places);
      }
    } else if (f.kind === 'boolean') {
      value = !['', '0', 'False', 'false'].includes(raw);
    } else {
      value = raw;
    }
    if (value === undefined) {
      return [null, [CANNOT_COERCE, NOT_A_CHOICE]];
    }
    return [value, f.choices.some(([v]) => same(value, v)) ? [] : [NOT_A_CHOICE]];
  }
  const errors = [];
  let value = null;
  if (f.kind === 'integer') {
    if (raw !== undefined) {
      value = parseInteger(raw) ?? null;
      if (value === null) errors.push(NOT_AN_INTEGER);
    }
  } else if (f.kind === 'float') {
    if (raw !== undefined) {
      value = parseFloatText(raw) ?? null;
      if (value === null || !Number.isFinite(value)) {
        value = null;
        errors.push(NOT_A_FLOAT);
      }
    }
  } else if (f.kind === 'currency') {
    if (!empty) {
      value = parseFloatText(raw) ?? null;
      if (value === null || !Number.isFinite(value)) {
        value = null;
        errors.push(NOT_A_DECIMAL);
      } else {
        value = roundTo(value, f.places);
      }
    }
  } else if (raw !== undefined) {
    value = raw;
    if (f.maxLength !== undefined && [...raw].length > f.maxLength) {
      errors.push(`Field cannot be longer than ${f.maxLength} character${f.maxLength === 1 ? '' : 's'}.`);
    }
  }
  if (f.choices === undefined && ['integer', 'float', 'currency'].includes(f.kind)) {
    const message = rangeMessage(f, value);
    if (message) errors.push(message);
  }
  if (empty) {
    return required();
  }
  return [value, errors];
}

/// What a timed-out page stores in a field that did not pass its checks.
const TIMEOUT_DEFAULTS = { integer: 0, float: 0, currency: 0, string: '', 'long-string': '', boolean: false };

/// A page's method or value: a function is called with `args`.
function pageValue(page, name, args, fallback) {
  const v = page[name];
  if (v === undefined) {
    return fallback;
  }
  return typeof v === 'function' ? v(...args) : v;
}

/// The page's form: its model (a player or group object), the model's
/// declared fields, and the page's fields resolved for now.
function pageForm(app, page, me) {
  const names = pageValue(page, 'formFields', [me], []) ?? [];
  if (!Array.isArray(names)) {
    throw new TypeError(`page ${page.name}: formFields must be an array of field names`);
  }
  const which = page.formModel ?? 'player';
  if (which !== 'player' && which !== 'group') {
    throw new TypeError(`page ${page.name}: formModel must be 'player' or 'group', not ${JSON.stringify(which)}`);
  }
  const model = which === 'player' ? me : me.group;
  const scope = which === 'player' ? 'Player' : 'Group';
  const declared = app.declared[scope] ?? {};
  const settings = displaySettings(app);
  const fields = names.map((name) => {
    const decl = declared[name];
    if (!isField(decl)) {
      throw new TypeError(
        `page ${page.name}: formFields names ${JSON.stringify(name)}, which is not a typed field of ${scope}: declare it, like export const ${scope} = { ${name}: models.IntegerField() }`,
      );
    }
    return formField(name, decl, model, settings);
  });
  return { model, fields };
}

/// A value as the template's JSON: players and groups become their fields.
function templateValue(value) {
  switch (kind(value)) {
    case 'player':
      return playerVars(value);
    case 'group':
      return groupVars(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    return value.map(templateValue);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateValue(v)]));
  }
  return value;
}

/// A model's declared fields, read from the host, as a template sees them.
function fieldVars(object, declared) {
  const out = {};
  for (const [name, decl] of Object.entries(declared ?? {})) {
    const value = object[name];
    out[name] = isField(decl) ? shown(decl.kind, value ?? null) : (value ?? null);
  }
  return out;
}

function playerVars(p) {
  const declared = context.app.declared.Player ?? {};
  const out = {};
  if (!('payoff' in declared)) {
    out.payoff = { __cu__: p.payoff ?? 0 };
  }
  Object.assign(out, fieldVars(p, declared));
  out.id_in_group = p.idInGroup;
  out.round_number = p.roundNumber;
  return out;
}

function groupVars(g) {
  const out = fieldVars(g, context.app.declared.Group);
  out.id_in_subsession = g.idInSubsession;
  out.round_number = g.roundNumber;
  return out;
}

/// The variables every template of `round` sees, pages' and the admin
/// report's: subsession, session (its fields and config), C (and oTree 3's
/// Constants).
function sessionVars(app, round) {
  const s = session();
  const config = s.config;
  const sessionOut = fieldVars(s, app.declared.Session);
  sessionOut.config = config;
  const constants = templateValue(app.constants);
  return {
    subsession: { round_number: round, config },
    session: sessionOut,
    C: constants,
    Constants: constants,
  };
}

function templateVars(app, me, extra) {
  const part = participant(me.idInGroup);
  const participantOut = fieldVars(part, app.declared.Participant);
  participantOut.id_in_group = me.idInGroup;
  participantOut.id_in_session = caller().participantId;
  const out = {
    player: playerVars(me),
    group: groupVars(me.group),
    participant: participantOut,
    ...sessionVars(app, me.roundNumber),
  };
  for (const [k, v] of Object.entries(extra ?? {})) {
    out[k] = templateValue(v);
  }
  return out;
}

function pageOf(app, name) {
  const page = app.byName.get(name);
  if (!page) {
    throw new Error(`there is no page ${name}`);
  }
  return page;
}

function plainObject(value) {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  return proto === Object.prototype || proto === null;
}

function show(app, name, sender) {
  const page = pageOf(app, name);
  const me = player(sender.idInGroup);
  const displayed = Boolean(pageValue(page, 'isDisplayed', [me], true));
  // A wait page is shown by the host itself: only isDisplayed counts.
  if (page.wait) {
    return { displayed, variables: '{}', jsVars: undefined, timeoutSeconds: undefined, formFields: [] };
  }
  if (!displayed) {
    return { displayed: false, variables: '{}', jsVars: undefined, timeoutSeconds: undefined, formFields: [] };
  }
  const extra = pageValue(page, 'varsForTemplate', [me], undefined);
  if (extra !== undefined && extra !== null && !plainObject(extra)) {
    throw new TypeError(`page ${name}: varsForTemplate must return an object, like { total: 10 }`);
  }
  const js = pageValue(page, 'jsVars', [me], undefined);
  if (js !== undefined && js !== null && !plainObject(js)) {
    throw new TypeError(`page ${name}: jsVars must return an object, like { me: player.idInGroup }`);
  }
  const variables = templateVars(app, me, extra);
  const timeout = pageValue(page, 'timeoutSeconds', [me], undefined);
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || !Number.isFinite(timeout))) {
    throw new TypeError(`page ${name}: timeoutSeconds must be a number of seconds, not ${JSON.stringify(timeout)}`);
  }
  const { model, fields } = pageForm(app, page, me);
  const json = (v) => JSON.stringify(v);
  return {
    displayed: true,
    variables: json(variables),
    jsVars: js === undefined || js === null ? undefined : json(templateValue(js)),
    timeoutSeconds: timeout === undefined || timeout === null ? undefined : timeout,
    formFields: fields.map((f) => {
      const stored = model[f.name];
      return {
        name: f.name,
        kind: f.kind,
        label: f.label,
        widget: f.widget,
        choices: f.choices?.map(([v, label]) => [json(shown(f.kind, v)), json(label)]),
        min: f.min === undefined ? undefined : json(boundJson(f.min)),
        max: f.max === undefined ? undefined : json(boundJson(f.max)),
        blank: f.blank,
        value: stored === undefined || stored === null ? undefined : json(shown(f.kind, stored)),
        helpText: f.helpText,
      };
    }),
  };
}

/// The form's errors: [[field, message], ...] and the whole form's, from
/// what errorMessage returned (a text, or { field: text, __all__: text }).
function errorsOf(returned) {
  if (returned === undefined || returned === null || returned === '' || returned === false) {
    return [[], undefined];
  }
  if (plainObject(returned)) {
    const fields = Object.entries(returned)
      .filter(([k]) => k !== '__all__')
      .map(([k, v]) => [k, String(v)]);
    return [fields, returned.__all__ === undefined ? undefined : String(returned.__all__)];
  }
  return [[], String(returned)];
}

function submit(app, name, sender, form) {
  const page = pageOf(app, name);
  const me = player(sender.idInGroup);
  const submitted = JSON.parse(form);
  const { model, fields } = pageForm(app, page, me);
  const values = {};
  let errors = [];
  for (const f of fields) {
    let [value, fieldErrors] = checkField(f, submitted[f.name]);
    if (fieldErrors.length === 0 && typeof f.errorMessage === 'function') {
      const text = f.errorMessage(model, value);
      if (text) fieldErrors = [String(text)];
    }
    errors = errors.concat(fieldErrors.map((e) => [f.name, e]));
    values[f.name] = value;
  }
  let whole;
  if (errors.length === 0 && typeof page.errorMessage === 'function') {
    [errors, whole] = errorsOf(page.errorMessage(me, { ...values }));
  }
  if (errors.length > 0 || whole !== undefined) {
    return { fields: errors, form: whole };
  }
  for (const [k, v] of Object.entries(values)) {
    model[k] = v;
  }
  pageValue(page, 'beforeNextPage', [me, false], undefined);
  return undefined;
}

function timedOut(app, name, sender, form) {
  const page = pageOf(app, name);
  const me = player(sender.idInGroup);
  const submitted = JSON.parse(form);
  const { model, fields } = pageForm(app, page, me);
  if (fields.length > 0) {
    const values = {};
    const failed = new Set();
    for (const f of fields) {
      const [value, errors] = checkField(f, submitted[f.name]);
      let refused = errors.length > 0;
      if (!refused && typeof f.errorMessage === 'function') {
        try {
          refused = Boolean(f.errorMessage(model, value));
        } catch {
          refused = true;
        }
      }
      if (refused) failed.add(f.name);
      values[f.name] = value;
    }
    let whole = false;
    if (typeof page.errorMessage === 'function') {
      try {
        const [fieldErrors, all] = errorsOf(page.errorMessage(me, { ...values }));
        fieldErrors.forEach(([k]) => failed.add(k));
        whole = all !== undefined;
      } catch {
        whole = true;
      }
    }
    const chosen = page.timeoutSubmission ?? {};
    for (const f of fields) {
      model[f.name] = whole || failed.has(f.name) ? (chosen[f.name] ?? TIMEOUT_DEFAULTS[f.kind]) : values[f.name];
    }
  }
  pageValue(page, 'beforeNextPage', [me, true], undefined);
}

/// The page methods that make a page an oTree page.
const PAGE_METHODS = [
  'isDisplayed',
  'varsForTemplate',
  'jsVars',
  'timeoutSeconds',
  'formModel',
  'formFields',
  'timeoutSubmission',
  'beforeNextPage',
  'afterAllPlayersArrive',
  'waitForAllGroups',
  'groupByArrivalTime',
];

function isOtreeTemplate(text) {
  return typeof text === 'string' && /\{[{%]-?\s*(block|extends)\b/.test(text);
}

/**
 * Whether `experiment` is an oTree app (built for the world `app`): a page
 * with an oTree template or one of oTree's page methods, typed fields, or
 * exported templates or SETTINGS. `livehost build` asks.
 */
export function usesPages(experiment) {
  const pages = Array.isArray(experiment.pageSequence) ? experiment.pageSequence : [];
  const typed = ['Group', 'Player', 'Participant', 'Session'].some(
    (scope) => experiment[scope] && Object.values(experiment[scope]).some(isField),
  );
  return (
    typed ||
    experiment.creatingSession !== undefined ||
    experiment.groupByArrivalTimeMethod !== undefined ||
    experiment.varsForAdminReport !== undefined ||
    customExports(experiment).length > 0 ||
    experiment.templates !== undefined ||
    experiment.SETTINGS !== undefined ||
    pages.some((p) => p && (isOtreeTemplate(p.template) || PAGE_METHODS.some((m) => p[m] !== undefined)))
  );
}

/// The `pages`, `project`, `adminViews`, `sessionHooks` and
/// `arrivalGrouping` exports of an oTree app.
function pageExports(app) {
  return {
    pages: {
      files() {
        const appName = app.name;
        const templates = Object.entries(app.templates).map(([name, text]) => ({
          name: name.includes('/') ? name : `${appName}/${name}`,
          text: String(text),
        }));
        return {
          pageTemplates: app.pages
            .filter((p) => !p.wait && p.template)
            .map((p) => [p.name, `${appName}/${p.name}.html`]),
          templates,
          settings: JSON.stringify(app.settings),
        };
      },
      show(page, sender) {
        return asCall(app, sender, () => show(app, page, sender));
      },
      submit(page, sender, form) {
        let errors;
        try {
          errors = asCall(app, sender, () => submit(app, page, sender, form));
        } catch (text) {
          // An error of the experiment's code is the whole form's.
          throw { fields: [], form: String(text) };
        }
        if (errors !== undefined) {
          throw errors;
        }
      },
      timedOut(page, sender, form) {
        asCall(app, sender, () => timedOut(app, page, sender, form));
      },
    },
    project: {
      describe() {
        return {
          apps: [
            {
              name: app.name,
              pages: app.pages.map((p) => p.name),
              rounds: Number(app.constants.NUM_ROUNDS ?? 1),
              playersPerGroup: groupSize(app.constants),
              appAfterPages: [],
            },
          ],
          sessionConfigs: '[]',
          staticFiles: [],
        };
      },
      appAfterPage() {
        return undefined;
      },
    },
    adminViews: adminViewExports(app),
    arrivalGrouping: arrivalGroupingExports(app),
    // oTree's session hooks: what the app and its wait pages define.
    sessionHooks: {
      describe() {
        const defines = (p, f) => typeof p[f] === 'function';
        return {
          creatingSession: defines(app.declared, 'creatingSession') ? [app.name] : [],
          waitPages: app.pages
            .filter((p) => p.wait)
            .map((p) => ({
              name: p.name,
              afterAllPlayersArrive: defines(p, 'afterAllPlayersArrive'),
              isDisplayed: defines(p, 'isDisplayed'),
              waitForAllGroups: p.waitForAllGroups === true,
              groupByArrivalTime: p.groupByArrivalTime === true,
            }))
            .filter((w) => w.afterAllPlayersArrive || w.isDisplayed || w.waitForAllGroups || w.groupByArrivalTime),
        };
      },
      creatingSession(_app, round) {
        during(app, null, round, () => {
          app.declared.creatingSession(subsessionAt(round));
        });
      },
      afterAllPlayersArrive(page, round, groupId) {
        const hook = pageOf(app, page).afterAllPlayersArrive;
        if (groupId === undefined || groupId === null) {
          during(app, null, round, () => {
            hook(subsessionAt(round));
          });
          return;
        }
        // The group's call: its first player stands for it, as the host's
        // call is the group's (state, rows and links are the group's).
        const first = during(app, null, round, () => groupsOf(round)[groupId - 1]?.[0]);
        if (!first) {
          throw `Error: round ${round} has no group ${groupId}`;
        }
        during(app, first, round, () => {
          hook(groupAt(groupId, round));
        });
      },
    },
  };
}

// ---- oTree's group_by_arrival_time_method -----------------------------------

/// The `arrivalGrouping` export: the module's groupByArrivalTimeMethod
/// (subsession, waitingPlayers), asked by the host for the whole round
/// when a player comes to the groupByArrivalTime page and every few
/// seconds while anyone waits; it returns the players to group (in
/// idInGroup order) or nothing to wait. The host checks the group.
function arrivalGroupingExports(app) {
  const rule = app.declared.groupByArrivalTimeMethod;
  return {
    describe() {
      return typeof rule === 'function' ? [app.name] : [];
    },
    groupByArrivalTime(_app, round, waiting) {
      if (typeof rule !== 'function') {
        throw `Error: ${app.name} has no group_by_arrival_time_method: export function groupByArrivalTimeMethod(subsession, waitingPlayers)`;
      }
      return during(app, null, round, () => {
        const subsession = subsessionAt(round);
        const players = subsession.getPlayers();
        const waitingPlayers = Array.from(waiting, (id) => {
          const found = players.find((p) => p.participantId === id);
          if (!found) {
            throw new RangeError(`round ${round} has no player of participant ${id}, who is waiting`);
          }
          return found;
        });
        return groupOf(rule(subsession, waitingPlayers));
      });
    },
  };
}

/// The participant ids of the group groupByArrivalTimeMethod returned
/// (players, in idInGroup order), or undefined (none: wait for more).
function groupOf(returned) {
  if (returned === null || returned === undefined) {
    return undefined;
  }
  const wrong = (what) =>
    new TypeError(
      `groupByArrivalTimeMethod must return an array of the waiting players to group (or nothing, to wait for more), not ${what}`,
    );
  if (typeof returned.then === 'function') {
    throw new TypeError(`groupByArrivalTimeMethod returned a Promise, ${NO_ASYNC}`);
  }
  if (typeof returned === 'string' || typeof returned[Symbol.iterator] !== 'function') {
    throw wrong(JSON.stringify(returned) ?? typeof returned);
  }
  return Array.from(returned, (p) => {
    if (kind(p) !== 'player') {
      throw wrong(`an array holding ${JSON.stringify(p) ?? typeof p}`);
    }
    return p.participantId;
  });
}

// ---- oTree's admin views: the admin report and custom exports --------------

/// The module's custom exports (oTree: every function whose name starts
/// with custom_export): its exports named customExport*, in name order.
function customExports(experiment) {
  return Object.keys(experiment)
    .filter((name) => name.startsWith('customExport'))
    .sort();
}

/// The name of the admin report's template among the app's templates
/// (`admin_report.html`, or `<app>/admin_report.html`), if it has one.
function reportTemplate(app) {
  return ['admin_report.html', `${app.name}/admin_report.html`].find((n) => n in app.templates);
}

/// A cell of a custom export as oTree writes it: empty for null, 1 and 0
/// for booleans, a currency amount as its number, a string as it is,
/// anything else as its JSON text.
function csvCell(value) {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'boolean') {
    return value ? '1' : '0';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  const shown = templateValue(value);
  if (plainObject(shown) && Object.keys(shown).length === 1 && '__cu__' in shown) {
    return csvCell(shown.__cu__);
  }
  return JSON.stringify(shown);
}

/// The rows a custom export returned (an array or any iterable, like
/// oTree's generator), each row's cells written as oTree writes them.
function exportRows(name, rows) {
  if (rows === null || rows === undefined || typeof rows[Symbol.iterator] !== 'function' || typeof rows === 'string') {
    throw new TypeError(`${name} must return (or yield) rows, each an array of cells, the first the header: [['participant', 'payoff'], [1, 10]]`);
  }
  return Array.from(rows, (row, i) => {
    if (row === null || row === undefined || typeof row[Symbol.iterator] !== 'function' || typeof row === 'string') {
      throw new TypeError(`${name}: row ${i + 1} is ${JSON.stringify(row)}, not an array of cells`);
    }
    return Array.from(row, csvCell);
  });
}

/// The `adminViews` export: what describe reports, and the read-only calls
/// for the whole app.
function adminViewExports(app) {
  return {
    describe() {
      return {
        adminReports: reportTemplate(app) ? [app.name] : [],
        customExports: customExports(app.declared).map((f) => ({ app: app.name, function: f })),
      };
    },
    adminReport(_app, round) {
      if (!reportTemplate(app)) {
        throw `Error: ${app.name} has no admin report: export templates = { 'admin_report.html': reportHtml } (and varsForAdminReport(subsession) for its variables)`;
      }
      return during(app, null, round, () => {
        const vars = sessionVars(app, round);
        const report = app.declared.varsForAdminReport;
        const extra = typeof report === 'function' ? report(subsessionAt(round)) : undefined;
        if (extra !== undefined && extra !== null && !plainObject(extra)) {
          throw new TypeError('varsForAdminReport must return an object, like { total: 10 }');
        }
        for (const [k, v] of Object.entries(extra ?? {})) {
          vars[k] = templateValue(v);
        }
        return JSON.stringify(vars);
      });
    },
    customExport(_app, name) {
      const f = customExports(app.declared).includes(name) ? app.declared[name] : undefined;
      if (typeof f !== 'function') {
        throw `Error: ${app.name} has no custom export ${name}: export function ${name}(players)`;
      }
      return during(app, null, 1, () => {
        const rounds = Number(app.constants.NUM_ROUNDS ?? 1);
        const players = [];
        for (let round = 1; round <= rounds; round++) {
          players.push(...subsessionAt(round).getPlayers());
        }
        return exportRows(name, f(players));
      });
    },
  };
}

/// PLAYERS_PER_GROUP: null is one group of the whole session (0).
function groupSize(c) {
  return c.PLAYERS_PER_GROUP === null ? 0 : Number(c.PLAYERS_PER_GROUP ?? 1);
}

/// Where oTree refuses group_by_arrival_time, the SDK says so at build.
function checkByArrival(experiment, page) {
  const why = (text) => new TypeError(`page ${page.name}: groupByArrivalTime ${text}`);
  if (typeof page.groupByArrivalTime !== 'boolean') {
    throw why('must be true or false');
  }
  if (!page.groupByArrivalTime) {
    return;
  }
  if (!page.wait) {
    throw why('belongs to a wait page ({ wait: true })');
  }
  if (experiment.pageSequence[0] !== page) {
    throw why('needs the page to be first in pageSequence (as on oTree)');
  }
  if (page.waitForAllGroups === true) {
    throw why('and waitForAllGroups cannot go together (as on oTree): leave one out');
  }
  const size = experiment.C.PLAYERS_PER_GROUP;
  const ruled = size === null && experiment.groupByArrivalTimeMethod !== undefined;
  if (!ruled && (!Number.isInteger(size) || size < 1)) {
    throw why(
      'needs C.PLAYERS_PER_GROUP set to a number, the size of the groups it forms (or null with export function groupByArrivalTimeMethod(subsession, waitingPlayers), which forms them)',
    );
  }
}

/// The admin report and custom exports are functions, and the admin
/// report's variables have a template to go to.
function checkAdminViews(experiment) {
  const report = experiment.varsForAdminReport;
  if (report !== undefined) {
    if (typeof report !== 'function' || isAsync(report)) {
      throw new TypeError('varsForAdminReport must be a plain function (subsession) returning the admin report\'s variables');
    }
    const templates = experiment.templates ?? {};
    const app = String(experiment.C.NAME_IN_URL ?? 'experiment');
    if (!(templates !== null && typeof templates === 'object' && reportTemplate({ name: app, templates }))) {
      throw new TypeError(
        "the module exports varsForAdminReport but no admin_report.html: export templates = { 'admin_report.html': reportHtml }",
      );
    }
  }
  for (const name of customExports(experiment)) {
    const f = experiment[name];
    if (typeof f !== 'function' || isAsync(f)) {
      throw new TypeError(`${name} must be a plain function (players) returning or yielding rows, the first the header`);
    }
  }
}

function checkApp(experiment) {
  const c = experiment.C;
  if (!c || typeof c !== 'object') {
    throw new TypeError('the experiment must export const C = { NAME_IN_URL, PLAYERS_PER_GROUP, NUM_ROUNDS }');
  }
  const pages = experiment.pageSequence;
  if (!Array.isArray(pages) || pages.length === 0) {
    throw new TypeError(
      "the experiment must export const pageSequence = [{ name: 'Page', template }, ...], its pages in order",
    );
  }
  const byName = new Map();
  for (const page of pages) {
    if (!page || typeof page.name !== 'string' || page.name === '') {
      throw new TypeError('every page of pageSequence needs a name: { name: "Auction", template }');
    }
    if (byName.has(page.name)) {
      throw new TypeError(`pageSequence names page ${page.name} twice`);
    }
    for (const f of ['liveMethod', 'errorMessage']) {
      if (page[f] !== undefined && typeof page[f] !== 'function') {
        throw new TypeError(`page ${page.name}: ${f} must be a function (player, data)`);
      }
      if (isAsync(page[f])) {
        throw new TypeError(`page ${page.name}: ${f} is async, ${NO_ASYNC}`);
      }
      if (isGenerator(page[f])) {
        throw new TypeError(`page ${page.name}: ${f} is a generator (function*): return the replies instead`);
      }
    }
    if (page.template !== undefined && typeof page.template !== 'string') {
      throw new TypeError(
        `page ${page.name}: template must be the page's HTML (import html from './page.html')`,
      );
    }
    if (page.liveMethod && page.wait) {
      throw new TypeError(`page ${page.name}: a wait page has no liveMethod`);
    }
    if (page.groupByArrivalTime !== undefined) {
      checkByArrival(experiment, page);
    }
    if (page.afterAllPlayersArrive !== undefined || page.waitForAllGroups !== undefined) {
      if (!page.wait) {
        throw new TypeError(`page ${page.name}: afterAllPlayersArrive and waitForAllGroups belong to a wait page ({ wait: true })`);
      }
      if (page.afterAllPlayersArrive !== undefined && typeof page.afterAllPlayersArrive !== 'function') {
        throw new TypeError(`page ${page.name}: afterAllPlayersArrive must be a function (group), or (subsession) with waitForAllGroups`);
      }
      if (page.waitForAllGroups !== undefined && typeof page.waitForAllGroups !== 'boolean') {
        throw new TypeError(`page ${page.name}: waitForAllGroups must be true or false`);
      }
    }
    for (const f of ['isDisplayed', 'varsForTemplate', 'jsVars', 'beforeNextPage']) {
      if (page[f] !== undefined && typeof page[f] !== 'function') {
        throw new TypeError(`page ${page.name}: ${f} must be a function (player)`);
      }
      if (isAsync(page[f])) {
        throw new TypeError(`page ${page.name}: ${f} is async, ${NO_ASYNC}`);
      }
    }
    if (page.timeoutSeconds !== undefined && !['number', 'function'].includes(typeof page.timeoutSeconds)) {
      throw new TypeError(`page ${page.name}: timeoutSeconds must be a number of seconds or a function (player)`);
    }
    if (page.formFields !== undefined && !Array.isArray(page.formFields) && typeof page.formFields !== 'function') {
      throw new TypeError(`page ${page.name}: formFields must be an array of field names or a function (player)`);
    }
    byName.set(page.name, page);
  }
  if (typeof experiment.liveMethod === 'function' && !pages.some((p) => p.liveMethod)) {
    throw new TypeError(
      "the module exports liveMethod, but no page uses it: name it on its page, { name: 'Auction', template, liveMethod }",
    );
  }
  if (experiment.creatingSession !== undefined && typeof experiment.creatingSession !== 'function') {
    throw new TypeError('creatingSession must be a function (subsession)');
  }
  const rule = experiment.groupByArrivalTimeMethod;
  if (rule !== undefined) {
    if (typeof rule !== 'function' || isAsync(rule) || isGenerator(rule)) {
      throw new TypeError(
        'groupByArrivalTimeMethod must be a plain function (subsession, waitingPlayers) returning the players to group, or nothing to wait',
      );
    }
    if (!pages.some((p) => p.groupByArrivalTime === true)) {
      throw new TypeError(
        'the module exports groupByArrivalTimeMethod, but no page groups by arrival time: give its wait page groupByArrivalTime: true',
      );
    }
  }
  checkAdminViews(experiment);
  for (const scope of ['Group', 'Player', 'Participant', 'Session', 'Subsession']) {
    const fields = experiment[scope];
    if (fields !== undefined && (fields === null || typeof fields !== 'object')) {
      throw new TypeError(`${scope} must be an object of its fields and their initial values, like { score: 0 }`);
    }
  }
  const initial = {};
  for (const scope of ['Group', 'Player', 'Participant', 'Session', 'Subsession']) {
    initial[scope] = initialValues(experiment[scope]);
  }
  const templates = experiment.templates ?? {};
  if (templates === null || typeof templates !== 'object' || Object.values(templates).some((t) => typeof t !== 'string')) {
    throw new TypeError("templates must be an object of template names and their text: { 'intro.html': introHtml }");
  }
  const settings = experiment.SETTINGS ?? {};
  if (settings === null || typeof settings !== 'object') {
    throw new TypeError('SETTINGS must be an object of oTree display settings, like { USE_POINTS: false }');
  }
  return {
    name: String(c.NAME_IN_URL ?? 'experiment'),
    constants: c,
    pages,
    byName,
    declared: experiment,
    initial,
    templates,
    settings,
    otree: usesPages(experiment),
  };
}

/**
 * The component's exports (`info`, `liveMethod`, `beforeNext`, and for an
 * oTree app `pages`, `project`, `sessionHooks`, `adminViews` and
 * `arrivalGrouping`) for an experiment
 * module; `livehost build` calls it, with an oTree app's `subsession`
 * import in `imports`.
 */
export function serve(experiment, imports = {}) {
  const app = checkApp(experiment);
  hostSubsession = imports.subsession ?? null;
  return {
    ...pageExports(app),
    info() {
      const c = app.constants;
      return {
        name: app.name,
        // An oTree app's PLAYERS_PER_GROUP = null: one group of the session.
        playersPerGroup: app.otree ? groupSize(c) : Number(c.PLAYERS_PER_GROUP ?? 1),
        rounds: Number(c.NUM_ROUNDS ?? 1),
        pages: app.pages.map((p) => ({
          name: p.name,
          body: p.template ?? '',
          kind: p.wait ? 'wait' : p.liveMethod ? 'live' : 'normal',
          nextButton: p.wait ? false : p.nextButton !== false,
        })),
      };
    },
    liveMethod(page, sender, data) {
      return asCall(app, sender, () => {
        const method = app.byName.get(page)?.liveMethod;
        if (!method) {
          throw new Error(`page ${page} has no liveMethod`);
        }
        return messages(method(player(sender.idInGroup), JSON.parse(data)));
      });
    },
    beforeNext(page, sender, form) {
      const text = asCall(app, sender, () => {
        const check = app.byName.get(page)?.errorMessage;
        return check ? check(player(sender.idInGroup), JSON.parse(form)) : undefined;
      });
      if (text) {
        // The participant stays on the page and is shown `text`.
        throw String(text);
      }
    },
  };
}
