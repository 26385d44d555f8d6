/**
 * The map-output tracker: for every shuffle of the running jobs, where each map partition's
 * output lives and the size of each of its reduce pieces. It gives reduce tasks their
 * ShuffleInput[] and the scheduler its locality (which location holds most of a task's input).
 */
import { InternalError } from '../engine/errors.js';
import type { ShuffleInput } from '../engine/plan.js';

/** One map partition's output. */
export interface MapOutput {
  readonly location: string;
  /** Bytes of each reduce piece. */
  readonly sizes: readonly number[];
}

/** A map output that was forgotten. */
export interface LostMapOutput {
  readonly shuffleId: number;
  readonly mapPartition: number;
  readonly location: string;
}

/** shuffleId → per map partition location and sizes. */
export class MapOutputTracker {
  private readonly shuffles = new Map<number, (MapOutput | undefined)[]>();
  /** Map outputs held per location, so locations() costs the number of locations, not of outputs (the scheduler asks after every task). */
  private readonly held = new Map<string, number>();

  private count(location: string, delta: number): void {
    const n = (this.held.get(location) ?? 0) + delta;
    if (n > 0) this.held.set(location, n);
    else this.held.delete(location);
  }

  /** Starts tracking a shuffle written by `maps` map tasks (keeps what is already known). */
  registerShuffle(shuffleId: number, maps: number): void {
    const cur = this.shuffles.get(shuffleId);
    if (cur === undefined) this.shuffles.set(shuffleId, new Array<MapOutput | undefined>(maps).fill(undefined));
    else if (cur.length !== maps) throw new InternalError(`shuffle ${shuffleId} registered with ${cur.length} maps, now ${maps}`);
  }

  /** Records where map partition `mapPartition` of a shuffle lives. */
  registerMapOutput(shuffleId: number, mapPartition: number, location: string, sizes: readonly number[]): void {
    const outs = this.outputs(shuffleId);
    if (mapPartition < 0 || mapPartition >= outs.length) {
      throw new InternalError(`map partition ${mapPartition} out of range for shuffle ${shuffleId} (${outs.length} maps)`);
    }
    const old = outs[mapPartition];
    if (old) this.count(old.location, -1);
    outs[mapPartition] = { location, sizes: [...sizes] };
    this.count(location, 1);
  }

  /** Forgets one map output; returns what was forgotten. */
  unregisterMapOutput(shuffleId: number, mapPartition: number): LostMapOutput[] {
    const outs = this.shuffles.get(shuffleId);
    const o = outs?.[mapPartition];
    if (!outs || !o) return [];
    outs[mapPartition] = undefined;
    this.count(o.location, -1);
    return [{ shuffleId, mapPartition, location: o.location }];
  }

  /** Forgets every map output held at `location` (of one shuffle, or of all); returns them. */
  removeLocation(location: string, shuffleId?: number): LostMapOutput[] {
    const lost: LostMapOutput[] = [];
    if (!this.held.has(location)) return lost;
    for (const [id, outs] of this.shuffles) {
      if (shuffleId !== undefined && id !== shuffleId) continue;
      outs.forEach((o, m) => {
        if (o && o.location === location) {
          outs[m] = undefined;
          this.count(location, -1);
          lost.push({ shuffleId: id, mapPartition: m, location });
        }
      });
    }
    return lost;
  }

  /** Forgets every map output held at a location not in `live`; returns them. */
  retainLocations(live: readonly string[]): LostMapOutput[] {
    const keep = new Set(live);
    const lost: LostMapOutput[] = [];
    for (const loc of this.locations()) if (!keep.has(loc)) lost.push(...this.removeLocation(loc));
    return lost;
  }

  /** Every location holding some map output. */
  locations(): string[] {
    return [...this.held.keys()];
  }

  /** True when the shuffle is tracked. */
  has(shuffleId: number): boolean {
    return this.shuffles.has(shuffleId);
  }

  /** Map partitions of a shuffle whose output is not (or no longer) known. */
  missing(shuffleId: number): number[] {
    const out: number[] = [];
    this.outputs(shuffleId).forEach((o, m) => { if (!o) out.push(m); });
    return out;
  }

  /** True when every map output of the shuffle is known. */
  isComplete(shuffleId: number): boolean {
    return this.outputs(shuffleId).every((o) => o !== undefined);
  }

  /**
   * The ShuffleInput a reduce task gets. Without `reduces`: every map partition with its
   * location and all its sizes. With `reduces` (the partitions the task reads): only the sizes
   * of those, and only the maps that have bytes for them — a task's JSON stays small however
   * many reduce partitions the shuffle has.
   */
  inputFor(shuffleId: number, reduces?: readonly number[]): ShuffleInput {
    const outs = this.outputs(shuffleId);
    const maps: { mapPartition: number; location: string; sizes: readonly number[] }[] = [];
    outs.forEach((o, m) => {
      if (!o) throw new InternalError(`shuffle ${shuffleId}: output of map partition ${m} is not available`);
      if (reduces === undefined) {
        maps.push({ mapPartition: m, location: o.location, sizes: o.sizes });
        return;
      }
      const sizes = reduces.map((r) => o.sizes[r] ?? 0);
      if (sizes.some((b) => b > 0)) maps.push({ mapPartition: m, location: o.location, sizes });
    });
    return reduces === undefined ? { shuffleId, maps } : { shuffleId, maps, reduces: [...reduces] };
  }

  /** Bytes of reduce partitions `reduces` of a shuffle held at each location. */
  bytesByLocation(shuffleId: number, reduces: readonly number[], into = new Map<string, number>()): Map<string, number> {
    for (const o of this.shuffles.get(shuffleId) ?? []) {
      if (!o) continue;
      let b = 0;
      for (const r of reduces) b += o.sizes[r] ?? 0;
      into.set(o.location, (into.get(o.location) ?? 0) + b);
    }
    return into;
  }

  /** Bytes of each reduce partition of a shuffle over every known map output. */
  partitionBytes(shuffleId: number, partitions: number): number[] {
    const out = new Array<number>(partitions).fill(0);
    for (const o of this.shuffles.get(shuffleId) ?? []) {
      if (!o) continue;
      for (let r = 0; r < partitions; r++) out[r]! += o.sizes[r] ?? 0;
    }
    return out;
  }

  /** Stops tracking a shuffle. */
  unregisterShuffle(shuffleId: number): void {
    for (const o of this.shuffles.get(shuffleId) ?? []) if (o) this.count(o.location, -1);
    this.shuffles.delete(shuffleId);
  }

  private outputs(shuffleId: number): (MapOutput | undefined)[] {
    const outs = this.shuffles.get(shuffleId);
    if (!outs) throw new InternalError(`shuffle ${shuffleId} is not registered with the map-output tracker`);
    return outs;
  }
}
