// One synth bench case in its own process, as a user's `cdk synth` runs the app:
//   node --import tsx bench/synth-case.ts ours|anchor http|rest ROUTES
// Prints one JSON line: the assembly's size figures, synthMs (building the constructs and
// `app.synth()`, CDK's validation included; modules are loaded before the clock starts) and peakRssMb (this process's max RSS), or
// {"error": first line of the error} when the app does not synthesize.
import { rmSync } from 'fs';
import { anchorApp, Flavour, gatewayApp, loadLibrary } from './synth-apps';
import { assemblyStats } from './assembly-stats';

const [side, flavour, count] = process.argv.slice(2);
const routes = Number(count);
if (!['ours', 'anchor'].includes(side) || !['http', 'rest'].includes(flavour) || !Number.isInteger(routes) || routes < 1) {
  throw new Error(`usage: synth-case.ts ours|anchor http|rest ROUTES (got ${process.argv.slice(2).join(' ')})`);
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
// Modules load before the clock starts: processMs, measured by the parent, covers them.
if (side === 'ours') loadLibrary();
const MAX_ERROR = 160;
const started = process.hrtime.bigint();
let outdir: string | undefined;
try {
  const app = side === 'ours' ? gatewayApp(flavour as Flavour, routes) : anchorApp(flavour as Flavour, routes);
  outdir = app.outdir;
  const assembly = app.synth();
  const synthMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  console.log(JSON.stringify({ ...assemblyStats(assembly.directory), synthMs, peakRssMb: peakRssMb() }));
} catch (e) {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const first = message.split('\n')[0].trim();
  // CDK's TooManyResourcesInStack line goes on to list every resource type: keep its start.
  console.log(JSON.stringify({ error: first.length > MAX_ERROR ? `${first.slice(0, MAX_ERROR)}...` : first, peakRssMb: peakRssMb() }));
} finally {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
}
