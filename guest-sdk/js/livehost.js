// livehost's JavaScript SDK: write an experiment the oTree way, build it
// into a WebAssembly component with `livehost build app.js -o app.wasm`
// (esbuild bundles it with this module, componentize-js makes the
// component; see examples/auction/auction.js).
//
// An experiment module exports:
//   C             { NAME_IN_URL, PLAYERS_PER_GROUP, NUM_ROUNDS, ... }
//   pageSequence  [{ name, template, liveMethod?, errorMessage?, nextButton?, wait? }, ...]
//   Group, Player, Participant, Session (optional)
//                 their fields and initial values, e.g. { highestBid: 0 }
//   liveMethod    (optional) the live method, also named by its page
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

import * as state from 'livehost:experiment/state@0.1.2';
import * as log from 'livehost:experiment/log@0.1.2';
import * as hostGroup from 'livehost:experiment/group@0.1.2';

/// The call in progress: the sender (a WIT `player`) and the experiment.
const context = { caller: null, app: null };

function caller() {
  if (context.caller === null) {
    throw new Error('state is only available during liveMethod and errorMessage');
  }
  return context.caller;
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
  caller();
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
function stored(owner, own, initial) {
  return new Proxy(own, {
    get(target, name) {
      if (typeof name === 'symbol' || name in target) {
        return target[name];
      }
      const text = host(state.get, owner, name);
      if (text === undefined || text === null) {
        return initial ? copyOf(initial[name]) : undefined;
      }
      return JSON.parse(text);
    },
    set(target, name, value) {
      if (typeof name === 'symbol' || name in target) {
        throw new TypeError(`${String(name)} is not a field: it cannot be assigned`);
      }
      if (value === undefined) {
        host(state.delete, owner, name);
      } else {
        const text = JSON.stringify(value);
        if (text === undefined) {
          throw new TypeError(`field ${name}: a ${typeof value} cannot be stored, only JSON values`);
        }
        host(state.set, owner, name, text);
      }
      return true;
    },
    deleteProperty(target, name) {
      if (typeof name !== 'symbol' && !(name in target)) {
        host(state.delete, owner, name);
      }
      return true;
    },
  });
}

function session() {
  const s = context.app.declared.Session;
  return stored(
    SESSION,
    {
      /** The session's configuration, as the admin created it. */
      get config() {
        const text = host(state.get, SESSION, 'config');
        return text ? JSON.parse(text) : {};
      },
    },
    s,
  );
}

function participant(idInGroup) {
  return stored({ tag: 'participant', val: idInGroup }, { idInGroup }, context.app.declared.Participant);
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
    },
    context.app.declared.Group,
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
    },
    context.app.declared.Player,
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

  row(id, values) {
    const row = { id };
    for (const [name, value] of Object.entries(this.withDefaults(values))) {
      const field = this.fields[name];
      if (isLink(field) && value !== null && value !== undefined) {
        row[name] = field[LINK] === 'player' ? player(value) : group();
      } else {
        row[name] = value;
      }
    }
    return Object.freeze(row);
  }

  /** Appends a row; returns it. */
  create(values = {}) {
    const stored = {};
    for (const [name, value] of Object.entries(values)) {
      stored[name] = storedValue(value);
    }
    const id = host(log.append, this.table, JSON.stringify(stored));
    return this.row(Number(id), stored);
  }

  /** The rows whose fields equal every condition, oldest first. */
  filter(conditions = {}) {
    // Rows are always the caller's group's: a condition on the group holds.
    const wanted = Object.entries(conditions)
      .filter(([, v]) => !isGroup(v))
      .map(([k, v]) => [k, storedValue(v)]);
    const rows = host(log.query, this.table, { idInGroup: undefined, round: undefined });
    const found = [];
    for (const r of rows) {
      const values = JSON.parse(r.fields);
      const all = this.withDefaults(values);
      if (wanted.every(([k, v]) => all[k] === v)) {
        found.push(this.row(Number(r.id), values));
      }
    }
    return found;
  }
}

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
function asCall(app, sender, f) {
  context.app = app;
  context.caller = sender;
  try {
    return f();
  } catch (e) {
    throw refusal(e);
  } finally {
    context.caller = null;
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
    byName.set(page.name, page);
  }
  if (typeof experiment.liveMethod === 'function' && !pages.some((p) => p.liveMethod)) {
    throw new TypeError(
      "the module exports liveMethod, but no page uses it: name it on its page, { name: 'Auction', template, liveMethod }",
    );
  }
  for (const scope of ['Group', 'Player', 'Participant', 'Session']) {
    const fields = experiment[scope];
    if (fields !== undefined && (fields === null || typeof fields !== 'object')) {
      throw new TypeError(`${scope} must be an object of its fields and their initial values, like { score: 0 }`);
    }
  }
  return { constants: c, pages, byName, declared: experiment };
}

/**
 * The component's exports (`info`, `liveMethod`, `beforeNext`) for an
 * experiment module; `livehost build` calls it.
 */
export function serve(experiment) {
  const app = checkApp(experiment);
  return {
    info() {
      const c = app.constants;
      return {
        name: String(c.NAME_IN_URL ?? 'experiment'),
        playersPerGroup: Number(c.PLAYERS_PER_GROUP ?? 1),
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
