// Tests of scripts/wasm-sections.mjs on a small module built here:
//   node --test scripts/
import assert from 'node:assert/strict';
import test from 'node:test';
import { importNames, removeExports, renameExports, renameImports, shortNames } from './wasm-sections.mjs';

const text = (s) => [s.length, ...Buffer.from(s)];
const section = (id, bytes) => [id, bytes.length, ...bytes];

/**
 * A module importing `m.add_5f971cbc6950ca4f` and `m.one` (functions) and
 * `env.mem` (a memory), exporting `run` (add() + one()) and `seven`.
 */
function module() {
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(2, [
      3,
      ...text('m'), ...text('add_5f971cbc6950ca4f'), 0x00, 0,
      ...text('m'), ...text('one'), 0x00, 0,
      ...text('env'), ...text('mem'), 0x02, 0x01, 1, 2,
    ]),
    ...section(3, [2, 0, 0]),
    ...section(7, [2, ...text('run'), 0x00, 2, ...text('seven'), 0x00, 3]),
    ...section(10, [2, 7, 0, 0x10, 0, 0x10, 1, 0x6a, 0x0b, 4, 0, 0x41, 7, 0x0b]),
  ]);
}

const imports = (add, one) => ({ m: { [add]: () => 40, [one]: () => 2 }, env: { mem: new WebAssembly.Memory({ initial: 1, maximum: 2 }) } });

test('the module built here runs as it is', async () => {
  const { instance } = await WebAssembly.instantiate(module(), imports('add_5f971cbc6950ca4f', 'one'));
  assert.equal(instance.exports.run(), 42);
  assert.deepEqual(importNames(module(), 'm'), ['add_5f971cbc6950ca4f', 'one']);
});

test('renamed imports are asked for by their new names; other modules keep theirs', async () => {
  const renamed = renameImports(module(), 'm', (name) => (name === 'add_5f971cbc6950ca4f' ? 'a' : undefined));
  assert.deepEqual(importNames(renamed, 'm'), ['a', 'one']);
  assert.deepEqual(importNames(renamed, 'env'), ['mem']);
  assert.ok(renamed.length < module().length);
  const { instance } = await WebAssembly.instantiate(renamed, imports('a', 'one'));
  assert.equal(instance.exports.run(), 42);
  await assert.rejects(WebAssembly.instantiate(renamed, imports('add_5f971cbc6950ca4f', 'one')));
});

test('exports are renamed or dropped, and the rest still run', async () => {
  const renamed = renameExports(module(), (name) => (name === 'run' ? 'Z0' : undefined));
  const first = await WebAssembly.instantiate(renamed, imports('add_5f971cbc6950ca4f', 'one'));
  assert.deepEqual(Object.keys(first.instance.exports).sort(), ['Z0', 'seven']);
  assert.equal(first.instance.exports.Z0(), 42);

  const dropped = removeExports(module(), (name) => name === 'seven');
  const second = await WebAssembly.instantiate(dropped, imports('add_5f971cbc6950ca4f', 'one'));
  assert.deepEqual(Object.keys(second.instance.exports), ['run']);
});

test('what is not a WebAssembly module, or is cut short, is refused', () => {
  assert.throws(() => renameImports(Buffer.from('not wasm at all'), 'm', () => 'a'), /not a WebAssembly module/);
  const cut = module().subarray(0, 30);
  assert.throws(() => renameImports(cut, 'm', () => 'a'), /past the end/);
});

test('short names are distinct and shortest first', () => {
  const names = shortNames();
  const first = Array.from({ length: 60 }, () => names.next().value);
  assert.deepEqual(first.slice(0, 3), ['a', 'b', 'c']);
  assert.equal(first[51], 'Z');
  assert.deepEqual(first.slice(52, 54), ['aa', 'ab']);
  const many = new Set(first);
  for (let i = 0; i < 3000; i++) many.add(names.next().value);
  assert.equal(many.size, 3060);
});
