// A release as a BitTorrent v1 torrent (BEP 3) whose web seed (BEP 19) is our own download
// URL: viewers share the load of a premiere, and the studio's server is always a seed.
// Pure but for SHA-1 from node:crypto (native, and a feature film is gigabytes).
import { createHash, type Hash } from "node:crypto";

/** What bencoding can hold. Decoded strings come back as Buffers: they are bytes. */
export type BValue = number | string | Buffer | BValue[] | { [key: string]: BValue };

// ── Bencoding ──────────────────────────────────────────────────────────────────────────

/** Bencode a value; dictionary keys are sorted as raw byte strings, as BEP 3 requires. */
export function bencode(value: BValue): Buffer {
  const parts: Buffer[] = [];
  encodeInto(value, parts, 0);
  return Buffer.concat(parts);
}

const MAX_DEPTH = 256;

function encodeInto(value: BValue, parts: Buffer[], depth: number): void {
  if (depth > MAX_DEPTH) throw new RangeError("bencode: nested too deep");
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`bencode: ${value} is not an integer`);
    parts.push(Buffer.from(`i${value}e`));
  } else if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    parts.push(Buffer.from(`${bytes.length}:`), bytes);
  } else if (value instanceof Uint8Array) {
    parts.push(Buffer.from(`${value.length}:`), Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    parts.push(Buffer.from("l"));
    for (const item of value) encodeInto(item, parts, depth + 1);
    parts.push(Buffer.from("e"));
  } else if (typeof value === "object" && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    // Plain objects only: a Date or a Map would otherwise pass as an empty dictionary.
    const entries = Object.keys(value).map((key) => ({ key, bytes: Buffer.from(key, "utf8") }));
    entries.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    parts.push(Buffer.from("d"));
    for (const { key, bytes } of entries) {
      const item = value[key];
      if (item === undefined) throw new TypeError(`bencode: no value for key "${key}"`);
      parts.push(Buffer.from(`${bytes.length}:`), bytes);
      encodeInto(item, parts, depth + 1);
    }
    parts.push(Buffer.from("e"));
  } else {
    throw new TypeError(`bencode: cannot encode ${value === null ? "null" : typeof value}`);
  }
}

/**
 * Decode bencoded bytes, strictly: canonical integers, dictionary keys sorted and unique, no
 * trailing bytes. Strings are Buffers; dictionaries have no prototype, so any key is safe.
 */
export function bdecode(buf: Buffer): BValue {
  const { value, end } = decodeAt(buf, 0, 0, true);
  if (end !== buf.length) throw new SyntaxError(`bdecode: trailing data at ${end}`);
  return value;
}

const DIGIT = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

// `strict` checks the key order; infoHash reads others' torrents as they are.
function decodeAt(buf: Buffer, at: number, depth: number, strict: boolean): { value: BValue; end: number } {
  if (depth > MAX_DEPTH) throw new SyntaxError("bdecode: nested too deep");
  const c = buf[at];
  if (c === 0x69 /* i */) {
    const close = buf.indexOf(0x65 /* e */, at + 1);
    if (close < 0) throw new SyntaxError(`bdecode: unterminated integer at ${at}`);
    const text = buf.toString("latin1", at + 1, close);
    if (!/^(?:0|-?[1-9]\d*)$/.test(text)) throw new SyntaxError(`bdecode: bad integer "${text}" at ${at}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new SyntaxError(`bdecode: integer out of range at ${at}`);
    return { value: n, end: close + 1 };
  }
  if (DIGIT(c)) return decodeString(buf, at);
  if (c === 0x6c /* l */) {
    const list: BValue[] = [];
    let pos = at + 1;
    while (buf[pos] !== 0x65) {
      if (pos >= buf.length) throw new SyntaxError("bdecode: unterminated list");
      const item = decodeAt(buf, pos, depth + 1, strict);
      list.push(item.value);
      pos = item.end;
    }
    return { value: list, end: pos + 1 };
  }
  if (c === 0x64 /* d */) {
    const dict: { [key: string]: BValue } = Object.create(null) as { [key: string]: BValue };
    let pos = at + 1;
    let previous: Buffer | null = null;
    while (buf[pos] !== 0x65) {
      if (pos >= buf.length) throw new SyntaxError("bdecode: unterminated dictionary");
      if (!DIGIT(buf[pos])) throw new SyntaxError(`bdecode: dictionary key is not a string at ${pos}`);
      const key = decodeString(buf, pos);
      const keyBytes = key.value;
      if (strict && previous && Buffer.compare(previous, keyBytes) >= 0) throw new SyntaxError(`bdecode: keys unsorted or repeated at ${pos}`);
      previous = keyBytes;
      const item = decodeAt(buf, key.end, depth + 1, strict);
      dict[keyBytes.toString("utf8")] = item.value;
      pos = item.end;
    }
    return { value: dict, end: pos + 1 };
  }
  throw new SyntaxError(`bdecode: unexpected ${c === undefined ? "end" : `byte 0x${c.toString(16)}`} at ${at}`);
}

function decodeString(buf: Buffer, at: number): { value: Buffer; end: number } {
  const colon = buf.indexOf(0x3a /* : */, at);
  if (colon < 0) throw new SyntaxError(`bdecode: unterminated string length at ${at}`);
  const text = buf.toString("latin1", at, colon);
  if (!/^(?:0|[1-9]\d*)$/.test(text)) throw new SyntaxError(`bdecode: bad string length "${text}" at ${at}`);
  const length = Number(text);
  const end = colon + 1 + length;
  if (!Number.isSafeInteger(length) || end > buf.length) throw new SyntaxError(`bdecode: string overruns the data at ${at}`);
  return { value: buf.subarray(colon + 1, end), end };
}

// ── Pieces ─────────────────────────────────────────────────────────────────────────────

const KIB = 1024;
const MIN_PIECE = 256 * KIB;
const MAX_PIECE = 16 * KIB * KIB;
const TARGET_PIECES = 1500;

/**
 * The piece length for a release of `totalBytes`: the smallest power of two from 256 KiB
 * to 16 MiB that keeps the torrent to about 1500 pieces (a small .torrent, yet pieces
 * small enough to share early). Past 16 MiB × 1500 (~23 GiB) pieces just get more numerous.
 */
export function pieceLengthFor(totalBytes: number): number {
  let length = MIN_PIECE;
  while (length < MAX_PIECE && totalBytes > length * TARGET_PIECES) length *= 2;
  return length;
}

/**
 * SHA-1 of each piece of a stream of bytes, fed in chunks of any size: the release's files
 * one after the other, in torrent order, as BitTorrent v1 hashes them (pieces span files).
 */
export class PieceHasher {
  readonly pieceLength: number;
  private hash: Hash = createHash("sha1");
  private filled = 0;
  private digests: Buffer[] = [];
  private result: Buffer | null = null;
  private total = 0;

  constructor(pieceLength: number) {
    if (!Number.isSafeInteger(pieceLength) || pieceLength <= 0) throw new RangeError(`piece length must be a positive integer, not ${pieceLength}`);
    this.pieceLength = pieceLength;
  }

  update(chunk: Uint8Array): this {
    if (this.result) throw new Error("PieceHasher: update after digest");
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.pieceLength - this.filled, chunk.length - at);
      this.hash.update(chunk.subarray(at, at + take));
      this.filled += take;
      at += take;
      if (this.filled === this.pieceLength) this.closePiece();
    }
    this.total += chunk.length;
    return this;
  }

  /** Bytes hashed so far: the torrent's total length once everything is in. */
  get length(): number {
    return this.total;
  }

  /** The concatenated 20-byte SHA-1s, the last piece short if the bytes end mid-piece. */
  digest(): Buffer {
    if (!this.result) {
      if (this.filled > 0) this.closePiece();
      this.result = Buffer.concat(this.digests);
    }
    return this.result;
  }

  private closePiece() {
    this.digests.push(this.hash.digest());
    this.hash = createHash("sha1");
    this.filled = 0;
  }
}

// ── The .torrent ───────────────────────────────────────────────────────────────────────

export type TorrentFile = { path: string[]; length: number };

export type TorrentOptions = {
  /** The directory a multi-file torrent unpacks into; unused for a single file (its name is the file's). */
  name: string;
  pieceLength: number;
  /** PieceHasher.digest() over the files' bytes in this order. */
  pieces: Buffer;
  files: TorrentFile[];
  /**
   * The web seed (BEP 19). Clients append to a URL that ends in "/": for one file, its name;
   * for several, `<name>/<path[0]>/<path[1]>…`, each part percent-encoded. So:
   * - single file: the file's own download URL, or its folder's URL ending in "/";
   * - several files: a URL ending in "/" under which `<name>/<path…>` serves each file,
   *   e.g. `${PUBLIC_URL}/p/<slug>/releases/` with name `<release>` and paths
   *   `["files", "<file>"]`, matching `/p/<slug>/releases/<release>/files/<file>`.
   */
  webSeed: string;
  comment?: string;
  createdAt?: Date;
};

// What a name in a torrent may not be: a way out of the download folder, or empty.
function checkName(part: string, what: string) {
  if (part === "" || part === "." || part === ".." || /[/\\\0]/.test(part)) throw new RangeError(`torrent: bad ${what} "${part}"`);
}

/**
 * A .torrent for a release: single-file when there is one file at the top, multi-file
 * otherwise. No tracker: the web seed starts every download, peers find each other by DHT.
 */
export function buildTorrent(o: TorrentOptions): Buffer {
  if (o.files.length === 0) throw new RangeError("torrent: no files");
  if (!Number.isSafeInteger(o.pieceLength) || o.pieceLength < 16 * KIB || (o.pieceLength & (o.pieceLength - 1)) !== 0) {
    throw new RangeError(`torrent: piece length ${o.pieceLength} is not a power of two of 16 KiB or more`);
  }
  let total = 0;
  for (const file of o.files) {
    if (!Number.isSafeInteger(file.length) || file.length < 0) throw new RangeError(`torrent: bad length ${file.length}`);
    if (file.path.length === 0) throw new RangeError("torrent: empty file path");
    for (const part of file.path) checkName(part, "path part");
    total += file.length;
  }
  if (total === 0) throw new RangeError("torrent: nothing to share (0 bytes)");
  const expectedPieces = Math.ceil(total / o.pieceLength);
  if (o.pieces.length !== expectedPieces * 20) {
    throw new RangeError(`torrent: ${o.pieces.length / 20} piece hashes for ${expectedPieces} pieces`);
  }
  let url: URL;
  try {
    url = new URL(o.webSeed);
  } catch {
    throw new RangeError(`torrent: web seed "${o.webSeed}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new RangeError(`torrent: web seed must be http(s), not ${url.protocol}`);

  const single = o.files.length === 1 && o.files[0]!.path.length === 1;
  let info: { [key: string]: BValue };
  if (single) {
    const file = o.files[0]!;
    info = { name: file.path[0]!, length: file.length, "piece length": o.pieceLength, pieces: o.pieces };
  } else {
    checkName(o.name, "name");
    if (!o.webSeed.endsWith("/")) throw new RangeError("torrent: a multi-file web seed must end in /");
    info = { name: o.name, files: o.files.map((f) => ({ length: f.length, path: f.path })), "piece length": o.pieceLength, pieces: o.pieces };
  }
  const torrent: { [key: string]: BValue } = { info, "url-list": [o.webSeed], "created by": "Claquette", encoding: "UTF-8" };
  if (o.comment !== undefined) torrent.comment = o.comment;
  if (o.createdAt !== undefined) torrent["creation date"] = Math.floor(o.createdAt.getTime() / 1000);
  return bencode(torrent);
}

/**
 * The info hash (hex SHA-1 of the info dictionary exactly as the file has it, not as we
 * would re-encode it) that names the torrent in magnet links and on the DHT.
 */
export function infoHash(torrent: Buffer): string {
  if (torrent[0] !== 0x64 /* d */) throw new SyntaxError("infoHash: not a bencoded dictionary");
  let pos = 1;
  while (torrent[pos] !== 0x65 /* e */) {
    if (pos >= torrent.length) throw new SyntaxError("infoHash: unterminated dictionary");
    const key = decodeString(torrent, pos);
    const value = decodeAt(torrent, key.end, 1, false);
    if (key.value.toString("latin1") === "info") return createHash("sha1").update(torrent.subarray(key.end, value.end)).digest("hex");
    pos = value.end;
  }
  throw new SyntaxError("infoHash: no info dictionary");
}
