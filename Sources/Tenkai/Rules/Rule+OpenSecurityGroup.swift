import TenkaiCore

extension Rule {
    /// Only a load balancer's 80 and 443 may face the whole internet.
    public static let openSecurityGroup = Rule(
        .openSecurityGroup, summary: "Security groups are open to the world only on 80/443 of a load balancer",
        hint: "admit other security groups (Service.connecting(to:)) or known address ranges instead"
    ) { subject in
        switch subject.resource.type {
        case "AWS::EC2::SecurityGroup":
            let isLoadBalancer = loadBalancerGroups(in: subject.template).contains(subject.logicalID)
            return (subject.properties["SecurityGroupIngress"]?.listValue ?? []).compactMap {
                openRule($0, group: subject.logicalID, loadBalancer: isLoadBalancer)
            }
        case "AWS::EC2::SecurityGroupIngress":
            let group = subject.properties["GroupId"]?.referencedLogicalID
            let isLoadBalancer = group.map(loadBalancerGroups(in: subject.template).contains) ?? false
            return [openRule(.map(subject.properties), group: group ?? subject.logicalID, loadBalancer: isLoadBalancer)]
                .compactMap { $0 }
        default:
            return []
        }
    }

    private static func openRule(_ rule: Value, group: String, loadBalancer: Bool) -> String? {
        let world = rule[path: "CidrIp"]?.stringValue == "0.0.0.0/0" || rule[path: "CidrIpv6"]?.stringValue == "::/0"
        guard world else { return nil }
        let from = rule[path: "FromPort"]?.intValue, to = rule[path: "ToPort"]?.intValue
        let protocolName = rule[path: "IpProtocol"]?.stringValue ?? "-1"
        let webPort = protocolName == "tcp" && from == to && (from == 80 || from == 443)
        if webPort && loadBalancer { return nil }
        let ports = protocolName == "-1" ? "all ports" : "\(protocolName) \(from.map(String.init) ?? "?")-\(to.map(String.init) ?? "?")"
        return "\(group) is open to the world on \(ports)" + (webPort ? " but is not a load balancer's group" : "")
    }

    /// Logical IDs of the security groups load balancers of this template use.
    private static func loadBalancerGroups(in template: Template) -> Set<String> {
        var groups: Set<String> = []
        for resource in template.resources.values where resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer" {
            for group in resource.properties["SecurityGroups"]?.listValue ?? [] {
                if let id = group.referencedLogicalID { groups.insert(id) }
            }
        }
        return groups
    }
}
