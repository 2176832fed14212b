// Trunk build-stage hook: builds the console's WebAssembly and its
// JavaScript into trunk's staging folder.
//
// Release builds are split by route. The console is compiled with the
// `split` feature and relocations kept, `wasm-split-cli` cuts the module at
// the pages declared in `src/pages/lazy.rs` (the first module, a chunk per
// page, and chunks of code that several pages share, plus the loader
// `__wasm_split.js`), wasm-bindgen makes the first module's JavaScript,
// wasm-opt shrinks every piece, and each page goes into one file with the
// small shared modules it needs (scripts/packs.mjs). Debug builds (`trunk serve`) are one module,
// unoptimised, so that the edit loop stays quick.
//
// Every file is then named after one hash of the whole build (the first
// module and the loader import each other by name, so they cannot each be
// named after their own content), chunk fetches get the chunk's integrity,
// and `console-scripts.html` is left for the post-build hook to put into
// the page: the import map with every script's integrity, the preloads and
// the start-up script.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planPacks } from './packs.mjs';
import { importNames, removeExports, renameExports, renameImports, shortNames } from './wasm-sections.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('build-wasm: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const target = process.env.CARGO_TARGET_DIR
  ? path.resolve(root, process.env.CARGO_TARGET_DIR)
  : path.join(root, 'target');
const work = path.join(target, 'console-web', release ? 'release' : 'debug');
export const FRAGMENT = 'console-scripts.html';

// The tools scripts/bootstrap.sh installs, wherever trunk was started from.
const PATH = [path.join(root, 'tools', 'node_modules', '.bin'), path.join(process.env.HOME ?? '', '.cargo', 'bin'), process.env.PATH].join(path.delimiter);

function run(command, args, env = {}) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH, ...env } });
}

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// leptos brings its server functions' streams (wasm-streams), whose three
// adapters wasm-bindgen exports as JavaScript classes, with their methods as
// exports of the module: so they are kept, though a console without server
// functions never creates one. They are taken out of the first module and
// its JavaScript; anything else naming them stops the build.
function dropStreamAdapters(wasm, js) {
  const classes = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
  let out = js;
  for (const name of classes) {
    const start = out.indexOf(`export class ${name} {`);
    const endMark = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
    const end = out.indexOf(endMark, start);
    const registry = new RegExp(`const ${name}Finalization = \\(typeof FinalizationRegistry === 'undefined'\\)\\n[^\\n]*\\n[^\\n]*\\n`);
    if (start < 0 || end < 0 || !registry.test(out)) {
      throw new Error(`build-wasm: the class ${name} is not where it was; dropStreamAdapters needs a look`);
    }
    out = (out.slice(0, start) + out.slice(end + endMark.length)).replace(registry, '');
  }
  if (/intounderlying/i.test(out)) throw new Error('build-wasm: the stream adapters are still named in the JavaScript');
  return {
    wasm: removeExports(wasm, (name) => /^(__wbg_)?intounderlying(bytesource|sink|source)_/.test(name)),
    js: out,
  };
}

// wasm-bindgen names each JavaScript function the module imports after the
// function and a hash (`__wbg_body_5f971cbc6950ca4f`), once in the module
// and once in its JavaScript: 260 of them, whose hashes do not compress.
// The first module and its JavaScript get short names instead (`a`, `b`,
// …), the same in both; a name that cannot be found exactly once in the
// JavaScript stops the build.
function shortenNames(wasm, js) {
  const module = './console_bg.js';
  const start = js.indexOf('const import0 = {');
  const end = js.indexOf('\n    };', start);
  if (start < 0 || end < 0 || !js.includes(`"${module}": import0,`)) {
    throw new Error("build-wasm: wasm-bindgen's imports object has changed shape; shortenNames needs a look");
  }
  let imports = js.slice(start, end);
  const short = new Map();
  const names = shortNames();
  for (const field of importNames(wasm, module)) {
    if (short.has(field)) continue;
    const next = names.next().value;
    const key = `\n        ${field}: function(`;
    const at = imports.indexOf(key);
    if (at < 0 || imports.indexOf(key, at + 1) >= 0) throw new Error(`build-wasm: the import ${field} is not defined once`);
    imports = imports.replace(key, `\n        ${next}: function(`);
    short.set(field, next);
  }
  const rest = js.slice(0, start) + js.slice(end);
  for (const field of short.keys()) {
    if (new RegExp(`\\b${field}\\b`).test(rest)) throw new Error(`build-wasm: ${field} is named outside the imports object`);
  }
  // The closures' entry points are exported under their mangled names,
  // hash included, and named so in the JavaScript too (a function each and
  // `wasm.<name>`): they become `Z0`, `Z1`, … in both.
  let glue = js.slice(0, start) + imports + js.slice(end);
  const mangled = new Map();
  glue = glue.replace(/\b_ZN\w+/g, (found) => {
    if (!mangled.has(found)) mangled.set(found, `Z${mangled.size}`);
    return mangled.get(found);
  });
  return {
    wasm: renameExports(renameImports(wasm, module, (field) => short.get(field)), (field) => mangled.get(field)),
    js: glue,
  };
}

const wasmTarget = ['--bin', 'console', '--target', 'wasm32-unknown-unknown'];
const bindgen = path.join(work, 'bindgen');
let pieces; // file name -> bytes, before naming

if (release) {
  // The standard library is compiled with the console, for size, rather
  // than taken prebuilt (optimised for speed, with every panic's message
  // and location). A panic stops the module at once, as `panic = "abort"`
  // did after printing its message, and `{:?}` formats nothing: neither
  // shows on any page, and both still work in `trunk serve` and in
  // `cargo test`'s builds. These options are not stable in Rust 1.95 and
  // are allowed for this one command (RUSTC_BOOTSTRAP); they took the
  // first load from 220.6 to 199.7 KB (README, Bundle).
  run('cargo', [
    'rustc', ...wasmTarget, '--profile', 'wasm-release', '--features', 'split',
    '-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size',
    '--config', 'target.wasm32-unknown-unknown.rustflags = ["-Zunstable-options", "-Cpanic=immediate-abort", "-Zfmt-debug=none"]',
    '--', '-Clink-args=--emit-relocs',
  ], { RUSTC_BOOTSTRAP: '1' });
  const split = fresh(path.join(work, 'split'));
  run('wasm-split-cli', [
    path.join(target, 'wasm32-unknown-unknown', 'wasm-release', 'console.wasm'),
    split, '--target', 'web', '--out-name', 'console',
  ]);
  run('wasm-bindgen', [
    '--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
    '--out-dir', fresh(bindgen), '--out-name', 'console', path.join(split, 'console.wasm'),
  ]);
  pieces = new Map();
  const optimised = fresh(path.join(work, 'opt'));
  const lean = dropStreamAdapters(
    readFileSync(path.join(bindgen, 'console_bg.wasm')),
    readFileSync(path.join(bindgen, 'console.js'), 'utf8'),
  );
  const { wasm: first, js } = shortenNames(lean.wasm, lean.js);
  const firstFile = path.join(work, 'console_bg.short.wasm');
  writeFileSync(firstFile, first);
  const wasm = [['console_bg.wasm', firstFile]];
  for (const name of readdirSync(split)) {
    if (name.endsWith('.wasm') && name !== 'console.wasm') wasm.push([name, path.join(split, name)]);
  }
  for (const [name, file] of wasm) {
    const out = path.join(optimised, name);
    // A browser reads neither the producers nor the target features
    // section: about 290 bytes a piece, a tenth of the smaller chunks.
    run('wasm-opt', ['-Oz', '--strip-producers', '--strip-target-features', file, '-o', out]);
    pieces.set(name, readFileSync(out));
  }
  pieces.set('console.js', Buffer.from(js));
  pieces.set('__wasm_split.js', readFileSync(path.join(split, '__wasm_split.js')));
} else {
  run('cargo', ['build', ...wasmTarget]);
  run('wasm-bindgen', [
    '--target', 'web', '--no-typescript', '--out-dir', fresh(bindgen), '--out-name', 'console',
    path.join(target, 'wasm32-unknown-unknown', 'debug', 'console.wasm'),
  ]);
  pieces = new Map([
    ['console_bg.wasm', readFileSync(path.join(bindgen, 'console_bg.wasm'))],
    ['console.js', readFileSync(path.join(bindgen, 'console.js'))],
  ]);
}

// One hash of every piece: a new build renames every file, so a browser
// never mixes pieces of two builds.
const build = createHash('sha256');
for (const name of [...pieces.keys()].sort()) build.update(name).update('\0').update(pieces.get(name));
const hash = build.digest('hex').slice(0, 16);
const named = (name) => name.replace(/^(.*?)(_bg)?\.(js|wasm|json|pack)$/, `$1-${hash}$2.$3`);
// SHA-256: as strong as integrity needs, and its shorter digest matters,
// since the loader holds one for every chunk and is part of the first load.
const integrity = (bytes) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;

// Chunk fetches in the loader carry their chunk's integrity.
const out = new Map();
for (const [name, bytes] of pieces) {
  if (name.endsWith('.wasm')) out.set(named(name), bytes);
}
function replaceAll(text, pattern, replace, what) {
  let count = 0;
  const result = text.replace(pattern, (...match) => {
    count += 1;
    return replace(...match);
  });
  if (count === 0) throw new Error(`build-wasm: no ${what} found to rename`);
  return result;
}
// The split tool's loader names every chunk file, its integrity and the
// chunks each page needs first: 11 KB of brotli in the first load, mostly
// digests, which compress not at all. The loader the page gets keeps the
// tool's start (the shared imports, the callback into the module) and one
// entry per page; the rest goes into a manifest, `chunks.json`, fetched
// with its own integrity when the first chunk is needed (after the first
// rows, for the live-update chunk), so every chunk is still checked against
// a digest that the page vouches for. A page's entry names its pack and
// where each module is in it; the loader instantiates every module once,
// whichever pack brought it first.
function compactLoader(source) {
  const preamble = source.slice(0, source.indexOf('function makeLoad('));
  if (!preamble.includes('function getSharedImports()') || !preamble.includes('function wrapAsyncCb(')) {
    throw new Error('build-wasm: the split tool\'s loader has changed shape; compactLoader needs a look');
  }
  const block = /^(export )?const (\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/([\w.-]+)\.wasm", import\.meta\.url\)\);\n[^]*?\n\}\n, \[([\w, ]*)\]\)\)?;$/gm;
  const keyOf = new Map(); // the tool's variable -> the manifest's key (its file's name)
  const entries = [];
  for (const [, exported, variable, file, deps] of source.matchAll(block)) {
    keyOf.set(variable, file);
    entries.push({ exported: Boolean(exported), variable, file, deps: deps.split(',').map((d) => d.trim()).filter(Boolean) });
  }
  const blocks = source.match(/makeLoad\(\(\) =>/g)?.length ?? 0;
  if (entries.length === 0 || entries.length !== blocks) {
    throw new Error(`build-wasm: read ${entries.length} of the loader's ${blocks} chunks`);
  }
  for (const { variable, deps } of entries) {
    for (const d of deps) {
      if (!keyOf.has(d)) throw new Error(`build-wasm: ${variable} needs ${d}, which the loader does not define`);
    }
  }
  const bytes = new Map();
  for (const { variable, file } of entries) {
    const built = out.get(named(`${file}.wasm`));
    if (!built) throw new Error(`build-wasm: the loader fetches ${file}.wasm (${variable}), which was not built`);
    bytes.set(file, built);
  }
  // Every page becomes one file with the small shared modules it needs
  // (scripts/packs.mjs); the modules' own files go.
  const plan = planPacks(
    entries.map(({ exported, file, deps }) => ({ key: file, deps: deps.map((d) => keyOf.get(d)), page: exported })),
    bytes,
  );
  for (const { file } of entries) out.delete(named(`${file}.wasm`));
  for (const [name, built] of plan.files) out.set(named(name), built);
  const manifest = {};
  for (const [key, { file, deps, pieces }] of Object.entries(plan.manifest)) {
    const name = named(file);
    manifest[key] = pieces ? [name, integrity(out.get(name)), deps, pieces] : [name, integrity(out.get(name)), deps];
  }
  const exports = entries
    .filter(({ exported }) => exported)
    .map(({ variable, file }) => `export const ${variable} = wrapAsyncCb(() => load(${JSON.stringify(file)}));`);
  const list = Buffer.from(JSON.stringify(manifest));
  const head = replaceAll(preamble, /from "\.\/console\.js";/g, () => `from "./${named('console.js')}";`, 'import of console.js');
  const loader = `${head}
let manifest;
function chunks() {
    if (manifest === undefined) {
        const asked = fetch(new URL("./${named('chunks.json')}", import.meta.url), { integrity: "${integrity(list)}" })
            .then((r) => { if (!r.ok) throw new Error(\`chunks.json: \${r.status}\`); return r.json(); });
        asked.catch(() => { if (manifest === asked) manifest = undefined; });
        manifest = asked;
    }
    return manifest;
}
const loads = new Map();
function settled(name, loading) {
    loads.set(name, loading);
    loading.catch(() => { if (loads.get(name) === loading) loads.delete(name); });
    return loading;
}
function load(name) {
    let loading = loads.get(name);
    if (loading === undefined) {
        loading = settled(name, chunks().then(async (all) => {
            const [file, integrity, deps, pieces] = all[name];
            const src = fetch(new URL(\`./\${file}\`, import.meta.url), { integrity });
            src.catch(() => {});
            await Promise.all(deps.map(load));
            if (pieces === undefined) return WebAssembly.instantiateStreaming(src, getSharedImports());
            // A page's pack: the small shared modules it needs, each
            // instantiated once whichever pack brought it, then its own.
            const res = await src;
            if (!res.ok) throw new Error(\`\${file}: \${res.status}\`);
            const bytes = await res.arrayBuffer();
            const instantiate = ([, at, length]) => WebAssembly.instantiate(new Uint8Array(bytes, at, length), getSharedImports());
            const own = pieces[pieces.length - 1];
            await Promise.all(pieces.slice(0, -1).map((piece) => loads.get(piece[0]) ?? settled(piece[0], instantiate(piece))));
            return instantiate(own);
        }));
    }
    return loading;
}
${exports.join('\n')}
`;
  return { loader, manifest: list };
}

if (pieces.has('__wasm_split.js')) {
  const { loader, manifest } = compactLoader(pieces.get('__wasm_split.js').toString('utf8'));
  out.set(named('chunks.json'), manifest);
  out.set(named('__wasm_split.js'), Buffer.from(loader));
  let main = pieces.get('console.js').toString('utf8');
  // Only the imports: the wasm's own import names stay as they are.
  main = replaceAll(main, /from "\.\/__wasm_split\.js"/g, () => `from "./${named('__wasm_split.js')}"`, 'import of the loader');
  out.set(named('console.js'), Buffer.from(main));
} else {
  out.set(named('console.js'), pieces.get('console.js'));
}

for (const [name, bytes] of out) writeFileSync(path.join(staging, name), bytes);

// What the page needs: every script's integrity in the import map (it
// holds for static imports too), preloads, and the start.
const url = (name) => `/${name}`;
const scripts = [...out.keys()].filter((n) => n.endsWith('.js')).sort();
const main = named('console.js');
const mainWasm = named('console_bg.wasm');
const importMap = {
  integrity: Object.fromEntries(scripts.map((n) => [url(n), integrity(out.get(n))])),
};
const html = [
  `<script type="importmap">${JSON.stringify(importMap)}</script>`,
  ...scripts.map(
    (n) => `<link rel="modulepreload" href="${url(n)}" crossorigin="anonymous" integrity="${integrity(out.get(n))}">`,
  ),
  `<link rel="preload" href="${url(mainWasm)}" crossorigin="anonymous" integrity="${integrity(out.get(mainWasm))}" as="fetch" type="application/wasm">`,
  `<script type="module">import init from '${url(main)}';await init({ module_or_path: '${url(mainWasm)}' });</script>`,
].join('\n');
writeFileSync(path.join(staging, FRAGMENT), html);

const sizes = [...out].map(([n, b]) => `${n} ${b.length}`).join(', ');
console.log(`build-wasm: ${out.size} files (${sizes})`);
