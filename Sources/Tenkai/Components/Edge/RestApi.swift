import Hashing
import TenkaiCore

/// An API Gateway REST API whose routes proxy to Lambda functions.
///
/// Defaults: a regional endpoint; every route behind the Cognito user pool authorizer unless it
/// says otherwise; one stage (`v1`) with JSON access logs, error-level execution logs, metrics,
/// X-Ray tracing and throttling; CORS answered for the allowed origin, on success and on
/// API Gateway's own errors. Each function may be invoked only by this API on its own route.
///
/// ```swift
/// RestApi("api") {
///     Route(.post, "/stamps", to: collect)
///     Route(.get, "/spots", to: spots, authorization: .none)
/// }
/// .authorized(by: users)
/// .cors(allowedOrigin: "https://stamp-rally.example.com")
/// .throttling(requestsPerSecond: 50, burst: 100)
/// ```
public struct RestApi: EscapeHatching {
    /// The one stage every API deploys to: its URL ends in `/v1`.
    public static let stageName = "v1"

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "RestApi" }
    public var routes: [Route]
    /// The user pool that signs callers in; required when any route uses `.userPool`.
    public var userPoolArn: Reference?
    public var corsOrigin: String?
    /// Steady-state requests per second the stage admits before answering 429.
    public var requestsPerSecond = 50.0
    /// Requests the stage admits at once above the steady rate.
    public var burst = 100
    /// The account-level logging role the stage must wait for.
    public var loggingAccountID: String?
    public var alarmTopic: Reference?
    /// How many days the stage's access log group keeps its events.
    public var logRetentionDays = 30

    public init(_ name: String, @RouteBuilder routes: () -> [Route]) {
        self.name = name
        self.routes = routes()
    }

    public func translate(into stack: inout StackContext) {
        let apiName = stack.resourceName(name)
        stack.add(
            logicalID,
            Resource(
                type: "AWS::ApiGateway::RestApi",
                properties: [
                    "Name": .string(apiName),
                    "Description": .string("\(stack.systemName) \(name) (\(stack.environment.name)), managed by Tenkai"),
                    "EndpointConfiguration": ["Types": ["REGIONAL"]],
                ]))
        checkRoutes(&stack)
        let needsAuthorizer = routes.contains { $0.authorization == .userPool }
        if needsAuthorizer, let userPoolArn {
            stack.add(
                authorizerID,
                Resource(
                    type: "AWS::ApiGateway::Authorizer",
                    properties: [
                        "Name": .string("\(apiName)-users"), "RestApiId": .ref(logicalID), "Type": "COGNITO_USER_POOLS",
                        "ProviderARNs": [userPoolArn.value], "IdentitySource": "method.request.header.Authorization",
                    ]))
        }

        for path in Self.allPrefixes(of: routes.map(\.segments)) {
            stack.add(
                pathResourceID(path),
                Resource(
                    type: "AWS::ApiGateway::Resource",
                    properties: ["RestApiId": .ref(logicalID), "ParentId": parentID(of: path), "PathPart": .string(path.last!)]))
        }
        var methodIDs: [ResourceID] = []
        for route in routes {
            methodIDs.append(addMethod(route, to: &stack))
        }
        if let corsOrigin {
            for path in Set(routes.map(\.segments)).sorted(by: { $0.joined(separator: "/") < $1.joined(separator: "/") }) {
                methodIDs.append(addPreflight(path, origin: corsOrigin, to: &stack))
            }
            for type in ["DEFAULT_4XX", "DEFAULT_5XX"] {
                stack.add(
                    part(LogicalID.pascalCase(type.lowercased()) + "Response"),
                    Resource(
                        type: "AWS::ApiGateway::GatewayResponse",
                        properties: [
                            "RestApiId": .ref(logicalID), "ResponseType": .string(type),
                            "ResponseParameters": Self.corsHeaders(origin: corsOrigin, prefix: "gatewayresponse.header"),
                        ]))
            }
        }
        addStage(&stack, apiName: apiName, methodIDs: methodIDs)
    }

    private func checkRoutes(_ stack: inout StackContext) {
        var seen: Set<String> = []
        for route in routes {
            if !route.isValidPath {
                stack.report(
                    .error(
                        "route path '\(route.path)' is not valid",
                        hint: "start with '/' and use segments of letters, digits, '-', '_', '.' or one {parameter}"))
            }
            if !seen.insert("\(route.method.rawValue) \(route.path)").inserted {
                stack.report(.error("route \(route.method.rawValue) \(route.path) is declared twice"))
            }
        }
        if routes.isEmpty { stack.report(.error("the API has no routes", hint: "add a Route to its body")) }
        if routes.contains(where: { $0.authorization == .userPool }) && userPoolArn == nil {
            stack.report(
                .error(
                    "routes require signed-in users but the API has no user pool",
                    hint: "add .authorized(by: userPool), or mark public routes with authorization: .none"))
        }
    }

    private func addMethod(_ route: Route, to stack: inout StackContext) -> ResourceID {
        let base = pathKey(route.segments) + LogicalID.pascalCase(route.method.rawValue.lowercased())
        let method = part(base + "Method")
        var properties: Fields = [
            "RestApiId": .ref(logicalID),
            "ResourceId": resourceReference(route.segments),
            "HttpMethod": .string(route.method.rawValue),
        ]
        switch route.authorization {
        case .userPool:
            properties["AuthorizationType"] = "COGNITO_USER_POOLS"
            properties["AuthorizerId"] = authorizerID.ref
        case .none:
            properties["AuthorizationType"] = "NONE"
        }
        properties["Integration"] = [
            "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
            "Uri": .sub(
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${\(route.functionLogicalID).Arn}/invocations"),
        ]
        stack.add(method, Resource(type: "AWS::ApiGateway::Method", properties: properties))
        let sourcePath = route.segments.map { $0.hasPrefix("{") ? "*" : $0 }.joined(separator: "/")
        stack.add(
            part(base + "Permission"),
            Resource(
                type: "AWS::Lambda::Permission",
                properties: [
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": .getAtt(route.functionLogicalID, "Arn"),
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": .sub(
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${\(logicalID)}/\(Self.stageName)/\(route.method.rawValue)/\(sourcePath)"),
                ]))
        return method
    }

    /// The `OPTIONS` method browsers send before a cross-origin call, answered by API Gateway itself.
    private func addPreflight(_ path: [String], origin: String, to stack: inout StackContext) -> ResourceID {
        let id = part(pathKey(path) + "OptionsMethod")
        let methods = (routes.filter { $0.segments == path }.map(\.method.rawValue) + ["OPTIONS"]).joined(separator: ",")
        var headers = Self.corsHeaders(origin: origin, prefix: "method.response.header").fieldsValue!
        headers["method.response.header.Access-Control-Allow-Methods"] = .string("'\(methods)'")
        stack.add(
            id,
            Resource(
                type: "AWS::ApiGateway::Method",
                properties: [
                    "RestApiId": .ref(logicalID), "ResourceId": resourceReference(path), "HttpMethod": "OPTIONS",
                    "AuthorizationType": "NONE",
                    "Integration": [
                        "Type": "MOCK", "RequestTemplates": ["application/json": "{\"statusCode\": 200}"],
                        "IntegrationResponses": [["StatusCode": "204", "ResponseParameters": .map(headers)]],
                    ],
                    "MethodResponses": [
                        ["StatusCode": "204", "ResponseParameters": .map(Fields(headers.map { ($0.key, .bool(true)) }))]
                    ],
                ]))
        return id
    }

    private func addStage(_ stack: inout StackContext, apiName: String, methodIDs: [ResourceID]) {
        let logGroup = part("AccessLogGroup")
        let retention = logRetentionDays
        _ = LogRetention.check(retention, in: &stack)
        stack.add(
            logGroup,
            LogRetention.logGroup(
                ["LogGroupName": .string("/aws/apigateway/\(apiName)"), "RetentionInDays": .int(retention)], in: stack))
        // A deployment is a snapshot: CloudFormation only takes a new one when the logical ID
        // changes, so the ID carries a digest of the routes and a changed route redeploys.
        let fingerprint = routes.map { "\($0.method.rawValue) \($0.path) \($0.functionLogicalID) \($0.authorization)" }
            .joined(separator: "\n") + "\n\(corsOrigin ?? "")"
        let deploymentID = part("Deployment" + SHA256.hex(Array(fingerprint.utf8)).prefix(8).uppercased())
        stack.add(
            deploymentID,
            Resource(
                type: "AWS::ApiGateway::Deployment",
                properties: ["RestApiId": .ref(logicalID), "Description": .string("\(routes.count) routes")],
                dependsOn: methodIDs.map(\.logicalID)))
        let accessLogFormat: Value = [
            "requestId": "$context.requestId", "requestTime": "$context.requestTime", "ip": "$context.identity.sourceIp",
            "method": "$context.httpMethod", "path": "$context.resourcePath", "status": "$context.status",
            "latencyMs": "$context.responseLatency", "user": "$context.authorizer.claims.sub",
            "error": "$context.error.message", "integrationError": "$context.integrationErrorMessage",
        ]
        stack.add(
            stageID,
            Resource(
                type: "AWS::ApiGateway::Stage",
                properties: [
                    "RestApiId": .ref(logicalID), "DeploymentId": deploymentID.ref, "StageName": .string(Self.stageName),
                    "TracingEnabled": true,
                    "AccessLogSetting": [
                        "DestinationArn": logGroup.arn,
                        "Format": .string(String(decoding: JSONRenderer.renderCompact(accessLogFormat), as: UTF8.self)),
                    ],
                    "MethodSettings": [
                        [
                            "ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "ERROR", "MetricsEnabled": true,
                            "DataTraceEnabled": false, "ThrottlingRateLimit": .double(requestsPerSecond),
                            "ThrottlingBurstLimit": .int(burst),
                        ]
                    ],
                ],
                dependsOn: loggingAccountID.map { [$0] } ?? []))
        stack.output(
            logicalID + "Url", .sub("https://${\(logicalID)}.execute-api.${AWS::Region}.${AWS::URLSuffix}/\(Self.stageName)"),
            description: "Base URL of API \(name)")
        if let alarmTopic { addOwnAlarms(recommendedAlarms(), notifying: alarmTopic, to: &stack) }
    }

    // MARK: - Paths

    private var authorizerID: ResourceID { part("Authorizer") }
    private var stageID: ResourceID { part("Stage") }

    private func pathKey(_ segments: [String]) -> String {
        segments.isEmpty ? "Root" : segments.map(LogicalID.pascalCase).joined()
    }

    /// The `AWS::ApiGateway::Resource` of one path below the root.
    private func pathResourceID(_ segments: [String]) -> ResourceID { part(pathKey(segments) + "Resource") }

    private func resourceReference(_ segments: [String]) -> Value {
        segments.isEmpty ? .getAtt(logicalID, "RootResourceId") : pathResourceID(segments).ref
    }

    private func parentID(of segments: [String]) -> Value { resourceReference(Array(segments.dropLast())) }

    /// Every non-empty prefix of the paths, parents before children, each once.
    private static func allPrefixes(of paths: [[String]]) -> [[String]] {
        var result: [[String]] = []
        for path in paths {
            for length in stride(from: 1, through: path.count, by: 1) where !result.contains(Array(path.prefix(length))) {
                result.append(Array(path.prefix(length)))
            }
        }
        return result.sorted { $0.count != $1.count ? $0.count < $1.count : $0.joined(separator: "/") < $1.joined(separator: "/") }
    }

    private static func corsHeaders(origin: String, prefix: String) -> Value {
        [
            "\(prefix).Access-Control-Allow-Origin": .string("'\(origin)'"),
            "\(prefix).Access-Control-Allow-Headers": "'Authorization,Content-Type'",
        ]
    }

    // MARK: - References

    /// The API's ID (`Ref`).
    public var apiID: Reference { reference(.id) }

    // MARK: - Modifiers

    /// Signs callers in with this user pool (Cognito user pool authorizer).
    public func authorized(by userPool: UserPool) -> RestApi { with { $0.userPoolArn = userPool.arn } }
    /// Answers CORS preflights and errors for this browser origin.
    public func cors(allowedOrigin origin: String) -> RestApi { with { $0.corsOrigin = origin } }
    /// Limits the stage to `requestsPerSecond` with bursts of `burst` (per account and region).
    public func throttling(requestsPerSecond: Int, burst: Int) -> RestApi {
        with {
            $0.requestsPerSecond = Double(requestsPerSecond)
            $0.burst = burst
        }
    }
    /// Waits for the account's API Gateway logging role before enabling execution logs.
    public func executionLogs(through account: ApiGatewayAccount) -> RestApi {
        with { $0.loggingAccountID = account.ownership == .create ? account.logicalID : nil }
    }
    /// Its ``recommendedAlarms()`` (server errors), added inside the API and sent to `topic`.
    public func alarms(notify topic: Reference) -> RestApi { with { $0.alarmTopic = topic } }
    public func logRetention(days: Int) -> RestApi { with { $0.logRetentionDays = days } }
}
