// Trunk post-build hook. Puts the console's scripts, left by the build-stage
// hook (scripts/build-wasm.mjs) in `console-scripts.html`, at the end of
// the page's head, and joins the stylesheets into one file. Then, for
// release builds, writes a brotli (.br) and a gzip (.gz) copy of each text or
// wasm asset at the highest quality, so that the server sends them as they
// are instead of compressing on every request.

import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { joinStylesheets } from './stylesheets.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}

const fragment = path.join(dir, 'console-scripts.html');
if (!existsSync(fragment)) {
  console.error('post-build: the build-stage hook left no console-scripts.html');
  process.exit(1);
}
const page = path.join(dir, 'index.html');
const html = readFileSync(page, 'utf8');
if (!html.includes('</head>')) {
  console.error('post-build: index.html has no </head>');
  process.exit(1);
}
// Trunk leaves the placeholder link of index.html in place: it goes.
const placeholder = /\s*<link[^>]*rel="rust"[^>]*>/;
const withScripts = html.replace(placeholder, '').replace('</head>', `${readFileSync(fragment, 'utf8')}\n</head>`);
try {
  writeFileSync(page, joinStylesheets(withScripts, dir));
} catch (error) {
  console.error(`post-build: ${error.message}`);
  process.exit(1);
}
rmSync(fragment);

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.pack', '.svg', '.json']);
const MIN_BYTES = 1024;

for (const name of readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!statSync(file).isFile() || !COMPRESSIBLE.has(path.extname(name))) continue;
  const data = readFileSync(file);
  if (data.length < MIN_BYTES) continue;
  writeFileSync(`${file}.br`, brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
}
