// The JavaScript half of `livehost build app.js -o app.wasm` (livehost runs
// it with node): esbuild bundles the experiment with livehost's SDK (pages'
// HTML imported as text), then componentize-js makes the component for the
// world `experiment`, or `app` for an oTree app (oTree templates or page
// methods: the SDK's usesPages, asked of the module run once in node with
// the host's imports stubbed). Arguments, all absolute paths:
//   node build.mjs <node_modules> <work dir> <app.js> <output.wasm>
// The work dir holds livehost.js (the SDK) and wit/. On failure it prints
// one paragraph saying what is wrong and exits with 1 (the experiment's
// code) or 2 (the tools cannot be loaded).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, work, app, output] = process.argv.slice(2);

function fail(text, code = 1) {
  process.stderr.write(`${text.trim()}\n`);
  process.exit(code);
}

async function load(name, file) {
  try {
    return await import(pathToFileURL(join(nodeModules, name, file)).href);
  } catch (e) {
    fail(`cannot load ${name} from ${nodeModules} (${e.message})`, 2);
  }
}

const esbuild = (await load('esbuild', 'lib/main.js')).default;
const { componentize } = await load('@bytecodealliance/componentize-js', 'src/componentize.js');

const bundlePath = join(work, 'bundle.js');
const loader = { '.html': 'text', '.txt': 'text', '.json': 'json' };

/// Whether the experiment is an oTree app: its module run in node, the
/// host's imports stubbed (its declarations only; nothing calls the host).
/// A module that does not run here is built for `experiment`, where
/// componentize-js reports its error as before.
async function isOtreeApp() {
  const probe = join(work, 'probe.mjs');
  writeFileSync(
    join(work, 'probe-main.js'),
    `import * as experiment from ${JSON.stringify(app)};
import { usesPages } from 'livehost';
export default usesPages(experiment);
`,
  );
  try {
    await esbuild.build({
      entryPoints: [join(work, 'probe-main.js')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      outfile: probe,
      logLevel: 'silent',
      loader,
      alias: { livehost: join(work, 'livehost.js') },
      plugins: [
        {
          name: 'livehost-host-stub',
          setup(build) {
            build.onResolve({ filter: /^livehost:experiment\// }, (a) => ({ path: a.path, namespace: 'host-stub' }));
            build.onLoad({ filter: /.*/, namespace: 'host-stub' }, () => ({ contents: 'export {};', loader: 'js' }));
          },
        },
      ],
    });
    return (await import(pathToFileURL(probe).href)).default === true;
  } catch {
    return false;
  }
}

const world = (await isOtreeApp()) ? 'app' : 'experiment';
// Only the world `app` imports `subsession`: the SDK gets it from here.
const subsession =
  world === 'app'
    ? ["import * as subsession from 'livehost:experiment/subsession@0.1.5';", '{ subsession }']
    : ['', '{}'];
writeFileSync(
  join(work, 'main.js'),
  `import * as experiment from ${JSON.stringify(app)};
import { serve } from 'livehost';
${subsession[0]}
const world = serve(experiment, ${subsession[1]});
export const info = world.info;
export const liveMethod = world.liveMethod;
export const beforeNext = world.beforeNext;
${world === 'app' ? 'export const pages = world.pages;\nexport const project = world.project;\nexport const sessionHooks = world.sessionHooks;\nexport const adminViews = world.adminViews;\nexport const arrivalGrouping = world.arrivalGrouping;\n' : ''}`,
);

let bundle;
try {
  bundle = await esbuild.build({
    entryPoints: [join(work, 'main.js')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: bundlePath,
    write: false,
    sourcemap: 'external',
    logLevel: 'silent',
    loader,
    alias: { livehost: join(work, 'livehost.js') },
    external: ['livehost:experiment/*'],
  });
} catch (e) {
  const lines = (e.errors ?? []).map((m) => {
    const at = m.location ? `${relative(dirname(app), m.location.file)}:${m.location.line}:${m.location.column + 1}: ` : '';
    return `${at}${m.text}`;
  });
  fail(lines.length ? lines.join('\n') : String(e.message ?? e));
}

const code = bundle.outputFiles.find((f) => f.path.endsWith('.js')).text;
const map = JSON.parse(bundle.outputFiles.find((f) => f.path.endsWith('.map')).text);

// Each line of the bundle, mapped to [source, line] of the experiment's own
// files, so that a stack names them (the SDK rewrites bundle.js:L:C).
const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decode(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = VLQ.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
// The SDK's own files are named livehost:<file>; the experiment's relative
// to its folder.
const sources = map.sources.map((s) => {
  const file = resolve(dirname(bundlePath), s);
  return file.startsWith(`${work}/`) ? `livehost:${relative(work, file)}` : relative(dirname(app), file);
});
// Per line of the bundle, its segments as flat [bundle column, source,
// line, column] quadruples (0-based columns, 1-based lines).
const lines = [];
let source = 0;
let line = 0;
let column = 0;
for (const generated of map.mappings.split(';')) {
  const segments = [];
  let bundleColumn = 0;
  for (const segment of generated.split(',')) {
    if (!segment) continue;
    const v = decode(segment);
    bundleColumn += v[0];
    if (v.length >= 4) {
      source += v[1];
      line += v[2];
      column += v[3];
      segments.push(bundleColumn, source, line + 1, column);
    }
  }
  lines.push(segments);
}
const table = { sources, lines };

/// Replaces every `bundle.js:L:C` in `text` with the experiment's own
/// `file:line:column`. Runs here, on build errors, and in the component,
/// on stacks (the SDK calls globalThis.__livehostMapPlaces).
function mapPlaces(text, table) {
  return text.replace(/[^\s@()]*bundle\.js:(\d+)(?::(\d+))?/g, (all, l, c) => {
    const segments = table.lines[Number(l) - 1];
    if (!segments || segments.length === 0) {
      return all;
    }
    // The last segment starting at or before the (1-based) column.
    const at = c === undefined ? 0 : Number(c) - 1;
    let i = 0;
    while (i + 4 < segments.length && segments[i + 4] <= at) {
      i += 4;
    }
    const place = `${table.sources[segments[i + 1]]}:${segments[i + 2]}`;
    return c === undefined ? place : `${place}:${segments[i + 3] + 1}`;
  });
}

writeFileSync(
  bundlePath,
  `${code}\nglobalThis.__livehostMapPlaces = (text) => (${mapPlaces.toString()})(text, ${JSON.stringify(table)});\n`,
);

try {
  const { component } = await componentize({
    sourcePath: bundlePath,
    witPath: join(work, 'wit'),
    worldName: world,
    // The world imports no wasi:http: leave fetch out of the engine.
    disableFeatures: ['http', 'fetch-event'],
  });
  writeFileSync(output, component);
} catch (e) {
  fail(initError(String(e.message ?? e)));
}

/// componentize-js's report of a failed build, in the experiment's terms:
/// an exception at the module's top level (checked by the SDK's `serve`)
/// becomes its one line and the place in the experiment's code.
function initError(text) {
  const mapped = mapPlaces(text, table);
  const report = mapped.split('\n');
  const at = report.findIndex((l) => l.includes('Exception while evaluating top-level script'));
  if (at < 0 || at + 1 >= report.length) {
    return mapped;
  }
  const [place, ...message] = report[at + 1].split(' ');
  const own = report.slice(at + 2).find((l) => /^\s+\S*@/.test(l) && !l.includes('@livehost:'));
  const where = !place.startsWith('livehost:') ? place : own ? own.trim().split('@').pop() : '';
  return `${message.join(' ')}${where ? ` (${where})` : ''}`;
}
