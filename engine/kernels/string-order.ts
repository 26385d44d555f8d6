/**
 * The one order of strings: by their UTF-8 bytes, as Spark (and DuckDB) compare them. Every
 * string comparison in the engine (sort keys, comparisons, min/max, greatest/least, window
 * and top-k order, range bounds) goes through here, so the orders cannot drift apart.
 *
 * For valid Unicode, UTF-8 byte order is code point order. JavaScript's `<` compares UTF-16
 * code units, which agrees except where the first differing units are both ≥ U+D800: an astral
 * character (a surrogate pair, D800..DFFF; UTF-8 F0..F4) must sort above U+E000..U+FFFF
 * (UTF-8 EE..EF), yet its code unit is below them. So `<` is exact whenever one of the two
 * strings has no unit ≥ U+D800 — the common case, and the fast path below. (A lone surrogate,
 * which no UTF-8 input can produce, sorts with the astral characters.)
 */

/** Units ≥ U+D800: only between two strings that both hold one can `<` disagree with byte order. */
const HIGH_UNIT = /[\uD800-\uFFFF]/;

/** Flags per dictionary (see `highUnitFlags`), computed once per dictionary. */
const flagsByDict = new WeakMap<readonly string[], Uint8Array>();

/** Position of code unit u in UTF-8 byte order: surrogates move above U+E000..U+FFFF. */
function unitRank(u: number): number {
  return u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800;
}

/**
 * Order of two strings by their UTF-8 bytes (Spark's string order): negative, 0 or positive.
 * @example compareStrings('\u{1F600}', '\uFF71') > 0 // the emoji's bytes F0.. follow EF..
 */
export function compareStrings(x: string, y: string): number {
  if (x === y) return 0;
  const n = x.length < y.length ? x.length : y.length;
  for (let i = 0; i < n; i++) {
    const a = x.charCodeAt(i);
    const b = y.charCodeAt(i);
    if (a !== b) return unitRank(a) < unitRank(b) ? -1 : 1;
  }
  return x.length < y.length ? -1 : 1;
}

/**
 * `compareStrings(x, y)` where the caller knows that x or y has no unit ≥ U+D800 when `high`
 * is 0 or false (from `hasHighUnits` / `highUnitFlags`): then it is the cheaper native `<`.
 */
export function compareStringsHinted(x: string, y: string, high: number | boolean): number {
  if (high) return compareStrings(x, y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when s holds a code unit ≥ U+D800 (see `compareStringsHinted`). */
export function hasHighUnits(s: string): boolean {
  return HIGH_UNIT.test(s);
}

/**
 * Per dictionary entry, 1 when it holds a code unit ≥ U+D800 (else 0): the hint for
 * `compareStringsHinted`. Cached per dictionary array, so a dictionary shared by many batches
 * is scanned once.
 */
export function highUnitFlags(dict: readonly string[]): Uint8Array {
  let flags = flagsByDict.get(dict);
  if (flags === undefined || flags.length !== dict.length) {
    flags = new Uint8Array(dict.length);
    for (let k = 0; k < dict.length; k++) if (HIGH_UNIT.test(dict[k]!)) flags[k] = 1;
    flagsByDict.set(dict, flags);
  }
  return flags;
}

/** Rank of each dictionary entry in UTF-8 byte order; equal strings get equal ranks. */
export function rankStrings(dict: readonly string[]): Int32Array {
  const high = highUnitFlags(dict);
  const order = Array.from({ length: dict.length }, (_, i) => i);
  order.sort((a, b) => compareStringsHinted(dict[a]!, dict[b]!, high[a]! & high[b]!));
  const rank = new Int32Array(dict.length);
  let r = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && dict[order[k]!] !== dict[order[k - 1]!]) r++;
    rank[order[k]!] = r;
  }
  return rank;
}
