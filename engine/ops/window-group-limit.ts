/**
 * windowGroupLimit (Spark's WindowGroupLimit): below a window whose ranking function is
 * filtered to ≤ k, keeps per window partition (distinct partitionBy values) only the rows that
 * can pass — rowNumber: the first k rows by the order keys; rank: every row whose rank is ≤ k
 * (the rows ≤ the k-th smallest order value counted with repeats); denseRank: the rows of the
 * first k distinct order values.
 *
 * No sort: partition keys hash to dense group ids (the aggregation's GroupTable), and every
 * group keeps its k best order values in a slot array, insertion-sorted, in typed arrays laid
 * out group after group (group g owns slots g·k … g·k+k−1). Once a group is full a row costs one
 * comparison with the group's worst slot. rowNumber slots also hold the row they came from;
 * rank and denseRank keep rows against the group's k-th value at the end (the k-th value only
 * falls as rows come, so a row that fails then could never pass).
 *
 * Input batches are retained by reference (a cached partition's batches cost nothing more) and
 * compacted to the rows still kept once the new rows pass several times the kept bound, so
 * memory stays within a small multiple of groups × k rows (more with ties under rank and
 * denseRank, which must keep them all).
 * Order comparisons follow SortKey semantics (sort-keys.ts): nulls first or last whatever the
 * direction, numbers by value with NaN above every number, strings by UTF-8 bytes.
 */
import type { Batch, Vec } from '../batch.js';
import type { PhysicalNode, RankingFn } from '../plan.js';
import { evaluate } from '../expr/index.js';
import { compareStringsHinted, concatBatches, highUnitFlags, takeBatch } from '../kernels/index.js';
import { int64ToDoubles } from '../kernels/int64.js';
import { GroupTable } from '../aggregate/index.js';
import { ensure } from '../aggregate/growable.js';
import { batchOf, checkCancelled, chunks, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type WindowGroupLimitNode = Extract<PhysicalNode, { op: 'windowGroupLimit' }>;

/** Fewest retained input rows before a compaction is considered. */
const MIN_COMPACT_ROWS = 1 << 18;
/** Most new rows retained between compactions. */
const MAX_RETAINED_ROWS = 1 << 29;

/** Runs a windowGroupLimit node: the kept rows of its whole input, in no particular order. */
export async function* windowGroupLimitOp(node: WindowGroupLimitNode, input: BatchStream, ctx: ExecContext): BatchStream {
  const topK = new GroupTopK(node);
  for await (const b of input) {
    checkCancelled(ctx);
    if (b.length > 0) topK.add(withSchema(b, node.input.schema));
  }
  const kept = topK.finish();
  if (kept.length === 0) return;
  yield* chunks(batchOf(node.schema, kept.columns, kept.length), ctx.conf.batchSize);
}

/** Row values of one order key of the current batch. */
interface RowKey {
  /** Numbers (unused for strings). */
  num: Float64Array | Int32Array | Uint8Array;
  valid: Uint8Array | null;
  dict: readonly string[] | null;
  codes: Int32Array | null;
  /** Per dictionary entry, 1 when it has a unit ≥ U+D800 (the hint of compareStringsHinted). */
  high: Uint8Array | null;
}

/** Per-group top-k state over a stream of batches (see the file comment). */
export class GroupTopK {
  private readonly k: number;
  private readonly fn: RankingFn;
  private readonly nKeys: number;
  private readonly asc: boolean[];
  private readonly nullsFirst: boolean[];
  private readonly isStr: boolean[];
  private readonly table: GroupTable | null;
  private groupCount: number;
  /** Filled slots per group. */
  private count = new Int32Array(16);
  /** Per order key, per slot: the number (numeric keys), 1/0 value present, the string (utf8 keys). */
  private readonly slotNum: Float64Array[];
  private readonly slotHas: Uint8Array[];
  private readonly slotStr: string[][];
  /** rowNumber: per slot, the retained row it holds (global row number over `batches`). */
  private slotRef = new Int32Array(16);
  /**
   * One numeric order key: per group, a bound on its rows' keys in one compare — a non-null,
   * non-NaN value v with dir·v ≥ bound cannot enter the group (it is full and v is not before
   * its worst slot). NaN (no bound) while the group is not full or its worst slot is a null
   * or NaN that ordinary values precede. Rows then cost one random read unless they enter.
   */
  private bound = new Float64Array(16);
  private boundGroups = 0;
  /** Retained input: batches, their group ids (rank, denseRank), and the global number of their first row. */
  private batches: Batch[] = [];
  private batchGroups: Int32Array[] = [];
  private starts: number[] = [];
  private retained = 0;
  private lastKept = 0;
  /** The current batch's order key values (set by bindRows). */
  private rows: RowKey[] = [];
  /** rowNumber: the group ids of the current batch (not retained, so reused). */
  private scratch = new Int32Array(0);

  /** `minCompactRows`: fewest retained rows before a compaction (tests set it low). */
  constructor(private readonly node: WindowGroupLimitNode, private readonly minCompactRows = MIN_COMPACT_ROWS) {
    this.k = node.limit;
    this.fn = node.fn;
    this.nKeys = node.orderBy.length;
    this.asc = node.orderBy.map((o) => o.asc);
    this.nullsFirst = node.orderBy.map((o) => o.nullsFirst);
    this.isStr = node.orderBy.map((o) => o.expr.type === 'utf8');
    this.table = node.partitionBy.length > 0 ? new GroupTable(node.partitionBy.map((e) => e.type)) : null;
    this.groupCount = this.table === null ? 1 : 0;
    this.slotNum = node.orderBy.map(() => new Float64Array(16));
    this.slotHas = node.orderBy.map(() => new Uint8Array(16));
    this.slotStr = node.orderBy.map(() => []);
  }

  /** Takes in one batch (of the node's input schema). */
  add(b: Batch): void {
    const n = b.length;
    const groups = this.assignGroups(b);
    this.grow();
    this.bindRows(b);
    const first = this.retained;
    if (this.nKeys === 1 && !this.isStr[0]) this.addOneNumericKey(groups, n, first);
    else this.addAnyKeys(groups, n, first);
    this.batches.push(b);
    this.starts.push(first);
    if (this.fn !== 'rowNumber') this.batchGroups.push(groups);
    this.retained += n;
    // Compacting costs about the rows retained: do it after several times the kept bound of
    // new rows, so each input row pays for it a fraction of a time (and before global row
    // numbers outgrow the Int32Array of slot rows).
    const after = Math.min(MAX_RETAINED_ROWS, Math.max(this.minCompactRows, 8 * this.groupCount * this.k, this.lastKept));
    if (this.retained - this.lastKept > after) this.compact();
  }

  /**
   * Puts rows 0..n−1 of the current batch (group ids `groups`, global row numbers from
   * `first`) into their groups' slots: a row goes after every slot it does not precede
   * (rowNumber and rank keep earlier rows first among ties; denseRank keeps one slot per
   * distinct value), and a full group's worst slot falls off.
   */
  private addAnyKeys(groups: Int32Array, n: number, first: number): void {
    const k = this.k;
    const count = this.count;
    const dense = this.fn === 'denseRank';
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      const base = g * k;
      const cnt = count[g]!;
      // The slot the row goes to: after every slot it does not precede (rowNumber and rank
      // keep earlier rows first among ties; denseRank keeps one slot per distinct value).
      let p = cnt;
      let skip = false;
      while (p > 0) {
        const c = this.compareRowSlot(i, base + p - 1);
        if (c < 0) p--;
        else {
          skip = c === 0 && dense;
          break;
        }
      }
      if (skip || p >= k) continue;
      for (let j = cnt < k ? cnt : k - 1; j > p; j--) this.moveSlot(base + j - 1, base + j);
      this.setSlot(base + p, i, first + i);
      if (cnt < k) count[g] = cnt + 1;
    }
  }

  /**
   * addAnyKeys for one numeric order key (the common `orderBy(col.desc())`), with the
   * comparison inlined over local typed arrays: a full group rejects a row in one compare.
   */
  private addOneNumericKey(groups: Int32Array, n: number, first: number): void {
    const k = this.k;
    const count = this.count;
    const dense = this.fn === 'denseRank';
    const refs = this.fn === 'rowNumber';
    const row = this.rows[0]!;
    const x = row.num;
    const valid = row.valid;
    const sv = this.slotNum[0]!;
    const sh = this.slotHas[0]!;
    const sr = this.slotRef;
    const bound = this.bound;
    const dir = this.asc[0] ? 1 : -1;
    const nullsFirst = this.nullsFirst[0]!;
    // The order of a null row against a value slot (the reverse for a value row and a null slot).
    const nullVsValue = nullsFirst ? -1 : 1;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      const has = valid === null || valid[i] === 1 ? 1 : 0;
      const v = x[i]!;
      if (has === 1 && dir * v >= bound[g]!) continue;
      const base = g * k;
      const cnt = count[g]!;
      let p = cnt;
      let skip = false;
      while (p > 0) {
        const s = base + p - 1;
        const c = compareNumber(v, has, sv[s]!, sh[s]!, dir, nullVsValue);
        if (c < 0) p--;
        else {
          skip = c === 0 && dense;
          break;
        }
      }
      if (skip || p >= k) continue;
      for (let j = cnt < k ? cnt : k - 1; j > p; j--) {
        const s = base + j;
        sv[s] = sv[s - 1]!;
        sh[s] = sh[s - 1]!;
        if (refs) sr[s] = sr[s - 1]!;
      }
      sv[base + p] = has === 1 ? v : 0;
      sh[base + p] = has;
      if (refs) sr[base + p] = first + i;
      if (cnt < k) count[g] = cnt + 1;
      if (cnt + 1 >= k) {
        // Full: the bound from the worst slot (see `bound`).
        const w = base + k - 1;
        const y = sv[w]!;
        if (sh[w] === 0) bound[g] = nullsFirst ? -Infinity : Number.NaN;
        else if (y !== y) bound[g] = dir === 1 ? Number.NaN : -Infinity;
        else bound[g] = dir * y;
      }
    }
  }

  /** The kept rows of everything added (one batch; zero rows when nothing was added). */
  finish(): Batch {
    this.compact();
    const b = this.batches[0];
    return b ?? { schema: this.node.input.schema, columns: [], length: 0 };
  }

  /** Group ids of the rows of `b` (a fresh array when rank/denseRank retain it). */
  private assignGroups(b: Batch): Int32Array {
    const n = b.length;
    let out: Int32Array;
    if (this.fn === 'rowNumber') {
      if (this.scratch.length < n) this.scratch = new Int32Array(n);
      out = this.scratch;
    } else {
      out = new Int32Array(n);
    }
    if (this.table === null) {
      out.fill(0, 0, n);
      return out;
    }
    const keys = this.node.partitionBy.map((e) => evaluate(e, b));
    this.table.assign(keys, n, out);
    this.groupCount = this.table.size;
    return out;
  }

  /** Room for the slots of every group so far. */
  private grow(): void {
    const slots = this.groupCount * this.k;
    this.count = ensure(this.count, this.groupCount);
    for (let c = 0; c < this.nKeys; c++) {
      this.slotNum[c] = ensure(this.slotNum[c]!, slots);
      this.slotHas[c] = ensure(this.slotHas[c]!, slots);
    }
    if (this.fn === 'rowNumber') this.slotRef = ensure(this.slotRef, slots);
    if (this.nKeys === 1 && !this.isStr[0]) {
      this.bound = ensure(this.bound, this.groupCount);
      this.bound.fill(Number.NaN, this.boundGroups, this.groupCount);
      this.boundGroups = this.groupCount;
    }
  }

  /** Makes `b`'s order key values the current rows. */
  private bindRows(b: Batch): void {
    this.rows = this.node.orderBy.map((o): RowKey => {
      const v: Vec = evaluate(o.expr, b);
      if (v.kind === 'str') return { num: v.codes, valid: v.valid, dict: v.dict, codes: v.codes, high: highUnitFlags(v.dict) };
      // An all-null column: every row is null.
      const valid = v.type === 'null' ? new Uint8Array(v.values.length) : v.valid;
      // int64 as doubles (exact within ±2^53; beyond, values closer than a double apart tie).
      return { num: v.type === 'int64' ? int64ToDoubles(v.values) : v.values, valid, dict: null, codes: null, high: null };
    });
  }

  /** Order of current row i against slot s: negative when the row comes first. */
  private compareRowSlot(i: number, s: number): number {
    for (let c = 0; c < this.nKeys; c++) {
      const row = this.rows[c]!;
      const rowHas = row.valid === null || row.valid[i] === 1;
      const slotHas = this.slotHas[c]![s] === 1;
      if (!rowHas || !slotHas) {
        if (rowHas === slotHas) continue;
        return !rowHas === this.nullsFirst[c] ? -1 : 1;
      }
      let r = 0;
      if (this.isStr[c]) {
        // The row's flag is the hint: when the row's string has no high units, `<` is exact.
        const k = row.codes![i]!;
        r = compareStringsHinted(row.dict![k]!, this.slotStr[c]![s]!, row.high![k]!);
      } else {
        const x = row.num[i]!;
        const y = this.slotNum[c]![s]!;
        if (x < y) r = -1;
        else if (x > y) r = 1;
        else if (x !== y) {
          // NaN is above every number and equal to itself.
          const xn = x !== x;
          r = xn === (y !== y) ? 0 : xn ? 1 : -1;
        }
      }
      if (r !== 0) return this.asc[c] ? r : -r;
    }
    return 0;
  }

  /** Writes current row i (global row `ref`) into slot s. */
  private setSlot(s: number, i: number, ref: number): void {
    for (let c = 0; c < this.nKeys; c++) {
      const row = this.rows[c]!;
      const has = row.valid === null || row.valid[i] === 1;
      this.slotHas[c]![s] = has ? 1 : 0;
      if (!has) continue;
      if (this.isStr[c]) this.slotStr[c]![s] = row.dict![row.codes![i]!]!;
      else this.slotNum[c]![s] = row.num[i]!;
    }
    if (this.fn === 'rowNumber') this.slotRef[s] = ref;
  }

  /** Copies slot `from` into slot `to`. */
  private moveSlot(from: number, to: number): void {
    for (let c = 0; c < this.nKeys; c++) {
      this.slotHas[c]![to] = this.slotHas[c]![from]!;
      if (this.isStr[c]) this.slotStr[c]![to] = this.slotStr[c]![from]!;
      else this.slotNum[c]![to] = this.slotNum[c]![from]!;
    }
    if (this.fn === 'rowNumber') this.slotRef[to] = this.slotRef[from]!;
  }

  /** Replaces the retained batches by one batch of the rows still kept. */
  private compact(): void {
    if (this.batches.length === 0) return;
    const kept = this.fn === 'rowNumber' ? this.compactSlots() : this.compactByThreshold();
    this.lastKept = kept.length;
    this.retained = kept.length;
  }

  /**
   * rowNumber: the rows the slots hold, gathered batch by batch (a counting sort of the slots
   * by retained batch: work in the kept rows, not the retained ones); each slot's row is
   * renumbered to its place in the result.
   */
  private compactSlots(): Batch {
    const k = this.k;
    const count = this.count;
    const ref = this.slotRef;
    const starts = this.starts;
    const nb = this.batches.length;
    const holding = new BatchLookup(this.batches, starts, this.retained);
    const offsets = new Int32Array(nb + 1);
    let live = 0;
    for (let g = 0; g < this.groupCount; g++) {
      for (let s = g * k, e = s + count[g]!; s < e; s++) offsets[holding.of(ref[s]!) + 1]++;
      live += count[g]!;
    }
    for (let b = 0; b < nb; b++) offsets[b + 1] += offsets[b]!;
    const next = offsets.slice(0, nb);
    const rows = new Int32Array(live);
    for (let g = 0; g < this.groupCount; g++) {
      for (let s = g * k, e = s + count[g]!; s < e; s++) {
        const r = ref[s]!;
        const b = holding.of(r);
        const at = next[b]!++;
        rows[at] = r - starts[b]!;
        ref[s] = at;
      }
    }
    const parts: Batch[] = [];
    for (let b = 0; b < nb; b++) {
      if (offsets[b + 1]! > offsets[b]!) parts.push(takeBatch(this.batches[b]!, rows.subarray(offsets[b]!, offsets[b + 1]!)));
    }
    return this.retain(parts, []);
  }

  /** rank, denseRank: the retained rows not after their group's k-th value. */
  private compactByThreshold(): Batch {
    const parts: Batch[] = [];
    const partGroups: Int32Array[] = [];
    for (let bi = 0; bi < this.batches.length; bi++) {
      const b = this.batches[bi]!;
      const groups = this.batchGroups[bi]!;
      this.bindRows(b);
      const idx = new Int32Array(b.length);
      const m = this.nKeys === 1 && !this.isStr[0] ? this.keptOneNumericKey(groups, b.length, idx) : this.keptAnyKeys(groups, b.length, idx);
      if (m === b.length) {
        parts.push(b);
        partGroups.push(groups);
      } else if (m > 0) {
        const take = idx.subarray(0, m);
        parts.push(takeBatch(b, take));
        const pg = new Int32Array(m);
        for (let j = 0; j < m; j++) pg[j] = groups[take[j]!]!;
        partGroups.push(pg);
      }
    }
    return this.retain(parts, partGroups);
  }

  /** Writes into `idx` the current rows that are not after their group's k-th slot; returns how many. */
  private keptAnyKeys(groups: Int32Array, n: number, idx: Int32Array): number {
    const k = this.k;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (this.count[g]! < k || this.compareRowSlot(i, g * k + k - 1) <= 0) idx[m++] = i;
    }
    return m;
  }

  /** keptAnyKeys for one numeric order key. */
  private keptOneNumericKey(groups: Int32Array, n: number, idx: Int32Array): number {
    const k = this.k;
    const count = this.count;
    const row = this.rows[0]!;
    const x = row.num;
    const valid = row.valid;
    const sv = this.slotNum[0]!;
    const sh = this.slotHas[0]!;
    const dir = this.asc[0] ? 1 : -1;
    const nullVsValue = this.nullsFirst[0] ? -1 : 1;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (count[g]! < k) {
        idx[m++] = i;
        continue;
      }
      const s = g * k + k - 1;
      const has = valid === null || valid[i] === 1 ? 1 : 0;
      if (compareNumber(x[i]!, has, sv[s]!, sh[s]!, dir, nullVsValue) <= 0) idx[m++] = i;
    }
    return m;
  }

  /** Makes `parts` (with their group ids) the retained input, as one batch. */
  private retain(parts: readonly Batch[], groups: readonly Int32Array[]): Batch {
    const schema = this.node.input.schema;
    const one = parts.length === 1 ? parts[0]! : concatBatches(schema, parts);
    this.batches = one.length > 0 ? [one] : [];
    this.starts = one.length > 0 ? [0] : [];
    if (this.fn !== 'rowNumber') {
      let g: Int32Array;
      if (groups.length === 1) g = groups[0]!;
      else {
        g = new Int32Array(one.length);
        let off = 0;
        for (const x of groups) {
          g.set(x, off);
          off += x.length;
        }
      }
      this.batchGroups = one.length > 0 ? [g] : [];
    }
    return one;
  }
}

/**
 * Order of a number (`has` 0: null) against a slot's, as a sort key orders them: `dir` 1 asc,
 * −1 desc; `nullVsValue` the order of a null against a value (−1: nulls first). NaN is above
 * every number and equal to itself.
 */
function compareNumber(v: number, has: number, y: number, slotHas: number, dir: number, nullVsValue: number): number {
  if ((has & slotHas) === 1) return v < y ? -dir : v > y ? dir : v === y ? 0 : (v !== v ? (y !== y ? 0 : 1) : -1) * dir;
  return has === slotHas ? 0 : has === 0 ? nullVsValue : -nullVsValue;
}

/**
 * The retained batch a global row number lies in, in O(1): a table of the batch holding the
 * first row of every chunk of 2^shift rows, chunks no longer than the shortest batch (so a
 * row is in its chunk's batch or the next one).
 */
class BatchLookup {
  private readonly shift: number;
  private readonly table: Int32Array;

  constructor(batches: readonly Batch[], private readonly starts: readonly number[], rows: number) {
    let shortest = Infinity;
    for (const b of batches) if (b.length < shortest) shortest = b.length;
    let shift = 0;
    while (shift < 24 && 2 ** (shift + 1) <= shortest) shift++;
    this.shift = shift;
    this.table = new Int32Array((rows >>> shift) + 1);
    let b = 0;
    for (let c = 0; c < this.table.length; c++) {
      const row = c * 2 ** shift;
      while (b + 1 < starts.length && starts[b + 1]! <= row) b++;
      this.table[c] = b;
    }
  }

  /** The batch of global row `r`. */
  of(r: number): number {
    let b = this.table[r >>> this.shift]!;
    if (b + 1 < this.starts.length && this.starts[b + 1]! <= r) b++;
    return b;
  }
}
