/**
 * Runs before each test file. CDK's built-in CloudFormation validation runs on every synth
 * unless `CDK_VALIDATION=false`, and it is the largest part of a small synth's time: it is
 * off here, and on in the files that check it (they call `cdkValidation()` from
 * `checked-app.ts`). cfn-lint still checks every template those synths write.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.AppProps.html#builtincloudformationvalidation
 */
process.env.CDK_VALIDATION = 'false';
