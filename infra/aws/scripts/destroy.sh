#!/usr/bin/env bash
# Tears Parley down in both regions (docs/deploy.md, "Teardown"), including what the stacks keep on delete:
# the user pool, the EFS file system, the log buckets and the database's final snapshot.
#
#   infra/aws/scripts/destroy.sh [environment]     (default environment: dev)
set -euo pipefail
cd "$(dirname "$0")/.."

ENVIRONMENT="${1:-dev}"
PREFIX="${PARLEY_PREFIX:-lks-}"
CONFIG="parley.${ENVIRONMENT}.json"
[ -f "$CONFIG" ] || { echo "no $CONFIG: nothing was deployed from here" >&2; exit 1; }
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
export CDK_DEFAULT_ACCOUNT="$ACCOUNT"
S="${PREFIX}${ENVIRONMENT}"
output() {
  aws cloudformation describe-stacks --region "$2" --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$3'].OutputValue" --output text 2>/dev/null || true
}

pool_id="$(output "${S}-identity" us-east-1 UserPoolId)"
fs_id="$(output "${S}-data" us-east-1 FileSystemId)"

# RDS has deletion protection on; turn it off first, then CloudFormation can delete it (keeping a final snapshot).
aws rds modify-db-instance --region us-east-1 --db-instance-identifier "${PREFIX}rds-postgres" \
  --no-deletion-protection --apply-immediately >/dev/null 2>&1 || true

npx cdk --no-notices -c parley="$(cat "$CONFIG")" destroy --all --force

# Retained on purpose (they hold data): delete them now.
if [ -n "$pool_id" ] && [ "$pool_id" != "None" ]; then
  aws cognito-idp update-user-pool --region us-east-1 --user-pool-id "$pool_id" --deletion-protection INACTIVE \
    --auto-verified-attributes email >/dev/null
  aws cognito-idp delete-user-pool --region us-east-1 --user-pool-id "$pool_id"
fi
if [ -n "$fs_id" ] && [ "$fs_id" != "None" ]; then
  aws efs delete-file-system --region us-east-1 --file-system-id "$fs_id"
fi
for region in us-east-1 us-west-2; do
  bucket="${PREFIX}logs-${region}-${ACCOUNT}"
  aws s3 rb "s3://${bucket}" --force --region "$region" 2>/dev/null || true
done
echo "Left for you to decide: the final RDS snapshot (aws rds describe-db-snapshots --region us-east-1)"
echo "and the CDK asset buckets cdk-hnb659fds-assets-${ACCOUNT}-<region>."
