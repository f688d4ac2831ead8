import { closeSvgRenderer } from '../../lib/diagram/render-svg';
import { flushCfnLint } from './checked-app';

// The templates a test file synthesized with synthChecked are linted in one cfn-lint run
// after its last test: one Python start-up a file instead of one a synth.
afterAll(() => flushCfnLint(), 10 * 60 * 1000);

// A synth that writes a topology diagram starts a Graphviz worker thread, and each test file
// has modules of its own, so without this every file would leave one more idle thread (with
// its WebAssembly memory) in the jest worker, all of them to be stopped when it exits.
afterAll(() => closeSvgRenderer());
