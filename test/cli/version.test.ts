/**
 * `rondo --version` (and -v, -V) prints the version of package.json; `rondo --help` lists it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPO, runCli } from './helpers.js';

describe('rondo --version', () => {
  const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

  it('prints "rondo <version>" and exits 0, for --version, -v and -V', async () => {
    for (const flag of ['--version', '-v', '-V']) {
      const r = await runCli([flag]);
      expect(r.code, flag).to.equal(0);
      expect(r.stdout, flag).to.equal(`rondo ${version}\n`);
      expect(r.stderr, flag).to.equal('');
    }
  });

  it('is listed in rondo --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/--version/);
  });
});
