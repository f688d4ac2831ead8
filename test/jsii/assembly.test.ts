import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { ClassType, EnumType, InterfaceType, TypeSystem } from 'jsii-reflect';
import * as ts from 'typescript';

/**
 * The jsii assembly that `npm run build` writes (`.jsii`) holds the whole public API the
 * TypeScript entry point exports: every construct with its props, every struct with all of
 * its properties, every enum with all of its members, and every enum-like class with all of
 * its static factories. What TypeScript alone can use is marked `@jsii ignore` in the source.
 */
const ROOT = path.join(__dirname, '..', '..');
const PKG = 'cdk-gateway-topology';

interface Declared {
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly members: string[];
  readonly statics: string[];
}

/** The classes, interfaces and enums lib/index.ts exports, as TypeScript sees them. */
function declaredApi(): Declared[] {
  const program = ts.createProgram([path.join(ROOT, 'lib', 'index.ts')], { strict: true, skipLibCheck: true, noEmit: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'lib', 'index.ts'))!)!;
  const api: Declared[] = [];
  for (const exported of checker.getExportsOfModule(entry)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const ignored = ts.getJSDocTags(decl).some((t) => t.tagName.text === 'jsii' && String(t.comment ?? '').trim().startsWith('ignore'));
    if (ignored) continue;
    const isPublic = (s: ts.Symbol) => !s.name.startsWith('_') && !s.name.startsWith('#')
      && !(s.declarations ?? []).some((d) => (ts.getCombinedModifierFlags(d as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0
        || ts.getJSDocTags(d).some((t) => t.tagName.text === 'jsii' || t.tagName.text === 'internal'));
    if (ts.isClassDeclaration(decl)) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const statics = checker.getTypeOfSymbolAtLocation(symbol, decl);
      api.push({
        name: symbol.name, kind: 'class',
        members: checker.getPropertiesOfType(instance).filter(isPublic).map((s) => s.name),
        statics: checker.getPropertiesOfType(statics).filter(isPublic).filter((s) => s.name !== 'prototype').map((s) => s.name),
      });
    } else if (ts.isInterfaceDeclaration(decl)) {
      api.push({ name: symbol.name, kind: 'interface', members: checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).filter(isPublic).map((s) => s.name), statics: [] });
    } else if (ts.isEnumDeclaration(decl)) {
      api.push({ name: symbol.name, kind: 'enum', members: decl.members.map((m) => m.name.getText()), statics: [] });
    }
  }
  return api;
}

let typeSystem: TypeSystem;
let api: Declared[];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, '.jsii'))) throw new Error('the .jsii assembly is missing: run "npm run build" first (npm test does)');
  typeSystem = new TypeSystem();
  // aws-cdk-lib's assembly uses intersection types, which a reader must opt into.
  await typeSystem.load(ROOT, { validate: false, supportedFeatures: ['intersection-types'] });
  api = declaredApi();
}, 120_000);

function jsiiType(name: string) {
  return typeSystem.tryFindFqn(`${PKG}.${name}`);
}

test('the assembly is the package at its version, for every target the package names', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const assembly = typeSystem.findAssembly(PKG);
  expect(assembly.version).toBe(pkg.version);
  expect(Object.keys(assembly.targets ?? {}).sort()).toEqual(['dotnet', 'go', 'java', 'js', 'python']);
  expect(api.length).toBeGreaterThan(100);
});

test('every exported class, interface and enum is in the assembly', () => {
  const missing = api.filter((d) => jsiiType(d.name) === undefined).map((d) => d.name);
  expect(missing).toEqual([]);
});

test('every construct is a construct in the assembly, with its props struct complete', () => {
  const construct = typeSystem.findFqn('constructs.Construct');
  const constructs = api.filter((d) => d.kind === 'class' && (jsiiType(d.name) as ClassType).extends(construct));
  expect(constructs.map((c) => c.name)).toEqual(expect.arrayContaining([
    'GatewayTopology', 'HttpGateway', 'RestGateway', 'AlbFrontDoor', 'NlbFrontDoor', 'ServiceBackend', 'ListenerBackend',
    'GrpcServiceBackend', 'GrpcTranslator', 'JwtAuthorizerFunction', 'TopologyMonitoring', 'ConsumerPlans',
  ]));
  for (const c of constructs) {
    const cls = jsiiType(c.name) as ClassType;
    // A construct built only by static factories (ListenerBackend) has no public initializer.
    if (!cls.initializer) {
      expect([c.name, c.statics.length]).not.toEqual([c.name, 0]);
      continue;
    }
    const params = cls.initializer.parameters;
    expect([c.name, params.slice(0, 2).map((p) => p.name)]).toEqual([c.name, ['scope', 'id']]);
    const props = params[2]?.type.fqn;
    if (props) expect([c.name, props]).toEqual([c.name, `${PKG}.${c.name}Props`]);
  }
});

test('every struct and interface has all of its properties, inherited ones too', () => {
  for (const d of api.filter((x) => x.kind === 'interface')) {
    const iface = jsiiType(d.name) as InterfaceType;
    expect([d.name, [...Object.keys(iface.getProperties(true)), ...Object.keys(iface.getMethods(true))].sort()]).toEqual([d.name, [...d.members].sort()]);
  }
});

test('every enum has all of its members', () => {
  for (const d of api.filter((x) => x.kind === 'enum')) {
    expect([d.name, (jsiiType(d.name) as EnumType).members.map((m) => m.name).sort()]).toEqual([d.name, [...d.members].sort()]);
  }
});

test('every class keeps its public members, and every enum-like class its static factories', () => {
  for (const d of api.filter((x) => x.kind === 'class')) {
    const cls = jsiiType(d.name) as ClassType;
    const members = [...Object.values(cls.getProperties(true)), ...Object.values(cls.getMethods(true))];
    const instance = members.filter((m) => !m.static).map((m) => m.name);
    const statics = members.filter((m) => m.static).map((m) => m.name);
    expect([d.name, d.members.filter((m) => !instance.includes(m))]).toEqual([d.name, []]);
    expect([d.name, d.statics.filter((m) => !statics.includes(m))]).toEqual([d.name, []]);
  }
  const enumLike = api.filter((d) => d.kind === 'class' && d.statics.length > 0).map((d) => d.name);
  expect(enumLike).toEqual(expect.arrayContaining(['Authorization', 'RouteTarget', 'TopologyGateway', 'TopologyFrontDoor', 'RestEndpoint', 'HeaderValue', 'GrpcDiscovery', 'TopologyErrors']));
});

test('the validation error is TypeScript\'s alone, and TopologyErrors recognises its message', () => {
  expect(jsiiType('TopologyValidationError')).toBeUndefined();
  const errors = jsiiType('TopologyErrors') as ClassType;
  expect(Object.keys(errors.getMethods()).sort()).toEqual(['isTopologyValidationError', 'parseValidationMessage']);
});

test('every construct and every static factory has an @example, which API.md shows', () => {
  const construct = typeSystem.findFqn('constructs.Construct');
  const missing: string[] = [];
  for (const d of api.filter((x) => x.kind === 'class')) {
    const cls = jsiiType(d.name) as ClassType;
    if (cls.extends(construct) && cls.initializer && !cls.docs.example) missing.push(d.name);
    for (const method of Object.values(cls.getMethods(false))) {
      if (method.static && !method.docs.example) missing.push(`${d.name}.${method.name}`);
    }
  }
  expect(missing).toEqual([]);
});
