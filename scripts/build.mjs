#!/usr/bin/env node
// `npm run build`: compiles (and bundles the web UI) into a fresh folder beside dist/ and then puts it in dist/'s place by
// rename, so dist/ is never deleted for the length of a build: a server running from it keeps its
// files, a failed build leaves the last good one, and two builds at once each finish whole.
// Arguments go to tsc, e.g. `node scripts/build.mjs -p tsconfig.json`.
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

process.chdir(join(import.meta.dirname, '..'));
// `dist-*` is ignored by git and lint.
const fresh = `dist-build-${process.pid}`;
const retiredPrefix = `${fresh}-retired-`;

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, ...process.argv.slice(2), '--outDir', fresh], { stdio: 'inherit' });
if (compiled.status !== 0) {
  rmSync(fresh, { recursive: true, force: true });
  process.exit(compiled.status ?? 1);
}
chmodSync(`${fresh}/cli/main.js`, 0o755);

// The web UI (web/) is bundled into <out>/web, which `opsight serve` serves at /.
try {
  const { build } = await import('vite');
  await build({ configFile: 'scripts/vite.config.mjs', build: { outDir: join(process.cwd(), fresh, 'web') } });
} catch (error) {
  rmSync(fresh, { recursive: true, force: true });
  process.stderr.write(`web UI bundle failed: ${error.stack ?? error}\n`);
  process.exit(1);
}

// rename() will not replace a non-empty folder, so the old dist/ steps aside first; dist/ is missing
// only between the two renames. A build finishing at the same moment may take dist/ in between:
// then its dist/ steps aside too, and the last build to finish wins.
for (let attempt = 0; ; attempt++) {
  try {
    renameSync('dist', `${retiredPrefix}${attempt}`);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(fresh, 'dist');
    break;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt >= 10) throw error;
  }
}
for (const name of readdirSync('.')) {
  if (name.startsWith(retiredPrefix)) rmSync(name, { recursive: true, force: true });
}
