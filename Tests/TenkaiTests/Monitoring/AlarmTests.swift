import Tenkai
import TenkaiCore
import Testing

/// One `Alarm` takes any metric: a component's, a raw resource's, a custom one, or an expression.
@Suite struct AlarmTests {
    typealias F = MonitoringFixtures

    private func resources(_ system: System, stack: String = "monitoring") throws -> [String: Resource] {
        try #require(F.stack(stack, of: try Fixtures.resolve(system))).template.resources
    }

    @Test func anAlarmOnAComponentsMetricInAnotherStackImportsItsDimension() throws {
        let topic = NotificationTopic("alerts")
        let system = F.system {
            topic
            Alarm("jobs-errors", on: F.jobs.errors, threshold: 0).evaluating(2, of: 3).notifying(topic.arn)
        }
        let alarm = try #require(try resources(system)["JobsErrorsAlarm"])
        #expect(alarm.type == "AWS::CloudWatch::Alarm")
        let properties = alarm.properties
        #expect(properties["AlarmName"] == "shop-dev-jobs-errors")
        #expect(properties["AlarmDescription"] == "AWS/Lambda Errors above 0")
        #expect(properties["Namespace"] == "AWS/Lambda" && properties["MetricName"] == "Errors")
        #expect(properties["Dimensions"] == [["Name": "FunctionName", "Value": .importValue("shop-dev-app-JobsFunctionRef")]])
        #expect(properties["Statistic"] == "Sum" && properties["Period"] == 300)
        #expect(properties["ComparisonOperator"] == "GreaterThanThreshold" && properties["Threshold"] == 0)
        #expect(properties["EvaluationPeriods"] == 3 && properties["DatapointsToAlarm"] == 2)
        #expect(properties["TreatMissingData"] == "notBreaching")
        #expect(properties["AlarmActions"] == [.ref("AlertsTopic")] && properties["OKActions"] == [.ref("AlertsTopic")])
    }

    @Test func anAlarmTakesACustomMetricAndARawResourcesMetric() throws {
        let queue = Fixtures.queue("jobs")
        let custom = Metric(namespace: "Shop/Orders", name: "CheckoutFailures", dimensions: [Metric.Dimension("Channel", .value("web"))])
        let depth = Metric(
            namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible",
            dimensions: [Metric.Dimension("QueueName", queue.attribute("QueueName", .name))], statistic: "Maximum", periodSeconds: 60)
        let system = System("shop") { _ in
            Stack("monitoring") {
                queue
                Alarm("checkout-failures", on: custom, comparison: .greaterThanOrEqual, threshold: 10)
                    .titled("checkout failures").treatingMissingData(as: .ignore)
                Alarm("jobs-backlog", on: depth, threshold: 1000).description("more than 1000 jobs waiting")
            }
        }
        let all = try resources(system)
        let failures = try #require(all["CheckoutFailuresAlarm"]).properties
        #expect(failures["Namespace"] == "Shop/Orders")
        #expect(failures["Dimensions"] == [["Name": "Channel", "Value": "web"]])
        #expect(failures["ComparisonOperator"] == "GreaterThanOrEqualToThreshold")
        #expect(failures["AlarmDescription"] == "checkout failures at or above 10")
        #expect(failures["TreatMissingData"] == "ignore")
        #expect(failures["AlarmActions"] == nil, "no topic, no actions")
        let backlog = try #require(all["JobsBacklogAlarm"]).properties
        #expect(backlog["Dimensions"] == [["Name": "QueueName", "Value": .getAtt(queue.logicalID, "QueueName")]])
        #expect(backlog["Statistic"] == "Maximum" && backlog["Period"] == 60)
        #expect(backlog["AlarmDescription"] == "more than 1000 jobs waiting")
    }

    @Test func aPercentileIsAnExtendedStatistic() throws {
        let system = F.system { Alarm("slow", on: F.loadBalancer.targetResponseTime, threshold: 1.5) }
        let slow = try #require(try resources(system)["SlowAlarm"]).properties
        #expect(slow["ExtendedStatistic"] == "p99" && slow["Statistic"] == nil)
        #expect(slow["Threshold"] == 1.5)
    }

    @Test func anAlarmOnMetricMathQueriesEachMetricByItsID() throws {
        let jobs = F.jobs
        let rate = MetricMath("100 * errors / invocations", label: "jobs: errors (%)",
                              using: [jobs.errors.id("errors"), jobs.invocations.id("invocations")])
        let system = F.system { Alarm("jobs-error-rate", on: rate, threshold: 5) }
        let properties = try #require(try resources(system)["JobsErrorRateAlarm"]).properties
        let queries = try #require(properties["Metrics"]?.listValue)
        #expect(queries.count == 3)
        #expect(queries[0][path: "Expression"] == "100 * errors / invocations" && queries[0][path: "ReturnData"] == true)
        #expect(queries[1][path: "Id"] == "errors" && queries[2][path: "Id"] == "invocations")
        #expect(queries[2][path: "MetricStat.Metric.MetricName"] == "Invocations")
        #expect(properties["Namespace"] == nil)
    }

    @Test func anExpressionMetricWithoutAnIDIsAnErrorAtTheAlarm() {
        let rate = MetricMath("errors / invocations", label: "rate", using: [F.jobs.errors.id("errors"), F.jobs.invocations])
        let errors = Fixtures.errors(F.system { Alarm("jobs-rate", on: rate, threshold: 1) })
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(errors.first?.message == "alarm 'jobs-rate': metric AWS/Lambda Invocations of the expression has no id")
        #expect(errors.first?.componentPath == "shop/monitoring/jobs-rate")
    }

    @Test func anAlarmWatchedByReleasesPublishesItsName() throws {
        let system = F.system { Alarm("web-cpu", on: F.web.cpuUtilization, threshold: 90).watchedByReleases() }
        let stack = try #require(F.stack("monitoring", of: try Fixtures.resolve(system)))
        #expect(stack.template.outputs["WebCpuAlarmReleaseAlarmNames"]?.value == "shop-dev-web-cpu")
    }

    @Test func aGroupNotifiesItsTopicAndPublishesEveryNameForTheRelease() throws {
        let system = F.system {
            Alarms("shop", notifying: Fixtures.dev.alarms) {
                F.web.recommendedAlarms(cpuPercent: 70)
                Alarm("jobs-errors", on: F.jobs.errors, threshold: 0)
            }
        }
        let stack = try #require(F.stack("monitoring", of: try Fixtures.resolve(system)))
        let cpu = try #require(stack.template.resources["WebCpuAlarm"]).properties
        #expect(cpu["Threshold"] == 70 && cpu["Period"] == 60 && cpu["DatapointsToAlarm"] == 3 && cpu["EvaluationPeriods"] == 5)
        #expect(cpu["AlarmActions"] == [.ref("ShopAlarmTopic")])
        #expect(stack.template.resources["JobsErrorsAlarm"]?.properties["OKActions"] == [.ref("ShopAlarmTopic")])
        #expect(stack.template.outputs["ShopAlarmsReleaseAlarmNames"]?.value == "shop-dev-web-cpu,shop-dev-web-memory,shop-dev-jobs-errors")
    }

    @Test func anEscapeHatchOnAGroupsAlarmIsAnErrorNotLostSilently() {
        let system = F.system {
            Alarms("shop", notifying: Fixtures.dev.alarms) {
                Alarm("jobs-errors", on: F.jobs.errors, threshold: 0).override("Properties.Threshold", 3)
            }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.map(\.message) == ["alarm 'jobs-errors' has its own override or suppression, which a group's alarm cannot keep"])
        #expect(errors.first?.componentPath == "shop/monitoring/shop")
    }

    @Test func aComponentsOwnAlarmsStayInsideIt() throws {
        let topic = NotificationTopic("alerts")
        let system = System("shop") { _ in
            Stack("app") {
                topic
                Function("jobs", runtime: .python313, handler: "jobs.handler", code: .s3(bucket: "artifacts", key: "jobs.zip"))
                    .alarms(notify: topic.arn)
            }
        }
        let resolved = try Fixtures.resolve(system)
        let errors = try #require(resolved.stacks[0].template.resources["JobsFunctionErrorsAlarm"])
        #expect(errors.metadata["tenkai:path"] == "shop/app/jobs")
        #expect(errors.properties["AlarmName"] == "shop-dev-jobs-errors")
        #expect(errors.properties["Threshold"] == .double(1) && errors.properties["ComparisonOperator"] == "GreaterThanOrEqualToThreshold")
        #expect(resolved.stacks[0].template.resources["JobsFunctionThrottlesAlarm"] != nil)
    }

    @Test func theComponentTreeListsTheAlarmsOnAComponentsMetrics() throws {
        let system = F.system {
            Alarms("shop", notifying: Fixtures.dev.alarms) {
                F.loadBalancer.recommendedAlarms()
                F.db.recommendedAlarms()
            }
            Alarm("orders-throttles", on: F.orders.writeThrottleEvents, threshold: 0)
        }
        let tree = try Fixtures.resolve(system).components
        let balancer = try #require(tree.component("shop/app/front")).alarms
        #expect(balancer.map(\.logicalID).sorted() == ["Front5xxRateAlarm", "FrontP99LatencyAlarm", "FrontUnhealthyHostsAlarm"])
        #expect(balancer.allSatisfy { $0.stack == "monitoring" })
        #expect(balancer.first { $0.logicalID == "FrontP99LatencyAlarm" }?.metric == "AWS/ApplicationELB TargetResponseTime")
        let database = try #require(tree.component("shop/app/ledger")).alarms
        #expect(Set(database.map(\.logicalID)) == ["LedgerDatabaseCpuAlarm", "LedgerDatabaseFreeStorageAlarm", "LedgerDatabaseConnectionsAlarm"])
        #expect(tree.component("shop/app/orders")?.alarms == [ComponentTree.Alarm(stack: "monitoring", logicalID: "OrdersThrottlesAlarm", metric: "AWS/DynamoDB WriteThrottleEvents")])
        #expect(tree.component("shop/app/jobs")?.alarms == [], "no alarm watches the function")
    }
}
