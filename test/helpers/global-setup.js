// Runs once before a jest run's test files, in jest's own process; the workers inherit what
// it sets through the environment.
// - A folder the test files share for the run (once-per-run.ts keeps there what several
//   files would otherwise each produce, such as an example app's `cdk synth`).
// - A cfn-lint server (cfn-lint-server.py): one Python start-up and cfn-lint import for the
//   run instead of one per lint. checked-app.ts lints through it when it is up, and runs the
//   cfn-lint command otherwise.
const { execFileSync, spawn } = require('child_process');
const { accessSync, constants, mkdtempSync, openSync, readFileSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const run = mkdtempSync(path.join(tmpdir(), 'cdk-gt-run-'));
  process.env.CDK_GT_TEST_RUN_DIR = run;
  startCfnLintServer(run);
};

function startCfnLintServer(run) {
  const python = cfnLintPython();
  if (python === undefined) return;
  const socket = path.join(run, 'cfn-lint.sock');
  const log = openSync(path.join(run, 'cfn-lint-server.log'), 'a');
  const server = spawn(python, [path.join(__dirname, 'cfn-lint-server.py'), socket], { stdio: ['ignore', log, log] });
  server.unref();
  process.env.CDK_GT_CFN_LINT_SOCKET = socket;
  process.env.CDK_GT_CFN_LINT_SERVER_PID = String(server.pid);
}

/** The Python interpreter of the `cfn-lint` command on the PATH, so that the server runs the same cfn-lint. */
function cfnLintPython() {
  let bin = onPath('cfn-lint');
  if (bin === undefined) return undefined;
  if (/pyenv"?\s+exec\b/.test(readFileSync(bin, 'utf8'))) {
    try {
      bin = execFileSync('pyenv', ['which', 'cfn-lint'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return undefined;
    }
  }
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(readFileSync(bin, 'utf8').split('\n')[0]);
  if (!shebang) return undefined;
  const interpreter = path.basename(shebang[1]) === 'env' ? shebang[2] : shebang[1];
  return interpreter && /python/.test(path.basename(interpreter)) ? interpreter : undefined;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
