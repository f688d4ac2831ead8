#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultEnvironment } from './default-environment';

const app = new App();
// Every finding of cdk-nag's AwsSolutions pack fails the synth unless acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
defaultEnvironment(app);
app.synth();
