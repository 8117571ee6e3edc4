import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The stamp rally's handlers as they run in the cloud, on moto (127.0.0.1, signatures checked):
/// the dev `alerts` and `data` stacks deployed from the rendered templates (so the tables' keys
/// and indexes are the stack's, and code that disagrees with them fails), the parameters put as
/// the `api` template and the operator put them, and each function run in a Python child with
/// exactly the environment variables its template sets.
final class StampRallyHandlerFixture: Sendable {
    static let region = "ap-northeast-1"
    /// Where the functions' package lives, from the template's own metadata.
    let codeFolder: URL
    /// The rendered `api` template of dev.
    let api: Template
    let moto: MotoServer
    /// The exports of the deployed stacks (table and bucket names).
    let exports: [String: String]
    /// The channel secret the test put in Parameter Store as the operator would, out of band.
    let channelSecret = "test-channel-secret-\(UUID().uuidString)"

    /// One deployment for the whole suite: tests use users and spots of their own.
    private static let shared = Task { try await StampRallyHandlerFixture() }
    static func get() async throws -> StampRallyHandlerFixture { try await shared.value }

    private init() async throws {
        let resolved = try SystemUnderTest.resolve(stampRally, in: "dev")
        api = try #require(resolved.stack(named: "api")?.template)
        let asset = try #require(api.resources["CollectStampFunction"]?.metadata[CodeAsset.metadataKey]?[path: "Folder"]?.stringValue)
        codeFolder = ProjectPaths.root.appendingPathComponent(asset)
        moto = try await MotoServer.start(authentication: true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-rally-handlers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let synthesis = try Synthesis(resolved, format: .json)
        var stacks: [String] = []
        for name in ["alerts", "data"] {
            let stack = try #require(synthesis.stacks.first { $0.stack.name == name })
            let file = folder.appendingPathComponent(stack.fileName)
            try Data(stack.bytes).write(to: file)
            stacks.append("\(stack.stack.stackName)=\(file.path)")
        }
        let deploy = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/deploy_to_moto.py").path, String(moto.port), Self.region] + stacks,
            environment: Self.awsEnvironment(moto))
        try #require(deploy.status == 0, "deploy_to_moto.py failed: \(deploy.stderr)")
        try #require(deploy.stdout.contains("\"stamp-rally-dev-data\": \"CREATE_COMPLETE\""), "\(deploy.stdout)")

        // The parameters the api stack creates, with the template's values, and the secret it only names.
        var parameters: [[String: String]] = []
        for resource in api.resources.values where resource.type == "AWS::SSM::Parameter" {
            let name = try #require(resource.properties["Name"]?.stringValue)
            let value = try #require(resource.properties["Value"]?.stringValue)
            parameters.append(["Name": name, "Value": value, "Type": "String"])
        }
        let secretName = try #require(api.outputs["LineChannelSecretParameterName"]?.value.stringValue)
        parameters.append(["Name": secretName, "Value": channelSecret, "Type": "SecureString"])
        exports = try await Self.seed(["parameters": parameters], environment: Self.awsEnvironment(moto))
    }

    // MARK: - The emulated account

    /// What Lambda gives every function (region, credentials) and where AWS is (moto), and nothing else.
    var awsEnvironment: [String: String] { Self.awsEnvironment(moto) }

    private static func awsEnvironment(_ moto: MotoServer) -> [String: String] {
        let keys = moto.credentials!
        return [
            "AWS_ACCESS_KEY_ID": keys.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey,
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region, "AWS_ENDPOINT_URL": moto.endpoint.absoluteString,
            "AWS_EC2_METADATA_DISABLED": "true", "PYTHONDONTWRITEBYTECODE": "1",
        ]
    }

    /// Puts parameters, items (`{"items": {TABLE: [ITEM]}}`) and photos (`{"objects": [{Bucket, Key, Size}]}`).
    @discardableResult
    func seed(_ seed: [String: Any]) async throws -> [String: String] {
        try await Self.seed(seed, environment: awsEnvironment)
    }

    private static func seed(_ seed: [String: Any], environment: [String: String]) async throws -> [String: String] {
        let result = try await runProcess(
            ProjectPaths.venvTool("python"), [ProjectPaths.testData("stamp-rally/seed_moto.py").path],
            environment: environment, stdin: try JSONSerialization.data(withJSONObject: seed))
        try #require(result.status == 0, "seed_moto.py failed: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(report["exports"] as? [String: String])
    }

    /// A table's or bucket's physical name, as the data stack exports it.
    func name(of component: String) throws -> String {
        try #require(exports["stamp-rally-dev-data-\(component)Ref"], "no export of \(component) in \(exports.keys.sorted())")
    }

    // MARK: - Functions

    /// The environment variables the template sets on function `logicalID`, with imports
    /// resolved from the deployed stacks' exports.
    func functionEnvironment(_ logicalID: String) throws -> [String: String] {
        let function = try #require(api.resources[logicalID], "no \(logicalID) in the api template")
        let variables = try #require(function.properties["Environment"]?[path: "Variables"]?.fieldsValue)
        var environment: [String: String] = [:]
        for (name, value) in variables {
            switch value {
            case .string(let text): environment[name] = text
            case .function("Fn::ImportValue", .string(let export)):
                let imported: String = try #require(exports[export], "\(logicalID).\(name) imports \(export), which no stack exports")
                environment[name] = imported
            default: Issue.record("\(logicalID).\(name) is \(value), which the fixture cannot resolve")
            }
        }
        return environment
    }

    /// Runs function `logicalID`'s handler on `events`, one after another in one sandbox, or the
    /// first event from `copies` sandboxes at once.
    func invoke(_ logicalID: String, _ events: [[String: Any]], copies: Int? = nil) async throws -> [HandlerResponse] {
        let handler = try #require(api.resources[logicalID]?.properties["Handler"]?.stringValue)
        var request: [String: Any] = ["events": events]
        if let copies { request["copies"] = copies }
        let result = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/invoke_handler.py").path, codeFolder.path, handler],
            environment: awsEnvironment.merging(try functionEnvironment(logicalID)) { _, function in function },
            stdin: try JSONSerialization.data(withJSONObject: request))
        try #require(result.status == 0, "\(handler) failed: \(result.stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return try answers.map(HandlerResponse.init)
    }

    func invoke(_ logicalID: String, _ event: [String: Any]) async throws -> HandlerResponse {
        try #require(try await invoke(logicalID, [event]).first)
    }
}

/// One proxy-integration response, its JSON body parsed.
struct HandlerResponse: @unchecked Sendable {
    var status: Int
    var headers: [String: String]
    var body: [String: Any]
    var error: String? { body["error"] as? String }

    init(_ answer: [String: Any]) throws {
        status = try #require(answer["statusCode"] as? Int)
        headers = try #require(answer["headers"] as? [String: String])
        body = try #require(answer["body"] as? [String: Any])
    }
}

/// API Gateway proxy events as the REST API sends them.
enum ProxyEvent {
    /// An event for `method resource`; `user` puts the Cognito claims the authorizer passes.
    static func make(
        _ method: String, _ resource: String, user: String? = nil, body: Any? = nil,
        pathParameters: [String: String]? = nil, query: [String: String]? = nil
    ) throws -> [String: Any] {
        var event: [String: Any] = ["httpMethod": method, "resource": resource, "path": resource, "isBase64Encoded": false]
        if let user { event["requestContext"] = ["authorizer": ["claims": ["sub": user, "token_use": "id"]]] }
        switch body {
        case let text as String: event["body"] = text
        case let object?: event["body"] = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        case nil: break
        }
        if let pathParameters { event["pathParameters"] = pathParameters }
        if let query { event["queryStringParameters"] = query }
        return event
    }

    /// A new user, as Cognito names them (a UUID `sub`).
    static func newUser() -> String { UUID().uuidString.lowercased() }
}
