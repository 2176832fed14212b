// Joins the page's stylesheets into one file (used by scripts/post-build.mjs).

import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A stylesheet link as trunk writes it: `<link rel="stylesheet" href="/name.css" …/>`. */
const LINK = /\n?[ \t]*<link rel="stylesheet" href="\/([^"/]+\.css)"[^>]*>/g;

/**
 * Trunk writes one file per stylesheet of `index.html`. A browser opens at
 * most six connections to a server over HTTP/1.1, and eleven stylesheets
 * took most of them while the first page loaded, so that the console's
 * script and WebAssembly waited their turn. They become one file in `dir`,
 * their texts in the page's order (so the cascade is the same), named
 * after its content like trunk's own files; the page `page` (its HTML)
 * links it, with its integrity, where the first one was. Returns the new
 * page. Throws if the page links no stylesheet.
 */
export function joinStylesheets(page, dir) {
  const names = [...page.matchAll(LINK)].map((found) => found[1]);
  if (!names.length) throw new Error('index.html links no stylesheet');
  const css = Buffer.from(names.map((name) => readFileSync(path.join(dir, name), 'utf8')).join('\n'));
  const name = `console-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  for (const old of names) rmSync(path.join(dir, old));
  writeFileSync(path.join(dir, name), css);
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  let first = true;
  return page.replace(LINK, (found) => {
    if (!first) return '';
    first = false;
    const indent = found.match(/^\n?([ \t]*)/)[1];
    return `\n${indent}<link rel="stylesheet" href="/${name}" integrity="${integrity}"/>`;
  });
}
