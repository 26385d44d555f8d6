/**
 * The executor: a node:http server that runs tasks on a worker-thread pool, keeps shuffle map
 * output on local disk and serves it to peers, and holds cached partitions in memory.
 *
 * Endpoints (all behind `Authorization: Bearer <secret>`; 401 on every path otherwise):
 *   POST   /v1/tasks                         run a task frame (engine/task-frame.ts; task-wire.ts for the reply)
 *   GET    /v1/shuffle/:shuffle/:map/:reduce one piece, streamed from disk by a range read
 *   DELETE /v1/shuffle/:shuffle              drop a shuffle's files
 *   GET    /v1/cache/:id/:partition          one cached partition (for a peer's task)
 *   DELETE /v1/cache/:id                     drop a cached dataset
 *   GET    /v1/health                        liveness, the wire protocol version, load, memory, counters
 * The main thread only answers requests; tasks compute on the workers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorToJson, InternalError } from '../engine/errors.js';
import { readTaskFrameHeader, WIRE_PROTOCOL, type CachedRef, type TaskFrameHeader } from '../engine/task-frame.js';
import { bearer, makeAuthCheck } from './auth.js';
import { CacheStore } from './cache-store.js';
import { HttpError, readBody, sendError, sendJson } from './http-util.js';
import { undici } from './lazy-undici.js';
import { isLoopbackHost, normalizeUrl } from './loopback.js';
import { dropShuffleFiles, mapDataPath, pieceRange, readMapIndex } from './shuffle-store.js';
import { zeroCounters, type ExecutorStats } from './stats.js';
import { encodeReplyHead, TASK_REPLY_TYPE, type TaskReplyHeader } from './task-wire.js';
import { WorkerPool } from './worker-pool.js';
import { cacheKey, type WorkerJob } from './worker-protocol.js';

/** Options of startExecutor. */
export interface ExecutorOptions {
  readonly host: string;
  /** 0 picks any free port. */
  readonly port: number;
  /** The shared secret every request must carry; null is allowed only on a loopback host. */
  readonly secret: string | null;
  /** Worker threads, i.e. tasks at once. */
  readonly cores: number;
  /** Base folder; the executor works in a fresh sub-folder of it and removes that on stop. */
  readonly workDir: string;
  /** Largest request body accepted (413 beyond). Default 512 MiB. */
  readonly maxBodyBytes?: number;
  /** Timeout of one shuffle fetch from a peer (ms). Default 120 000. */
  readonly fetchTimeoutMs?: number;
  /** Shuffle pieces fetched at once by one task. Default 4. */
  readonly fetchConcurrency?: number;
  /** How long stop() waits for running tasks (ms). Default 10 000. */
  readonly stopGraceMs?: number;
  /** The URL the driver and peers know this executor by, when it differs from http://host:port. */
  readonly advertiseUrl?: string;
  /** On stop, also remove the base `workDir` when it is left empty (a driver made it for its executors). */
  readonly removeEmptyWorkDir?: boolean;
}

/** A running executor. */
export interface RunningExecutor {
  /** http://host:port */
  readonly url: string;
  /** The executor's own work folder (removed by stop). */
  readonly workDir: string;
  /** Stops accepting, waits (bounded) for running tasks, removes the work folder. Safe twice. */
  stop(): Promise<void>;
  /** Load, memory and counters. */
  stats(): ExecutorStats;
}

/** Starts an executor; resolves once it listens. Rejects for a non-loopback host without a secret. */
export async function startExecutor(opts: ExecutorOptions): Promise<RunningExecutor> {
  if (opts.secret === null && !isLoopbackHost(opts.host)) {
    throw new Error(`refusing to listen on non-loopback host "${opts.host}" without a secret: pass --secret-file, or listen on 127.0.0.1`);
  }
  if (opts.secret !== null && opts.secret.length === 0) throw new Error('the secret is empty');
  const cores = Math.max(1, Math.floor(opts.cores) || cpus().length);
  const maxBody = opts.maxBodyBytes ?? 512 * 1024 * 1024;
  const graceMs = opts.stopGraceMs ?? 10_000;
  await mkdir(opts.workDir, { recursive: true });
  const workDir = await mkdtemp(join(opts.workDir, 'executor-'));
  const executorId = randomBytes(8).toString('hex');
  const authorized = makeAuthCheck(opts.secret);
  const cache = new CacheStore();
  const counters = zeroCounters();
  const indexes = new Map<string, Float64Array>();
  let pool: WorkerPool | null = null;
  let running = 0;
  let stopping: Promise<void> | null = null;
  let url = '';
  const idle: (() => void)[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) sendError(res, e.status, e.message);
      else sendError(res, 500, `internal error: ${(e as Error)?.message ?? String(e)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  // Tasks take as long as they take: no server-side timeout on a request in progress.
  server.requestTimeout = 0;
  server.timeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req.headers.authorization)) {
      req.resume();
      res.setHeader('www-authenticate', 'Bearer');
      sendError(res, 401, 'unauthorized: this executor needs Authorization: Bearer <secret>');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const parts = path.split('/').filter((p) => p.length > 0);
    const method = req.method ?? 'GET';
    if (parts[0] !== 'v1') throw new HttpError(404, `no such endpoint: ${method} ${path}`);
    const route = parts[1];
    if (route === 'tasks' && parts.length === 2) {
      if (method !== 'POST') throw new HttpError(405, `${path} takes POST`);
      return runTaskRequest(req, res);
    }
    if (route === 'health' && parts.length === 2) {
      if (method !== 'GET') throw new HttpError(405, `${path} takes GET`);
      req.resume();
      return sendJson(res, 200, { ok: true, protocol: WIRE_PROTOCOL, ...stats() });
    }
    if (route === 'shuffle' && parts.length === 5 && method === 'GET') {
      return servePiece(res, int(parts[2]!, 'shuffle'), int(parts[3]!, 'map'), int(parts[4]!, 'reduce'));
    }
    if (route === 'shuffle' && parts.length === 3 && method === 'DELETE') {
      req.resume();
      const s = int(parts[2]!, 'shuffle');
      for (const k of [...indexes.keys()]) if (k.startsWith(`${s}/`)) indexes.delete(k);
      await dropShuffleFiles(workDir, s);
      return sendJson(res, 200, { ok: true });
    }
    if (route === 'cache' && parts.length === 4 && method === 'GET') {
      req.resume();
      const bytes = cache.get(decodeURIComponent(parts[2]!), int(parts[3]!, 'partition'));
      if (!bytes) throw new HttpError(404, `cache ${parts[2]} partition ${parts[3]} is not held here`);
      res.writeHead(200, { 'content-type': 'application/vnd.apache.arrow.stream', 'content-length': bytes.byteLength });
      res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      counters.bytesServedToPeers += bytes.byteLength;
      return;
    }
    if (route === 'cache' && parts.length === 3 && method === 'DELETE') {
      req.resume();
      const dropped = cache.drop(decodeURIComponent(parts[2]!));
      return sendJson(res, 200, { ok: true, dropped });
    }
    throw new HttpError(404, `no such endpoint: ${method} ${path}`);
  }

  async function runTaskRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody);
    if (stopping) throw new HttpError(503, 'the executor is shutting down');
    // The main thread reads only the frame's small header; the worker parses the body, once.
    let task: TaskFrameHeader;
    try {
      task = readTaskFrameHeader(body, `this executor (${url})`);
    } catch (e) {
      throw new HttpError(400, `task refused: ${(e as Error).message}`);
    }
    // The frame's buffer is transferred to the worker: it must own it (small Buffers share a pooled slab).
    const frame = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
    running++;
    const key = `${task.jobId}/${task.stageId}/${task.partition}/${task.attempt}/${randomUUID()}`;
    let answered = false;
    res.on('close', () => {
      if (!answered) pool?.cancel(key);
    });
    let header: TaskReplyHeader;
    let payload: Uint8Array | undefined;
    let malformed: string | null = null;
    try {
      const cached = task.cached.length > 0 ? await gatherCached(task.cached) : {};
      const reply = await pool!.run({ key, frame, cached } satisfies WorkerJob);
      counters.bytesFetchedFromPeers += reply.fetchedRemote;
      counters.bytesReadLocally += reply.readLocal;
      if (reply.malformed !== undefined) {
        malformed = reply.malformed;
        header = { ok: false, error: errorToJson(new InternalError(reply.malformed)) };
      } else if (reply.ok && reply.result) {
        header = { ok: true, result: reply.result };
        const out = reply.output;
        if (reply.result.kind === 'cache' && out?.cacheId !== undefined) {
          cache.put(out.cacheId, task.partition, reply.payload ?? new Uint8Array(0));
        } else if (reply.result.kind === 'shuffle' && out?.shuffleId !== undefined) {
          indexes.delete(`${out.shuffleId}/${task.partition}`);
        } else {
          payload = reply.payload;
        }
      } else {
        header = { ok: false, error: reply.error ?? errorToJson(new InternalError('a task worker answered neither a result nor an error')) };
      }
    } catch (e) {
      header = { ok: false, error: errorToJson(e) };
    } finally {
      running--;
      counters.tasksRun++;
      if (running === 0) for (const f of idle.splice(0)) f();
    }
    if (!header.ok) counters.tasksFailed++;
    answered = true;
    if (res.destroyed) return;
    if (malformed !== null) return sendError(res, 400, malformed);
    const head = encodeReplyHead(header);
    res.writeHead(200, { 'content-type': TASK_REPLY_TYPE, 'content-length': head.length + (payload?.byteLength ?? 0) });
    if (payload && payload.byteLength > 0) {
      res.write(head);
      res.end(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    } else {
      res.end(head);
    }
  }

  /** The cached partitions a plan reads: from this executor's memory, or fetched from the peer that holds them. */
  async function gatherCached(splits: readonly CachedRef[]): Promise<Record<string, Uint8Array>> {
    const out: Record<string, Uint8Array> = {};
    for (const s of splits) {
      const key = cacheKey(s.cacheId, s.partition);
      const here = cache.get(s.cacheId, s.partition);
      if (here) {
        out[key] = here;
        continue;
      }
      if (!s.location || normalizeUrl(s.location) === normalizeUrl(url) || !/^https?:\/\//.test(s.location)) continue;
      try {
        const { request } = await undici();
        const r = await request(`${s.location.replace(/\/+$/, '')}/v1/cache/${encodeURIComponent(s.cacheId)}/${s.partition}`, {
          headers: bearer(opts.secret), headersTimeout: opts.fetchTimeoutMs ?? 120_000, bodyTimeout: opts.fetchTimeoutMs ?? 120_000,
        });
        if (r.statusCode === 200) {
          const bytes = new Uint8Array(await r.body.arrayBuffer());
          counters.bytesFetchedFromPeers += bytes.byteLength;
          out[key] = bytes;
        } else {
          await r.body.dump();
        }
      } catch {
        // Not reachable: the task sees cacheGet() === undefined and reports it.
      }
    }
    return out;
  }

  async function servePiece(res: ServerResponse, s: number, m: number, r: number): Promise<void> {
    const k = `${s}/${m}`;
    let offsets = indexes.get(k) ?? null;
    if (offsets === null) {
      offsets = await readMapIndex(workDir, s, m);
      if (offsets !== null) indexes.set(k, offsets);
    }
    const range = offsets && pieceRange(offsets, r);
    if (!range) throw new HttpError(404, `shuffle ${s} map ${m} reduce ${r} is not held by ${url}`);
    const length = range.end - range.start;
    res.writeHead(200, { 'content-type': 'application/vnd.apache.arrow.stream', 'content-length': length });
    if (length === 0) {
      res.end();
      return;
    }
    // Big reads: a piece of a large shuffle goes out in few chunks (the default is 64 KiB).
    const stream = createReadStream(mapDataPath(workDir, s, m), { start: range.start, end: range.end - 1, highWaterMark: Math.min(length, 1 << 20) });
    stream.on('error', () => res.destroy());
    res.on('finish', () => {
      counters.bytesServedToPeers += length;
    });
    stream.pipe(res);
  }

  function stats(): ExecutorStats {
    const mem = process.memoryUsage();
    return {
      executorId, url, cores, running, freeSlots: Math.max(0, cores - running),
      cacheEntries: cache.size, cacheBytes: cache.bytes,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers },
      ...counters,
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;
  url = opts.advertiseUrl ? opts.advertiseUrl.replace(/\/+$/, '') : `http://${hostPart}:${port}`;
  const selfUrls = [url, `http://${hostPart}:${port}`];
  if (isLoopbackHost(opts.host)) selfUrls.push(`http://127.0.0.1:${port}`, `http://localhost:${port}`);
  pool = new WorkerPool(cores, {
    workDir, selfUrls, secret: opts.secret,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 120_000,
    fetchConcurrency: opts.fetchConcurrency ?? 4,
  });

  async function stop(): Promise<void> {
    server.close();
    server.closeIdleConnections();
    if (running > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        idle.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await pool?.close();
    server.closeAllConnections();
    await rm(workDir, { recursive: true, force: true });
    if (opts.removeEmptyWorkDir) await rmdir(opts.workDir).catch(() => {});
  }

  return {
    url,
    workDir,
    stop: () => (stopping ??= stop()),
    stats,
  };
}

function int(text: string, what: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new HttpError(400, `${what} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

/** The default base work folder of executors. */
export function defaultWorkDir(): string {
  return join(tmpdir(), 'rondo-work');
}
