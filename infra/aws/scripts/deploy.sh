#!/usr/bin/env bash
# Deploys Parley to both regions in dependency order (docs/deploy.md explains each step and what to check after it).
# Needs the AWS CLI signed in to the target account (in AWS Academy, the Learner Lab credentials).
#
#   infra/aws/scripts/deploy.sh [environment]     (default environment: dev)
#
# Settings go in infra/aws/parley.<environment>.json (git-ignored, created on the first run), passed as
# `-c parley=…`. Alarms are mailed to $PARLEY_ALARM_EMAIL when it is set (AWS asks to confirm the subscription).
# Values that cannot cross regions are stack parameters: each step passes the outputs of the previous ones, and the
# CDK CLI keeps them on later deploys.
set -euo pipefail
cd "$(dirname "$0")/.."

ENVIRONMENT="${1:-dev}"
PREFIX="${PARLEY_PREFIX:-lks-}"
HOME_REGION=us-east-1
PEER_REGION=us-west-2
CONFIG="parley.${ENVIRONMENT}.json"
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
export CDK_DEFAULT_ACCOUNT="$ACCOUNT"
S="${PREFIX}${ENVIRONMENT}"
EMAIL="${PARLEY_ALARM_EMAIL:-}"

[ -f "$CONFIG" ] || printf '{"environment":"%s","prefix":"%s","account":"%s"}\n' "$ENVIRONMENT" "$PREFIX" "$ACCOUNT" >"$CONFIG"

output() { # stack region key
  aws cloudformation describe-stacks --region "$2" --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$3'].OutputValue" --output text
}
cdk() { npx cdk --no-notices -c parley="$(cat "$CONFIG")" "$@"; }
deploy() { cdk deploy --require-approval never "$@"; }
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "0. asset buckets (the CLI-credentials synthesizer uploads there; the default bootstrap would create IAM roles)"
for region in "$HOME_REGION" "$PEER_REGION"; do
  bucket="cdk-hnb659fds-assets-${ACCOUNT}-${region}"
  aws s3api head-bucket --bucket "$bucket" 2>/dev/null || aws s3 mb "s3://${bucket}" --region "$region"
done

step "1. identity, zone a (network, EFS, workers), data (RDS), zone b (network; its workers wait for the peering)"
deploy "${S}-identity" "${S}-zone-a" "${S}-data" "${S}-zone-b" \
  --parameters "${S}-zone-a:AlarmEmail=${EMAIL}" --parameters "${S}-zone-b:AlarmEmail=${EMAIL}"
PEER_VPC="$(output "${S}-zone-b" "$PEER_REGION" VpcId)"
PEER_LB="$(output "${S}-zone-b" "$PEER_REGION" LoadBalancerDns)"

step "2. zone a again: the peering connection to zone b and its route"
deploy "${S}-zone-a" --parameters "${S}-zone-a:PeerVpcIdUsWest2=${PEER_VPC}"
PEERING="$(output "${S}-zone-a" "$HOME_REGION" PeeringConnectionUsWest2)"

step "3. the edge: API Gateway + Lambda, gateway and web app instances, CloudFront"
deploy "${S}-edge" --parameters "${S}-edge:PeerLoadBalancerDnsUsWest2=${PEER_LB}" \
  --parameters "${S}-edge:AlarmEmail=${EMAIL}"
API_HOST="$(output "${S}-edge" "$HOME_REGION" ApiHost)"

step "4. both zones: the route back through the peering (zone b's workers start now) and the API host"
deploy "${S}-zone-a" "${S}-zone-b" \
  --parameters "${S}-zone-a:ApiHost=${API_HOST}" \
  --parameters "${S}-zone-b:PeeringConnectionId=${PEERING}" --parameters "${S}-zone-b:ApiHost=${API_HOST}"

echo
echo "Parley is deployed. Web app and gateway: $(output "${S}-edge" "$HOME_REGION" WebUrl)"
echo "Config: infra/aws/${CONFIG}. The workers configure themselves next (about 15 minutes): docs/deploy.md, step 5."
