// Ends a run with one plain line, "Tests: N passed, N failed[, N skipped]", that tools
// reading test output recognise whatever the runner.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = PlainSummaryReporter;
