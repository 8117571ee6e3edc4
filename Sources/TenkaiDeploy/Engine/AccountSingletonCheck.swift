import AWSClient
import FoundationEssentials
import TenkaiCore

/// Before any change, deploy asks the account whether it already has the singletons the
/// templates would create — a GuardDuty detector, a Security Hub subscription, a Config
/// recorder, API Gateway's CloudWatch role — and refuses with the setting to change, instead
/// of a stack failing halfway with "a detector already exists" (normal under AWS Organizations,
/// where the delegated administrator enables them everywhere).
///
/// ```swift
/// let problems = try await AccountSingletonCheck.problems(templates: templates, region: "ap-northeast-1",
///                                                         probe: AccountSingletonProbe(session))
/// ```
public enum AccountSingletonCheck {
    /// One resource of which an account and region hold at most one.
    public enum Singleton: String, Sendable, CaseIterable {
        case guardDutyDetector = "AWS::GuardDuty::Detector"
        case securityHub = "AWS::SecurityHub::Hub"
        case configRecorder = "AWS::Config::ConfigurationRecorder"
        case configDeliveryChannel = "AWS::Config::DeliveryChannel"
        case apiGatewayAccount = "AWS::ApiGateway::Account"

        /// The system setting that says `existing` for it (`systems.<system>.<key>`).
        public var settingKey: String {
            switch self {
            case .guardDutyDetector: "guardDuty"
            case .securityHub: "securityHub"
            case .configRecorder, .configDeliveryChannel: "configRecorder"
            case .apiGatewayAccount: "apiGatewayAccount"
            }
        }
    }

    /// The singletons `templates` would create.
    public static func created(by templates: [Template]) -> [Singleton] {
        Singleton.allCases.filter { singleton in
            templates.contains { $0.resources.values.contains { $0.type == singleton.rawValue } }
        }
    }

    /// One sentence per singleton the templates would create but the account already has.
    public static func problems(
        templates: [Template], system: String, environmentFile: String, region: String, probe: AccountSingletonProbe
    ) async throws -> [String] {
        var problems: [String] = []
        for singleton in created(by: templates) where try await probe.exists(singleton) {
            problems.append(
                "the account already has its \(singleton.rawValue) in \(region), and \(system) would create another; "
                    + "set systems.\(system).\(singleton.settingKey): existing in \(environmentFile)")
        }
        return problems
    }
}

/// Asks one account and region whether a singleton exists, with read-only calls.
public struct AccountSingletonProbe: Sendable {
    let session: AWSSession

    public init(_ session: AWSSession) { self.session = session }

    static let guardDuty = AWSService(
        name: "GuardDuty", environmentID: "GUARDDUTY", endpointPrefix: "guardduty", signingName: "guardduty",
        apiVersion: "2017-11-28", wireProtocol: .json(version: "1.1", targetPrefix: ""))
    static let securityHub = AWSService(
        name: "SecurityHub", environmentID: "SECURITYHUB", endpointPrefix: "securityhub", signingName: "securityhub",
        apiVersion: "2018-10-26", wireProtocol: .json(version: "1.1", targetPrefix: ""))
    static let config = AWSService(
        name: "Config", environmentID: "CONFIG_SERVICE", endpointPrefix: "config", signingName: "config",
        apiVersion: "2014-11-12", wireProtocol: .json(version: "1.1", targetPrefix: "StarlingDoveService"))
    static let apiGateway = AWSService(
        name: "APIGateway", environmentID: "API_GATEWAY", endpointPrefix: "apigateway", signingName: "apigateway",
        apiVersion: "2015-07-09", wireProtocol: .json(version: "1.1", targetPrefix: ""))

    /// Whether the account and region already have `singleton`.
    public func exists(_ singleton: AccountSingletonCheck.Singleton) async throws -> Bool {
        switch singleton {
        case .guardDutyDetector:
            // GET /detector (ListDetectors): {"detectorIds": [...]}
            let answer = try await rest(Self.guardDuty, "ListDetectors", path: "/detector")
            return Self.count(answer["detectorIds"]) > 0
        case .securityHub:
            // GET /accounts (DescribeHub): an account that is not subscribed is refused.
            do {
                let answer = try await rest(Self.securityHub, "DescribeHub", path: "/accounts")
                return answer["HubArn"] != nil && answer["HubArn"] != .null
            } catch let error as AWSError where ["InvalidAccessException", "ResourceNotFoundException"].contains(error.code) {
                return false
            }
        case .configRecorder:
            return Self.count(try await config("DescribeConfigurationRecorders")["ConfigurationRecorders"]) > 0
        case .configDeliveryChannel:
            return Self.count(try await config("DescribeDeliveryChannels")["DeliveryChannels"]) > 0
        case .apiGatewayAccount:
            // GET /account (GetAccount): the region's CloudWatch role, if one is set.
            let answer = try await rest(Self.apiGateway, "GetAccount", path: "/account")
            if case .string(let role) = answer["cloudwatchRoleArn"] { return !role.isEmpty }
            return false
        }
    }

    private func config(_ operation: String) async throws -> AnyJSON {
        let request = AWSRequest(
            service: Self.config, operation: operation, method: "POST",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "StarlingDoveService.\(operation)"],
            body: .data(Data("{}".utf8)), isRetrySafe: true)
        return Self.object(try await session.send(request).body)
    }

    private func rest(_ service: AWSService, _ operation: String, path: String) async throws -> AnyJSON {
        let request = AWSRequest(service: service, operation: operation, method: "GET", path: path, isRetrySafe: true)
        return Self.object(try await session.send(request).body)
    }

    /// AWS answers may hold `null`, so they are read as `AnyJSON` (the wire model), not as template values.
    private static func object(_ body: Data) -> AnyJSON {
        (try? JSONDecoder().decode(AnyJSON.self, from: body)) ?? .object([:])
    }

    private static func count(_ value: AnyJSON?) -> Int {
        if case .array(let items) = value { items.count } else { 0 }
    }
}
