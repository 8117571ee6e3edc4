import TenkaiCore

/// One plain environment variable, made by ``EnvironmentConfigurable/environment(_:_:)``
/// and its siblings: a literal or a typed reference to another component.
public struct Env: Sendable {
    public let name: String
    /// The CloudFormation value.
    public let value: Value
    /// The typed reference it was made from, so other translators (compose) can resolve it
    /// their own way; nil for text and raw values.
    public let reference: Reference?

    init(_ name: String, _ value: Value, reference: Reference? = nil) {
        self.name = name
        self.value = value
        self.reference = reference
    }

    /// A variable with literal text (for settings of this library that add variables themselves).
    init(_ name: String, _ text: String) { self.init(name, .string(text)) }

    /// Whether the value was written out (text or a raw value), so anyone reading the template sees it.
    public var isLiteral: Bool { reference == nil }

    /// Whether the name suggests a credential that must not travel as plain text. A name that
    /// says it holds where a secret is kept (`LINE_CHANNEL_SECRET_PARAMETER`, `…_ARN`, `…_NAME`,
    /// `…_PATH`) is not one: code reads the secret from there with its own grant.
    var looksSecret: Bool {
        let upper = name.uppercased()
        let locatesSecret = ["_PARAMETER", "_ARN", "_NAME", "_PATH"].contains { upper.hasSuffix($0) }
        return !locatesSecret && ["PASSWORD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY"].contains { upper.contains($0) }
    }

    /// Letters, digits and `_`, starting with a letter: what every runtime accepts.
    var hasValidName: Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

extension [Env] {
    /// Reports each variable whose name is not valid, or looks secret while its value is
    /// written out; `owner` names the component (`container app`), `secretHint` says where such
    /// a value belongs for it. Returns whether all were fine.
    func check(owner: String, secretHint: (Env) -> String, in stack: inout StackContext) -> Bool {
        var valid = true
        for variable in self where !variable.hasValidName {
            stack.report(.error(
                "'\(variable.name)' of \(owner) is not a valid environment variable name",
                hint: "use letters, digits and '_', starting with a letter"))
            valid = false
        }
        for variable in self where variable.isLiteral && variable.looksSecret {
            stack.report(.error(
                "environment variable \(variable.name) of \(owner) looks like a secret but is plain text",
                hint: secretHint(variable)))
            valid = false
        }
        return valid
    }
}
