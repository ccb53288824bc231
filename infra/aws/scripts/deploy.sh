#!/usr/bin/env bash
# Deploys Parley to both regions in the order the cross-region values need, wiring each stack's outputs into the
# next deploy (docs/deploy.md explains each step). Needs the AWS CLI signed in to the target account.
#
#   infra/aws/scripts/deploy.sh [environment]     (default environment: dev)
#
# The growing config is kept in infra/aws/parley.<environment>.json (git-ignored) and passed as `-c parley=…`;
# put any other setting there (prefix, counts, lbAllowedCidrs …) before the first run.
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

[ -f "$CONFIG" ] || printf '{"environment":"%s","prefix":"%s","account":"%s"}\n' "$ENVIRONMENT" "$PREFIX" "$ACCOUNT" >"$CONFIG"

# Sets a key of the config JSON (a dotted path) to a string value.
set_config() {
  node -e '
    const fs = require("node:fs"); const [file, path, value] = process.argv.slice(1)
    const cfg = JSON.parse(fs.readFileSync(file, "utf8")); let o = cfg; const keys = path.split(".")
    for (const k of keys.slice(0, -1)) o = o[k] ??= {}
    o[keys.at(-1)] = value; fs.writeFileSync(file, JSON.stringify(cfg, null, 2) + "\n")
  ' "$CONFIG" "$1" "$2"
}
output() { # stack region key
  aws cloudformation describe-stacks --region "$2" --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$3'].OutputValue" --output text
}
cdk() { npx cdk --no-notices -c parley="$(cat "$CONFIG")" "$@"; }

# 0. The asset buckets the CLI-credentials synthesizer uploads to (the default bootstrap would create IAM roles).
for region in "$HOME_REGION" "$PEER_REGION"; do
  bucket="cdk-hnb659fds-assets-${ACCOUNT}-${region}"
  aws s3api head-bucket --bucket "$bucket" 2>/dev/null || aws s3 mb "s3://${bucket}" --region "$region"
done

# 1. The home region: identity, zone a, data, edge (the us-west-2 parts are left out until wired).
cdk deploy --require-approval never "${S}-identity" "${S}-zone-a" "${S}-data" "${S}-edge"
set_config wiring.userPoolId "$(output "${S}-identity" "$HOME_REGION" UserPoolId)"
set_config wiring.userPoolClientId "$(output "${S}-identity" "$HOME_REGION" UserPoolClientId)"

# 2. Zone b, whose entry trusts the home user pool.
cdk deploy --require-approval never "${S}-zone-b"
set_config "wiring.peerVpcIds.${PEER_REGION}" "$(output "${S}-zone-b" "$PEER_REGION" VpcId)"
set_config "wiring.regionalApiUrls.${PEER_REGION}" "$(output "${S}-zone-b" "$PEER_REGION" RegionalApiUrl)"

# 3. Zone a again (the peering and its route) and the edge again (the /us-west-2/ route).
cdk deploy --require-approval never "${S}-zone-a" "${S}-edge"
set_config "wiring.peeringConnectionIds.${PEER_REGION}" "$(output "${S}-zone-a" "$HOME_REGION" PeeringConnectionUsWest2)"

# 4. Zone b again: the route back through the peering, so its workers reach EFS.
cdk deploy --require-approval never "${S}-zone-b"

echo "Parley is deployed. API: $(output "${S}-edge" "$HOME_REGION" ApiUrl)"
echo "Web: $(output "${S}-edge" "$HOME_REGION" WebUrl)   config: infra/aws/${CONFIG}"
