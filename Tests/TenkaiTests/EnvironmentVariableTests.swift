import Tenkai
import TenkaiCore
import Testing

/// Containers, functions and front ends take plain variables one way, `environment(_:_:)`:
/// text, a typed reference or a raw value, kept in order; a name that looks secret with a
/// value written out is refused for every one of them, and so is a name no runtime accepts.
@Suite struct EnvironmentVariableTests {
    typealias F = ComputeFixtures
    let files = Bucket("files")

    @Test func theThreeValueKindsKeepTheirOrderAndTheReferenceItsType() {
        let container = F.container {
            $0.environment("FILES_BUCKET", files.bucketName).environment("MODE", "batch").environment("REGION", value: .region)
        }
        #expect(container.environment.map(\.name) == ["FILES_BUCKET", "MODE", "REGION"])
        #expect(container.environment.map(\.value) == [.ref("FilesBucket"), "batch", .region])
        #expect(container.environment[0].reference == files.bucketName && !container.environment[0].isLiteral)
        #expect(container.environment[1].reference == nil && container.environment[1].isLiteral)
        #expect(container.environment[2].isLiteral, "a raw value is written out like text")
    }

    @Test func aFunctionRendersItsVariablesAsAMap() throws {
        let function = F.function { $0.environment("FILES_BUCKET", files.bucketName).environment("MODE", "batch") }
        let template = try Fixtures.resolve(F.system([files, function])).stacks[0].template
        #expect(template.resources["WorkerFunction"]?.properties["Environment"] == [
            "Variables": ["FILES_BUCKET": .ref("FilesBucket"), "MODE": "batch"],
        ])
    }

    @Test func aFunctionWithoutVariablesHasNoEnvironment() throws {
        let template = try Fixtures.resolve(F.system([F.function()])).stacks[0].template
        #expect(template.resources["WorkerFunction"]?.properties["Environment"] == nil)
    }

    @Test func aContainerRendersItsVariablesInOrderAfterWritablePaths() throws {
        let service = Service("web", in: F.net) {
            F.container {
                $0.environment("FILES_BUCKET", files.bucketName).writable("/data/spool", as: "SPOOL_DIR").environment("MODE", "batch")
            }
        }
        let template = try Fixtures.resolve(F.system([F.net, F.images, files, service])).stacks[0].template
        let definition = template.resources["WebServiceTaskDefinition"]?.properties["ContainerDefinitions"]?.listValue?.first
        #expect(definition?[path: "Environment"] == [
            ["Name": "FILES_BUCKET", "Value": .ref("FilesBucket")], ["Name": "SPOOL_DIR", "Value": "/data/spool"],
            ["Name": "MODE", "Value": "batch"],
        ])
    }

    @Test func aFrontEndRendersItsVariablesAsAList() throws {
        let app = AmplifyApp("web", repository: "https://github.com/example/web")
            .environment("NEXT_PUBLIC_API_URL", "https://api.example.com")
        let template = try Fixtures.resolve(F.system([app])).stacks[0].template
        #expect(template.resources["WebAmplifyApp"]?.properties["EnvironmentVariables"] == [
            ["Name": "NEXT_PUBLIC_API_URL", "Value": "https://api.example.com"],
        ])
    }

    /// The errors of one system per compute kind, each with one variable `name` = `text`.
    private func errorsPerKind(_ name: String, _ text: String) -> [String: [Diagnostic]] {
        let service = Service("web", in: F.net) { F.container { $0.environment(name, text) } }
        let servers = F.system(service: Service("web", in: F.net) { F.container() }, container: F.container { $0.environment(name, text) })
        let frontEnd = AmplifyApp("web", repository: "https://github.com/example/web").environment(name, text)
        return [
            "function": Fixtures.errors(F.system([F.function { $0.environment(name, text) }])),
            "container": Fixtures.errors(F.system([F.net, F.images, service])),
            "app servers": Fixtures.errors(servers),
            "front end": Fixtures.errors(F.system([frontEnd])),
        ]
    }

    @Test(arguments: ["DATABASE_PASSWORD", "API_TOKEN", "signing_secret", "STRIPE_API_KEY"])
    func aSecretLookingNameWithTextIsRefusedEverywhere(name: String) {
        for (kind, errors) in errorsPerKind(name, "hunter2") {
            let refused = errors.contains {
                $0.severity == .error && $0.message.contains(name) && $0.message.contains("looks like a secret") && $0.hint != nil
            }
            #expect(refused, "\(kind) accepted \(name) as plain text")
        }
    }

    @Test(arguments: ["LINE_CHANNEL_SECRET_PARAMETER", "SIGNING_SECRET_ARN", "API_TOKEN_NAME", "PRIVATE_KEY_PATH"])
    func aNameSayingWhereASecretIsKeptIsAllowedEverywhere(name: String) {
        for (kind, errors) in errorsPerKind(name, "/shop/dev/line-channel-secret") {
            #expect(errors.isEmpty, "\(kind): \(errors.map(\.message))")
        }
    }

    @Test func aSecretLookingNameHoldingAReferenceIsAllowed() throws {
        let key = GeneratedSecret("signing-key")
        let function = F.function { $0.environment("SIGNING_SECRET", key.arn) }
        #expect(throws: Never.self) { try Fixtures.resolve(F.system([key, function])) }
    }

    @Test(arguments: ["1ST", "MY-VAR", "WITH SPACE", "CAFÉ"])
    func aNameNoRuntimeAcceptsIsRefusedEverywhere(name: String) {
        for (kind, errors) in errorsPerKind(name, "x") {
            let refused = errors.contains {
                $0.severity == .error && $0.message.contains("'\(name)'") && $0.message.contains("not a valid environment variable name")
            }
            #expect(refused, "\(kind) accepted \(name)")
        }
    }

    @Test func aContainersRefusalNamesTheContainerAndPointsToSecret() {
        let service = Service("web", in: F.net) { F.container { $0.environment("DATABASE_PASSWORD", "hunter2") } }
        let found = Fixtures.errors(F.system([F.net, F.images, service]))
        #expect(found.contains { $0.message.contains("container app") && $0.hint?.contains("Secret(\"DATABASE_PASSWORD\"") == true })
    }
}
