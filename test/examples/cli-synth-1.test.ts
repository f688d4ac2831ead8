import { describeExamplesOfFile } from './cli-examples';

// The examples whose names hash to file 1 (see cli-examples.ts).
describeExamplesOfFile(1);
