#!/usr/bin/env node
import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import { OpenApiAssemblyError, writeAssemblyOpenApi } from '../openapi/write-documents';
import { diagramMain } from '../diagram/cli-diagram';
import { readAssemblyGateways } from './cloud-assembly';
import { formatProbeReport, probeGateway } from './probe';
import { formatReport, jsonReport } from './report';
import { selectGateways, verifyAssembly } from './verify';
import { VerifyUsageError } from './verify-error';

/** Exit codes: everything matches, drift (or a failed probe), a usage or access error. */
export const EXIT_OK = 0;
export const EXIT_DRIFT = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cdk-gateway-topology verify [options]

Compares the APIs deployed in AWS with the route manifests of a cloud assembly.

Options:
  --app <dir>            the cloud assembly to read (default: cdk.out)
  --gateway <name>       only the gateway with this construct path or API name
  --api-id <id>          the deployed API's id, instead of the CloudFormation lookup (one gateway)
  --region <region>      the region (default: the stack's region, else the AWS SDK's chain)
  --endpoint-url <url>   send every AWS call to this endpoint
  --json                 print the report as JSON
  --probe <base-url>     instead: call the API over HTTPS without credentials and check its answers
  --probe-max <n>        at most n probe requests (default 50)
  --probe-timeout <s>    seconds per probe request (default 5); the whole probe stops after 60
  --probe-unsafe         also probe protected POST, PUT, PATCH and DELETE routes
  --ca-bundle <file>     extra CA certificates (PEM) to trust for --probe
  -h, --help             this help

Also: cdk-gateway-topology diagram [--app cdk.out] [--out dir] writes the topology diagrams (see diagram --help).

Credentials come from the AWS SDK's chain (AWS_PROFILE, environment, SSO, instance roles).
Exit status: 0 all match, 1 drift or a failed probe, 2 a usage or access error.

Usage: cdk-gateway-topology openapi [--app <dir>] [--out <dir>]

Writes the OpenAPI 3.1 document of every gateway in the cloud assembly's route manifests
(the files synth writes, <artifactId>.<gateway>.openapi.json) into --out (default: the assembly).`;

/** Runs the CLI; returns the exit code. Never throws: errors are printed as one line. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  const command = argv.includes('openapi') ? 'openapi' : 'verify';
  if (argv[0] === 'diagram') return diagramMain(argv.slice(1), out, err);
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof VerifyUsageError) {
      err.write(`cdk-gateway-topology ${command}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const message = (e as Error)?.message ?? String(e);
    err.write(`cdk-gateway-topology ${command}: unexpected error: ${message.split('\n')[0]} (set CDK_GATEWAY_TOPOLOGY_DEBUG=1 for details)\n`);
    if (process.env.CDK_GATEWAY_TOPOLOGY_DEBUG === '1') err.write(`${(e as Error)?.stack}\n`);
    return EXIT_USAGE;
  }
}

async function run(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'app': { type: 'string', default: 'cdk.out' },
        'gateway': { type: 'string' },
        'api-id': { type: 'string' },
        'region': { type: 'string' },
        'endpoint-url': { type: 'string' },
        'json': { type: 'boolean', default: false },
        'probe': { type: 'string' },
        'probe-max': { type: 'string' },
        'probe-timeout': { type: 'string' },
        'probe-unsafe': { type: 'boolean', default: false },
        'ca-bundle': { type: 'string' },
        'out': { type: 'string' },
        'help': { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new VerifyUsageError(`${(e as Error).message}; see --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (positionals.length === 1 && positionals[0] === 'openapi') {
    let files: string[];
    try {
      files = writeAssemblyOpenApi(values.app!, values.out);
    } catch (e) {
      if (e instanceof OpenApiAssemblyError) throw new VerifyUsageError(e.message);
      throw e;
    }
    for (const file of files) out.write(`${file}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    throw new VerifyUsageError(`unknown command "${positionals.join(' ')}": the commands are \`cdk-gateway-topology verify\` and \`cdk-gateway-topology openapi\`; see --help`);
  }

  if (values.probe !== undefined) {
    const gateways = selectGateways(readAssemblyGateways(values.app!), values.gateway, undefined);
    if (gateways.length > 1) {
      throw new VerifyUsageError(`--probe calls one API but the cloud assembly has ${gateways.length} gateways: add --gateway with one of ${gateways.map((g) => `${g.gateway.constructPath} (${g.gateway.apiName})`).join(', ')}`);
    }
    const report = await probeGateway({
      baseUrl: values.probe,
      gateway: gateways[0].gateway,
      maxRequests: positiveInteger('--probe-max', values['probe-max'], 50),
      timeoutMs: positiveInteger('--probe-timeout', values['probe-timeout'], 5) * 1000,
      includeUnsafe: values['probe-unsafe'],
      ...(values['ca-bundle'] ? { ca: readCaBundle(values['ca-bundle']) } : {}),
    });
    out.write(`${values.json ? JSON.stringify(report, null, 2) : formatProbeReport(report)}\n`);
    return report.failed > 0 ? EXIT_DRIFT : EXIT_OK;
  }

  const tty = (err as NodeJS.WriteStream).isTTY === true;
  const reports = await verifyAssembly({
    app: values.app!,
    gateway: values.gateway,
    apiId: values['api-id'],
    region: values.region,
    endpointUrl: values['endpoint-url'],
    onProgress: tty ? (line) => err.write(`${line}\n`) : undefined,
  });
  out.write(`${values.json ? jsonReport(reports) : formatReport(reports)}\n`);
  return reports.every((r) => r.drift === 0) ? EXIT_OK : EXIT_DRIFT;
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new VerifyUsageError(`${flag} takes a whole number of 1 or more (received "${text}")`);
  return n;
}

function readCaBundle(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new VerifyUsageError(`cannot read --ca-bundle ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
