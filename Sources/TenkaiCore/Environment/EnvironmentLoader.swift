import FoundationEssentials

/// Reads `Environments/<name>.yaml` files into ``EnvironmentConfig`` values, strictly.
///
/// An unknown key, a value of the wrong type, or a missing required value is an error with
/// file, line and column; all of a file's problems are reported together.
public enum EnvironmentLoader {
    /// Loads every `*.yaml` file of `directory`, in tier order (development, staging, production).
    public static func loadAll(from directory: URL) throws(TenkaiError) -> [EnvironmentConfig] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw TenkaiError(
                .io, "no environments folder at \(directory.path)",
                hint: "run tenkai from the project root, or pass --environments DIR")
        }
        var configs: [EnvironmentConfig] = []
        var problems: [Diagnostic] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            do {
                configs.append(try load(directory.appendingPathComponent(name)))
            } catch {
                problems += error.diagnostics.isEmpty
                    ? [.error(error.message, location: error.location, hint: error.hint)] : error.diagnostics
            }
        }
        if !problems.isEmpty {
            throw TenkaiError(.diagnostics, "the environment files have errors", diagnostics: problems)
        }
        let tierOrder = EnvironmentConfig.Tier.allCases
        return configs.sorted {
            (tierOrder.firstIndex(of: $0.tier)!, $0.name) < (tierOrder.firstIndex(of: $1.tier)!, $1.name)
        }
    }

    public static func load(_ file: URL) throws(TenkaiError) -> EnvironmentConfig {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: file))
        } catch {
            throw TenkaiError(.notFound, "cannot read \(file.path)", hint: "check that the file exists and is readable")
        }
        let displayPath = displayName(for: file)
        let expectedName = file.deletingPathExtension().lastPathComponent
        return try parse(bytes, file: displayPath, expectedName: expectedName)
    }

    /// Parses one environment file's text. `expectedName` is the file's base name, which the
    /// `name:` key must repeat so a copied file cannot deploy under the wrong name.
    public static func parse(_ bytes: [UInt8], file: String, expectedName: String?) throws(TenkaiError) -> EnvironmentConfig {
        let root = try YAMLParser.parse(bytes, file: file)
        var reader = YAMLMappingReader(root, path: "")
        let name = reader.requiredString("name")
        if let name, let expectedName, name != expectedName, let node = reader.node("name") {
            reader.report(
                .error(
                    "'name' is '\(name)' but the file is \(expectedName).yaml", location: node.location,
                    hint: "make them the same"))
        }
        if let name, !isValidName(name), let node = reader.node("name") {
            reader.report(
                .error(
                    "'name' must be lower-case letters, digits and '-', starting with a letter", location: node.location))
        }
        let tier = reader.requiredEnum("tier", as: EnvironmentConfig.Tier.self)
        let account = reader.requiredString("account", hint: "the 12-digit AWS account ID, quoted")
        if let account, account.count != 12 || !account.allSatisfy(\.isASCIIDigit), let node = reader.node("account") {
            reader.report(.error("'account' must be 12 digits, not '\(account)'", location: node.location))
        }
        let region = reader.requiredString("region", hint: "for example ap-northeast-1")
        if let region, !isValidRegion(region), let node = reader.node("region") {
            reader.report(.error("'region' '\(region)' is not an AWS region name", location: node.location,
                                 hint: "for example us-east-1 or ap-northeast-1"))
        } else if let region, !AWSRegions.known.contains(region), let node = reader.node("region") {
            let similar = AWSRegions.similar(to: region)
            reader.report(.error("'region' '\(region)' is not an AWS region", location: node.location,
                                 hint: similar.isEmpty ? "for example us-east-1 or ap-northeast-1" : "did you mean one of: \(similar.joined(separator: ", "))"))
        }
        let multiAZ = reader.requiredBool("multiAZ")
        let zones = reader.optionalInt("availabilityZones", in: 2...6) ?? 2
        let domain = reader.requiredString("domain", hint: "the DNS name the system is served under")
        let alarms = reader.optionalMap("alarms") { alarms in
            var target = EnvironmentConfig.AlarmTarget(email: alarms.optionalString("email"))
            _ = alarms.optionalMap("slack") { slack in
                target.slackWorkspaceID = slack.requiredString("workspaceId")
                target.slackChannelID = slack.requiredString("channelId")
                return ()
            }
            return target
        }
        let approvers: [EnvironmentConfig.Approver] = reader.optionalList("approvers") { node, path, problems in
            var approver = YAMLMappingReader(node, path: path)
            let name = approver.requiredString("name")
            let key = approver.requiredString("publicKey", hint: "the approver's Ed25519 public key, base64")
            if let key, !isEd25519PublicKey(key), let node = approver.node("publicKey") {
                approver.report(
                    .error(
                        "'\(path).publicKey' is not an Ed25519 public key", location: node.location,
                        hint: "give the base64 DER form: openssl pkey -in key.pem -pubout -outform DER | base64 -w0"))
            }
            problems += approver.finish()
            guard let name, let key else { return nil }
            return EnvironmentConfig.Approver(name: name, publicKey: key)
        } ?? []
        let required = reader.optionalInt("requiredApprovals", in: 0...10) ?? 0
        if tier == .production, required < 1 {
            reader.report(
                .error(
                    "a production environment needs 'requiredApprovals' of at least 1", location: reader.node("requiredApprovals")?.location ?? reader.location,
                    hint: "add 'requiredApprovals: 2' and the approvers; the prod account's bootstrap stack pins the same values"))
        }
        let planValidityHours = reader.optionalInt("planValidityHours", in: 1...168) ?? EnvironmentConfig.defaultPlanValidityHours
        if required > approvers.count, let node = reader.node("requiredApprovals") {
            reader.report(
                .error(
                    "'requiredApprovals' is \(required) but only \(approvers.count) approvers are listed",
                    location: node.location, hint: "list more approvers or lower the number"))
        }
        let release = reader.releaseStrategy("release")
        let tags = reader.optionalMap("tags") { tags in stringMap(&tags) } ?? [:]
        let systems: [String: EnvironmentConfig.SystemSettings] = reader.optionalMap("systems") { systems in
            var result: [String: EnvironmentConfig.SystemSettings] = [:]
            for key in systems.keys {
                guard let node = systems.node(key) else { continue }
                guard case .mapping(let pairs, let location) = node else {
                    systems.report(.error("'systems.\(key)' must be a map, not \(node.kindDescription)", location: node.location))
                    continue
                }
                // The system's settings type reads the rest when the system is loaded
                // (``System`` in Tenkai), as strictly as this reader.
                var system = YAMLMappingReader(node, path: "systems.\(key)")
                var settings = EnvironmentConfig.SystemSettings(values: .mapping(pairs.filter { $0.key != "usage" }, at: location))
                settings.usage = system.optionalMap("usage") { usageMap(&$0) } ?? [:]
                for other in system.keys where other != "usage" { _ = system.node(other) }
                for problem in system.finish() { systems.report(problem) }
                result[key] = settings
            }
            return result
        } ?? [:]

        let quotas: [String: Int] = reader.optionalMap("quotas") { quotas -> [String: Int] in
            var result: [String: Int] = [:]
            for key in quotas.keys { result[key] = quotas.optionalInt(key, in: 0...100_000) }
            return result
        } ?? [:]

        let problems = reader.finish()
        guard problems.isEmpty, let name, let tier, let account, let region, let multiAZ, let domain, let release else {
            throw TenkaiError(.diagnostics, "\(file) has errors", diagnostics: problems)
        }
        var config = EnvironmentConfig(
            name: name, tier: tier, account: account, region: region, multiAZ: multiAZ, availabilityZones: zones,
            domain: domain, alarms: alarms ?? .init(), approvers: approvers, requiredApprovals: required,
            planValidityHours: planValidityHours,
            release: release, tags: tags, systems: systems, file: file)
        config.source = bytes
        config.quotas = quotas
        return config
    }

    /// A map of names to strings.
    private static func stringMap(_ reader: inout YAMLMappingReader) -> [String: String] {
        var result: [String: String] = [:]
        for key in reader.keys {
            guard let node = reader.node(key) else { continue }
            result[key] = reader.string(node, key: key)
        }
        return result
    }

    /// The `usage` map: known figures (``UsageKey``), each a number not below zero.
    private static func usageMap(_ reader: inout YAMLMappingReader) -> [String: Double] {
        var result: [String: Double] = [:]
        for key in reader.keys {
            guard let node = reader.node(key) else { continue }
            guard UsageKey.parse(key) != nil else {
                reader.report(
                    .error(
                        "unknown usage figure '\(key)' in '\(reader.path)'", location: node.location,
                        hint: "use one of \(UsageKey.allCases.map(\.rawValue).joined(separator: ", ")), optionally followed by .<component>"))
                continue
            }
            guard case .scalar(let text, true, _) = node, let value = Double(text), value >= 0, value.isFinite else {
                reader.report(.error("'\(reader.path).\(key)' must be a number, 0 or more", location: node.location))
                continue
            }
            result[key] = value
        }
        return result
    }

    /// Whether `text` is base64 of an Ed25519 SubjectPublicKeyInfo (the 12-byte DER prefix and 32 key bytes).
    private static func isEd25519PublicKey(_ text: String) -> Bool {
        let prefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
        guard let bytes = Data(base64Encoded: text), bytes.count == 44 else { return false }
        return Array(bytes.prefix(12)) == prefix
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLowercase, first.isASCII else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    private static func isValidRegion(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, Int(last) != nil else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// The path as the user would type it: relative to the working directory when inside it.
    private static func displayName(for file: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
