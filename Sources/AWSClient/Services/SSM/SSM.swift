import FoundationEssentials

extension AWSService {
    public static let ssm = AWSService(
        name: "SSM", environmentID: "SSM", endpointPrefix: "ssm", signingName: "ssm", apiVersion: "2014-11-06",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM")
    )
}

/// Systems Manager Parameter Store, read only: where an account's administrator pins values that
/// the roles deploying into it cannot change (the prod gate's approvers).
///
/// ```swift
/// let value = try await SSM(aws).parameter(named: "/tenkai/gate")  // nil when there is none
/// ```
public struct SSM: Sendable {
    public let session: AWSSession

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// A parameter's value and version, or `nil` when the account has no such parameter.
    public func parameter(named name: String) async throws -> SSMParameter? {
        do {
            return try await session.json(.ssm, "GetParameter", GetParameterInput(name: name), as: GetParameterOutput.self).parameter
        } catch let error as AWSError where error.code == "ParameterNotFound" {
            return nil
        }
    }
}

/// One parameter as `GetParameter` returns it.
public struct SSMParameter: Decodable, Sendable, Equatable {
    public var name: String
    public var value: String
    public var version: Int?

    enum CodingKeys: String, CodingKey {
        case name = "Name", value = "Value", version = "Version"
    }
}

struct GetParameterInput: Encodable {
    var name: String
    enum CodingKeys: String, CodingKey { case name = "Name" }
}

struct GetParameterOutput: Decodable {
    var parameter: SSMParameter
    enum CodingKeys: String, CodingKey { case parameter = "Parameter" }
}
