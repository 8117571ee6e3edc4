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
public struct AmplifyApp: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "AmplifyApp" }
    public var repository: String
    public var branch: String
    public var environment: [Env] = []
    public var domain: String?

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
        let roleID = logicalID + "Role"
        stack.add(
            roleID,
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
            "IAMServiceRole": .getAtt(roleID, "Arn"),
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
                    "AppId": .getAtt(logicalID, "AppId"), "BranchName": .string(branch), "Framework": "Next.js - SSR",
                    "Stage": stack.environment.isProduction ? "PRODUCTION" : "DEVELOPMENT", "EnableAutoBuild": true,
                ]))
        if let domain {
            stack.add(
                logicalID + "Domain",
                Resource(
                    type: "AWS::Amplify::Domain",
                    properties: [
                        "AppId": .getAtt(logicalID, "AppId"), "DomainName": .string(domain),
                        "SubDomainSettings": [["BranchName": .getAtt(branchID, "BranchName"), "Prefix": ""]],
                    ]))
        }
        stack.output(
            logicalID + "GitTokenSecret", .string(tokenSecretName(stack)),
            description: "Secrets Manager secret with the Git access token, created out of band before the first deploy")
    }

    private var branchID: String { logicalID + "Branch" }

    // MARK: - References

    public var appID: Reference { attribute("AppId", .id) }
    public var defaultDomain: Reference { attribute("DefaultDomain", .hostname) }

    // MARK: - Modifiers

    /// A build-time and run-time variable of the app (`NEXT_PUBLIC_…` ones reach the browser).
    public func environment(_ name: String, _ text: String) -> AmplifyApp {
        with { $0.environment.append(Env(name, text)) }
    }
    /// Serves the branch at `domain` (the domain's hosted zone must be in this account).
    public func customDomain(_ domain: String) -> AmplifyApp { with { $0.domain = domain } }
}
