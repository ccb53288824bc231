#!/usr/bin/env bash
# Tears Parley down in both regions (docs/deploy.md, "Teardown"): every stack, then what the stacks keep on purpose
# or what AWS creates beside them. At the end it lists the two things it leaves, and why.
#
#   infra/aws/scripts/destroy.sh [environment]     (default environment: dev)
set -euo pipefail
cd "$(dirname "$0")/.."

ENVIRONMENT="${1:-dev}"
PREFIX="${PARLEY_PREFIX:-lks-}"
HOME_REGION=us-east-1
PEER_REGION=us-west-2
CONFIG="parley.${ENVIRONMENT}.json"
[ -f "$CONFIG" ] || { echo "no $CONFIG: nothing was deployed from here" >&2; exit 1; }
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
export CDK_DEFAULT_ACCOUNT="$ACCOUNT"
S="${PREFIX}${ENVIRONMENT}"
output() {
  aws cloudformation describe-stacks --region "$2" --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$3'].OutputValue" --output text 2>/dev/null || true
}
known() { [ -n "$1" ] && [ "$1" != "None" ]; }
cdk() { npx cdk --no-notices -c parley="$(cat "$CONFIG")" "$@"; }

pool_id="$(output "${S}-identity" "$HOME_REGION" UserPoolId)"
fs_id="$(output "${S}-zone-a" "$HOME_REGION" FileSystemId)"
vpc_a="$(output "${S}-zone-a" "$HOME_REGION" VpcId)"

# 1. RDS has deletion protection on; turn it off, then CloudFormation can delete it (keeping a final snapshot).
aws rds modify-db-instance --region "$HOME_REGION" --db-instance-identifier "${PREFIX}rds-postgres" \
  --no-deletion-protection --apply-immediately >/dev/null 2>&1 || true

# 2. Every stack, dependents first. CloudFront leaves its VPC-origin security group in zone a's VPC for a while,
#    which blocks deleting the VPC: remove it and try zone a again.
if ! cdk destroy --all --force; then
  if known "$vpc_a"; then
    for sg in $(aws ec2 describe-security-groups --region "$HOME_REGION" \
      --filters "Name=vpc-id,Values=$vpc_a" "Name=group-name,Values=CloudFront-VPCOrigins-Service-SG" \
      --query 'SecurityGroups[].GroupId' --output text); do
      aws ec2 delete-security-group --region "$HOME_REGION" --group-id "$sg" || true
    done
  fi
  cdk destroy --all --force
fi

# 3. Kept by the stacks on purpose, because they hold data: the user pool, the EFS store and its backups, the logs.
if known "$pool_id"; then
  aws cognito-idp update-user-pool --region "$HOME_REGION" --user-pool-id "$pool_id" --deletion-protection INACTIVE \
    --auto-verified-attributes email >/dev/null
  aws cognito-idp delete-user-pool --region "$HOME_REGION" --user-pool-id "$pool_id"
fi
if known "$fs_id"; then
  fs_arn="arn:aws:elasticfilesystem:${HOME_REGION}:${ACCOUNT}:file-system/${fs_id}"
  for point in $(aws backup list-recovery-points-by-resource --region "$HOME_REGION" --resource-arn "$fs_arn" \
    --query 'RecoveryPoints[].RecoveryPointArn' --output text 2>/dev/null); do
    aws backup delete-recovery-point --region "$HOME_REGION" --backup-vault-name aws/efs/automatic-backup-vault \
      --recovery-point-arn "$point" || true
  done
  aws efs delete-file-system --region "$HOME_REGION" --file-system-id "$fs_id"
fi
for region in "$HOME_REGION" "$PEER_REGION"; do
  aws s3 rb "s3://${PREFIX}logs-${region}-${ACCOUNT}" --force --region "$region" 2>/dev/null || true
done

# 4. Made by AWS beside the stacks: RDS's own log group, and the secrets Secrets Manager keeps for 7–30 days after
#    their stack goes (their names would block the next deploy).
aws logs delete-log-group --region "$HOME_REGION" --log-group-name "/aws/rds/instance/${PREFIX}rds-postgres/postgresql" \
  2>/dev/null || true
for secret in "${PREFIX}rds-credentials" "${PREFIX}web-session-secret"; do
  aws secretsmanager delete-secret --region "$HOME_REGION" --secret-id "$secret" --force-delete-without-recovery \
    >/dev/null 2>&1 || true
done

echo
echo "Left on purpose:"
echo "- the final snapshot of ${PREFIX}rds-postgres (the conversations): aws rds describe-db-snapshots --region $HOME_REGION"
echo "  --snapshot-type manual; delete it with aws rds delete-db-snapshot when it is no longer needed;"
echo "- the CDK asset buckets cdk-hnb659fds-assets-${ACCOUNT}-{${HOME_REGION},${PEER_REGION}}, which other CDK apps in"
echo "  the account share: aws s3 rb s3://cdk-hnb659fds-assets-${ACCOUNT}-<region> --force when none uses them."
