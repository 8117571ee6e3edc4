import TenkaiCore

/// A Cognito user pool with one public app client, for a browser or mini-app front end.
///
/// Defaults: e-mail as the user name, verified automatically; passwords of 12+ characters with
/// every character class; optional TOTP multi-factor sign-in; recovery by verified e-mail only;
/// no user-existence leaks from the client; deletion protection and retention in production.
/// The client has no secret (it runs in a browser) and uses SRP, never plain passwords.
///
/// ```swift
/// let users = UserPool("users")
/// RestApi("api") { … }.authorized(by: users)
/// ```
public struct UserPool: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "UserPool" }
    public var minimumPasswordLength = 12
    public var accessTokenMinutes = 60
    public var refreshTokenDays = 30
    /// Deletion protection and retention; nil follows the environment (on in production).
    public var protected: Bool?

    public init(_ name: String) { self.name = name }

    public func translate(into stack: inout StackContext) {
        let isProtected = protected ?? stack.environment.isProduction
        let policy: DeletionPolicy = isProtected ? .retain : .delete
        stack.add(
            logicalID,
            Resource(
                type: "AWS::Cognito::UserPool",
                properties: [
                    "UserPoolName": .string(stack.resourceName(name)),
                    "UsernameAttributes": ["email"],
                    "AutoVerifiedAttributes": ["email"],
                    "Policies": [
                        "PasswordPolicy": [
                            "MinimumLength": .int(minimumPasswordLength), "RequireLowercase": true, "RequireUppercase": true,
                            "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 3,
                        ]
                    ],
                    "MfaConfiguration": "OPTIONAL",
                    "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
                    "AccountRecoverySetting": ["RecoveryMechanisms": [["Name": "verified_email", "Priority": 1]]],
                    "AdminCreateUserConfig": ["AllowAdminCreateUserOnly": false],
                    "DeletionProtection": isProtected ? "ACTIVE" : "INACTIVE",
                    "UserPoolTags": .map(Fields(Resolver.tags(system: stack.systemName, environment: stack.environment.config, stack: stack.stackName).map { ($0.0, .string($0.1)) })),
                ],
                deletionPolicy: policy, updateReplacePolicy: policy))
        stack.add(
            clientID,
            Resource(
                type: "AWS::Cognito::UserPoolClient",
                properties: [
                    "ClientName": .string(stack.resourceName("\(name)-web")),
                    "UserPoolId": resourceID.ref,
                    "GenerateSecret": false,
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "PreventUserExistenceErrors": "ENABLED",
                    "EnableTokenRevocation": true,
                    "AccessTokenValidity": .int(accessTokenMinutes),
                    "IdTokenValidity": .int(accessTokenMinutes),
                    "RefreshTokenValidity": .int(refreshTokenDays),
                    "TokenValidityUnits": ["AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"],
                ]))
    }

    private var clientID: ResourceID { part("WebClient") }

    // MARK: - References

    /// The pool's ID (`Ref`).
    public var poolID: Reference { reference(.id) }
    public var arn: Reference { attribute("Arn", .arn) }
    /// The web client's ID, which the front end needs to sign users in.
    public var clientIdentifier: Reference { clientID.reference(.id) }

    // MARK: - Modifiers

    public func protected(_ protected: Bool = true) -> UserPool { with { $0.protected = protected } }
}
