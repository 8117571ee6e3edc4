import AWSClient
import Foundation
import Hashing
import TenkaiCore
import TenkaiDeploy
import Testing
import TestSupport

/// The whole stamp rally (alerts, data, auth, api) synthesized for dev by the real `tenkai` and
/// deployed by it, from the handed-over assembly, to moto with signatures checked.
///
/// moto runs with `scripts/moto-server.py`'s additions: moto 5.2.1's change sets ignore
/// `DependsOn` and lose outputs and exports, its CloudFormation has no Cognito user pools, and its
/// API Gateway methods need an `IntegrationHttpMethod` even for MOCK (HTTP 500). moto invokes
/// Python Lambdas only in docker, which this machine does not run, so no route is called; the
/// test checks what came up instead: every route a handler serves is a method of the deployed
/// REST API whose proxy integration invokes the function running that handler, nothing else is
/// routed, and every function runs the zip synth produced, by content hash.
@Suite("stamp rally deployed to moto", .serialized)
struct StampRallyMotoDeployTests {
    static let region = "ap-northeast-1"
    static let apiGateway = AWSService(
        name: "APIGateway", environmentID: "API_GATEWAY", endpointPrefix: "apigateway", signingName: "apigateway",
        apiVersion: "2015-07-09", wireProtocol: .json(version: "1.1", targetPrefix: ""))
    static let lambda = AWSService(
        name: "Lambda", environmentID: "LAMBDA", endpointPrefix: "lambda", signingName: "lambda",
        apiVersion: "2015-03-31", wireProtocol: .json(version: "1.1", targetPrefix: ""))

    @Test("every stack deploys; the REST API routes exactly the handlers' routes to their functions, which run the synthesized zip")
    func wholeSystemComesUp() async throws {
        let handoff = try await AssemblyHandoff.start("stamp-rally", cloudFormationAdditions: true)
        defer { handoff.stop() }
        let synth = try await handoff.synth("stamp-rally", out: handoff.ci.appendingPathComponent("cloud.out").path, in: ProjectPaths.root)
        try #require(synth.status == 0, "\(synth.stderr)")
        try handoff.handOver()
        let selection = AssemblyHandoff.selection("stamp-rally")
        let bootstrap = try await handoff.tenkai(["bootstrap"] + selection, in: handoff.deployer)
        try #require(bootstrap.status == 0, "\(bootstrap.stderr)")

        let deploy = try await handoff.tenkai(["deploy"] + selection, in: handoff.deployer)
        let assembly = try CloudAssembly.read(handoff.deployer.appendingPathComponent("artifact/stamp-rally/dev"))
        let finished = deploy.stdout.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["event"] as? String == "stack-finished" && $0["status"] as? String == "CREATE_COMPLETE" }
            .compactMap { $0["stack"] as? String }
        #expect(deploy.status == 0, "\(deploy.stderr)\n\(handoff.moto.moto.log().suffix(4000))")
        try #require(Set(finished) == Set(assembly.stacks.map(\.entry.name)), "created: \(finished)\n\(deploy.stdout)")

        let session = try MotoDeployment.session(handoff.moto.moto)
        let api = try #require(assembly.stacks.first { $0.entry.name == "api" }?.template)
        let functions = api.resources.values.filter { $0.type == "AWS::Lambda::Function" }
        #expect(functions.count == 5)

        // Each function runs the package synth made: the bootstrap bucket holds the assembly's
        // bytes under the key the template names, and Lambda's CodeSha256 is their SHA-256.
        let bucket = try await handoff.bootstrapBucket()
        var packages: [String: [UInt8]] = [:]
        var functionARNs: [String: String] = [:]  // handler → the deployed function's ARN
        for function in functions {
            let name = try #require(function.properties["FunctionName"]?.stringValue)
            let handler = try #require(function.properties["Handler"]?.stringValue)
            let key = try #require(function.properties["Code"]?[path: "S3Key"]?.stringValue)
            let asset = try #require(assembly.manifest.assets.first { $0.bucketKey == key }, "\(name)'s \(key) is not in the manifest")
            let synthesized = try [UInt8](Data(contentsOf: assembly.folder.appendingPathComponent(asset.path)))
            #expect(SHA256.hex(synthesized) == asset.sha256)
            if packages[key] == nil {
                let stored = [UInt8](try await S3(session).getObject(bucket: bucket, key: key).body)
                #expect(stored == synthesized, "s3://\(bucket)/\(key) is not the zip synth produced")
                packages[key] = stored
            }
            let configuration = try await Self.get(Self.lambda, "GetFunction", "/2015-03-31/functions/\(name)", session)["Configuration"] as? [String: Any]
            #expect(configuration?["CodeSha256"] as? String == Data(Self.bytes(hex: asset.sha256)).base64EncodedString(), "\(name) runs other code")
            #expect(configuration?["Handler"] as? String == handler)
            functionARNs[handler] = try #require(configuration?["FunctionArn"] as? String)
        }

        // What the handlers serve, read from the package as deployed (each handler's `routes`).
        let served = try await Self.routesServed(by: functionARNs.keys.sorted(), in: try #require(packages.values.first), environment: handoff.moto.environment)
        #expect(served.count == 6, "\(served)")

        // What the deployed REST API routes, as moto's API Gateway answers it.
        let apiName = try #require(api.resources.values.first { $0.type == "AWS::ApiGateway::RestApi" }?.properties["Name"]?.stringValue)
        let apis = try await Self.get(Self.apiGateway, "GetRestApis", "/restapis", session)["item"] as? [[String: Any]] ?? []
        let apiID = try #require(apis.first { $0["name"] as? String == apiName }?["id"] as? String, "no REST API \(apiName): \(apis)")
        // The Deployment came after the methods (it DependsOn them): API Gateway refuses one of an API without methods.
        let deployments = try await Self.get(Self.apiGateway, "GetDeployments", "/restapis/\(apiID)/deployments", session)["item"] as? [[String: Any]] ?? []
        #expect(deployments.count == 1, "\(deployments)")
        let resources = try await Self.get(Self.apiGateway, "GetResources", "/restapis/\(apiID)/resources", session, query: [("limit", "500")])["item"] as? [[String: Any]] ?? []
        var routed: [String: [String: Any]] = [:]  // "METHOD /path" → the method
        for resource in resources {
            let path = resource["path"] as? String ?? "?"
            let methods = resource["resourceMethods"] as? [String: [String: Any]] ?? [:]
            for (verb, method) in methods where verb != "OPTIONS" { routed["\(verb) \(path)"] = method }
            if !methods.isEmpty {
                // A CORS preflight on every routed path, answered by API Gateway itself.
                let preflight = methods["OPTIONS"]?["methodIntegration"] as? [String: Any]
                #expect(preflight?["type"] as? String == "MOCK", "\(path) has no OPTIONS preflight: \(methods.keys.sorted())")
            }
        }
        #expect(Set(routed.keys) == Set(served.keys), "the API routes \(routed.keys.sorted()), the handlers serve \(served.keys.sorted())")

        let declared = try Self.authorization(in: api)
        for (route, handler) in served.sorted(by: { $0.key < $1.key }) {
            let method = try #require(routed[route], "\(route) is served by \(handler) but not routed")
            let integration = method["methodIntegration"] as? [String: Any]
            let arn = try #require(functionARNs[handler])
            #expect(integration?["type"] as? String == "AWS_PROXY", "\(route)")
            #expect(integration?["httpMethod"] as? String == "POST", "\(route): Lambda is invoked with POST")
            #expect(integration?["uri"] as? String == "arn:aws:apigateway:\(Self.region):lambda:path/2015-03-31/functions/\(arn)/invocations",
                    "\(route) invokes \(integration?["uri"] ?? "nothing"), not \(handler)'s function")
            #expect(method["authorizationType"] as? String == declared[route], "\(route)")
        }
    }

    // MARK: - Reading what came up

    /// One GET of a REST-JSON API (API Gateway, Lambda), signed by our own client; the answer as JSON.
    static func get(_ service: AWSService, _ operation: String, _ path: String, _ session: AWSSession, query: [(String, String)] = []) async throws -> [String: Any] {
        let response = try await session.send(AWSRequest(service: service, operation: operation, method: "GET", path: path, query: query, isRetrySafe: true))
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(operation) answered \(String(decoding: response.body, as: UTF8.self))")
    }

    /// "METHOD /path" → the handler serving it, from `handler.routes` of each handler in the zip.
    static func routesServed(by handlers: [String], in package: [UInt8], environment: [String: String]) async throws -> [String: String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-rally-deployed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(package).write(to: folder.appendingPathComponent("package.zip"))
        let unzip = try await runProcess(URL(fileURLWithPath: "/usr/bin/unzip"), ["-q", folder.appendingPathComponent("package.zip").path, "-d", folder.appendingPathComponent("code").path])
        try #require(unzip.status == 0, "unzip failed: \(unzip.stderr)")
        var variables = environment
        variables["PYTHONDONTWRITEBYTECODE"] = "1"
        variables["AWS_DEFAULT_REGION"] = region  // the modules make their boto3 clients when imported
        let described = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/describe_handlers.py").path, folder.appendingPathComponent("code").path] + handlers,
            environment: variables)
        try #require(described.status == 0, "describe_handlers.py failed: \(described.stderr)")
        let handlersRoutes = try #require(try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: [String: Any]])
        var served: [String: String] = [:]
        for (handler, description) in handlersRoutes {
            for route in description["routes"] as? [[String]] ?? [] {
                #expect(served["\(route[0]) \(route[1])"] == nil, "two handlers serve \(route)")
                served["\(route[0]) \(route[1])"] = handler
            }
        }
        return served
    }

    /// "METHOD /path" → the AuthorizationType the template gives that method (the path from its resources' PathParts).
    static func authorization(in template: Template) throws -> [String: String] {
        func path(of resource: Value?) throws -> String {
            guard let id = resource?.referencedLogicalID, let node = template.resources[id], node.type == "AWS::ApiGateway::Resource" else {
                return ""  // the API's root (GetAtt RootResourceId)
            }
            return try path(of: node.properties["ParentId"]) + "/" + (try #require(node.properties["PathPart"]?.stringValue))
        }
        var declared: [String: String] = [:]
        for method in template.resources.values where method.type == "AWS::ApiGateway::Method" {
            let verb = try #require(method.properties["HttpMethod"]?.stringValue)
            declared["\(verb) \(try path(of: method.properties["ResourceId"]))"] = method.properties["AuthorizationType"]?.stringValue
        }
        return declared
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
