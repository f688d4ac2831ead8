/** Where an injected header's value comes from. */
export enum HeaderValueType {
  /** A claim of the verified JWT (JWT and Cognito authorization). */
  CLAIM = 'CLAIM',
  /** A key of the Lambda authorizer's context. */
  AUTHORIZER_CONTEXT = 'AUTHORIZER_CONTEXT',
  /** A `$context` variable of the gateway (`requestId`, `identity.sourceIp`). */
  CONTEXT_VARIABLE = 'CONTEXT_VARIABLE',
  /** A fixed value. */
  LITERAL = 'LITERAL',
  /** No value: the client's header is removed before the request reaches the backend. */
  REMOVE = 'REMOVE',
}

/**
 * The value a gateway writes into a backend request header. The gateway always overwrites
 * (never appends), so a header of the same name sent by the client cannot reach the backend.
 */
export class HeaderValue {
  /**
   * A claim of the verified token (`sub`, `email`), read by a parameter mapping: its name holds
   * letters, digits, "." and "_" (REST also takes "-"), so `custom:tenant_id` must come through
   * a Lambda authorizer's context ({@link HeaderValue.authorizerContext}).
   *
   * @example
   * HeaderValue.claim('sub')
   */
  public static claim(name: string): HeaderValue {
    return new HeaderValue(HeaderValueType.CLAIM, name);
  }

  /**
   * A key the Lambda authorizer put in its context, of letters, digits and "_".
   *
   * @example
   * HeaderValue.authorizerContext('tenantId')
   */
  public static authorizerContext(key: string): HeaderValue {
    return new HeaderValue(HeaderValueType.AUTHORIZER_CONTEXT, key);
  }

  /**
   * A gateway context variable, named without `$context.` (`requestId`).
   *
   * @example
   * HeaderValue.contextVariable('requestId')
   */
  public static contextVariable(name: string): HeaderValue {
    return new HeaderValue(HeaderValueType.CONTEXT_VARIABLE, name);
  }

  /**
   * A fixed value.
   *
   * @example
   * HeaderValue.literal('v2')
   */
  public static literal(value: string): HeaderValue {
    return new HeaderValue(HeaderValueType.LITERAL, value);
  }

  /**
   * Removes the client's header; used for identity headers on public routes. HttpGateway
   * removes it; REST integrations cannot, so RestGateway refuses it in a route's
   * injectHeaders (and writes a fixed "anonymous" in place of a public route's identity headers).
   *
   * @example
   * HeaderValue.remove()
   */
  public static remove(): HeaderValue {
    return new HeaderValue(HeaderValueType.REMOVE, '');
  }

  private constructor(
    /** Where the value comes from. */
    public readonly type: HeaderValueType,
    /** The claim, key, variable name or literal value. */
    public readonly value: string,
  ) {}
}
