/** The HTTP method a route answers. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
  HEAD = 'HEAD',
  OPTIONS = 'OPTIONS',
  /** Every method; becomes `ANY` on both API flavours. */
  ANY = 'ANY',
}
