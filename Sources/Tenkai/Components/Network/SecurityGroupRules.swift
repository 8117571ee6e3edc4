import TenkaiCore

/// Security group rules components share.
enum SecurityGroupRules {
    /// An egress rule that matches nothing: a group whose `SecurityGroupEgress` lists only it
    /// loses the default allow-all egress (the same trick as the AWS CDK).
    static let noEgress: Value = [
        "IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "255.255.255.255/32",
        "Description": "no outbound traffic",
    ]
}
