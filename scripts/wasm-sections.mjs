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
 * Renames the imports of `module` that `rename(field)` gives a new name;
 * returns the new module's bytes.
 */
export function renameImports(bytes, module, rename) {
  const section = sections(bytes).find((s) => s.id === IMPORT);
  if (!section) return bytes;
  const r = new Reader(bytes, section.start);
  const count = r.u32();
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    const from = r.name();
    const field = r.name();
    const description = r.at;
    skipImportDescription(r);
    parts.push(name(from), name(from === module ? rename(field) ?? field : field), bytes.subarray(description, r.at));
  }
  if (r.at !== section.end) throw new Error('wasm: the import section has bytes after its last import');
  return replaceSection(bytes, section, Buffer.concat(parts));
}

/** The names of `module`'s imports, in order. */
export function importNames(bytes, module) {
  const section = sections(bytes).find((s) => s.id === IMPORT);
  if (!section) return [];
  const r = new Reader(bytes, section.start);
  const names = [];
  for (let count = r.u32(); count > 0; count--) {
    const from = r.name();
    const field = r.name();
    skipImportDescription(r);
    if (from === module) names.push(field);
  }
  return names;
}

/** Drops the exports that `drop(name)` says nothing calls. */
export function removeExports(bytes, drop) {
  const section = sections(bytes).find((s) => s.id === EXPORT);
  if (!section) return bytes;
  const r = new Reader(bytes, section.start);
  const kept = [];
  for (let count = r.u32(); count > 0; count--) {
    const start = r.at;
    const field = r.name();
    r.byte();
    r.u32();
    if (!drop(field)) kept.push(bytes.subarray(start, r.at));
  }
  if (r.at !== section.end) throw new Error('wasm: the export section has bytes after its last export');
  return replaceSection(bytes, section, Buffer.concat([u32(kept.length), ...kept]));
}

/** Renames the exports that `rename(name)` gives a new name. */
export function renameExports(bytes, rename) {
  const section = sections(bytes).find((s) => s.id === EXPORT);
  if (!section) return bytes;
  const r = new Reader(bytes, section.start);
  const count = r.u32();
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    const field = r.name();
    const description = r.at;
    r.byte();
    r.u32();
    parts.push(name(rename(field) ?? field), bytes.subarray(description, r.at));
  }
  if (r.at !== section.end) throw new Error('wasm: the export section has bytes after its last export');
  return replaceSection(bytes, section, Buffer.concat(parts));
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
