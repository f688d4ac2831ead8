import * as path from 'path';
import * as protobuf from 'protobufjs';
import { compileProtos, describeProtoProblem } from '../../lib/transform/proto-compiler';

const FIXTURES = path.join(__dirname, 'fixtures');
const USERS_PROTO = path.join(FIXTURES, 'users', 'v1', 'users.proto');

describe('compileProtos', () => {
  test('compiles a service with its imports, keeping the proto field names', () => {
    // PREPARE / ACT
    const result = compileProtos([USERS_PROTO], [FIXTURES]);
    // ASSESS
    if (!('root' in result)) throw new Error(describeProtoProblem(result.problem));
    const user = result.root.lookupType('users.v1.User');
    expect(user.fields.created_at.resolvedType?.fullName).toBe('.google.protobuf.Timestamp');
    expect(result.root.lookupEnum('users.v1.UserStatus').values.USER_STATUS_ACTIVE).toBe(1);
    expect(result.files).toContain(path.join(FIXTURES, 'users', 'v1', 'status.proto'));
  });

  test('keeps google.api.http annotations without vendored google/api files', () => {
    // PREPARE / ACT
    const result = compileProtos([USERS_PROTO], [FIXTURES]);
    // ASSESS
    if (!('root' in result)) throw new Error(describeProtoProblem(result.problem));
    const method = result.root.lookup('users.v1.UserService') as protobuf.Service;
    expect(method.methods.GetUser.parsedOptions).toEqual([{ '(google.api.http)': { get: '/v1/users/{user_id}' } }]);
  });

  test('reports a syntax error with the file and the line', () => {
    // PREPARE
    const file = path.join(FIXTURES, 'broken', 'syntax-error.proto');
    // ACT
    const result = compileProtos([file]);
    // ASSESS
    expect(result).toEqual({ problem: { file, line: 7, kind: 'syntax', message: "illegal id '='" } });
    expect(describeProtoProblem((result as any).problem)).toBe(`${file}:7: illegal id '='`);
  });

  test('reports an unresolvable type with the file that uses it', () => {
    // PREPARE
    const file = path.join(FIXTURES, 'broken', 'unknown-type.proto');
    // ACT
    const result = compileProtos([file]);
    // ASSESS
    expect('problem' in result && result.problem.file).toBe(file);
    expect('problem' in result && result.problem.message).toMatch(/NoSuchType.*broken\.v1\.Holder\.value/);
  });

  test('reports a missing import with the importing file', () => {
    // PREPARE / ACT
    const result = compileProtos([USERS_PROTO], []);
    // ASSESS
    expect(result).toEqual({ problem: { file: USERS_PROTO, kind: 'import', message: expect.stringContaining('import "users/v1/status.proto" not found') } });
  });

  test('does not leak the parser\'s file name into later parses', () => {
    // PREPARE
    compileProtos([path.join(FIXTURES, 'broken', 'syntax-error.proto')]);
    // ACT
    const error = (() => { try { protobuf.parse('message {'); } catch (e) { return (e as Error).message; } return ''; })();
    // ASSESS
    expect(error).not.toContain('syntax-error.proto');
  });
  test.each(['', ' \t'])('refuses the blank file name %j instead of reading the working directory', (file) => {
    // PREPARE / ACT
    const result = compileProtos([USERS_PROTO, file], [FIXTURES]);
    // ASSESS
    expect(result).toEqual({ problem: { file, kind: 'name', index: 1, message: 'a .proto file name must not be empty' } });
  });

  test('refuses a folder given as a file', () => {
    // PREPARE / ACT
    const result = compileProtos([FIXTURES]);
    // ASSESS
    expect(result).toEqual({ problem: { file: FIXTURES, kind: 'not-found', index: 0, message: 'a folder, not a .proto file' } });
  });
});
