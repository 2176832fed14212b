// Tests of scripts/packs.mjs:
//   node --test scripts/
import assert from 'node:assert/strict';
import test from 'node:test';
import { planPacks } from './packs.mjs';

const bytesOf = (sizes) => new Map(Object.entries(sizes).map(([key, n], i) => [key, Buffer.alloc(n, i + 1)]));

test('a page travels with its small shared modules; a large one stays a file of its own', () => {
  const bytes = bytesOf({ small_a: 10, small_b: 20, large: 50, settings: 30, dashboard: 40 });
  const { files, manifest } = planPacks([
    { key: 'small_a', deps: [], page: false },
    { key: 'small_b', deps: [], page: false },
    { key: 'large', deps: [], page: false },
    { key: 'settings', deps: ['small_a', 'large', 'small_b'], page: true },
    { key: 'dashboard', deps: ['small_a'], page: true },
  ], bytes, 50);
  assert.deepEqual([...files.keys()].sort(), ['dashboard.pack', 'large.wasm', 'settings.pack']);
  assert.deepEqual(manifest.settings, {
    file: 'settings.pack',
    deps: ['large'],
    pieces: [['small_a', 0, 10], ['small_b', 10, 20], ['settings', 30, 30]],
  });
  // A small module shared by two pages comes in both of their packs.
  assert.deepEqual(manifest.dashboard.pieces, [['small_a', 0, 10], ['dashboard', 10, 40]]);
  assert.deepEqual(manifest.large, { file: 'large.wasm', deps: [], pieces: null });
  assert.equal(manifest.small_a, undefined);
  // Each piece is the module's own bytes, where the manifest says.
  const pack = files.get('settings.pack');
  for (const [key, at, length] of manifest.settings.pieces) {
    assert.deepEqual(pack.subarray(at, at + length), bytes.get(key));
  }
});

test('a module with modules of its own to load first, or a page, is never packed into another', () => {
  const bytes = bytesOf({ leaf: 5, needs: 5, page_a: 5, page_b: 5 });
  const { files, manifest } = planPacks([
    { key: 'leaf', deps: [], page: false },
    { key: 'needs', deps: ['leaf'], page: false },
    { key: 'page_a', deps: ['needs', 'page_b'], page: true },
    { key: 'page_b', deps: ['leaf'], page: true },
  ], bytes, 100);
  assert.deepEqual(manifest.page_a.deps, ['needs', 'page_b']);
  assert.deepEqual(manifest.page_a.pieces, [['page_a', 0, 5]]);
  assert.deepEqual(manifest.page_b, { file: 'page_b.pack', deps: ['leaf'], pieces: [['page_b', 0, 5]] });
  assert.deepEqual(manifest.needs, { file: 'needs.wasm', deps: ['leaf'], pieces: null });
  // Small, but loaded by its name for a module that is not a page: a file.
  assert.deepEqual(manifest.leaf, { file: 'leaf.wasm', deps: [], pieces: null });
  assert.ok(files.has('leaf.wasm'));
});

test('a module of exactly the limit stays a file; an unknown dependency stops the build', () => {
  const bytes = bytesOf({ edge: 64, page: 1 });
  const { manifest } = planPacks([
    { key: 'edge', deps: [], page: false },
    { key: 'page', deps: ['edge'], page: true },
  ], bytes, 64);
  assert.deepEqual(manifest.page.deps, ['edge']);
  assert.throws(() => planPacks([{ key: 'page', deps: ['gone'], page: true }], bytes, 64), /needs gone/);
});
