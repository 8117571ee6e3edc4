import TenkaiCore

/// Something that runs with plain environment variables — a ``Container``, a ``Function``, an
/// ``AmplifyApp`` — all set the same way: text, a typed ``Reference`` to another component, or
/// (rarely) a raw CloudFormation value.
///
/// Values are visible in the template, so a name that looks secret (`PASSWORD`, `SECRET`,
/// `TOKEN`, `PRIVATE_KEY`, `API_KEY`) with a value written out is refused at synth: a secret
/// travels as a ``Secret`` of a container, or as the name of the parameter the code reads it
/// from (`LINE_CHANNEL_SECRET_PARAMETER`: names ending `_PARAMETER`, `_ARN`, `_NAME` or `_PATH`
/// say where a secret is, and are allowed).
///
/// ```swift
/// Function("list-stamps", runtime: .python313, handler: "list.handler", code: .folder("functions"))
///     .environment("USER_STAMPS_TABLE", stamps.tableName)   // a Reference
///     .environment("LOG_LEVEL", "info")                     // text
/// ```
public protocol EnvironmentConfigurable: Sendable {
    /// The variables set so far, in order; add to them with ``environment(_:_:)``.
    var environment: [Env] { get set }
}

extension EnvironmentConfigurable {
    /// A variable with literal text; never a secret.
    public func environment(_ name: String, _ text: String) -> Self { adding(Env(name, text)) }

    /// A variable holding another component's value (a table's name, a database's endpoint).
    public func environment(_ name: String, _ reference: Reference) -> Self {
        adding(Env(name, reference.value, reference: reference))
    }

    /// A variable with any CloudFormation value (`.region`, a `Fn::Join` of references); written
    /// out like text, so the secret-name check applies to it too.
    public func environment(_ name: String, value: Value) -> Self { adding(Env(name, value)) }

    private func adding(_ variable: Env) -> Self {
        var copy = self
        copy.environment.append(variable)
        return copy
    }
}
