import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mainPackageVersion } from '../../lib/config/package-info.js';
import { serviceVersion } from '../../lib/config/defaults.js';

describe('service.version default: the bot’s own package version', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-version-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from the nearest package.json with a version above the main module', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-bot', version: '4.5.6' }));
    // A versionless package.json (only `type`) in between is not the bot's.
    mkdirSync(join(dir, 'src', 'bot'), { recursive: true });
    writeFileSync(join(dir, 'src', 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'src', 'bot', 'main.js'), '');
    expect(mainPackageVersion(['node', join(dir, 'src', 'bot', 'main.js')])).to.equal('4.5.6');
  });

  it('is undefined without a main module or a package.json, so the library version applies', () => {
    expect(mainPackageVersion(['node'])).to.equal(undefined);
    expect(mainPackageVersion(['node', join(dir, 'missing.js')])).to.equal(undefined);
  });

  it('npm_package_version (npm start) and the explicit option still win', () => {
    const saved = process.env['npm_package_version'];
    try {
      process.env['npm_package_version'] = '7.7.7';
      expect(serviceVersion({})).to.equal('7.7.7');
      expect(serviceVersion({ serviceVersion: '1.0.0' })).to.equal('1.0.0');
      delete process.env['npm_package_version'];
      // Under mocha the main module is mocha's own bin, inside its package.
      expect(serviceVersion({})).to.equal(mainPackageVersion());
    } finally {
      if (saved === undefined) delete process.env['npm_package_version'];
      else process.env['npm_package_version'] = saved;
    }
  });
});
