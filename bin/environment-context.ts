import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct, Node } from 'constructs';

/** What only the user knows about the default environment: names, zone, issuer, images, where. */
export interface DefaultEnvironmentSettings {
  /** The front door's domain name (`-c domainName=api.example.com`). */
  readonly domainName: string;
  /** The Route 53 hosted zone id of the domain (`-c hostedZoneId=Z...`). */
  readonly hostedZoneId: string;
  /** The hosted zone's name (`-c zoneName=example.com`). */
  readonly zoneName: string;
  /** The JWT issuer, https (`-c issuer=https://auth.example.com/`). */
  readonly issuer: string;
  /** The audience tokens must carry (`-c audience=edge-api`). */
  readonly audience: string;
  /** The orders service's image (`-c ordersImage=123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2`). */
  readonly ordersImage: string;
  /** The users service's image (`-c usersImage=...`). */
  readonly usersImage: string;
  /** The gRPC user directory's image (`-c userDirectoryImage=...`). */
  readonly userDirectoryImage: string;
  /** The region (`-c region=eu-west-1`). */
  readonly region: string;
  /** The account, when pinned (`-c account=123456789012`). */
  readonly account?: string;
}

/** The placeholders `npm run synth` uses: the app synthesizes with no account and no context. */
export const PLACEHOLDER_SETTINGS: DefaultEnvironmentSettings = {
  domainName: 'api.example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  zoneName: 'example.com',
  issuer: 'https://auth.example.com/',
  audience: 'edge-api',
  ordersImage: 'public.ecr.aws/nginx/nginx:stable',
  usersImage: 'public.ecr.aws/nginx/nginx:stable',
  userDirectoryImage: 'public.ecr.aws/example/user-directory-grpc:1.0.0',
  region: 'eu-west-1',
};

/** The context key of one block holding every setting (in cdk.context.json or cdk.json). */
export const SETTINGS_CONTEXT_KEY = 'gatewayTopology';

/**
 * The settings from CDK context: each key on its own (`-c issuer=...`) wins over the same key
 * in the `gatewayTopology` block, which wins over the placeholder. Values are checked here so
 * that a typo fails the synth with the key's name, not a deploy an hour later.
 */
export function settingsFromContext(node: Node): DefaultEnvironmentSettings {
  const block = node.tryGetContext(SETTINGS_CONTEXT_KEY) ?? {};
  if (typeof block !== 'object' || Array.isArray(block)) {
    throw new Error(`context "${SETTINGS_CONTEXT_KEY}" must be an object of settings (${Object.keys(PLACEHOLDER_SETTINGS).join(', ')}, account)`);
  }
  const known = [...Object.keys(PLACEHOLDER_SETTINGS), 'account'];
  const unknown = Object.keys(block).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`context "${SETTINGS_CONTEXT_KEY}" has unknown keys ${unknown.join(', ')}: use ${known.join(', ')}`);

  const read = (key: string): string | undefined => {
    const value = node.tryGetContext(key) ?? block[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`context "${key}" must be a non-empty string (received ${JSON.stringify(value)})`);
    return value.trim();
  };
  const settings: DefaultEnvironmentSettings = {
    domainName: read('domainName') ?? PLACEHOLDER_SETTINGS.domainName,
    hostedZoneId: read('hostedZoneId') ?? PLACEHOLDER_SETTINGS.hostedZoneId,
    zoneName: (read('zoneName') ?? PLACEHOLDER_SETTINGS.zoneName).replace(/\.$/, ''),
    issuer: read('issuer') ?? PLACEHOLDER_SETTINGS.issuer,
    audience: read('audience') ?? PLACEHOLDER_SETTINGS.audience,
    ordersImage: read('ordersImage') ?? PLACEHOLDER_SETTINGS.ordersImage,
    usersImage: read('usersImage') ?? PLACEHOLDER_SETTINGS.usersImage,
    userDirectoryImage: read('userDirectoryImage') ?? PLACEHOLDER_SETTINGS.userDirectoryImage,
    region: read('region') ?? PLACEHOLDER_SETTINGS.region,
    ...(read('account') !== undefined ? { account: read('account') } : {}),
  };
  if (!/^https:\/\/[^\s/]+/.test(settings.issuer)) {
    throw new Error(`context "issuer" must be the https URL of the token issuer, such as https://auth.example.com/ (received "${settings.issuer}")`);
  }
  if (settings.domainName !== settings.zoneName && !settings.domainName.endsWith(`.${settings.zoneName}`)) {
    throw new Error(`context "domainName" (${settings.domainName}) must be in the hosted zone "zoneName" (${settings.zoneName}): the certificate is validated and the alias created there`);
  }
  if (!/^Z[A-Z0-9]+$/.test(settings.hostedZoneId)) {
    throw new Error(`context "hostedZoneId" must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (received "${settings.hostedZoneId}")`);
  }
  if (settings.account !== undefined && !/^\d{12}$/.test(settings.account)) {
    throw new Error(`context "account" must be a 12-digit AWS account id (received "${settings.account}")`);
  }
  return settings;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._\/-]+)(?::([\w.-]+)|@(sha256:[a-f0-9]{64}))?$/;

/**
 * The container image for an image reference from context. A private ECR image is imported
 * as a repository, so the task's execution role is granted the pull; any other reference is
 * pulled from its public registry.
 */
export function containerImage(scope: Construct, id: string, image: string): ecs.ContainerImage {
  const match = ECR_IMAGE.exec(image);
  if (!match) return ecs.ContainerImage.fromRegistry(image);
  const [, account, region, name, tag, digest] = match;
  const partition = image.includes('.amazonaws.com.cn/') ? 'aws-cn' : 'aws';
  const repository = ecr.Repository.fromRepositoryAttributes(scope, id, {
    repositoryName: name,
    repositoryArn: `arn:${partition}:ecr:${region}:${account}:repository/${name}`,
  });
  return ecs.ContainerImage.fromEcrRepository(repository, digest ?? tag ?? 'latest');
}
