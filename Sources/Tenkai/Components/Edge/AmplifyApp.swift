import TenkaiCore

/// A web front end on AWS Amplify Hosting: a Next.js app (server-side rendering) built from a
/// Git repository, with one branch deployed and an optional custom domain.
///
/// Defaults: platform `WEB_COMPUTE` (Next.js SSR); security headers on every response (HSTS,
/// no sniffing, no framing, strict referrer); a service role that may write only Amplify's own
/// log groups. The Git access token never appears in a template: it is read at deploy time from
/// a Secrets Manager secret created out of band, once per environment:
///
/// ```
/// aws secretsmanager create-secret --name /crm/prod/frontend-git-token --secret-string '<token>'
/// ```
///
/// ```swift
/// AmplifyApp("web", repository: "https://github.com/example/crm-web", branch: "main")
///     .environment("NEXT_PUBLIC_GRAPHQL_URL", "https://api.crm.example.com/graphql")
///     .customDomain("crm.example.com")
/// ```
public struct AmplifyApp: EscapeHatching, EnvironmentConfigurable {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "AmplifyApp" }
    public internal(set) var repository: String
    public internal(set) var branch: String
    /// Build-time and run-time variables of the app (`NEXT_PUBLIC_…` ones reach the browser).
    public var environment: [Env] = []
    public internal(set) var domain: String?

    public init(_ name: String, repository: String, branch: String = "main") {
        self.name = name
        self.repository = repository
        self.branch = branch
    }

    /// The Secrets Manager secret holding the Git access token: `/<system>/<env>/<name>-git-token`.
    public func tokenSecretName(_ stack: StackContext) -> String {
        "/\(stack.systemName)/\(stack.environment.name)/\(name)-git-token"
    }

    public func translate(into stack: inout StackContext) {
        if !repository.hasPrefix("https://") {
            stack.report(.error("the front end's repository '\(repository)' must be an https:// URL"))
        }
        _ = environment.check(owner: "front end \(name)", secretHint: { _ in
            "its variables reach the build and, prefixed NEXT_PUBLIC_, the browser: keep secrets in the back end"
        }, in: &stack)
        stack.add(
            role,
            Resource(
                type: "AWS::IAM::Role",
                properties: [
                    "Description": .string("Lets Amplify Hosting write the logs of \(stack.resourceName(name))"),
                    "AssumeRolePolicyDocument": IAMPolicy.trust("amplify.amazonaws.com"),
                    "Policies": [
                        [
                            "PolicyName": "amplify-logs",
                            "PolicyDocument": IAMPolicy.document([
                                IAMPolicy.allow(
                                    ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                                    on: [.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/amplify/*")])
                            ]),
                        ]
                    ],
                ]))
        let headers = """
            customHeaders:
              - pattern: '**'
                headers:
                  - key: Strict-Transport-Security
                    value: max-age=31536000; includeSubDomains
                  - key: X-Content-Type-Options
                    value: nosniff
                  - key: X-Frame-Options
                    value: DENY
                  - key: Referrer-Policy
                    value: strict-origin-when-cross-origin

            """
        var properties: Fields = [
            "Name": .string(stack.resourceName(name)),
            "Description": .string("\(stack.systemName) \(name) front end (\(stack.environment.name)), managed by Tenkai"),
            "Platform": "WEB_COMPUTE",
            "Repository": .string(repository),
            "AccessToken": .string("{{resolve:secretsmanager:\(tokenSecretName(stack)):SecretString}}"),
            "IAMServiceRole": role.arn,
            "CustomHeaders": .string(headers),
        ]
        if !environment.isEmpty {
            properties["EnvironmentVariables"] = .list(environment.map { ["Name": .string($0.name), "Value": $0.value] })
        }
        stack.add(logicalID, Resource(type: "AWS::Amplify::App", properties: properties))
        stack.add(
            branchID,
            Resource(
                type: "AWS::Amplify::Branch",
                properties: [
                    "AppId": resourceID.getAtt("AppId"), "BranchName": .string(branch), "Framework": "Next.js - SSR",
                    "Stage": stack.environment.isProduction ? "PRODUCTION" : "DEVELOPMENT", "EnableAutoBuild": true,
                ]))
        if let domain {
            stack.add(
                part("Domain"),
                Resource(
                    type: "AWS::Amplify::Domain",
                    properties: [
                        "AppId": resourceID.getAtt("AppId"), "DomainName": .string(domain),
                        "SubDomainSettings": [["BranchName": branchID.getAtt("BranchName"), "Prefix": ""]],
                    ]))
        }
        stack.output(
            logicalID + "GitTokenSecret", .string(tokenSecretName(stack)),
            description: "Secrets Manager secret with the Git access token, created out of band before the first deploy")
    }

    private var branchID: ResourceID { part("Branch") }
    /// The service role Amplify Hosting writes logs with.
    private var role: ResourceID { part("Role") }

    // MARK: - References

    public var appID: Reference { attribute("AppId", .id) }
    public var defaultDomain: Reference { attribute("DefaultDomain", .hostname) }

    // MARK: - Modifiers

    /// Serves the branch at `domain` (the domain's hosted zone must be in this account).
    public func customDomain(_ domain: String) -> AmplifyApp { with { $0.domain = domain } }
}
