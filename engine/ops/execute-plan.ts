/**
 * executePlan: runs a specialized physical plan, dispatching over the closed union of nodes.
 */
import type { PhysicalNode } from '../plan.js';
import { InternalError } from '../errors.js';
import { hashAggregate } from '../aggregate/hash-aggregate.js';
import { scan } from './scan.js';
import { project } from './project.js';
import { filter } from './filter.js';
import { limit } from './limit.js';
import { union } from './union.js';
import { shuffleRead } from './shuffle-read.js';
import { hashJoin } from './hash-join.js';
import { nestedLoopJoin } from './nested-loop-join.js';
import { sort } from './sort.js';
import { windowOp } from './window.js';
import { windowGroupLimitOp } from './window-group-limit.js';
import { rowFnOp } from './row-fn.js';
import { rowFnGroupsOp } from './row-fn-groups.js';
import type { BatchStream, ExecContext } from './types.js';

/** The stream of batches `node` produces. Nothing runs until the stream is pulled. */
export function executePlan(node: PhysicalNode, ctx: ExecContext): BatchStream {
  switch (node.op) {
    case 'scan':
      return scan(node, ctx);
    case 'project':
      return project(node, executePlan(node.input, ctx));
    case 'filter':
      return filter(node, executePlan(node.input, ctx));
    case 'aggregate':
      return hashAggregate(node, executePlan(node.input, ctx), ctx);
    case 'hashJoin':
      return hashJoin(node, () => executePlan(node.left, ctx), () => executePlan(node.right, ctx), ctx);
    case 'nestedLoopJoin':
      return nestedLoopJoin(node, () => executePlan(node.left, ctx), () => executePlan(node.right, ctx), ctx);
    case 'sort':
      return sort(node, executePlan(node.input, ctx), ctx);
    case 'limit':
      return limit(node, executePlan(node.input, ctx));
    case 'union':
      return union(node, node.inputs.map((i) => () => executePlan(i, ctx)));
    case 'window':
      return windowOp(node, executePlan(node.input, ctx), ctx);
    case 'windowGroupLimit':
      return windowGroupLimitOp(node, executePlan(node.input, ctx), ctx);
    case 'shuffleRead':
      return shuffleRead(node, ctx);
    case 'rowFn':
      return rowFnOp(node, executePlan(node.input, ctx), ctx);
    case 'rowFnGroups':
      return rowFnGroupsOp(node, executePlan(node.input, ctx), ctx);
    case 'exchange':
    case 'coalesce':
      throw new InternalError(`a ${node.op} node reached a task: the plan was not specialized (exchanges become shuffle reads, coalesces unions)`);
    default: {
      const never: never = node;
      throw new InternalError(`unknown physical node ${JSON.stringify((never as { op?: unknown }).op)}`);
    }
  }
}
