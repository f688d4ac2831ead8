import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AssemblyGateway, readAssemblyGateways } from './cloud-assembly';
import { CheckResult, compareFacts } from './compare';
import { expectedFacts } from './facts';
import { locateApi } from './locate-api';
import { readHttpApiFacts } from './read-http-api';
import { readRestApiFacts } from './read-rest-api';
import { explainAwsError, VerifyUsageError } from './verify-error';

/** Options of {@link verifyAssembly}. */
export interface VerifyOptions {
  /** The cloud assembly directory. */
  readonly app: string;
  /** The construct path or API name of the one gateway to verify. @default - every gateway */
  readonly gateway?: string;
  /** The deployed API's id, skipping the CloudFormation lookup (one gateway only). @default - looked up */
  readonly apiId?: string;
  /** The region. @default - the stack's region, else the SDK's chain (AWS_REGION, profile) */
  readonly region?: string;
  /** An endpoint for every AWS call (a local emulator, a VPC endpoint). @default - the SDK's */
  readonly endpointUrl?: string;
  /** Called before each API is read. @default - nothing */
  readonly onProgress?: (line: string) => void;
}

/** The verdict on one deployed API. */
export interface ApiReport {
  /** The gateway's construct path. */
  readonly constructPath: string;
  /** HTTP or REST. */
  readonly flavour: string;
  /** The API's name. */
  readonly apiName: string;
  /** The stack. */
  readonly stackName: string;
  /** The region read. */
  readonly region: string;
  /** The deployed API's id. */
  readonly apiId: string;
  /** Every check. */
  readonly results: CheckResult[];
  /** How many checks drifted. */
  readonly drift: number;
}

/** Picks the gateways to verify, failing with a usage error that lists the choices. */
export function selectGateways(all: AssemblyGateway[], gateway: string | undefined, apiId: string | undefined): AssemblyGateway[] {
  const choices = () => all.map((g) => `${g.gateway.constructPath} (${g.gateway.apiName})`).join(', ');
  const selected = gateway === undefined ? all : all.filter((g) => g.gateway.constructPath === gateway || g.gateway.apiName === gateway);
  if (selected.length === 0) throw new VerifyUsageError(`no gateway "${gateway}" in the cloud assembly: use one of ${choices()}`);
  if (apiId !== undefined && selected.length > 1) {
    throw new VerifyUsageError(`--api-id names one API but the cloud assembly has ${selected.length} gateways: add --gateway with one of ${choices()}`);
  }
  return selected;
}

/** Reads every selected gateway's deployed API and compares it with the manifest. */
export async function verifyAssembly(options: VerifyOptions): Promise<ApiReport[]> {
  const gateways = selectGateways(readAssemblyGateways(options.app), options.gateway, options.apiId);
  const clients = new Map<string, { cfn: CloudFormationClient; v1: APIGatewayClient; v2: ApiGatewayV2Client }>();
  const reports: ApiReport[] = [];
  for (const entry of gateways) {
    const region = options.region ?? entry.manifest.stack.region ?? await defaultRegion(options.endpointUrl);
    let c = clients.get(region);
    if (!c) {
      const config = { region, maxAttempts: 5, ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}) };
      c = { cfn: new CloudFormationClient(config), v1: new APIGatewayClient(config), v2: new ApiGatewayV2Client(config) };
      clients.set(region, c);
    }
    const { gateway, manifest } = entry;
    options.onProgress?.(`verifying ${gateway.flavour} API ${gateway.apiName} (${gateway.constructPath}) in ${region} ...`);
    const apiId = options.apiId ?? await locateApi(c.cfn, entry, region);
    const deployed = gateway.flavour === 'HTTP'
      ? await readHttpApiFacts(c.v2, apiId, gateway, region)
      : await readRestApiFacts(c.v1, apiId, gateway, region);
    const results = compareFacts(expectedFacts(gateway), deployed);
    reports.push({
      constructPath: gateway.constructPath, flavour: gateway.flavour, apiName: gateway.apiName, stackName: manifest.stack.stackName,
      region, apiId, results, drift: results.filter((r) => r.status !== 'match').length,
    });
  }
  for (const c of clients.values()) {
    c.cfn.destroy();
    c.v1.destroy();
    c.v2.destroy();
  }
  return reports;
}

/** The region of the SDK's chain (AWS_REGION, AWS_DEFAULT_REGION, the profile), for stacks without one. */
async function defaultRegion(endpointUrl: string | undefined): Promise<string> {
  const client = new CloudFormationClient(endpointUrl ? { endpoint: endpointUrl } : {});
  try {
    return await client.config.region();
  } catch (e) {
    throw explainAwsError(e, { action: 'region lookup', subject: 'the SDK configuration', region: 'no region', whenMissing: '' });
  } finally {
    client.destroy();
  }
}
