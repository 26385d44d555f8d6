/**
 * Limit pushdown: a limit moves below a project, copies into each input of a union (the
 * limit stays on top), and two limits merge. A limit over a sort is left alone: the physical
 * planner makes it a top-k sort.
 */
import type { LogicalPlan } from '../logical.js';
import { SYNTHETIC_ID } from '../resolve.js';
import { transformDown } from '../plan-utils.js';
import type { Rule } from './rule.js';

/** The push-down-limit rule. */
export const pushDownLimit: Rule = {
  name: 'push-down-limit',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformDown(plan, (p) => {
      if (p.node !== 'limit') return p;
      const input = p.input;
      if (input.node === 'limit') return { ...p, n: Math.min(p.n, input.n), input: input.input };
      if (input.node === 'project') return { ...input, input: { ...p, input: input.input } };
      if (input.node === 'union') {
        const inputs = input.inputs.map((inp): LogicalPlan => (inp.node === 'limit' && inp.n <= p.n ? inp : { id: SYNTHETIC_ID, node: 'limit', input: inp, n: p.n }));
        return inputs.every((x, i) => x === input.inputs[i]) ? p : { ...p, input: { ...input, inputs } };
      }
      return p;
    });
  },
};
