import Tenkai
import TenkaiCore
import Testing

@Suite struct ResolveTests {
    @Test func everyTaggableResourceCarriesSystemEnvironmentStackAndManagedBy() throws {
        let system = System("shop") { _ in Stack("data") { Bucket("files") } }
        let template = try Fixtures.resolve(system).stacks[0].template
        let tags = try #require(template.resources["FilesBucket"]?.properties["Tags"]?.listValue)
        let pairs = tags.compactMap { tag -> (String, String)? in
            guard let key = tag[path: "Key"]?.stringValue, let value = tag[path: "Value"]?.stringValue else { return nil }
            return (key, value)
        }
        let map = Dictionary(uniqueKeysWithValues: pairs)
        #expect(map == ["tenkai:system": "shop", "tenkai:environment": "dev", "tenkai:stack": "data", "managed-by": "tenkai"])
        #expect(template.resources["FilesBucketPolicy"]?.properties["Tags"] == nil, "bucket policies take no tags")
    }

    @Test func everyResourceRecordsItsComponentPath() throws {
        let system = System("shop") { _ in Stack("data") { Bucket("files") } }
        let template = try Fixtures.resolve(system).stacks[0].template
        for resource in template.resources.values {
            #expect(resource.metadata["tenkai:path"] == "shop/data/files")
        }
    }

    @Test func overridesChangeRawPropertiesOfAComponent() throws {
        let system = System("shop") { _ in
            Stack("data") {
                Bucket("files")
                    .override("Properties.ObjectLockEnabled", true)
                    .override("Properties.VersioningConfiguration.Status", "Suspended")
                    .override("Properties.PolicyDocument.Version", "2008-10-17", on: "FilesBucketPolicy")
                    .override("DeletionPolicy", "Retain")
            }
        }
        let template = try Fixtures.resolve(system).stacks[0].template
        let bucket = try #require(template.resources["FilesBucket"])
        #expect(bucket.properties["ObjectLockEnabled"] == true)
        #expect(bucket.properties["VersioningConfiguration"]?[path: "Status"] == "Suspended")
        #expect(bucket.deletionPolicy == .retain)
        #expect(template.resources["FilesBucketPolicy"]?.properties["PolicyDocument"]?[path: "Version"] == "2008-10-17")
    }

    @Test func anOverrideOfAResourceTheComponentDoesNotOwnIsAnError() {
        let system = System("shop") { _ in
            Stack("data") { Bucket("files").override("Properties.X", true, on: "SomethingElse") }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("'SomethingElse'") == true)
        #expect(errors.first?.hint?.contains("FilesBucket") == true)
        #expect(errors.first?.componentPath == "shop/data/files")
    }

    @Test func problemsAreCollectedNotStoppedAtTheFirst() {
        let system = System("Bad_Name") { _ in
            Stack("Data") { Bucket("files") }
            Stack("more") { RawResource("x", type: "AWS::SQS::Queue", properties: ["Size": 0]) }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.contains { $0.message.contains("system name 'Bad_Name'") })
        #expect(errors.contains { $0.message.contains("stack name 'Data'") })
    }

    @Test func moreThan500ResourcesInAStackIsAnError() {
        let system = System("big") { _ in
            Stack("queues") { for index in 0..<501 { Fixtures.queue("q\(index)") } }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.contains { $0.message.contains("501 resources") && $0.componentPath == "big/queues" })
    }

    @Test func aTemplateOverOneMegabyteIsAnErrorBeforeWriting() throws {
        let system = System("big") { _ in
            Stack("queues") {
                for index in 0..<100 {
                    RawResource("q\(index)", type: "AWS::SNS::Topic", properties: ["DisplayName": .string(String(repeating: "x", count: 11_000))])
                }
            }
        }
        let resolved = try Fixtures.resolve(system)
        #expect(throws: TenkaiError.self) { try Synthesis(resolved, format: .json) }
        do {
            _ = try Synthesis(resolved, format: .json)
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.diagnostics.first?.componentPath == "big/queues")
        }
    }

    @Test func theSystemsSettingsAndTheEnvironmentsFactsReachTheBody() throws {
        struct ShopSettings: Decodable, Sendable {
            var database: String
            var webTasks: Int
            var spot: Bool
        }
        var settings = EnvironmentConfig.SystemSettings()
        settings["database"] = .plain("db.t4g.micro")
        settings["webTasks"] = .plain("3")
        settings["spot"] = .plain("true")
        let environment = Fixtures.environment(systems: ["shop": settings])
        let system = System("shop", settings: ShopSettings.self) { env, settings in
            Stack("data") {
                RawResource(
                    "x", type: "AWS::SQS::Queue",
                    properties: [
                        "A": .string(settings.database), "B": .int(settings.webTasks), "C": .bool(settings.spot),
                        "D": .string(env.resourceName("x")),
                    ])
            }
        }
        let properties = try #require(try Fixtures.resolve(system, in: environment).stacks[0].template.resources["X"]?.properties)
        #expect(properties["A"] == "db.t4g.micro")
        #expect(properties["B"] == 3)
        #expect(properties["C"] == true)
        #expect(properties["D"] == "shop-dev-x")
    }
}
