import {
  CfnOutput,
  aws_cloudfront as cloudfront,
  Duration,
  type aws_elasticloadbalancingv2 as elbv2,
  aws_cloudfront_origins as origins,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

export type EdgeDistributionProps = {
  name: Namer
  loadBalancer: elbv2.IApplicationLoadBalancer
  /** Path patterns of the gateway (CloudFront forwards their Authorization header; the web app uses cookies). */
  gatewayPaths: string[]
}

/**
 * The one public address of Parley: a CloudFront distribution (HTTPS on its default *.cloudfront.net name) whose
 * origin is the internal edge load balancer, reached through a VPC origin, so nothing in the VPC is public. Nothing
 * is cached, and responses stream as the origin sends them; CloudFront waits up to 60 s for each piece (its
 * maximum without a quota increase), which a tutor reply on a t2.large CPU stays well within once it has started.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: cloudfront.Distribution

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id)
    const { name } = props
    const origin = origins.VpcOrigin.withApplicationLoadBalancer(props.loadBalancer, {
      vpcOriginName: name('vpc-origin-edge'),
      httpPort: 80,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      readTimeout: Duration.seconds(60),
      keepaliveTimeout: Duration.seconds(60),
    })
    // The gateway authenticates by bearer token: a header CloudFront forwards only when it is part of the cache key.
    // Nothing is kept (TTL 0) unless a response asks for a second at most, and then only for the same token.
    const bearer = new cloudfront.CachePolicy(this, 'BearerPolicy', {
      cachePolicyName: name('cache-bearer'),
      comment: 'Parley gateway: forward Authorization, cache nothing',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
    })
    const behavior = (cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy,
      // The viewer's Host, cookies and query reach the web app, whose Origin checks compare against them.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
      compress: false,
    })
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Parley: web app and gateway (lks-lb-edge through a VPC origin)',
      defaultBehavior: behavior(cloudfront.CachePolicy.CACHING_DISABLED),
      additionalBehaviors: Object.fromEntries(props.gatewayPaths.map((p) => [p, behavior(bearer)])),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    })
    const why: Record<string, string> = {
      'AwsSolutions-CFR1': 'Learners may sign in from any country; there is nothing to restrict by geography.',
      'AwsSolutions-CFR2': 'WAF is a paid add-on a lab account does not have; the gateway rate-limits each user.',
      'AwsSolutions-CFR3': 'Standard logging needs an ACL-enabled bucket; the edge ALB logs every request instead.',
      'AwsSolutions-CFR4':
        'The default *.cloudfront.net certificate cannot set a minimum TLS version; a custom domain can.',
      'AwsSolutions-CFR5': 'The origin is an internal ALB reached through a VPC origin, inside AWS, over HTTP.',
    }
    for (const [rule, reason] of Object.entries(why)) acknowledge(this.distribution, rule, reason)

    new CfnOutput(this, 'WebUrl', {
      key: 'WebUrl',
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'Parley: the web app, and the gateway (/regions, /conversations, /<region>/…) for API clients',
    })
  }
}
