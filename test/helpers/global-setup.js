// Runs once before a jest run's test files: makes the folder they share for the run
// (once-per-run.ts keeps there what several files would otherwise each produce, such as
// an example app's `cdk synth`). The workers inherit it through the environment.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  process.env.CDK_GT_TEST_RUN_DIR = mkdtempSync(path.join(tmpdir(), 'cdk-gt-run-'));
};
