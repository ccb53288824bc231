import type { Template } from 'aws-cdk-lib/assertions'
import { resources } from './synth-app.js'

export type IngressRule = {
  from: number
  to: number
  protocol: string
  cidr?: string
  source?: unknown
  prefixList?: string
}

type Props = Record<string, unknown>

/** Logical id of the security group with this GroupName. */
export function groupId(template: Template, groupName: string): string {
  const found = resources(template).filter(
    ([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties?.GroupName === groupName,
  )
  if (found.length !== 1) throw new Error(`expected one security group named ${groupName}, found ${found.length}`)
  return found[0]![0]
}

const toRule = (p: Props): IngressRule => ({
  from: Number(p.FromPort ?? -1),
  to: Number(p.ToPort ?? -1),
  protocol: String(p.IpProtocol),
  ...(p.CidrIp ? { cidr: String(p.CidrIp) } : {}),
  ...(p.SourceSecurityGroupId ? { source: p.SourceSecurityGroupId } : {}),
  ...(p.SourcePrefixListId ? { prefixList: String(p.SourcePrefixListId) } : {}),
})

/** Every ingress rule of a group: the inline ones and the separate AWS::EC2::SecurityGroupIngress resources. */
export function ingressOf(template: Template, groupName: string): IngressRule[] {
  const id = groupId(template, groupName)
  const group = template.toJSON().Resources[id].Properties as Props
  const inline = ((group.SecurityGroupIngress as Props[] | undefined) ?? []).map(toRule)
  const separate = resources(template)
    .filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress')
    .map(([, r]) => r.Properties ?? {})
    .filter((p) => JSON.stringify(p.GroupId) === JSON.stringify({ 'Fn::GetAtt': [id, 'GroupId'] }))
    .map(toRule)
  return [...inline, ...separate]
}

/** The reference a rule uses for a security group defined in the same template. */
export function ref(template: Template, groupName: string): unknown {
  return { 'Fn::GetAtt': [groupId(template, groupName), 'GroupId'] }
}
