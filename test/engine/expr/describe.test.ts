import { expect } from 'chai';
import { describeExpr } from '../../../engine/expr/index.js';
import { call, col, lit } from './helpers.js';

describe('describeExpr', () => {
  it('prints readable text', () => {
    const v1 = col(0, 'v1', 'int32');
    const name = col(1, 'name', 'utf8');
    expect(describeExpr(call('add', 'int32', v1, lit(1, 'int32')))).to.equal('(v1 + 1)');
    expect(describeExpr(call('lower', 'utf8', name))).to.equal('lower(name)');
    expect(describeExpr(call('and', 'bool', call('gt', 'bool', v1, lit(2, 'int32')), call('isNotNull', 'bool', name)))).to.equal('((v1 > 2) AND (name IS NOT NULL))');
    expect(describeExpr(call('eq', 'bool', name, lit("it's", 'utf8')))).to.equal("(name = 'it''s')");
    expect(describeExpr({ kind: 'cast', expr: name, type: 'int64' })).to.equal('CAST(name AS int64)');
    expect(describeExpr(call('in', 'bool', v1, lit(1, 'int32'), lit(null, 'null')))).to.equal('(v1 IN (1, NULL))');
    expect(describeExpr({ kind: 'case', type: 'int32', branches: [{ when: call('isNull', 'bool', v1), then: lit(0, 'int32') }], otherwise: v1 })).to.equal('CASE WHEN (v1 IS NULL) THEN 0 ELSE v1 END');
    expect(describeExpr(lit(0, 'date'))).to.equal("DATE '1970-01-01'");
  });
});
