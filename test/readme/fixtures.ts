import * as path from 'path';
import { ROOT } from './snippets';

/**
 * Declarations for fragments, by the name a `<!-- snippet: fixture=NAME -->` comment above
 * the fence gives. Each declares, with its type, the names the text around the fragment says
 * the user brings; the fragment brings its own imports. Types are written as `import('...')`
 * so a fixture never clashes with the fragment's own imports.
 */
export const FIXTURES: Record<string, string> = {
  // lib/topology/README.md: "stack is a Stack of your app, certificateArn ..., alarmTopic ..."
  'topology': [
    "declare const stack: import('aws-cdk-lib').Stack;",
    'declare const certificateArn: string;',
    "declare const alarmTopic: import('aws-cdk-lib/aws-sns').ITopic;",
  ].join('\n') + '\n',

  // lib/front-door/README.md: a stack, its VPC, the routes and default authorization of a
  // RestGateway, a second private RestGateway for partners, and an ACM certificate.
  'front-door': [
    "declare const stack: import('aws-cdk-lib').Stack;",
    "declare const vpc: import('aws-cdk-lib/aws-ec2').IVpc;",
    "declare const routes: import('cdk-gateway-topology').Route[];",
    "declare const defaultAuthorization: import('cdk-gateway-topology').Authorization;",
    "declare const partnerApi: import('cdk-gateway-topology').RestGateway;",
    "declare const certificate: import('aws-cdk-lib/aws-certificatemanager').ICertificate;",
  ].join('\n') + '\n',

  // lambda/grpc-translator/README.md: the handler's own configuration types (config.ts),
  // not part of the package's API.
  'translator-config': `import { FieldTransform, TranslatorRoute } from ${JSON.stringify(path.join(ROOT, 'lambda', 'grpc-translator', 'config'))};\n`,
};
