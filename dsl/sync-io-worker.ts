/**
 * The worker side of sync-io.ts: runs one engine/io metadata call at a time and wakes the
 * waiting thread through a shared flag.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorToJson } from '../engine/errors.js';
import * as io from '../engine/io/index.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
const calls: Record<string, (...args: never[]) => Promise<unknown>> = {
  resolvePaths: io.resolvePaths,
  listInput: io.listInput,
  fileSizes: io.fileSizes,
  inferCsvSchema: io.inferCsvSchema,
  inferJsonSchema: io.inferJsonSchema,
  readArrowSchema: io.readArrowSchema,
  readParquetSchema: io.readParquetSchema,
};

port.on('message', async (msg: { fn: string; args: never[] }) => {
  try {
    const value = await calls[msg.fn]!(...msg.args);
    port.postMessage({ ok: true, value });
  } catch (e) {
    port.postMessage({ ok: false, error: errorToJson(e) });
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
void parentPort;
