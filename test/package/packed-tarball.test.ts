import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { installConsumer, ROOT, synthConsumer } from './consumer';

/**
 * The published package must work in a CDK app of its own: packed with `npm pack`,
 * installed into a fresh folder next to aws-cdk-lib, and synthesized there with plain
 * Node.js, running no bundler and loading the pre-built handler bundles from the package.
 * It ships what a synth loads and no more.
 */
let work: string;
let files: string[];
let app: string;

beforeAll(() => {
  // GIVEN a tarball of the package as `npm run build` (which npm test runs first) left it
  work = mkdtempSync(path.join(tmpdir(), 'cdk-gt-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
  files = packed[0].files.map((f: { path: string }) => f.path);
  // AND a consumer app that installs it with aws-cdk-lib and constructs
  app = path.join(work, 'consumer');
  installConsumer(app, `file:${path.join(work, packed[0].filename)}`);
}, 300_000);

/** The files of the library's own lambda/ modules that loading the built library requires. */
function lambdaModulesLoaded(): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, 'dist', 'lib', 'index.js'))});
    console.log(JSON.stringify(Object.keys(require.cache)))`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  const prefix = path.join(ROOT, 'dist') + path.sep;
  return loaded.filter((f) => f.startsWith(prefix + 'lambda' + path.sep)).map((f) => path.relative(ROOT, f).split(path.sep).join('/')).sort();
}

test('ships the library, the handler bundles, the jsii assembly, the license and the changelog', () => {
  expect(files).toEqual(expect.arrayContaining([
    'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/verify/cli.js', '.jsii', 'LICENSE', 'CHANGELOG.md', 'README.md', 'API.md',
    'assets/lambda/grpc-translator/index.js', 'assets/lambda/jwt-authorizer/index.js',
  ]));
  expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  expect(files.filter((f) => !f.startsWith('node_modules/')).filter((f) => f.startsWith('test/') || f.startsWith('lib/') || f.startsWith('bench/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
});

test('ships of lambda/ only the modules the library loads, never the handlers tsc compiled beside the bundles', () => {
  const shippedJs = files.filter((f) => f.startsWith('dist/lambda/') && f.endsWith('.js')).sort();
  expect(shippedJs).toEqual(lambdaModulesLoaded());
  expect(files.some((f) => /^dist\/lambda\/.*handler\.js$/.test(f))).toBe(false);
  // The verify command is one bundled file: its modules and the AWS SDK are not shipped apart.
  expect(files.filter((f) => f.startsWith('dist/lib/verify/'))).toEqual(['dist/lib/verify/cli.js']);
});

test('bundles the dependencies that are not jsii modules, and nothing else', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect([...pkg.bundledDependencies].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  expect(Object.keys(pkg.dependencies).some((d) => d.startsWith('@aws-sdk/'))).toBe(false);
});

test('the packed tarball synthesizes in a separate CDK app', () => {
  // WHEN it synthesizes with plain node
  const synth = synthConsumer(app);
  // THEN the template holds the gateway, and the function's code is the package's bundle
  expect(synth.resourceTypes).toEqual(expect.arrayContaining(['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Route', 'AWS::Lambda::Function']));
  expect(synth.handlerAssetShipped).toBe(true);
}, 300_000);

test('exports keep the private modules out of reach', () => {
  const run = (code: string) => execFileSync(process.execPath, ['-e', code], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  expect(run("console.log(typeof require('cdk-gateway-topology').GatewayTopology)").trim()).toBe('function');
  expect(run("console.log(require('cdk-gateway-topology/package.json').name)").trim()).toBe('cdk-gateway-topology');
  expect(() => run("require('cdk-gateway-topology/dist/lib/private/assets')")).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

test('a TypeScript app type-checks against the shipped declarations', () => {
  const file = path.join(app, 'app.ts');
  const source = `import { App, Stack } from 'aws-cdk-lib';
import { FieldTransform, GatewayTopology, TopologyErrors, TopologyGateway, TopologyValidationError } from 'cdk-gateway-topology';
const stack = new Stack(new App(), 'Typed');
const edge: GatewayTopology = new GatewayTopology(stack, 'Edge', { gateway: TopologyGateway.http(), routes: [] });
const transform: FieldTransform = FieldTransform.TIMESTAMP_TO_ISO;
const isOurs: boolean = TopologyErrors.isTopologyValidationError(new TopologyValidationError('Edge', { prop: 'routes', received: [], problem: 'empty', fix: 'add one' }));
export { edge, transform, isOurs };
`;
  const host = ts.createCompilerHost({});
  const original = host.readFile;
  host.readFile = (f) => (f === file ? source : original(f));
  host.fileExists = ((exists) => (f: string) => f === file || exists(f))(host.fileExists);
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
    types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], skipLibCheck: false,
  }, host);
  // The diagnostics of every file but aws-cdk-lib's own declarations: checking those (as
  // getPreEmitDiagnostics does) costs more than the rest and finds nothing about this package.
  const ofAwsCdkLib = (f: ts.SourceFile) => f.fileName.includes(`${path.sep}aws-cdk-lib${path.sep}`);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const f of program.getSourceFiles().filter((sf) => !ofAwsCdkLib(sf))) diagnostics.push(...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f));
  const errors = diagnostics.filter((d) => d.file === undefined || !ofAwsCdkLib(d.file));
  expect(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
}, 300_000);
