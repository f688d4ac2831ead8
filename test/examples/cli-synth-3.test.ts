import { describeExamplesOfFile } from './cli-examples';

// The examples whose names hash to file 3 (see cli-examples.ts).
describeExamplesOfFile(3);
