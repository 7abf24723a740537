import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../config';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm run replay:capture [-- FILTER...]

Runs the integration suites (as \`npm test\`, FILTER as there) and saves the history of every
workflow they finished into test/fixtures/histories/<date>-<commit>/, one file per workflow
type and final status. Commit the new folder: \`npm test\` replays every folder there against
the current workflow code, so a change that breaks a recorded run fails CI. Older folders
stay, since histories recorded by older code are exactly what must keep replaying.
`);

runMain(async () => {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'histories', `${new Date().toISOString().slice(0, 10)}-${commit}`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'test.js'), ...process.argv.slice(2)], {
      env: { ...process.env, PROVENANT_CAPTURE_HISTORIES: dir },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  process.stdout.write(`histories saved in ${path.relative(REPO_ROOT, dir)}\n`);
  process.exit(code);
});
