import TenkaiCore

extension LoadBalancer {
    /// Outputs `tenkai release` reads: the listener whose weights it moves, both target groups,
    /// and the service they belong to.
    func addReleaseOutputs(in stack: inout StackContext, port: Int) {
        let id = logicalID
        stack.output(id + "ReleasePort", .string(String(port)), description: "Container port the target groups send to")
        stack.output(id + "ReleaseListener", .ref(id + "HttpsListener"), description: "Listener a release shifts weights on")
        stack.output(id + "ReleaseBlueTargetGroup", .ref(id + "BlueTargetGroup"), description: "Target group of the serving tasks")
        stack.output(id + "ReleaseGreenTargetGroup", .ref(id + "GreenTargetGroup"), description: "Target group of the next release's tasks")
        stack.output(id + "ReleaseFor", .string(service.logicalID), description: "The service this load balancer fronts")
    }

    /// With ECS driving releases (``Service/ecsManagedDeployment(_:bakeMinutes:alarms:)``): a
    /// production listener rule ECS moves between blue and green, the role it does that with,
    /// and the service's `AdvancedConfiguration` naming both.
    func addECSManagedDeployment(in stack: inout StackContext, containerName: String, port: Int) {
        guard service.ecsDeployment != nil else { return }
        let id = logicalID
        stack.output(id + "ReleaseDrivenBy", "ecs", description: "ECS shifts this service's traffic itself")
        stack.add(id + "ProductionRule", Resource(type: "AWS::ElasticLoadBalancingV2::ListenerRule", properties: [
            "ListenerArn": .ref(id + "HttpsListener"), "Priority": 1,
            "Conditions": [["Field": "path-pattern", "PathPatternConfig": ["Values": ["/*"]]]],
            "Actions": [
                [
                    "Type": "forward",
                    "ForwardConfig": [
                        "TargetGroups": [
                            ["TargetGroupArn": .ref(id + "BlueTargetGroup"), "Weight": 100],
                            ["TargetGroupArn": .ref(id + "GreenTargetGroup"), "Weight": 0],
                        ]
                    ],
                ]
            ],
        ]))
        stack.add(id + "TrafficRole", IAMPolicy.role(
            for: "ecs.amazonaws.com", policyName: "shift-traffic", statements: [],
            managedPolicies: ["AmazonECSInfrastructureRolePolicyForLoadBalancers"]))
        stack.update(service.logicalID) { resource in
            resource.properties["LoadBalancers"] = [
                [
                    "ContainerName": .string(containerName), "ContainerPort": .int(port),
                    "TargetGroupArn": .ref(id + "BlueTargetGroup"),
                    "AdvancedConfiguration": [
                        "AlternateTargetGroupArn": .ref(id + "GreenTargetGroup"),
                        "ProductionListenerRule": .ref(id + "ProductionRule"),
                        "RoleArn": .getAtt(id + "TrafficRole", "Arn"),
                    ],
                ]
            ]
        }
    }
}
