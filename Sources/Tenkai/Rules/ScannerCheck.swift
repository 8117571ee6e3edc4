import TenkaiCore

/// A check of an industry scanner run on the rendered templates: checkov (`CKV_AWS_18`) or
/// cfripper (`PublicELBCheckerRule`).
///
/// A suppression of one is written where that scanner reads it — checkov's
/// `Metadata.checkov.skip` on the resource; for cfripper, which has no per-resource metadata,
/// `Metadata.cfripper.ignore`, which the test turns into cfripper's allow-list (rule filters) —
/// and into `tenkai:suppressions`, so `tenkai synth` lists it with the rule set's own.
///
/// ```swift
/// restApi.suppress(scanner: .checkov("CKV_AWS_59"), reason: "the spot list is public: the app shows it before sign-in")
/// ```
public struct ScannerCheck: Sendable, Hashable, CustomStringConvertible {
    public enum Scanner: String, Sendable, Hashable { case checkov, cfripper }

    public var scanner: Scanner
    public var id: String

    public static func checkov(_ id: String) -> ScannerCheck { ScannerCheck(scanner: .checkov, id: id) }
    public static func cfripper(_ rule: String) -> ScannerCheck { ScannerCheck(scanner: .cfripper, id: rule) }

    /// `checkov:CKV_AWS_18`: how it is written in `tenkai:suppressions` and summaries.
    public var description: String { "\(scanner.rawValue):\(id)" }

    /// Whether the ID has the scanner's form (checkov `CKV_AWS_<n>`/`CKV2_AWS_<n>`, cfripper `…Rule`).
    var isWellFormed: Bool {
        switch scanner {
        case .checkov:
            let parts = id.split(separator: "_")
            return parts.count == 3 && ["CKV", "CKV2"].contains(parts[0]) && parts[1] == "AWS" && Int(parts[2]) != nil
        case .cfripper:
            return id.hasSuffix("Rule") && id.allSatisfy { $0.isLetter || $0.isNumber }
        }
    }
}

extension Resource {
    /// Records a reasoned suppression of `check` on this resource, where its scanner and
    /// `tenkai synth` read it.
    public mutating func suppress(_ check: ScannerCheck, reason: String) {
        let key = check.scanner.rawValue
        var scannerMetadata: Fields = metadata[key]?.fieldsValue ?? [:]
        switch check.scanner {
        case .checkov:
            let skips = scannerMetadata["skip"]?.listValue ?? []
            let entry: Value = ["id": .string(check.id), "comment": .string(reason)]
            if !skips.contains(entry) { scannerMetadata["skip"] = .list(skips + [entry]) }
        case .cfripper:
            let ignores = scannerMetadata["ignore"]?.listValue ?? []
            let entry: Value = ["rule": .string(check.id), "reason": .string(reason)]
            if !ignores.contains(entry) { scannerMetadata["ignore"] = .list(ignores + [entry]) }
        }
        metadata[key] = .map(scannerMetadata)
        let recorded = metadata[RuleSuppression.metadataKey]?.listValue ?? []
        let entry: Value = ["rule": .string(check.description), "reason": .string(reason)]
        if !recorded.contains(entry) { metadata[RuleSuppression.metadataKey] = .list(recorded + [entry]) }
    }
}

extension ScannerCheck {
    /// The resource types the check looks at, where a suppression should land; nil for any.
    var resourceTypes: Set<String>? {
        switch (scanner, id) {
        case (.cfripper, "WildcardResourceRule"): ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]
        case (.cfripper, "EC2SecurityGroupOpenToWorldRule"), (.checkov, "CKV_AWS_260"): ["AWS::EC2::SecurityGroup"]
        default: nil
        }
    }

    func applies(to type: String) -> Bool { resourceTypes?.contains(type) ?? true }
}

extension RuleID {
    /// The scanners' checks of the same thing: suppressing the rule suppresses them too.
    var scannerEquivalents: [ScannerCheck] {
        switch self {
        case .iamWildcard: [.cfripper("WildcardResourceRule")]
        case .openSecurityGroup: [.checkov("CKV_AWS_260"), .cfripper("EC2SecurityGroupOpenToWorldRule")]
        default: []
        }
    }
}
