import Tenkai
import TenkaiCore
import Testing

/// EncryptionKey, GeneratedSecret, UserPool and WebACL: defaults, modifiers, references and
/// the errors their bad settings give.
@Suite struct SecurityComponentTests {
    // MARK: EncryptionKey

    @Test func aKeyRotatesIsRetainedAndHasAnAlias() throws {
        let resources = try Components.resources { EncryptionKey("data").usable(by: "logs.amazonaws.com") }
        let key = try #require(resources["DataKey"])
        #expect(key.properties["EnableKeyRotation"] == true)
        #expect(key.deletionPolicy == .retain && key.updateReplacePolicy == .retain, "retained even outside production")
        let statements = key.properties["KeyPolicy"]?[path: "Statement"]?.listValue ?? []
        #expect(statements.compactMap { $0[path: "Sid"]?.stringValue } == ["AccountAdministersKeyThroughIAM", "AllowLogs"])
        #expect(statements.last?[path: "Principal"] == ["Service": "logs.amazonaws.com"])
        #expect(statements.last?[path: "Condition"] == ["StringEquals": ["aws:SourceAccount": .accountID]], "only on this account's behalf")
        #expect(resources["DataKeyAlias"]?.properties["AliasName"] == "alias/shop-dev-data")
        #expect(resources["DataKeyAlias"]?.properties["TargetKeyId"] == .ref("DataKey"))
    }

    @Test func keyReferences() {
        #expect(EncryptionKey("data").arn.value == .getAtt("DataKey", "Arn"))
        #expect(EncryptionKey("data").keyID.value == .ref("DataKey"))
    }

    // MARK: GeneratedSecret

    @Test func aGeneratedSecretIsNamedByPathAndNeverHoldsAValue() throws {
        let resources = try Components.resources(Fixtures.prod) {
            let key = EncryptionKey("data")
            key
            GeneratedSecret("jwt-signing-key", length: 48).encrypted(with: key)
        }
        let secret = try #require(resources["JwtSigningKeySecret"])
        #expect(secret.properties["Name"] == "/shop/prod/jwt-signing-key")
        #expect(secret.properties["GenerateSecretString"] == ["PasswordLength": 48, "ExcludePunctuation": true])
        #expect(secret.properties["SecretString"] == nil)
        #expect(secret.properties["KmsKeyId"] == .getAtt("DataKey", "Arn"))
        #expect(secret.deletionPolicy == .retain)
        let dev = try Components.resources { GeneratedSecret("token") }
        #expect(dev["TokenSecret"]?.deletionPolicy == .delete && dev["TokenSecret"]?.properties["KmsKeyId"] == nil)
    }

    // MARK: UserPool

    @Test func aUserPoolsDefaultsAndItsPublicClient() throws {
        let resources = try Components.resources { UserPool("users") }
        let pool = try #require(resources["UsersUserPool"])
        #expect(pool.properties["UserPoolName"] == "shop-dev-users")
        #expect(pool.properties["UsernameAttributes"] == ["email"])
        #expect(pool.properties["Policies"]?[path: "PasswordPolicy.MinimumLength"] == 12)
        #expect(pool.properties["Policies"]?[path: "PasswordPolicy.RequireSymbols"] == true)
        #expect(pool.properties["MfaConfiguration"] == "OPTIONAL")
        #expect(pool.properties["DeletionProtection"] == "INACTIVE" && pool.deletionPolicy == .delete)
        let client = try #require(resources["UsersUserPoolWebClient"])
        #expect(client.properties["GenerateSecret"] == false)
        #expect(client.properties["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        #expect(client.properties["PreventUserExistenceErrors"] == "ENABLED")
        #expect(client.properties["UserPoolId"] == .ref("UsersUserPool"))
    }

    @Test func aUserPoolIsProtectedInProductionOrWhenAsked() throws {
        let production = try Components.resources(Fixtures.prod) { UserPool("users") }
        #expect(production["UsersUserPool"]?.properties["DeletionProtection"] == "ACTIVE")
        #expect(production["UsersUserPool"]?.deletionPolicy == .retain)
        let asked = try Components.resources { UserPool("users").protected() }
        #expect(asked["UsersUserPool"]?.properties["DeletionProtection"] == "ACTIVE")
    }

    @Test func userPoolReferences() {
        let pool = UserPool("users")
        #expect(pool.poolID.value == .ref("UsersUserPool"))
        #expect(pool.arn.value == .getAtt("UsersUserPool", "Arn"))
        #expect(pool.clientIdentifier.value == .ref("UsersUserPoolWebClient"))
    }

    // MARK: WebACL

    @Test func aWebACLsDefaultRules() throws {
        let resources = try Components.resources { WebACL("api", scope: .regional) }
        let acl = try #require(resources["ApiWebAcl"])
        #expect(acl.properties["Scope"] == "REGIONAL" && acl.properties["DefaultAction"] == ["Allow": [:]])
        let rules = acl.properties["Rules"]?.listValue ?? []
        #expect(rules.compactMap { $0[path: "Name"]?.stringValue } == [
            "rate-limit", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesAmazonIpReputationList",
        ])
        #expect(rules.compactMap { $0[path: "Priority"] } == [0, 1, 2, 3, 4])
        #expect(rules.first?[path: "Statement.RateBasedStatement"] == ["Limit": 2000, "AggregateKeyType": "IP"])
        #expect(resources["ApiWebAclLogGroup"]?.properties["LogGroupName"] == "aws-waf-logs-shop-dev-api")
        #expect(resources["ApiWebAclLogGroup"]?.properties["RetentionInDays"] == 90)
        #expect(resources["ApiWebAclLogging"]?.properties["ResourceArn"] == .getAtt("ApiWebAcl", "Arn"))
    }

    @Test func webACLModifiers() throws {
        let resources = try Components.resources {
            WebACL("api", scope: .regional)
                .allowing(["192.0.2.0/24"]).blocking(["198.51.100.7/32"]).rateLimit(nil)
                .managedGroups([.common]).largeBodies(allowedOn: "^/upload$").logRetention(days: 30)
        }
        let rules = resources["ApiWebAcl"]?.properties["Rules"]?.listValue ?? []
        #expect(rules.compactMap { $0[path: "Name"]?.stringValue } == [
            "allow-list", "block-list", "AWSManagedRulesCommonRuleSet", "large-body-outside-uploads",
        ])
        #expect(rules[0][path: "Action"] == ["Allow": [:]] && rules[1][path: "Action"] == ["Block": [:]])
        #expect(resources["ApiWebAclAllowList"]?.properties["Addresses"] == ["192.0.2.0/24"])
        #expect(resources["ApiWebAclBlockList"]?.properties["Addresses"] == ["198.51.100.7/32"])
        #expect(rules[2][path: "Statement.ManagedRuleGroupStatement.RuleActionOverrides"] == [["Name": "SizeRestrictions_BODY", "ActionToUse": ["Count": [:]]]],
                "the managed size rule only counts; the rule after it blocks outside the upload paths")
        #expect(resources["ApiWebAclLogGroup"]?.properties["RetentionInDays"] == 30)
    }

    @Test func aCloudFrontWebACLOutsideUSEast1AndOtherBadSettingsAreErrors() {
        let misplaced = Components.errors { WebACL("edge", scope: .cloudFront) }
        #expect(misplaced.contains("a CloudFront web ACL must be created in us-east-1, not ap-northeast-1"), "\(misplaced)")
        let noCore = Components.errors { WebACL("api", scope: .regional).managedGroups([.sqlInjection]).largeBodies(allowedOn: "^/u$") }
        #expect(noCore.contains("large bodies are allowed on some paths, but the core rule set that limits body size is not used"), "\(noCore)")
        let retention = Components.errors { WebACL("api", scope: .regional).logRetention(days: 17) }
        #expect(retention.contains("log retention of 17 days is not a period CloudWatch Logs accepts"), "\(retention)")
        #expect(!retention.contains { $0.hasPrefix("[") }, "no rule fires on a component that stopped at its own error")
    }

    @Test func webACLReference() {
        #expect(WebACL("api", scope: .regional).arn.value == .getAtt("ApiWebAcl", "Arn"))
    }
}
