import Tenkai
import TenkaiCore
import Testing

/// What the component tree says about monitoring: the metrics each component exposes, and
/// every alarm on them, the ones a component adds inside itself included.
@Suite struct ComponentTreeMonitoringTests {
    typealias F = MonitoringFixtures

    /// Namespace, name, statistic and period: what the tree must keep of each metric.
    private func summary(_ metrics: [Metric]) -> [String] {
        metrics.map { "\($0.namespace) \($0.name) \($0.statistic) \($0.periodSeconds)" }
    }

    private func summary(_ metrics: [ComponentTree.Metric]) -> [String] {
        metrics.map { "\($0.namespace) \($0.name) \($0.statistic) \($0.periodSeconds)" }
    }

    @Test func theTreeListsTheMetricsEachComponentExposes() throws {
        let tree = try Fixtures.resolve(F.system()).components
        let exposed: [(String, [Metric])] = [
            ("shop/app/jobs", F.jobs.metrics), ("shop/app/orders", F.orders.metrics), ("shop/app/api", F.api.metrics),
            ("shop/app/ledger", F.db.metrics), ("shop/app/edge", F.cdn.metrics), ("shop/app/files", F.files.metrics),
            ("shop/app/servers", F.servers.metrics),
        ]
        for (path, metrics) in exposed {
            let component = try #require(tree.component(path), "no component \(path)")
            #expect(!metrics.isEmpty && summary(component.metrics) == summary(metrics), "\(path)")
        }
        // A service and its load balancer named alike share a path, and so a list.
        #expect(summary(try #require(tree.component("shop/app/web")).metrics) == summary(F.web.metrics))
        #expect(summary(try #require(tree.component("shop/app/front")).metrics) == summary(F.loadBalancer.metrics))
        #expect(tree.component("shop/app/main")?.metrics == [], "a network emits no metrics of its own")
        #expect(summary(F.servers.metrics).count == 8, "four metrics of each colour")
    }

    @Test func aDimensionIsAResolvedNameOrAReferenceToTheComponentsOwnResource() throws {
        let tree = try Fixtures.resolve(F.system()).components
        let jobs = try #require(tree.component("shop/app/jobs"))
        let errors = try #require(jobs.metrics.first { $0.name == "Errors" })
        #expect(errors.dimensions == [ComponentTree.Metric.Dimension(name: "FunctionName", value: .ref("JobsFunction"))])
        #expect(jobs.resources.map(\.logicalID).contains(try #require(errors.dimensions[0].logicalID)))

        let api = try #require(tree.component("shop/app/api")?.metrics.first { $0.name == "5XXError" })
        #expect(api.dimensions.map(\.value) == ["shop-dev-api", .string(RestApi.stageName)], "the API's name, resolved for dev")
        #expect(api.dimensions.allSatisfy { $0.logicalID == nil })

        let latency = try #require(tree.component("shop/app/front")?.metrics.first { $0.name == "TargetResponseTime" })
        #expect(latency.statistic == "p99")
        #expect(latency.dimensions.first?.value == .getAtt("FrontLoadBalancer", "LoadBalancerFullName"))
        #expect(tree.component("shop/app/files")?.metrics.first?.periodSeconds == 86_400)
    }

    @Test func theAlarmsAComponentAddsInsideItselfAreListedUnderIt() throws {
        let topic = NotificationTopic("alerts")
        let jobs = Function("jobs", runtime: .python313, handler: "jobs.handler", code: .s3(bucket: "artifacts", key: "jobs.zip"))
        let system = System("shop") { _ in
            Stack("app") {
                topic
                jobs.alarms(notify: topic.arn)
                Table("orders", partitionKey: .string("orderId")).alarms(notify: topic.arn)
                RestApi("api") { Route(.get, "/orders", to: jobs, authorization: .none) }.alarms(notify: topic.arn)
            }
        }
        let tree = try Fixtures.resolve(system).components
        #expect(tree.component("shop/app/jobs")?.alarms == [
            ComponentTree.Alarm(stack: "app", logicalID: "JobsFunctionErrorsAlarm", metric: "AWS/Lambda Errors"),
            ComponentTree.Alarm(stack: "app", logicalID: "JobsFunctionThrottlesAlarm", metric: "AWS/Lambda Throttles"),
        ])
        #expect(tree.component("shop/app/orders")?.alarms.map(\.logicalID) == ["OrdersTableReadThrottlesAlarm", "OrdersTableWriteThrottlesAlarm"])
        // Its dimensions are names known before deploy, not references: found by the metric itself.
        #expect(tree.component("shop/app/api")?.alarms == [
            ComponentTree.Alarm(stack: "app", logicalID: "ApiRestApi5xxAlarm", metric: "AWS/ApiGateway 5XXError")
        ])
        #expect(tree.component("shop/app/alerts")?.alarms == [])
    }

    /// A group of components whose table alarms on itself.
    struct Orders: Composite {
        let name = "orders"
        var kind: String { "Orders" }
        let topic: NotificationTopic
        var children: [any Component] { [Table("orders", partitionKey: .string("orderId")).alarms(notify: topic.arn)] }
    }

    @Test func aCompositesChildKeepsItsMetricsAndAlarmsUnderTheCompositesPath() throws {
        let topic = NotificationTopic("alerts")
        let tree = try Fixtures.resolve(System("shop") { _ in Stack("data") { topic; Orders(topic: topic) } }).components
        let table = try #require(tree.component("shop/data/orders/orders"))
        #expect(table.metrics.map(\.name) == ["ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ReadThrottleEvents", "WriteThrottleEvents"])
        #expect(table.alarms.map(\.logicalID) == ["OrdersTableReadThrottlesAlarm", "OrdersTableWriteThrottlesAlarm"])
        #expect(tree.component("shop/data/orders")?.metrics == [], "the composite itself emits nothing")
    }

    @Test func anAlarmOnAnAPIsMetricInAnotherStackIsListedUnderTheAPINotUnderItself() throws {
        let system = F.system {
            Alarm("api-latency", on: F.api.latency, threshold: 1_000)
            Alarm("api-all-stages", on: F.jobs.errors, threshold: 0)
        }
        let tree = try Fixtures.resolve(system).components
        #expect(tree.component("shop/app/api")?.alarms == [
            ComponentTree.Alarm(stack: "monitoring", logicalID: "ApiLatencyAlarm", metric: "AWS/ApiGateway Latency")
        ])
        #expect(tree.component("shop/monitoring/api-latency")?.alarms == [], "an alarm does not watch itself")
        #expect(tree.component("shop/app/jobs")?.alarms.map(\.logicalID) == ["ApiAllStagesAlarm"])
    }
}
