import Foundation
import Testing

/// Uploads pass both firewalls of the file-sharing system while large bodies elsewhere are still
/// blocked: the rendered web ACLs are evaluated the way AWS WAF evaluates them.
///
/// What the evaluator models, from the AWS WAF developer guide: rules run in `Priority` order; a
/// terminating action (Block, Allow) ends evaluation, Count does not; a managed rule group's rule
/// whose action is overridden to Count only adds its labels; labels are visible to rules
/// evaluated later only; the core rule set's `SizeRestrictions_BODY` matches bodies over 8 KB
/// (8,192 bytes) and labels them `awswaf:managed:aws:core-rule-set:SizeRestrictions_Body`; with
/// no rule terminating, the default action applies. Requests here are benign otherwise (no
/// attack signatures, a good reputation, under the rate limit), so no other rule matches.
@Suite struct WebACLUploadTests {
    struct Request {
        var path: String
        var bodyBytes: Int
    }

    static let sizeLabel = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"

    /// "Allow" or "Block", as AWS WAF would decide.
    static func decision(of acl: [String: Any], for request: Request) throws -> String {
        var labels: Set<String> = []
        let rules = (acl["Rules"] as? [[String: Any]] ?? []).sorted { ($0["Priority"] as? Int ?? 0) < ($1["Priority"] as? Int ?? 0) }
        for rule in rules {
            let statement = try #require(rule["Statement"] as? [String: Any])
            if let group = statement["ManagedRuleGroupStatement"] as? [String: Any] {
                guard group["Name"] as? String == "AWSManagedRulesCommonRuleSet", request.bodyBytes > 8192 else { continue }
                labels.insert(sizeLabel)
                let overrides = group["RuleActionOverrides"] as? [[String: Any]] ?? []
                let counted = overrides.contains {
                    $0["Name"] as? String == "SizeRestrictions_BODY" && ($0["ActionToUse"] as? [String: Any])?["Count"] != nil
                }
                let groupCounts = (rule["OverrideAction"] as? [String: Any])?["Count"] != nil
                if !counted && !groupCounts { return "Block" }
                continue
            }
            guard try matches(statement, request, labels) else { continue }
            let action = try #require((rule["Action"] as? [String: Any])?.keys.first)
            if action == "Block" || action == "Allow" { return action }
        }
        return try #require((acl["DefaultAction"] as? [String: Any])?.keys.first)
    }

    static func matches(_ statement: [String: Any], _ request: Request, _ labels: Set<String>) throws -> Bool {
        if let and = statement["AndStatement"] as? [String: Any] {
            return try (and["Statements"] as? [[String: Any]] ?? []).allSatisfy { try matches($0, request, labels) }
        }
        if let not = statement["NotStatement"] as? [String: Any] {
            return try !matches(try #require(not["Statement"] as? [String: Any]), request, labels)
        }
        if let label = statement["LabelMatchStatement"] as? [String: Any] {
            return labels.contains(label["Key"] as? String ?? "")
        }
        if let regex = statement["RegexMatchStatement"] as? [String: Any] {
            #expect((regex["FieldToMatch"] as? [String: Any])?["UriPath"] != nil)
            let transformations = (regex["TextTransformations"] as? [[String: Any]] ?? []).compactMap { $0["Type"] as? String }
            var path = request.path
            if transformations.contains("NORMALIZE_PATH") { path = normalized(path) }
            let expression = try NSRegularExpression(pattern: try #require(regex["RegexString"] as? String))
            return expression.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        // Address lists and the rate limit: a benign request matches neither.
        if statement["IPSetReferenceStatement"] != nil || statement["RateBasedStatement"] != nil { return false }
        Issue.record("the evaluator does not know the statement \(statement.keys.sorted())")
        return false
    }

    /// AWS WAF's NORMALIZE_PATH: removes `./` and `../` segments and repeated slashes.
    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    /// Both web ACLs of one environment: the CloudFront one and the load balancer's.
    static func webACLs(in environment: String) throws -> [(String, [String: Any])] {
        var acls: [(String, [String: Any])] = []
        for stack in ["edge-global", "app"] {
            for (id, properties, _) in try FileShareFixtures.rendered(stack, in: environment).resources(ofType: "AWS::WAFv2::WebACL") {
                acls.append(("\(stack)/\(id)", properties))
            }
        }
        return acls
    }

    static let megabyte = 1024 * 1024

    @Test(arguments: FileShareFixtures.environmentNames)
    func uploadsWithLargeBodiesPassBothFirewalls(environment: String) throws {
        let acls = try Self.webACLs(in: environment)
        #expect(acls.count == 2)
        let uploads = [
            Request(path: "/api/projects/p-1/files", bodyBytes: 50 * Self.megabyte),
            Request(path: "/api/projects/p-1/files/f-9/versions", bodyBytes: 20 * Self.megabyte),
            Request(path: "/api/projects/p-1/uploads/u-3/parts/17", bodyBytes: 64 * Self.megabyte),
        ]
        for (name, acl) in acls {
            for upload in uploads {
                #expect(try Self.decision(of: acl, for: upload) == "Allow", "\(environment) \(name) blocks \(upload.path)")
            }
        }
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func largeBodiesElsewhereAreStillBlocked(environment: String) throws {
        let elsewhere = [
            Request(path: "/api/auth/login", bodyBytes: 9000),
            Request(path: "/api/projects", bodyBytes: 20_000),
            Request(path: "/api/projects/p-1/files/f-9/restore", bodyBytes: 9000),
            Request(path: "/api/projects/p-1/files/../../../auth/login", bodyBytes: 9000),
            Request(path: "/api/projects/p-1/files/extra", bodyBytes: 9000),
        ]
        for (name, acl) in try Self.webACLs(in: environment) {
            for request in elsewhere {
                #expect(try Self.decision(of: acl, for: request) == "Block", "\(environment) \(name) lets \(request.path) through")
            }
            #expect(try Self.decision(of: acl, for: Request(path: "/api/auth/login", bodyBytes: 300)) == "Allow")
        }
    }

    /// The evaluator itself: the unmodified core rule set blocks an upload, as it does in AWS.
    @Test func theUnmodifiedCoreRuleSetBlocksUploads() throws {
        let acl: [String: Any] = [
            "DefaultAction": ["Allow": [:]],
            "Rules": [[
                "Name": "AWSManagedRulesCommonRuleSet", "Priority": 0, "OverrideAction": ["None": [:]],
                "Statement": ["ManagedRuleGroupStatement": ["VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"]],
            ]],
        ]
        #expect(try Self.decision(of: acl, for: Request(path: "/api/projects/p-1/files", bodyBytes: 50 * Self.megabyte)) == "Block")
    }
}
