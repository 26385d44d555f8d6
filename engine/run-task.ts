/**
 * runTask: runs a task's plan and does its output — the job result, a shuffle's map output,
 * a sort-key sample, files, or a cached partition. Errors are thrown as they are (the runtime
 * wraps them with the stage and partition).
 */
import type { Batch } from './batch.js';
import type { Task, TaskContext, TaskResult } from './plan.js';
import { InternalError } from './errors.js';
import { encodeIpc } from './arrow/index.js';
import { writeFiles } from './io/index.js';
import { executePlan } from './ops/execute-plan.js';
import type { BatchStream, ExecContext } from './ops/types.js';
import { checkCancelled } from './ops/util.js';
import { writeShuffle } from './shuffle/shuffle-writer.js';
import { sampleKeys } from './shuffle/sampler.js';

/** All batches of a stream, labelled with the plan's schema. */
async function drain(stream: BatchStream, ctx: ExecContext, schema: Batch['schema']): Promise<{ batches: Batch[]; rows: number }> {
  const batches: Batch[] = [];
  let rows = 0;
  for await (const b of stream) {
    checkCancelled(ctx);
    if (b.length === 0) continue;
    batches.push(b.schema === schema ? b : { schema, columns: b.columns, length: b.length });
    rows += b.length;
  }
  return { batches, rows };
}

/** The stem of the file a write task produces: `part-00007-<jobId>`. */
export function writeFileStem(partition: number, jobId: string): string {
  return `part-${String(partition).padStart(5, '0')}-${jobId}`;
}

/** Runs one task to its result. */
export async function runTask(task: Task, ctx: TaskContext): Promise<TaskResult> {
  const ectx: ExecContext = { inputs: task.inputs, task: ctx, conf: task.conf, partition: task.partition };
  checkCancelled(ectx);
  const schema = task.plan.schema;
  const stream = executePlan(task.plan, ectx);
  const out = task.output;
  switch (out.kind) {
    case 'result': {
      const { batches, rows } = await drain(stream, ectx, schema);
      return { kind: 'result', ipc: encodeIpc(schema, batches), rows };
    }
    case 'cache': {
      const { batches, rows } = await drain(stream, ectx, schema);
      return { kind: 'cache', ipc: encodeIpc(schema, batches), rows };
    }
    case 'shuffle': {
      // Round-robin starts at a different partition per map task, so small maps spread out.
      const { pieces, rows } = await writeShuffle(stream, schema, out.partitioning, { batchSize: task.conf.batchSize, rowOffset: task.partition });
      return { kind: 'shuffle', pieces, rows };
    }
    case 'sample': {
      // ipc: the sampled key rows (columns k0..k(n−1), see shuffle/sample-columns.ts); rows: all rows of the partition.
      const { sample, rows } = await sampleKeys(stream, out.keys, out.size, 0x5eed + task.partition * 7919);
      return { kind: 'sample', ipc: encodeIpc(sample.schema, sample.length > 0 ? [sample] : []), rows };
    }
    case 'write': {
      const { files, rows } = await writeFiles(out.format, out.dir, writeFileStem(task.partition, task.jobId), schema, stream, out.partitionBy);
      return { kind: 'write', files, rows };
    }
    default: {
      const never: never = out;
      throw new InternalError(`unknown task output ${JSON.stringify(never)}`);
    }
  }
}
