/**
 * The bare side of the authorizer bench: jose's `jwtVerify` and `importJWK` and the handler's
 * own verify options, bundled by bench/authorizer.ts with the handler's esbuild options, so
 * that both sides run the same build of jose and differ only by what the handler adds.
 */
export { importJWK, jwtVerify } from 'jose';
export { verifyOptionsOf } from '../lambda/jwt-authorizer/verify-token';
