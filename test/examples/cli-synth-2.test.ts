import { describeExamplesOfFile } from './cli-examples';

// The examples whose names hash to file 2 (see cli-examples.ts).
describeExamplesOfFile(2);
