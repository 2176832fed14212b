// Tests of scripts/stylesheets.mjs:
//   node --test scripts/
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { joinStylesheets } from './stylesheets.mjs';

function folder(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylesheets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const link = (name) => `    <link rel="stylesheet" href="/${name}" integrity="sha384-x"/>`;

test('the stylesheets become one file, in the order the page links them', (t) => {
  const dir = folder({ 'b-1.css': '.b { color: red }', 'a-2.css': '.a { color: blue }', 'favicon.svg': '<svg/>' });
  t.after(() => rmSync(dir, { recursive: true }));
  const page = [
    '<head>',
    '    <link rel="icon" href="/favicon.svg"/>',
    link('b-1.css'),
    link('a-2.css'),
    '    <script type="module">start()</script>',
    '</head>',
  ].join('\n');
  const joined = joinStylesheets(page, dir);
  const css = readdirSync(dir).filter((name) => name.endsWith('.css'));
  assert.equal(css.length, 1, `one stylesheet is left: ${css}`);
  const [name] = css;
  assert.match(name, /^console-[0-9a-f]{16}\.css$/);
  const text = readFileSync(path.join(dir, name));
  assert.equal(text.toString(), '.b { color: red }\n.a { color: blue }');
  const integrity = `sha384-${createHash('sha384').update(text).digest('base64')}`;
  assert.equal(joined, [
    '<head>',
    '    <link rel="icon" href="/favicon.svg"/>',
    `    <link rel="stylesheet" href="/${name}" integrity="${integrity}"/>`,
    '    <script type="module">start()</script>',
    '</head>',
  ].join('\n'));
});

test('the name follows the content', (t) => {
  const names = ['.x { top: 0 }', '.x { top: 1px }'].map((text) => {
    const dir = folder({ 'x-1.css': text });
    t.after(() => rmSync(dir, { recursive: true }));
    joinStylesheets(link('x-1.css'), dir);
    return readdirSync(dir)[0];
  });
  assert.notEqual(names[0], names[1]);
});

test('a page without a stylesheet, or naming a missing one, stops the build', (t) => {
  const dir = folder({});
  t.after(() => rmSync(dir, { recursive: true }));
  assert.throws(() => joinStylesheets('<head></head>', dir), /links no stylesheet/);
  assert.throws(() => joinStylesheets(link('gone-1.css'), dir), /ENOENT/);
});
