// Jest runs the longest test files first when it knows their times from an earlier run
// (its cache), and otherwise the largest files first. The slowest files here are small (they
// run the cdk CLI, moto_server, npm or many synths), so on a run without that cache, as on a
// fresh CI machine, they would start last and the run would end waiting on them: this
// sequencer starts them first, by their measured CPU seconds.
const Sequencer = require('@jest/test-sequencer').default;

/** Measured CPU seconds of the slow files, by a pattern of their path. */
const SLOW = [
  // npm installs the package from git: a full dev-dependency install and the build, twice.
  [/\/test\/package\/git-install\.test\.ts$/, 110],
  [/\/test\/gateway\/rest-gateway-sharding\.test\.ts$/, 45],
  [/\/test\/readme\/snippets\.test\.ts$/, 36],
  // The cdk CLI synths of the examples and the default environment, which
  // diagram/examples, diagram/default-environment and openapi/documents then read.
  [/\/test\/examples\/[^/]+\.test\.ts$/, 30],
  [/\/test\/package\/[^/]+\.test\.ts$/, 30],
  [/\/test\/verify\/[^/]*moto[^/]*\.test\.ts$/, 25],
];

const estimate = (path) => (SLOW.find(([pattern]) => pattern.test(path)) ?? [undefined, 0])[1];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    if (tests.some((test) => this.time(test) != null)) return super.sort(tests);
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort((a, b) => estimate(b.path) - estimate(a.path) || size(b) - size(a));
  }
}
module.exports = SlowFirstSequencer;
