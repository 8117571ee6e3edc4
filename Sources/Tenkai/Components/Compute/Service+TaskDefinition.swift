import TenkaiCore

extension Service {
    func addTaskDefinition(cpu: Int, memory: Int, in stack: inout StackContext) {
        var volumes: [Value] = []
        var definitions: [Value] = []
        for container in containers + sidecars {
            var mounts: [Value] = []
            for (index, path) in container.writablePaths.enumerated() {
                let volume = "\(container.name)-scratch-\(index + 1)"
                volumes.append(["Name": .string(volume)])
                mounts.append(["SourceVolume": .string(volume), "ContainerPath": .string(path), "ReadOnly": false])
            }
            definitions.append(containerDefinition(container, mounts: mounts, in: &stack))
        }
        var properties: Fields = [
            "Family": .string(stack.resourceName(name)),
            "Cpu": .string(String(cpu)), "Memory": .string(String(memory)),
            "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
            "RuntimePlatform": ["OperatingSystemFamily": "LINUX", "CpuArchitecture": .string(architecture)],
            "ExecutionRoleArn": parts.executionRole.arn,
            "TaskRoleArn": parts.taskRole.arn,
            "ContainerDefinitions": .list(definitions),
        ]
        if !volumes.isEmpty { properties["Volumes"] = .list(volumes) }
        stack.add(parts.taskDefinition, Resource(type: "AWS::ECS::TaskDefinition", properties: properties))
    }

    private func containerDefinition(_ container: Container, mounts: [Value], in stack: inout StackContext) -> Value {
        var definition: Fields = [
            "Name": .string(container.name),
            "Image": image(of: container, in: &stack),
            "Essential": .bool(container.essential),
            "ReadonlyRootFilesystem": .bool(container.readOnlyRootFilesystem),
        ]
        if let user = container.user { definition["User"] = .string(user) }
        if let reservation = container.memoryReservation { definition["MemoryReservation"] = .int(reservation) }
        if !container.command.isEmpty { definition["Command"] = .list(container.command.map(Value.string)) }
        var ports: [Value] = container.ports.map { ["ContainerPort": .int($0.number), "Protocol": "tcp"] }
        if container.name == "xray-daemon" && container.essential == false {
            ports.append(["ContainerPort": 2000, "Protocol": "udp"])
        }
        if !ports.isEmpty { definition["PortMappings"] = .list(ports) }
        var environment: [Value] = container.environment.map { ["Name": .string($0.name), "Value": $0.value] }
        if container.essential, tracing == .xray {
            environment.append(["Name": "AWS_XRAY_DAEMON_ADDRESS", "Value": "localhost:2000"])
        } else if container.essential, tracing == .openTelemetry {
            environment.append(["Name": "OTEL_EXPORTER_OTLP_ENDPOINT", "Value": "http://localhost:4317"])
        }
        if !environment.isEmpty { definition["Environment"] = .list(environment) }
        if !container.secrets.isEmpty {
            definition["Secrets"] = .list(container.secrets.map { ["Name": .string($0.name), "ValueFrom": $0.source.valueFrom] })
        }
        if !container.dependencies.isEmpty {
            definition["DependsOn"] = .list(container.dependencies.map {
                ["ContainerName": .string($0.container), "Condition": .string($0.condition.rawValue)]
            })
        }
        if !mounts.isEmpty { definition["MountPoints"] = .list(mounts) }
        if let command = container.healthCheck {
            definition["HealthCheck"] = [
                "Command": .list(command.map(Value.string)), "Interval": 15, "Timeout": 5, "Retries": 3, "StartPeriod": 30,
            ]
        }
        definition["LogConfiguration"] = [
            "LogDriver": "awslogs",
            "Options": [
                "awslogs-group": parts.logGroup.ref, "awslogs-region": .region,
                "awslogs-stream-prefix": .string(container.name),
            ],
        ]
        return .map(definition)
    }

    /// The image reference. A repository image is two parameters: `…Image`, the exact reference
    /// (`repo@sha256:…`) `tenkai release` sets and deploys keep, and, while that is empty, the
    /// repository with the `…ImageTag` tag.
    private func image(of container: Container, in stack: inout StackContext) -> Value {
        switch container.image {
        case .registry(let reference):
            return .string(reference)
        case .repository(let repository, let tag):
            let parameter = imageParameter(container) + "Tag"
            let owner = imageOwner(of: container).name
            stack.template.parameters[parameter] = Parameter(
                description: "Image tag of container \(owner) of service \(name), used while no release set an image",
                defaultValue: .string(tag))
            let released = imageParameter(container)
            stack.template.parameters[released] = Parameter(
                description: "Image of container \(owner) of service \(name) (repo@sha256:…); set by tenkai release",
                defaultValue: "")
            stack.condition(released + "Set", .function("Fn::Not", [.equals(.ref(released), "")]))
            return .if(released + "Set", .ref(released), .join("", [repository.uri.value, ":", .ref(parameter)]))
        }
    }

    /// `WebServiceAppImage`: the parameter holding the released image of a repository container.
    /// Containers of the released container's image share its parameters (``imageOwner(of:)``).
    func imageParameter(_ container: Container) -> String {
        logicalID + LogicalID.pascalCase(imageOwner(of: container).name) + "Image"
    }

    func addService(in stack: inout StackContext) {
        var properties: Fields = [
            "ServiceName": .string(stack.resourceName(name)),
            "Cluster": cluster.value,
            "TaskDefinition": parts.taskDefinition.ref,
            "CapacityProviderStrategy": [
                ["CapacityProvider": .string(capacity == .spot ? "FARGATE_SPOT" : "FARGATE"), "Weight": 1]
            ],
            "NetworkConfiguration": [
                "AwsvpcConfiguration": [
                    "AssignPublicIp": "DISABLED",
                    "SecurityGroups": [parts.securityGroup.getAtt("GroupId")],
                    "Subnets": .list(subnets.map(\.value)),
                ]
            ],
            "DeploymentConfiguration": ecsDeployment?.deploymentConfiguration(in: stack) ?? [
                "MinimumHealthyPercent": 100, "MaximumPercent": 200,
                "DeploymentCircuitBreaker": ["Enable": true, "Rollback": true],
            ],
            "DeploymentController": ["Type": "ECS"],
            "EnableECSManagedTags": true,
            "PropagateTags": "SERVICE",
        ]
        // With autoscaling the scaler owns the count: a DesiredCount in the template would reset
        // it to the minimum on every deploy. Without one, CloudFormation starts a new service
        // with 1 task and the scalable target's MinCapacity raises it; updates keep the count.
        if minimumCount == nil { properties["DesiredCount"] = .int(desiredCount) }
        stack.add(resourceID, Resource(type: "AWS::ECS::Service", properties: properties))
    }

    func addScaling(in stack: inout StackContext) {
        guard let minimumCount, let maximumCount else { return }
        if maximumCount < minimumCount {
            stack.report(.error("scaling maximum \(maximumCount) is below the minimum \(minimumCount)"))
            return
        }
        stack.add(parts.scalableTarget, Resource(type: "AWS::ApplicationAutoScaling::ScalableTarget", properties: [
            "MinCapacity": .int(minimumCount), "MaxCapacity": .int(maximumCount),
            "ResourceId": .join("/", ["service", cluster.value, resourceID.getAtt("Name")]),
            "ScalableDimension": "ecs:service:DesiredCount", "ServiceNamespace": "ecs",
        ]))
        stack.add(parts.cpuScaling, Resource(type: "AWS::ApplicationAutoScaling::ScalingPolicy", properties: [
            "PolicyName": .string(stack.resourceName("\(name)-cpu")),
            "PolicyType": "TargetTrackingScaling",
            "ScalingTargetId": parts.scalableTarget.ref,
            "TargetTrackingScalingPolicyConfiguration": [
                "PredefinedMetricSpecification": ["PredefinedMetricType": "ECSServiceAverageCPUUtilization"],
                "TargetValue": .int(targetCPUPercent), "ScaleInCooldown": 120, "ScaleOutCooldown": 60,
            ],
        ]))
    }
}
