// Ends a run with one plain line, "Tests: N passed, N failed[, N skipped]", that tools
// reading test output recognise whatever the runner, then the run's wall time. A test file
// that failed outside its tests (a hook: the batched cfn-lint run) is counted too.
class PlainSummaryReporter {
  onRunStart() {
    this.started = Date.now();
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.testResults.filter((r) => r.testExecError !== undefined || (r.failureMessage && r.numFailingTests === 0)).length;
    process.stdout.write(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}${broken ? `, ${broken} test files failed outside their tests` : ''}\n`);
    // npm test sets TEST_STARTED_MS before the build, so the figure covers the build too.
    const since = Number(process.env.TEST_STARTED_MS) || results.startTime || this.started;
    const files = results.numTotalTestSuites;
    process.stdout.write(`Wall time: ${((Date.now() - since) / 1000).toFixed(1)} s (${files} test files${process.env.TEST_STARTED_MS ? ', build included' : ''})\n`);
  }
}
module.exports = PlainSummaryReporter;
