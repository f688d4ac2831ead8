import * as path from 'path';
import { parseArgs } from 'util';
import { writeAssemblyDiagrams } from './from-assembly';

const USAGE = `Usage: cdk-gateway-topology diagram [options]

Writes the topology diagram of every stack of a cloud assembly: <stack>.topology.svg
(laid out by Graphviz) and <stack>.topology.mmd (a Mermaid flowchart), from the route
manifests synth wrote.

Options:
  --app <dir>    the cloud assembly to read (default: cdk.out)
  --out <dir>    where to write the files (default: beside each route manifest)
  -h, --help     this help

Exit status: 0 written, 2 a usage error or an assembly with nothing to draw.`;

/** Runs `cdk-gateway-topology diagram`; returns the exit code. Never throws. */
export function diagramMain(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        app: { type: 'string', default: 'cdk.out' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"; see --help`);
    for (const diagram of writeAssemblyDiagrams(values.app!, values.out)) {
      out.write(`${diagram.artifactId}: ${diagram.nodes} parts, ${diagram.edges} connections\n`);
      out.write(`  ${path.relative(process.cwd(), diagram.files.svg) || diagram.files.svg}\n`);
      out.write(`  ${path.relative(process.cwd(), diagram.files.mermaid) || diagram.files.mermaid}\n`);
    }
    return 0;
  } catch (e) {
    err.write(`cdk-gateway-topology diagram: ${((e as Error)?.message ?? String(e)).split('\n')[0]}\n`);
    return 2;
  }
}
