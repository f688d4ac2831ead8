export * from './errors';

// manifest/: the route manifest each stack's gateways write into the cloud assembly
export * from './manifest/route-manifest';
export * from './manifest/topology-manifest';

// routes/: the route model, one declaration for both API flavours
export * from './routes/http-method';
export * from './routes/route';
export * from './routes/route-path';
export * from './routes/route-target';
export * from './routes/header-value';
export * from './routes/validate-routes';

// auth/: who may call a route
export * from './auth/authorization';
export * from './auth/validate-authorization';
export * from './auth/identity-headers';
export * from './auth/jwt-authorizer-function';

// backends/: what routes reach
export * from './backends/service-backend-interface';
export * from './backends/service-backend';
export * from './backends/listener-backend';
export * from './backends/grpc-service-backend';

// gateway/: API Gateway, HTTP (v2) and REST (v1)
export * from './gateway/shared-vpc-link';
export * from './gateway/http-gateway';
export * from './gateway/rest-endpoint';
export * from './gateway/rest-gateway';
export * from './gateway/rest/route-shard';
export * from './gateway/http/route-shard';

// consumers/: tiers, usage plans and API keys
export * from './consumers/consumer-tier';
export * from './consumers/consumer-plans';

// front-door/: a public load balancer in front of a private REST API
export * from './front-door/front-door-options';
export * from './front-door/alb-front-door';
export * from './front-door/nlb-front-door';

// transform/: REST to gRPC
export * from './transform/grpc-translator';

// observability/
export * from './observability/access-log-format';
export * from './observability/metrics';
export * from './observability/topology-monitoring';

// topology/: the facade
export * from './topology/topology-gateway';
export * from './topology/topology-front-door';
export * from './topology/topology-options';
export * from './topology/gateway-topology';
