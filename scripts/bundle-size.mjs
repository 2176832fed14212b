// The size of the console's release build, as a browser downloads it
// (brotli, 1 KB = 1,000 bytes): the first load, which every visit needs
// before the first row (the first WebAssembly module, its JavaScript and the
// chunk loader), and the chunks that pages fetch when first opened, with the
// list of them that the loader fetches first.
//
//   node scripts/bundle-size.mjs [dist]          prints the sizes
//   node scripts/bundle-size.mjs --check [dist]  also fails above the budget
//
// The budget is the one the README states ("Bundle budget"), read from it
// so that the two cannot disagree.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(root, 'dist'));

/** The README's budget for the first load, in KB. */
export function budget() {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const found = readme.match(/\*\*Bundle budget:\*\*[^*]*?\*\*(\d+) KB\*\*/);
  if (!found) throw new Error('the README states no "**Bundle budget:** … **N KB**"');
  return Number(found[1]);
}

/** Brotli bytes of `name` in `dir`: its .br copy, or compressed here. */
function brotli(dir, name) {
  const copy = path.join(dir, `${name}.br`);
  if (existsSync(copy)) return readFileSync(copy).length;
  const data = readFileSync(path.join(dir, name));
  return brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
}

/** The first load and the chunks of the build in `dir`. */
export function measure(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="(?:modulepreload|preload)" href="\/([^"]+\.(?:js|wasm))"/g)]
    .map((m) => m[1]);
  if (!preloaded.some((n) => n.endsWith('.wasm'))) throw new Error(`${dir}/index.html preloads no WebAssembly`);
  const first = preloaded.map((name) => ({ name, bytes: brotli(dir, name) }));
  const chunks = readdirSync(dir)
    .filter((n) => ((n.endsWith('.wasm') || n.endsWith('.pack')) && !preloaded.includes(n)) || /^chunks-[0-9a-f]{16}\.json$/.test(n))
    .map((name) => ({ name, bytes: brotli(dir, name) }));
  const sum = (files) => files.reduce((n, f) => n + f.bytes, 0);
  return { first, chunks, firstBytes: sum(first), chunkBytes: sum(chunks) };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const size = measure(dist);
  const limit = budget();
  const parts = size.first.map((f) => `${f.name.replace(/-[0-9a-f]{16}/, '')} ${kb(f.bytes)}`).join(', ');
  console.log(`first load ${kb(size.firstBytes)} brotli (${parts}); budget ${limit} KB`);
  console.log(`page chunks ${kb(size.chunkBytes)} brotli in ${size.chunks.length} files, fetched as pages open`);
  if (check && size.firstBytes > limit * 1000) {
    console.error(`the first load is ${kb(size.firstBytes - limit * 1000)} over the README's budget of ${limit} KB`);
    process.exit(1);
  }
}
