import Testing
import Tenkai
import TenkaiCore

/// Behaviour of the components the file-sharing system is built from, beyond what its own
/// templates exercise: multi-container tasks, refused input, grants.
@Suite struct FileShareComponentTests {
    static let net = Network("main", availabilityZones: 2)
    static let images = Repository("images")

    static func resolve(_ components: [any Component], production: Bool = false) throws -> ResolvedSystem {
        try Resolver.resolve(RuleTestSupport.system(components), in: RuleTestSupport.environment(production: production))
    }

    @Test func aTaskHoldsSeveralContainersWithStartOrder() throws {
        let crm = Service("crm", in: Self.net) {
            Container("migrate", image: .repository(Self.images)).essential(false).command(["migrate"])
            Container("proxy", image: .registry("public.ecr.aws/nginx/nginx:1.27")).healthCheck(["CMD", "/healthcheck"])
            Container("app", image: .repository(Self.images)) {
                Port(8080, health: "/healthz")
                StartAfter("migrate", .complete)
                StartAfter("proxy", .healthy)
            }
        }
        let template = try Self.resolve([Self.net, Self.images, crm]).stacks[0].template
        let definitions = template.resources["CrmServiceTaskDefinition"]?.properties["ContainerDefinitions"]?.listValue ?? []
        #expect(definitions.compactMap { $0[path: "Name"]?.stringValue } == ["migrate", "proxy", "app"])
        #expect(definitions[0][path: "Essential"] == false)
        #expect(definitions[1][path: "HealthCheck.Command"] == ["CMD", "/healthcheck"])
        #expect(definitions[2][path: "DependsOn"] == [
            ["ContainerName": "migrate", "Condition": "COMPLETE"], ["ContainerName": "proxy", "Condition": "HEALTHY"],
        ])
        // `migrate` runs the released container's image: one pair of parameters, so a release moves both.
        #expect(template.parameters["CrmServiceAppImageTag"] != nil && template.parameters["CrmServiceMigrateImageTag"] == nil)
        #expect(definitions[0][path: "Image"] == definitions[2][path: "Image"])
    }

    @Test func startingAfterAMissingContainerIsAnError() {
        let service = Service("web", in: Self.net) {
            Container("app", image: .repository(Self.images)) { StartAfter("migrations", .complete) }
        }
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("'migrations'") && $0.componentPath == "ruletest/main/web" })
    }

    @Test func aSecretLookingPlainVariableIsRefused() {
        let service = Service("web", in: Self.net) {
            Container("app", image: .repository(Self.images)).environment("DATABASE_PASSWORD", "hunter2")
        }
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("DATABASE_PASSWORD") && $0.hint?.contains("Secret(") == true })
    }

    @Test func anInvalidFargateSizeIsRefused() {
        let service = Service("web", in: Self.net) { Container("app", image: .repository(Self.images)) }.size("300/512")
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("'300/512'") })
    }

    @Test func aLoadBalancerMustFollowItsService() {
        let zone = DNS("main", domain: "example.com")
        let certificate = Certificate("origin", domain: "origin.example.com", in: zone)
        let web = Service("web", in: Self.net) {
            Container("app", image: .repository(Self.images)) { Port(8080, health: "/healthz") }
        }
        let balancer = LoadBalancer("web", fronting: web, in: Self.net, certificate: certificate.arn)
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, zone, certificate, balancer, web])
        #expect(found.contains { $0.severity == .error && $0.message.contains("must be declared before its load balancer") })
    }

    @Test func grantsNameTheBucketAndOnlyTheActionsAsked() throws {
        let files = Bucket("files")
        let reader = Service("reader", in: Self.net) {
            Container("app", image: .repository(Self.images)).granting(.read, on: files)
        }
        let template = try Self.resolve([Self.net, Self.images, files, reader], production: true).stacks[0].template
        let policy = template.resources["ReaderServiceTaskRole"]?.properties["Policies"]?.listValue?.first
        let statements = policy?[path: "PolicyDocument.Statement"]?.listValue ?? []
        let actions = statements.flatMap { $0[path: "Action"]?.listValue ?? [] }.compactMap(\.stringValue)
        #expect(actions.contains("s3:GetObject") && !actions.contains("s3:PutObject"))
        #expect(actions.contains("kms:Decrypt") && !actions.contains("kms:GenerateDataKey"), "a production bucket has its own key")
        let resources = statements.flatMap { $0[path: "Resource"]?.listValue ?? [] }
        #expect(resources.contains(.getAtt("FilesBucket", "Arn")))
        #expect(resources.contains(.getAtt("FilesBucketKey", "Arn")))
        #expect(!resources.contains(.string("*")) || actions.allSatisfy { $0.hasPrefix("xray:") || $0.hasPrefix("s3:") || $0.hasPrefix("kms:") })
        #expect(template.resources["FilesBucketKey"]?.deletionPolicy == .retain)
    }

    @Test func aLongNameThatAWSWouldRejectIsCaughtAtSynth() {
        let zone = DNS("main", domain: "example.com")
        let certificate = Certificate("origin", domain: "origin.example.com", in: zone)
        let web = Service("web", in: Self.net) {
            Container("app", image: .repository(Self.images)) { Port(8080, health: "/healthz") }
        }
        let balancer = LoadBalancer("customer-relationship-portal", fronting: web, in: Self.net, certificate: certificate.arn)
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, zone, certificate, web, balancer])
        #expect(found.contains { $0.severity == .error && $0.message.contains("at most 32 characters") })
    }
}

extension FileShareComponentTests {
    @Test func mysqlDatabasesRequireTLSThroughTheirOwnParameter() throws {
        let db = Database("orders", engine: .mysql("8.0.40"), in: Self.net)
        let template = try Self.resolve([Self.net, db]).stacks[0].template
        let group = template.resources["OrdersDatabaseParameterGroup"]?.properties
        #expect(group?["Family"] == "mysql8.0")
        #expect(group?["Parameters"] == ["require_secure_transport": "ON"])
        #expect(template.resources["OrdersDatabase"]?.properties["Port"] == "3306")
        #expect(template.resources["OrdersDatabaseErrorLogGroup"]?.properties["RetentionInDays"] == 30)
    }

    @Test func webACLAddressListsComeFirstAndAreReferenced() throws {
        let acl = WebACL("api", scope: .regional).allowing(["203.0.113.0/24"]).blocking(["198.51.100.7/32"]).rateLimit(500)
        let template = try Self.resolve([acl]).stacks[0].template
        let rules = template.resources["ApiWebAcl"]?.properties["Rules"]?.listValue ?? []
        #expect(rules.compactMap { $0[path: "Name"]?.stringValue }.prefix(3) == ["allow-list", "block-list", "rate-limit"])
        #expect(rules.compactMap { $0[path: "Priority"]?.intValue } == Array(0..<rules.count))
        #expect(rules[0][path: "Statement.IPSetReferenceStatement.Arn"] == .getAtt("ApiWebAclAllowList", "Arn"))
        #expect(rules[2][path: "Statement.RateBasedStatement.Limit"] == 500)
        #expect(template.resources["ApiWebAclBlockList"]?.properties["Addresses"] == ["198.51.100.7/32"])
    }

    @Test func environmentVariablesKeepTheirTypedReference() {
        let files = Bucket("files")
        let container = Container("app", image: .repository(Self.images))
            .environment("FILES_BUCKET", files.bucketName)
            .environment("MODE", "batch")
        #expect(container.environment[0].reference == files.bucketName)
        #expect(container.environment[1].reference == nil && container.environment[1].isLiteral)
    }
}

extension FileShareComponentTests {
    @Test func aLogRetentionCloudWatchWouldRejectIsCaughtAtSynth() {
        let found = RuleTestSupport.diagnostics([Network("main", availabilityZones: 2).flowLogRetention(days: 10)])
        #expect(found.contains {
            $0.severity == .error && $0.message.contains("10 days") && $0.hint?.contains("14") == true
                && $0.componentPath == "ruletest/main/main"
        })
    }
}

extension FileShareComponentTests {
    @Test func aServiceLevelGrantReachesTheTaskRole() throws {
        let jwtKey = GeneratedSecret("signing-key")
        let service = Service("worker", in: Self.net) { Container("app", image: .repository(Self.images)) }
            .granting(.read, on: jwtKey)
        let template = try Self.resolve([Self.net, Self.images, jwtKey, service]).stacks[0].template
        let statements = template.resources["WorkerServiceTaskRole"]?.properties["Policies"]?.listValue?.first?[path: "PolicyDocument.Statement"]
        let secretStatement = statements?.listValue?.first { $0[path: "Resource"] == [.ref("SigningKeySecret")] }
        #expect(secretStatement?[path: "Action"] == ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"])
    }
}

extension FileShareComponentTests {
    @Test(arguments: ["256/4096", "1024/1024", "big", "512/"])
    func fargateSizesOutsideWhatFargateOffersAreRefused(size: String) {
        let service = Service("web", in: Self.net) { Container("app", image: .repository(Self.images)) }.size(size)
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("'\(size)'") })
    }

    @Test func explicitSizesAreCheckedToo() {
        let service = Service("web", in: Self.net) { Container("app", image: .repository(Self.images)) }
            .size(cpu: 300, memory: 512)
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("'300/512'") })
    }
}
