// Runs once after a jest run: stops the cfn-lint server and removes the folder the test
// files shared (global-setup.js).
const { rmSync } = require('fs');

module.exports = async function globalTeardown() {
  const pid = Number(process.env.CDK_GT_CFN_LINT_SERVER_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
      // Until this process has reaped it (and the server its lints), so that the run's
      // resource usage counts them.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    } catch {
      // already gone
    }
  }
  const dir = process.env.CDK_GT_TEST_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
