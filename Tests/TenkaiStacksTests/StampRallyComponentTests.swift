import Foundation
import Tenkai
import TenkaiCore
import TestSupport
import Testing

/// The serverless components the stamp rally introduced, one behaviour each, on small systems.
@Suite("Serverless components")
struct StampRallyComponentTests {
    private static let code = Function.Code.s3(bucket: "artifacts", key: "app/1.0.0/worker.zip")

    private func resolve(_ body: @escaping @Sendable (Environment) -> [Stack]) throws -> ResolvedSystem {
        try Resolver.resolve(System("sample", stacks: body), in: try SystemUnderTest.environment("dev"))
    }

    private func errors(_ body: @escaping @Sendable (Environment) -> [Stack]) throws -> [String] {
        do {
            _ = try resolve(body)
            return []
        } catch let error as TenkaiError {
            return error.diagnostics.filter { $0.severity == .error }.map(\.message)
        }
    }

    @Test("a table defines each key attribute once, across its own keys and its indexes")
    func tableAttributeDefinitions() throws {
        let system = try resolve { _ in
            [Stack("data") {
                Table("orders", partitionKey: .string("customerId"), sortKey: .string("orderId"))
                    .index("by-order", partitionKey: .string("orderId"))
                    .index("by-day", partitionKey: .string("day"), sortKey: .number("total"))
            }]
        }
        let table = try #require(system.stack(named: "data")?.template.resources["OrdersTable"])
        let names = table.properties["AttributeDefinitions"]?.listValue?.compactMap { $0[path: "AttributeName"]?.stringValue }
        #expect(names == ["customerId", "orderId", "day", "total"])
        #expect(table.properties["TableName"] == "sample-dev-orders")
    }

    @Test("a grant on a table reaches the table and its indexes, read-only when asked")
    func tableGrant() throws {
        let system = try resolve { _ in
            let orders = Table("orders", partitionKey: .string("id")).index("by-day", partitionKey: .string("day"))
            return [Stack("app") {
                orders
                Function("report", runtime: .nodejs22, handler: "index.handler", code: Self.code)
                    .logRetention(days: 14)
                    .granting(.read, on: orders)
            }]
        }
        let role = try #require(system.stack(named: "app")?.template.resources["ReportFunctionRole"])
        let statements = role.properties["Policies"]?.listValue?.first?[path: "PolicyDocument.Statement"]?.listValue ?? []
        let dynamo = try #require(statements.first { SystemUnderTest.strings($0[path: "Action"]).contains("dynamodb:Query") })
        #expect(!SystemUnderTest.strings(dynamo[path: "Action"]).contains("dynamodb:PutItem"))
        #expect(dynamo[path: "Resource"] == [.getAtt("OrdersTable", "Arn"), .sub("${OrdersTable.Arn}/index/*")])
    }

    @Test("allowing a scoped action on '*' is refused with the way to fix it")
    func unscopedActionRefused() throws {
        let problems = try errors { _ in
            [Stack("app") {
                Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code).allowingUnscoped("s3:GetObject")
            }]
        }
        #expect(problems.contains("'s3:GetObject' supports resource-level permissions, so it must not be granted on '*'"))
    }

    @Test("a function and a REST API keep their logs 30 days unless told otherwise, reading nothing from the environment")
    func retentionDefault() throws {
        let system = try resolve { _ in
            let worker = Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code)
            return [Stack("app") {
                worker
                RestApi("api") { Route(.get, "/work", to: worker, authorization: .none) }
            }]
        }
        let template = try #require(system.stack(named: "app")?.template)
        let groups = template.resources.values.filter { $0.type == "AWS::Logs::LogGroup" }
        #expect(groups.count == 2)
        #expect(groups.allSatisfy { $0.properties["RetentionInDays"] == 30 })
    }

    @Test("a log retention CloudWatch does not accept is an error")
    func badRetention() throws {
        let problems = try errors { _ in
            [Stack("app") {
                Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code).logRetention(days: 10)
            }]
        }
        #expect(problems.contains("log retention of 10 days is not a period CloudWatch Logs accepts"))
    }

    @Test("an API with signed-in routes but no user pool, or a malformed path, is an error")
    func restApiChecks() throws {
        let problems = try errors { _ in
            let worker = Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code)
            return [Stack("app") {
                worker
                RestApi("api") {
                    Route(.get, "/items", to: worker)
                    Route(.get, "items/{id", to: worker, authorization: .none)
                }
            }]
        }
        #expect(problems.contains("routes require signed-in users but the API has no user pool"))
        #expect(problems.contains("route path 'items/{id' is not valid"))
    }

    @Test("a changed route gives the API a new deployment, so the stage serves it")
    func deploymentFollowsRoutes() throws {
        func deploymentID(_ path: String) throws -> String? {
            let system = try resolve { _ in
                let worker = Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code)
                    .logRetention(days: 14)
                return [Stack("app") {
                    worker
                    RestApi("api") { Route(.get, path, to: worker, authorization: .none) }.logRetention(days: 14)
                }]
            }
            return system.stack(named: "app")?.template.resources.keys.first { $0.hasPrefix("ApiRestApiDeployment") }
        }
        let first = try #require(try deploymentID("/items"))
        #expect(try deploymentID("/items") == first)
        #expect(try deploymentID("/things") != first)
    }

    @Test("a secret parameter creates no resource and no value, only its name and the out-of-band step")
    func secureParameter() throws {
        let system = try resolve { env in
            [Stack("app") {
                RuntimeParameter.secure("api-key", in: env, setBy: "the vendor portal")
                RuntimeParameter("mode", value: "fast", in: env)
            }]
        }
        let template = try #require(system.stack(named: "app")?.template)
        #expect(template.resources.keys.sorted() == ["ModeParameter"])
        #expect(template.resources["ModeParameter"]?.properties["Name"] == "/sample/dev/mode")
        #expect(template.outputs["ApiKeyParameterName"]?.value == "/sample/dev/api-key")
    }

    @Test("out-of-range sizes are errors that quote them")
    func unreadableSizes() throws {
        let problems = try errors { _ in
            [Stack("app") {
                Function("worker", runtime: .nodejs22, handler: "index.handler", code: Self.code)
                Function("big", runtime: .nodejs22, handler: "index.handler", code: Self.code)
                    .logRetention(days: 14).memory(20_000).timeout(seconds: 0)
                Budget("monthly", limitUSD: 0).notify(email: "ops@example.com")
            }]
        }
        #expect(problems.contains("a function's memory must be 128 to 10240 MB, not 20000"))
        #expect(problems.contains("a function's timeout must be 1 to 900 seconds, not 0"))
        #expect(problems.contains("a budget needs a limit above 0 USD, not 0"))
    }

    @Test("a backup plan without resources, a budget notifying nobody, and a zero budget are errors")
    func backupAndBudgetChecks() throws {
        let problems = try errors { _ in
            [Stack("ops") {
                BackupPlan("tables", retentionDays: 7)
                Budget("monthly", limitUSD: 0)
            }]
        }
        #expect(problems.contains("the backup plan selects no resources"))
        #expect(problems.contains("a budget needs a limit above 0 USD, not 0"))
        #expect(problems.contains("the budget notifies nobody"))
    }
}
