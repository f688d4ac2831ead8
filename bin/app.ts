#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultEnvironment } from './default-environment';
import { settingsFromContext } from './environment-context';

const app = new App();
// Every finding of cdk-nag's AwsSolutions pack fails the synth unless acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// Domain, zone, issuer and images come from context (-c domainName=... or a gatewayTopology
// block in cdk.context.json); without them the placeholders synthesize with no account.
defaultEnvironment(app, settingsFromContext(app.node));
app.synth();
