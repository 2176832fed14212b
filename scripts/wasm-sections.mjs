// Reads and rewrites the import and export sections of a WebAssembly
// module, leaving every other section byte for byte as it is. The release
// build uses it on the first module (scripts/build-wasm.mjs): to give its
// JavaScript imports and exports short names, and to drop exports that
// nothing calls.

const IMPORT = 2;
const EXPORT = 7;

class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  byte() {
    if (this.at >= this.bytes.length) throw new Error('wasm: unexpected end of the module');
    return this.bytes[this.at++];
  }

  u32() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    throw new Error('wasm: an unsigned number longer than 5 bytes');
  }

  name() {
    const length = this.u32();
    const start = this.at;
    this.at += length;
    if (this.at > this.bytes.length) throw new Error('wasm: a name runs past the end of its section');
    return Buffer.from(this.bytes.subarray(start, this.at)).toString('utf8');
  }

  limits() {
    const flags = this.byte();
    if (flags > 0x07) throw new Error(`wasm: limits with flags ${flags}`);
    this.u32();
    if (flags & 1) this.u32();
  }
}

function u32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return Buffer.from(out);
}

const name = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
};

/** The module's sections: `{ id, start, end }`, their contents' byte ranges. */
function sections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) {
    throw new Error('wasm: not a WebAssembly module (version 1)');
  }
  const found = [];
  const r = new Reader(bytes, 8);
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    found.push({ id, start: r.at, end: r.at + size });
    r.at += size;
  }
  if (r.at !== bytes.length) throw new Error('wasm: a section runs past the end of the module');
  return found;
}

/** Puts `contents` in place of the section `section` of `bytes`. */
function replaceSection(bytes, section, contents) {
  const header = Buffer.concat([Buffer.from([section.id]), u32(contents.length)]);
  const headerStart = section.start - 1 - u32(section.end - section.start).length;
  return Buffer.concat([bytes.subarray(0, headerStart), header, contents, bytes.subarray(section.end)]);
}

/** Skips an import's description (what it imports and its type). */
function skipImportDescription(r) {
  const kind = r.byte();
  if (kind === 0x00) r.u32(); // function: its type
  else if (kind === 0x01) { r.byte(); r.limits(); } // table: element type and limits
  else if (kind === 0x02) r.limits(); // memory
  else if (kind === 0x03) { r.byte(); r.byte(); } // global: value type and mutability
  else if (kind === 0x04) { r.byte(); r.u32(); } // tag
  else throw new Error(`wasm: an import of kind ${kind}`);
}

/**
 * The entries of the import or export section: for each, where it starts
 * and ends in `bytes`, its names (`from` is an import's module) and where
 * what it names begins (`description`); `section` is null without one.
 */
function entries(bytes, id) {
  const section = sections(bytes).find((s) => s.id === id);
  if (!section) return { section: null, list: [] };
  const r = new Reader(bytes, section.start);
  const list = [];
  for (let count = r.u32(); count > 0; count--) {
    const start = r.at;
    const from = id === IMPORT ? r.name() : undefined;
    const field = r.name();
    const description = r.at;
    if (id === IMPORT) {
      skipImportDescription(r);
    } else {
      r.byte();
      r.u32();
    }
    list.push({ start, from, field, description, end: r.at });
  }
  if (r.at !== section.end) throw new Error(`wasm: section ${id} has bytes after its last entry`);
  return { section, list };
}

/** Writes the section of `id` again, each entry as `write(entry)` gives it (null drops it). */
function rewrite(bytes, id, write) {
  const { section, list } = entries(bytes, id);
  if (!section) return bytes;
  const kept = list.map(write).filter((entry) => entry !== null);
  return replaceSection(bytes, section, Buffer.concat([u32(kept.length), ...kept]));
}

/**
 * Renames the imports of `module` that `rename(field)` gives a new name;
 * returns the new module's bytes.
 */
export function renameImports(bytes, module, rename) {
  return rewrite(bytes, IMPORT, (e) => (e.from === module && rename(e.field) !== undefined
    ? Buffer.concat([name(e.from), name(rename(e.field)), bytes.subarray(e.description, e.end)])
    : bytes.subarray(e.start, e.end)));
}

/** The names of `module`'s imports, in order. */
export function importNames(bytes, module) {
  return entries(bytes, IMPORT).list.filter((e) => e.from === module).map((e) => e.field);
}

/** Drops the exports that `drop(name)` says nothing calls. */
export function removeExports(bytes, drop) {
  return rewrite(bytes, EXPORT, (e) => (drop(e.field) ? null : bytes.subarray(e.start, e.end)));
}

/** Renames the exports that `rename(name)` gives a new name. */
export function renameExports(bytes, rename) {
  return rewrite(bytes, EXPORT, (e) => (rename(e.field) !== undefined
    ? Buffer.concat([name(rename(e.field)), bytes.subarray(e.description, e.end)])
    : bytes.subarray(e.start, e.end)));
}

/** Short names, in order: a … z, A … Z, then two letters, and so on. */
export function* shortNames() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let length = 1; ; length++) {
    const digits = new Array(length).fill(0);
    for (;;) {
      yield digits.map((d) => letters[d]).join('');
      let i = length - 1;
      while (i >= 0 && ++digits[i] === letters.length) digits[i--] = 0;
      if (i < 0) break;
    }
  }
}
