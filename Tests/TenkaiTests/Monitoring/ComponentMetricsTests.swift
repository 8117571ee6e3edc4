import Tenkai
import TenkaiCore
import Testing

/// Every component's metrics name its own namespace and point their dimensions at the
/// component's own resources (a literal only where CloudWatch asks for one).
@Suite struct ComponentMetricsTests {
    typealias F = MonitoringFixtures

    /// The logical IDs of the resources the component at `path` created.
    private func ownIDs(_ path: String) throws -> Set<String> {
        let tree = try Fixtures.resolve(F.system()).components
        return Set(try #require(tree.component(path), "no component \(path)").resources.map(\.logicalID))
    }

    /// The logical ID a dimension references, or nil for a literal or a physical name.
    private func referencedID(_ dimension: Metric.Dimension) -> String? {
        if case .value(let value) = dimension.value { return value.referencedLogicalID }
        return nil
    }

    /// Checks the namespace, that every referenced resource is the component's own, and that
    /// the named dimensions are references (the rest literals).
    private func expectOwn(
        _ metrics: [Metric], namespace: String, path: String, referencing referenced: Set<String>,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let own = try ownIDs(path)
        #expect(!metrics.isEmpty, sourceLocation: sourceLocation)
        for metric in metrics {
            #expect(metric.namespace == namespace, "\(metric.name)", sourceLocation: sourceLocation)
            for dimension in metric.dimensions {
                if let id = referencedID(dimension) {
                    #expect(referenced.contains(dimension.name), "\(metric.name): \(dimension.name) should be a literal", sourceLocation: sourceLocation)
                    #expect(own.contains(id), "\(metric.name): \(dimension.name) points at \(id), not at \(path)", sourceLocation: sourceLocation)
                } else {
                    #expect(!referenced.contains(dimension.name), "\(metric.name): \(dimension.name) should reference a resource", sourceLocation: sourceLocation)
                }
            }
            #expect(referenced.isSubset(of: metric.dimensions.map(\.name)), "\(metric.name)", sourceLocation: sourceLocation)
        }
    }

    @Test func functionMetricsAreItsOwnInAWSLambda() throws {
        let jobs = F.jobs
        try expectOwn([jobs.invocations, jobs.errors, jobs.throttles, jobs.duration, jobs.metric("ConcurrentExecutions")],
                      namespace: "AWS/Lambda", path: "shop/app/jobs", referencing: ["FunctionName"])
        #expect(jobs.errors.dimensions == [Metric.Dimension("FunctionName", .value(.ref("JobsFunction")))])
        #expect(jobs.duration.statistic == "Average" && jobs.errors.statistic == "Sum" && jobs.errors.periodSeconds == 300)
    }

    @Test func tableMetricsAreItsOwnInAWSDynamoDB() throws {
        let orders = F.orders
        try expectOwn(
            [orders.consumedReadCapacityUnits, orders.consumedWriteCapacityUnits, orders.readThrottleEvents, orders.writeThrottleEvents],
            namespace: "AWS/DynamoDB", path: "shop/app/orders", referencing: ["TableName"])
    }

    @Test func serviceMetricsAreItsClusterAndService() throws {
        try expectOwn([F.web.cpuUtilization, F.web.memoryUtilization], namespace: "AWS/ECS", path: "shop/app/web",
                      referencing: ["ClusterName", "ServiceName"])
    }

    @Test func loadBalancerMetricsAreItsOwnBalancerAndTargetGroup() throws {
        let lb = F.loadBalancer
        try expectOwn(
            [lb.requests, lb.targetServerErrors, lb.loadBalancerServerErrors, lb.targetResponseTime],
            namespace: "AWS/ApplicationELB", path: "shop/app/front", referencing: ["LoadBalancer"])
        try expectOwn([lb.unhealthyHosts], namespace: "AWS/ApplicationELB", path: "shop/app/front", referencing: ["TargetGroup", "LoadBalancer"])
        #expect(lb.targetResponseTime.statistic == "p99")
    }

    @Test func databaseMetricsAreItsInstance() throws {
        let db = F.db
        try expectOwn([db.cpuUtilization, db.freeStorageSpace, db.databaseConnections], namespace: "AWS/RDS", path: "shop/app/ledger",
                      referencing: ["DBInstanceIdentifier"])
    }

    @Test func appServerMetricsAreTheirGroupsAndTargetGroups() throws {
        let servers = F.servers
        for color in AppServers.Color.allCases {
            try expectOwn([servers.cpuUtilization(of: color)], namespace: "AWS/EC2", path: "shop/app/servers", referencing: ["AutoScalingGroupName"])
            let targets = [servers.unhealthyHosts(of: color), servers.serverErrors(of: color), servers.requests(of: color)]
            for metric in targets {
                // CloudWatch needs the balancer beside a target group: the balancer the servers are behind.
                #expect(metric.dimensions.map(\.name) == ["TargetGroup", "LoadBalancer"])
                let targetGroup = try #require(referencedID(metric.dimensions[0]))
                #expect(targetGroup == servers.logicalID + color.rawValue + "TargetGroup")
                #expect(try ownIDs("shop/app/servers").contains(targetGroup))
                #expect(metric.dimensions[1].value == .value(F.loadBalancer.fullName.value))
            }
        }
        #expect(servers.cpuUtilization(of: .blue) != servers.cpuUtilization(of: .green))
    }

    @Test func restApiMetricsNameTheApiByItsPhysicalName() throws {
        let api = F.api
        for metric in [api.requests, api.clientErrors, api.serverErrors, api.latency] {
            #expect(metric.namespace == "AWS/ApiGateway")
            #expect(metric.dimensions == [
                Metric.Dimension("ApiName", .resourceName("api")), Metric.Dimension("Stage", .value(.string(RestApi.stageName))),
            ])
        }
        #expect(api.metric("Count", stage: nil).dimensions == [Metric.Dimension("ApiName", .resourceName("api"))])
        // The physical name is the API's own `Name`.
        let resolved = try Fixtures.resolve(F.system())
        let restApi = try #require(F.stack("app", of: resolved)?.template.resources[api.logicalID])
        #expect(restApi.properties["Name"] == "shop-dev-api")
    }

    @Test func cdnMetricsAreItsDistributionInTheGlobalRegion() throws {
        try expectOwn([F.cdn.requests, F.cdn.serverErrorRate, F.cdn.clientErrorRate], namespace: "AWS/CloudFront", path: "shop/app/edge",
                      referencing: ["DistributionId"])
        #expect(F.cdn.requests.dimensions.last == Metric.Dimension("Region", .value(.string("Global"))))
    }

    @Test func bucketMetricsAreItsDailyStorage() throws {
        try expectOwn([F.files.sizeBytes, F.files.objectCount], namespace: "AWS/S3", path: "shop/app/files", referencing: ["BucketName"])
        #expect(F.files.sizeBytes.periodSeconds == 86_400)
    }
}
