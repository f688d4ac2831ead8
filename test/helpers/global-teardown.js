// Runs once after a jest run: removes the folder its test files shared (global-setup.js).
const { rmSync } = require('fs');

module.exports = async function globalTeardown() {
  const dir = process.env.CDK_GT_TEST_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
