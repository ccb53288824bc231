import { aws_ec2 as ec2 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ZoneConfig } from '../config.js'
import type { ExistingRoles } from '../existing-roles.js'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

export type NatInstanceProps = {
  name: Namer
  zone: ZoneConfig
  vpc: ec2.IVpc
  subnet: ec2.ISubnet
  instanceType: string
  ubuntuAmiParameter: string
  roles: ExistingRoles | undefined
}

/**
 * A NAT instance (a NAT gateway costs far more for a lab): Ubuntu with IP forwarding and masquerading for the
 * private subnets only. Its group, `sg-nat`, accepts traffic from the private subnets and nothing else.
 */
export class NatInstance extends Construct {
  readonly instance: ec2.CfnInstance
  readonly securityGroup: ec2.SecurityGroup

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id)
    const { name, zone } = props

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      securityGroupName: name('sg-nat'),
      description: 'NAT instance: forwards traffic from the private subnets to the internet, accepts nothing else',
      allowAllOutbound: true,
    })
    for (const cidr of zone.privateSubnetCidrs) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        ec2.Port.allTraffic(),
        `Forwarding from private subnet ${cidr}`,
      )
    }

    // Forwarding is enabled at boot by a small systemd unit, so it survives reboots without extra packages.
    const userData = ec2.UserData.forLinux()
    userData.addCommands(
      'cat > /etc/sysctl.d/90-nat.conf <<CONF\nnet.ipv4.ip_forward = 1\nCONF',
      'sysctl --system',
      "cat > /usr/local/sbin/parley-nat.sh <<'SCRIPT'",
      '#!/bin/sh',
      'set -e',
      "IFACE=$(ip route show default | awk '{print $5; exit}')",
      ...zone.privateSubnetCidrs.map(
        (cidr) =>
          `iptables -t nat -C POSTROUTING -s ${cidr} -o "$IFACE" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -s ${cidr} -o "$IFACE" -j MASQUERADE`,
      ),
      'SCRIPT',
      'chmod 755 /usr/local/sbin/parley-nat.sh',
      "cat > /etc/systemd/system/parley-nat.service <<'UNIT'",
      '[Unit]',
      'Description=Parley NAT masquerading for the private subnets',
      'After=network-online.target',
      'Wants=network-online.target',
      '[Service]',
      'Type=oneshot',
      'ExecStart=/usr/local/sbin/parley-nat.sh',
      'RemainAfterExit=yes',
      '[Install]',
      'WantedBy=multi-user.target',
      'UNIT',
      'systemctl daemon-reload',
      'systemctl enable --now parley-nat.service',
    )

    // An L1 instance on a named launch template: ec2.Instance always creates an IAM role (even when given an
    // instance profile), and AWS Academy forbids that. The template carries the existing LabInstanceProfile.
    const templateName = name(`lt-nat-zone-${zone.zone}`)
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateName: templateName,
      instanceType: new ec2.InstanceType(props.instanceType),
      machineImage: ec2.MachineImage.fromSsmParameter(props.ubuntuAmiParameter),
      securityGroup: this.securityGroup,
      userData,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/sda1', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
      ...(props.roles ? { instanceProfile: props.roles.instanceProfile } : {}),
    })
    this.instance = new ec2.CfnInstance(this, 'Instance', {
      // By name (a literal), so that cdk-nag can follow the instance to its template's encrypted volume.
      launchTemplate: { launchTemplateName: templateName, version: launchTemplate.latestVersionNumber },
      subnetId: props.subnet.subnetId,
      sourceDestCheck: false,
      monitoring: true,
      tags: [{ key: 'Name', value: name(`nat-zone-${zone.zone}`) }],
    })
    // (The version GetAtt already orders the instance after its template.)
    acknowledge(
      this.instance,
      'AwsSolutions-EC29',
      'The NAT instance is stateless and replaceable; termination protection would block the one-command teardown.',
    )
    acknowledge(this.instance, 'W3010', 'The seed places the public subnet, and so the NAT instance, in AZ a.')
    new ec2.CfnEIP(this, 'Eip', {
      domain: 'vpc',
      instanceId: this.instance.ref,
      tags: [{ key: 'Name', value: name(`eip-nat-zone-${zone.zone}`) }],
    })
  }
}
