/**
 * hashJoin: indexes the build side's keys (join-table.ts; rows with a null key are left out:
 * null never matches), streams the probe side through it, applies the residual filter, and emits joined rows in batches of about conf.batchSize.
 * Outer joins emit the unmatched rows of the probe side per batch and of the build side at
 * the end; a row whose every match fails the filter counts as unmatched.
 */
import type { Batch } from '../batch.js';
import type { PhysicalNode } from '../plan.js';
import { evaluate } from '../expr/index.js';
import { emptyBatch } from '../kernels/index.js';
import { JoinTable } from './join-table.js';
import { filterPairs, gatherJoined, gatherOuter, indicesWhere, preserves } from './join-util.js';
import { checkCancelled, chunks, collectBatch, IntList, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type HashJoinNode = Extract<PhysicalNode, { op: 'hashJoin' }>;

/** Runs a hash join; `openLeft`/`openRight` start the input streams. */
export async function* hashJoin(node: HashJoinNode, openLeft: () => BatchStream, openRight: () => BatchStream, ctx: ExecContext): BatchStream {
  const buildLeft = node.build === 'left';
  const build = await collectBatch(buildLeft ? openLeft() : openRight(), buildLeft ? node.left.schema : node.right.schema, ctx);
  const buildKeys = (buildLeft ? node.leftKeys : node.rightKeys).map((e) => evaluate(e, build));
  const probeKeyExprs = buildLeft ? node.rightKeys : node.leftKeys;
  const probeSchema = buildLeft ? node.right.schema : node.left.schema;
  const table = new JoinTable(buildKeys, build.length);
  const combined = [...node.left.schema, ...node.right.schema];
  const how = node.how;
  const keep = preserves(how);
  const semiAnti = how === 'semi' || how === 'anti';
  const probeOuter = buildLeft ? keep.right : keep.left;
  const buildOuter = buildLeft ? keep.left : keep.right;
  const trackBuild = buildOuter || (semiAnti && buildLeft);
  const buildMatched = new Uint8Array(trackBuild ? build.length : 0);
  // semi/anti probing the left side only need to know whether a row has a match.
  const firstOnly = semiAnti && !buildLeft && node.filter === null;
  const batchSize = Math.max(1, ctx.conf.batchSize);
  const pi = new IntList(1024);
  const bi = new IntList(1024);

  for await (const raw of buildLeft ? openRight() : openLeft()) {
    checkCancelled(ctx);
    const probe = withSchema(raw, probeSchema);
    const n = probe.length;
    if (n === 0) continue;
    const keys = probeKeyExprs.map((e) => evaluate(e, probe));
    const heads = table.heads(keys, n);
    const next = table.next;
    const probeMatched = new Uint8Array(n);
    const out: Batch[] = [];
    const flush = (): void => {
      if (pi.length === 0) return;
      const p = pi.toArray();
      const b = bi.toArray();
      pi.clear();
      bi.clear();
      const m = buildLeft
        ? filterPairs(node.filter, combined, build, b, probe, p, !semiAnti)
        : filterPairs(node.filter, combined, probe, p, build, b, !semiAnti);
      const mp = buildLeft ? m.ri : m.li;
      const mb = buildLeft ? m.li : m.ri;
      for (let k = 0; k < mp.length; k++) probeMatched[mp[k]!] = 1;
      if (trackBuild) for (let k = 0; k < mb.length; k++) buildMatched[mb[k]!] = 1;
      if (m.joined !== null && m.joined.length > 0) out.push(withSchema(m.joined, node.schema));
    };
    for (let i = 0; i < n; i++) {
      for (let j = heads[i]!; j >= 0; j = next[j]!) {
        pi.push(i);
        bi.push(j);
        if (firstOnly) break;
        if (pi.length >= batchSize) flush();
      }
      if (out.length > 0) yield* out.splice(0);
    }
    flush();
    yield* out.splice(0);
    // Per probe batch: the left rows semi/anti keep, and unmatched rows of a preserved probe side.
    if (semiAnti && !buildLeft) {
      const idx = indicesWhere(probeMatched, n, how === 'semi' ? 1 : 0);
      if (idx.length > 0) yield gatherJoined(node.schema, probe, idx, null, null);
    } else if (probeOuter) {
      const idx = indicesWhere(probeMatched, n, 0);
      if (idx.length > 0) {
        yield buildLeft ? gatherOuter(node.schema, build, probe, idx, 'right') : gatherOuter(node.schema, probe, build, idx, 'left');
      }
    }
  }

  // At the end: build rows semi/anti keep, or unmatched rows of a preserved build side.
  if (semiAnti && buildLeft) {
    const idx = indicesWhere(buildMatched, build.length, how === 'semi' ? 1 : 0);
    if (idx.length > 0) yield* chunks(gatherJoined(node.schema, build, idx, null, null), batchSize);
  } else if (buildOuter) {
    const idx = indicesWhere(buildMatched, build.length, 0);
    if (idx.length > 0) {
      const empty = emptyBatch(probeSchema);
      yield* chunks(buildLeft ? gatherOuter(node.schema, build, empty, idx, 'left') : gatherOuter(node.schema, empty, build, idx, 'right'), batchSize);
    }
  }
}
