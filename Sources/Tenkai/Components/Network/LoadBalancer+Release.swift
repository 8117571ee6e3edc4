import TenkaiCore

extension LoadBalancer {
    /// Outputs `tenkai release` reads: the listener whose weights it moves, both target groups,
    /// and the service they belong to.
    func addReleaseOutputs(in stack: inout StackContext, port: Int) {
        let id = logicalID
        stack.output(ReleaseOutputs.port(of: id), .string(String(port)), description: "Container port the target groups send to")
        stack.output(ReleaseOutputs.listener(of: id), parts.httpsListener.ref, description: "Listener a release shifts weights on")
        stack.output(ReleaseOutputs.targetGroup(.blue, of: id), parts.targetGroup("Blue").ref, description: "Target group of the serving tasks")
        stack.output(ReleaseOutputs.targetGroup(.green, of: id), parts.targetGroup("Green").ref, description: "Target group of the next release's tasks")
        stack.output(ReleaseOutputs.frontedService(of: id), .string(service.logicalID), description: "The service this load balancer fronts")
    }

    /// With ECS driving releases (``Service/ecsManagedDeployment(_:bakeMinutes:alarms:)``): a
    /// production listener rule ECS moves between blue and green, the role it does that with,
    /// and the service's `AdvancedConfiguration` naming both.
    func addECSManagedDeployment(in stack: inout StackContext, containerName: String, port: Int) {
        guard service.ecsDeployment != nil else { return }
        let id = logicalID
        stack.output(ReleaseOutputs.drivenBy(of: id), "ecs", description: "ECS shifts this service's traffic itself")
        stack.add(parts.productionRule, Resource(type: "AWS::ElasticLoadBalancingV2::ListenerRule", properties: [
            "ListenerArn": parts.httpsListener.ref, "Priority": 1,
            "Conditions": [["Field": "path-pattern", "PathPatternConfig": ["Values": ["/*"]]]],
            "Actions": [
                [
                    "Type": "forward",
                    "ForwardConfig": [
                        "TargetGroups": [
                            ["TargetGroupArn": parts.targetGroup("Blue").ref, "Weight": 100],
                            ["TargetGroupArn": parts.targetGroup("Green").ref, "Weight": 0],
                        ]
                    ],
                ]
            ],
        ]))
        stack.add(parts.trafficRole, IAMPolicy.role(
            for: "ecs.amazonaws.com", policyName: "shift-traffic", statements: [],
            managedPolicies: ["AmazonECSInfrastructureRolePolicyForLoadBalancers"]))
        stack.update(service.logicalID) { resource in
            resource.properties["LoadBalancers"] = [
                [
                    "ContainerName": .string(containerName), "ContainerPort": .int(port),
                    "TargetGroupArn": parts.targetGroup("Blue").ref,
                    "AdvancedConfiguration": [
                        "AlternateTargetGroupArn": parts.targetGroup("Green").ref,
                        "ProductionListenerRule": parts.productionRule.ref,
                        "RoleArn": parts.trafficRole.arn,
                    ],
                ]
            ]
        }
    }
}
