// Which of the split build's pieces travel together.
//
// The split tool cuts the console into a module per page and a module for
// every set of pages that share code: about 240 of them, most under a
// kilobyte. Fetched one file each, opening a project's settings for the
// first time asked for 40 files or more, over the six connections a
// browser opens to one server. Here every page becomes one file, its pack:
// the page's module and each small shared module it needs, one after the
// other. A shared module of at least `PACK_LIMIT` bytes stays a file of its
// own, fetched once by whichever page needs it first, so that the larger
// shared code is never downloaded twice; a small one comes again in the
// pack of every page that needs it, and the loader instantiates it once.

/** Shared modules smaller than this (bytes, after wasm-opt) travel in packs. */
export const PACK_LIMIT = 4096;

/**
 * Plans the files of a split build.
 *
 * `entries` are the loader's modules, `{ key, deps, page }`: a page is one
 * the console loads by name; `deps` are the keys of the modules it needs
 * first. `bytes` maps a key to the module's bytes.
 *
 * Returns `{ files, manifest }`. `files` maps a file's name (`<key>.pack`
 * or `<key>.wasm`, before naming) to its bytes. `manifest` maps a key to
 * `{ file, deps, pieces }`: `deps` are the modules fetched as files of
 * their own, and `pieces`, for a pack, the `[key, offset, length]` of each
 * module in it, the page's own last.
 */
export function planPacks(entries, bytes, limit = PACK_LIMIT) {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const size = (key) => {
    const b = bytes.get(key);
    if (!b) throw new Error(`packs: no bytes for ${key}`);
    return b.length;
  };
  for (const { key, deps } of entries) {
    for (const dep of deps) {
      if (!byKey.has(dep)) throw new Error(`packs: ${key} needs ${dep}, which is not a module`);
    }
  }
  // What a module that is not a page needs is loaded by its name, so it
  // keeps a file of its own.
  const neededAlone = new Set(entries.filter((e) => !e.page).flatMap((e) => e.deps));
  // Small, with nothing of its own to load first, and not a page.
  const travels = (key) => {
    const e = byKey.get(key);
    return !e.page && e.deps.length === 0 && !neededAlone.has(key) && size(key) < limit;
  };
  const files = new Map();
  const manifest = {};
  const packed = new Set();
  for (const { key, deps, page } of entries) {
    if (!page) continue;
    const inPack = [...deps.filter(travels), key];
    const pieces = [];
    let at = 0;
    for (const k of inPack) {
      pieces.push([k, at, size(k)]);
      at += size(k);
      packed.add(k);
    }
    files.set(`${key}.pack`, Buffer.concat(inPack.map((k) => bytes.get(k))));
    manifest[key] = { file: `${key}.pack`, deps: deps.filter((d) => !travels(d)), pieces };
  }
  for (const { key, deps } of entries) {
    if (packed.has(key)) continue;
    files.set(`${key}.wasm`, bytes.get(key));
    manifest[key] = { file: `${key}.wasm`, deps: [...deps], pieces: null };
  }
  return { files, manifest };
}
