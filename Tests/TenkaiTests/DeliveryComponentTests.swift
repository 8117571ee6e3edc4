import Tenkai
import TenkaiCore
import Testing

/// Repository, Budget and the pipeline's system-given commands: defaults, modifiers,
/// references and the errors their bad settings give.
@Suite struct DeliveryComponentTests {
    // MARK: Repository

    @Test func aRepositoryKeepsTagsImmutableScansAndExpiresUntaggedImages() throws {
        let resources = try Components.resources { Repository("app") }
        let repository = try #require(resources["AppRepository"])
        #expect(repository.properties["RepositoryName"] == "shop-dev-app")
        #expect(repository.properties["ImageTagMutability"] == "IMMUTABLE")
        #expect(repository.properties["ImageScanningConfiguration"] == ["ScanOnPush": true])
        #expect(repository.properties["EncryptionConfiguration"] == ["EncryptionType": "AES256"])
        #expect(repository.deletionPolicy == .delete)
        let text = try #require(repository.properties["LifecyclePolicy"]?[path: "LifecyclePolicyText"]?.stringValue)
        let rules = try #require(try JSONReader.read(Array(text.utf8), file: "LifecyclePolicyText")[path: "rules"]?.listValue)
        #expect(rules.count == 2)
        #expect(rules[0][path: "selection.tagStatus"] == "untagged" && rules[0][path: "selection.countNumber"] == 14)
        #expect(rules[1][path: "selection.countType"] == "imageCountMoreThan" && rules[1][path: "selection.countNumber"] == 50)
    }

    @Test func repositoryModifiersAndProductionRetention() throws {
        let resources = try Components.resources(Fixtures.prod) { Repository("app").keeping(images: 10).mutableTags() }
        let repository = try #require(resources["AppRepository"])
        #expect(repository.properties["ImageTagMutability"] == "MUTABLE")
        #expect(repository.properties["LifecyclePolicy"]?[path: "LifecyclePolicyText"]?.stringValue?.contains(#""countNumber":10"#) == true)
        #expect(repository.deletionPolicy == .retain)
        #expect(Repository("app").built(from: .product("app", arguments: ["serve"])).build == .product("app", arguments: ["serve"]))
    }

    @Test func repositoryReferences() {
        let repository = Repository("app")
        #expect(repository.repositoryName.value == .ref("AppRepository"))
        #expect(repository.arn.value == .getAtt("AppRepository", "Arn"))
        #expect(repository.uri.value == .getAtt("AppRepository", "RepositoryUri"))
    }

    // MARK: Budget

    @Test func aBudgetCountsTheSystemsTaggedCostsAndRecordsTheManualStep() throws {
        let resources = try Components.resources { Budget("monthly", limitUSD: 120).notify(email: "ops@example.com") }
        let budget = try #require(resources["MonthlyBudget"])
        #expect(budget.properties["Budget"]?[path: "BudgetName"] == "shop-dev-monthly")
        #expect(budget.properties["Budget"]?[path: "BudgetLimit"] == ["Amount": .double(120), "Unit": "USD"])
        #expect(budget.properties["Budget"]?[path: "CostFilters"] == ["TagKeyValue": ["user:tenkai:system$shop"]])
        let notifications = budget.properties["NotificationsWithSubscribers"]?.listValue ?? []
        #expect(notifications.compactMap { $0[path: "Notification.NotificationType"]?.stringValue } == ["ACTUAL", "FORECASTED"])
        #expect(notifications.compactMap { $0[path: "Notification.Threshold"] } == [.double(80), .double(100)])
        #expect(notifications.first?[path: "Subscribers"] == [["SubscriptionType": "EMAIL", "Address": "ops@example.com"]])
        #expect(budget.metadata["tenkai:manual-steps"]?.listValue?.count == 1)
    }

    @Test func anAccountBudgetNeedsNoTagAndATopicSubscribes() throws {
        let resources = try Components.resources {
            let topic = Fixtures.queue("alerts")
            topic
            Budget("monthly", limitUSD: 50).scope(.account).notify(topic: topic.arn)
        }
        let budget = try #require(resources["MonthlyBudget"])
        #expect(budget.properties["Budget"]?[path: "CostFilters"] == nil)
        #expect(budget.metadata["tenkai:manual-steps"] == nil)
        #expect(budget.properties["NotificationsWithSubscribers"]?.listValue?.first?[path: "Subscribers"]
            == [["SubscriptionType": "SNS", "Address": .getAtt("Alerts", "Arn")]])
    }

    @Test func aBudgetWithoutALimitOrSubscribersIsAnError() {
        let errors = Components.errors { Budget("monthly", limitUSD: 0) }
        #expect(errors.contains("a budget needs a limit above 0 USD, not 0"))
        #expect(errors.contains("the budget notifies nobody"))
    }

    // MARK: Pipeline

    @Test func aPipelinesBuildCommandsAreTheSystemsAndItsDefaultsNameNoApp() throws {
        let images = Repository("app")
        func buildSpecs(_ pipeline: Pipeline) throws -> [String: String] {
            let resources = try Components.resources(Fixtures.prod) { images; pipeline }
            var specs: [String: String] = [:]
            for (id, resource) in resources where resource.type == "AWS::CodeBuild::Project" {
                switch resource.properties["Source"]?[path: "BuildSpec"] {
                case .string(let text)?: specs[id] = text
                case .function("Fn::Sub", let argument)?: specs[id] = argument.listValue?.first?.stringValue
                default: break
                }
            }
            return specs
        }
        let defaults = try buildSpecs(Pipeline("release", repository: "example/shop", images: images, releasing: ["dev"]))
        #expect(defaults["ReleasePipelineTest"]?.contains("      - swift test --enable-code-coverage\n") == true, "\(defaults["ReleasePipelineTest"] ?? "none")")
        #expect(defaults["ReleasePipelineImage"]?.contains(#"docker build -f Dockerfile -t "$IMAGE_REPOSITORY:$IMAGE_TAG" ."#) == true)
        #expect(!defaults.values.contains { $0.contains("FileShare") || $0.contains("FILESHARE") })
        let given = try buildSpecs(
            Pipeline("release", repository: "example/shop", images: images, releasing: ["dev"])
                .testing(with: "make check").buildingImages(from: "deploy/Dockerfile"))
        #expect(given["ReleasePipelineTest"]?.contains("      - make check\n") == true)
        #expect(given["ReleasePipelineImage"]?.contains("docker build -f deploy/Dockerfile ") == true)
    }
}
