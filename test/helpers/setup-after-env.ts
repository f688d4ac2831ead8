import { flushCfnLint } from './checked-app';

// The templates a test file synthesized with synthChecked are linted in one cfn-lint run
// after its last test: one Python start-up a file instead of one a synth.
afterAll(() => flushCfnLint(), 10 * 60 * 1000);
