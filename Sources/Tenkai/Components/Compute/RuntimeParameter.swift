import TenkaiCore

/// A setting or secret in SSM Parameter Store, under `/<system>/<env>/<name>`.
///
/// A plain setting is a `String` parameter the template creates. A secret is a `SecureString`,
/// which CloudFormation cannot create: the template only names it, grants read access to it and
/// records the out-of-band step in a stack output, so its value never appears in a template,
/// a change set or a log. Code reads the parameter at run time, by the name it gets in its
/// environment:
///
/// ```swift
/// let channelSecret = RuntimeParameter.secure("line-channel-secret", in: env,
///                                            setBy: "the LINE Developers console, channel secret")
/// Function("collect-stamp", …)
///     .environment("LINE_CHANNEL_SECRET_PARAMETER", channelSecret.parameterName)
///     .granting(.read, on: channelSecret)
/// ```
///
/// The out-of-band step, once per environment, by someone allowed to read the secret:
///
/// ```
/// aws ssm put-parameter --type SecureString --name /stamp-rally/prod/line-channel-secret --value '…'
/// ```
public struct RuntimeParameter: EscapeHatching, Grantable {
    public enum Storage: Sendable, Hashable {
        /// A plain setting with this value, created by the template.
        case plain(String)
        /// A secret set outside CloudFormation; the text says where its value comes from.
        case secureString(setBy: String)
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Parameter" }
    public var storage: Storage
    /// The full parameter name, `/<system>/<env>/<name>`.
    public let parameterName: String
    public var summary: String?

    public init(_ name: String, value: String, in environment: Environment) {
        self.name = name
        self.storage = .plain(value)
        self.parameterName = "/\(environment.systemName)/\(environment.name)/\(name)"
    }

    /// A secret whose value is put into Parameter Store by hand; see the type's documentation.
    public static func secure(_ name: String, in environment: Environment, setBy source: String) -> RuntimeParameter {
        var parameter = RuntimeParameter(name, value: "", in: environment)
        parameter.storage = .secureString(setBy: source)
        return parameter
    }

    public var isSecret: Bool { if case .secureString = storage { true } else { false } }

    public func translate(into stack: inout StackContext) {
        switch storage {
        case .plain(let value):
            var properties: Fields = [
                "Name": .string(parameterName), "Type": "String", "Value": .string(value), "Tier": "Standard",
            ]
            if let summary { properties["Description"] = .string(summary) }
            stack.add(logicalID, Resource(type: "AWS::SSM::Parameter", properties: properties))
        case .secureString(let source):
            stack.output(
                logicalID + "Name", .string(parameterName),
                description:
                    "SecureString set out of band from \(source): aws ssm put-parameter --type SecureString --name \(parameterName) --value ...")
        }
    }

    /// `ssm:GetParameter` on this parameter only. A `SecureString` uses the account's `aws/ssm`
    /// key, whose key policy already lets principals of the account decrypt through SSM.
    public func policyStatements(for access: Access, in stack: StackContext) -> [Value] {
        let arn = Value.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter\(parameterName)")
        let actions = access == .read ? ["ssm:GetParameter"] : ["ssm:GetParameter", "ssm:PutParameter"]
        return [IAMPolicy.allow(actions, on: [arn])]
    }

    public func describing(_ summary: String) -> RuntimeParameter { with { $0.summary = summary } }
}
