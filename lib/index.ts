export * from './errors';

export * from './routes/http-method';
export * from './routes/route';
export * from './routes/route-path';
export * from './routes/route-target';
export * from './routes/header-value';
export * from './routes/validate-routes';

export * from './auth/authorization';
export * from './auth/validate-authorization';
export * from './auth/identity-headers';

export * from './backends/service-backend-interface';
export * from './gateway/shared-vpc-link';
export * from './observability/access-log-format';
export * from './auth/jwt-authorizer-function';
export * from './backends/service-backend';
export * from './consumers/consumer-tier';
export * from './consumers/consumer-plans';
export * from './gateway/http-gateway';
export * from './gateway/rest-endpoint';
export * from './gateway/rest-gateway';
export * from './backends/listener-backend';
export * from './backends/grpc-service-backend';
export * from './transform/grpc-translator';
export * from './observability/metrics';
export * from './observability/topology-monitoring';
export * from './front-door/front-door-options';
export * from './front-door/alb-front-door';
export * from './front-door/nlb-front-door';
export * from './topology/topology-gateway';
export * from './topology/topology-front-door';
export * from './topology/topology-options';
export * from './topology/gateway-topology';
