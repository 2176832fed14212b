// Trunk post-build hook: writes a brotli (.br) and a gzip (.gz) copy of each
// text or wasm asset of a release build, at the highest quality, so that the
// server sends them as they are instead of compressing on every request.
// Debug builds (`trunk serve`) are left alone.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precompress: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.svg', '.json']);
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
