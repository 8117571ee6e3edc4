import Testing
import Tenkai
import TenkaiCore

/// Suppressions switch one rule off for one component, only with a written reason, and are
/// listed for review.
@Suite struct RuleSuppressionTests {
    static let forever = RawResource("forever", type: "AWS::Logs::LogGroup")

    @Test func aSuppressionWithAReasonSilencesTheRuleAndIsListed() throws {
        let system = RuleTestSupport.system([
            Self.forever.suppress(rule: .logRetention, reason: "audit log: legal hold requires indefinite retention")
        ])
        let resolved = try Resolver.resolve(system, in: RuleTestSupport.environment(production: false))
        let suppressions = RuleSet.suppressions(in: resolved)
        #expect(suppressions == [
            RuleSuppression(
                rule: .logRetention, reason: "audit log: legal hold requires indefinite retention",
                componentPath: "ruletest/main/forever")
        ])
        let synthesis = try Synthesis(resolved, format: .json)
        #expect(synthesis.suppressions == suppressions)
        let rendered = String(decoding: synthesis.stacks[0].bytes, as: UTF8.self)
        #expect(rendered.contains("tenkai:suppressions"), "the reason travels with the template for reviewers")
    }

    @Test func aSuppressionWithoutAReasonIsRefused() {
        for reason in ["", "   "] {
            let found = RuleTestSupport.diagnostics([Self.forever.suppress(rule: .logRetention, reason: reason)])
            #expect(found.contains { $0.severity == .error && $0.message.contains("needs a written reason") })
            #expect(found.contains { $0.severity == .error && $0.message.hasPrefix("[log-retention]") })
        }
    }

    @Test func suppressingAnUnknownRuleIsRefused() {
        let found = RuleTestSupport.diagnostics([Self.forever.suppress(rule: "log-retension", reason: "typo")])
        #expect(found.contains { $0.severity == .error && $0.message.contains("no such rule") && $0.hint?.contains("log-retention") == true })
    }

    @Test func aSuppressionCoversOnlyItsOwnComponent() {
        let other = RawResource("other", type: "AWS::Logs::LogGroup")
        let found = RuleTestSupport.violations(of: .logRetention, [
            Self.forever.suppress(rule: .logRetention, reason: "legal hold"), other,
        ])
        #expect(found.map(\.componentPath) == ["ruletest/main/other"])
    }

    @Test func aSuppressionMatchingNothingIsAWarning() {
        let kept = RawResource("kept", type: "AWS::Logs::LogGroup", properties: ["RetentionInDays": 30])
        let found = RuleTestSupport.diagnostics([kept.suppress(rule: .logRetention, reason: "no longer needed")])
        #expect(found.contains { $0.severity == .warning && $0.message.contains("matches no violation") })
        #expect(!found.hasErrors)
    }

    @Test func suppressionsStackOnOneComponentAndWorkWithOverrides() {
        let bucket = RawResource("legacy", type: "AWS::S3::Bucket")
            .override("Properties.AccessControl", "PublicRead")
            .suppress(rule: .encryptionAtRest, reason: "vendor appliance cannot read SSE objects")
            .suppress(rule: .publicBucket, reason: "public download mirror, read-only")
        #expect(!RuleTestSupport.diagnostics([bucket]).hasErrors)
    }
}
