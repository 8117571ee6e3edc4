/// A CloudFormation stack: a named group of components deployed together.
///
/// Deployed as `<system>-<env>-<name>`. A stack may be pinned to a region other than the
/// environment's — CloudFront certificates and CloudFront-scope web ACLs must live in
/// us-east-1 — and values then cross regions through stack parameters.
///
/// ```swift
/// Stack("edge-certificates", region: "us-east-1") { Certificate("cdn", domain: env.domain) }
/// ```
public struct Stack: Sendable {
    public let name: String
    /// The region this stack is pinned to; nil deploys it in the environment's region.
    public let region: String?
    public let components: [any Component]

    public init(_ name: String, region: String? = nil, @ComponentBuilder _ body: () -> [any Component]) {
        self.name = name
        self.region = region
        self.components = body()
    }
}
