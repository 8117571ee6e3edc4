import FoundationEssentials
import TenkaiCore

/// Unit prices for one region, kept in the repository as data (`pricing/<region>.json`) so a
/// change of price is a reviewed change of a file, and every price says where it came from.
///
/// ```json
/// { "schemaVersion": 1, "region": "ap-northeast-1", "currency": "USD", "hoursPerMonth": 730,
///   "prices": { "vpc.natGatewayHour": { "price": 0.062, "unit": "gateway-hour",
///                                       "source": "https://aws.amazon.com/vpc/pricing/", "date": "2026-12-05",
///                                       "checked": "Price List AmazonEC2 ap-northeast-1 APN1-NatGateway-Hours 0.062" } } }
/// ```
public struct PriceSheet: Sendable, Hashable {
    public static let schemaVersion = 1

    /// One unit price and its provenance.
    public struct Price: Sendable, Hashable {
        public var price: Double
        public var unit: String
        /// The page the price was read from.
        public var source: String
        /// When it was read (`YYYY-MM-DD`).
        public var date: String
        public var note: String?
        /// Where the regional figure was confirmed (AWS's pages draw regional prices with
        /// JavaScript, so usually a Price List offer file's usage type and who quoted it).
        public var checked: String?
        /// Why the figure could not be confirmed; `tenkai cost` names every such price it uses.
        public var approximate: String?

        public init(
            price: Double, unit: String, source: String, date: String, note: String? = nil, checked: String? = nil, approximate: String? = nil
        ) {
            self.price = price
            self.unit = unit
            self.source = source
            self.date = date
            self.note = note
            self.checked = checked
            self.approximate = approximate
        }

        public var isApproximate: Bool { approximate != nil }
    }

    public var region: String
    public var currency: String
    public var hoursPerMonth: Double
    public var prices: [String: Price]
    /// Where the sheet was read from, for messages.
    public var file: String

    public init(region: String, currency: String, hoursPerMonth: Double = 730, prices: [String: Price], file: String = "<memory>") {
        self.region = region
        self.currency = currency
        self.hoursPerMonth = hoursPerMonth
        self.prices = prices
        self.file = file
    }

    /// The price named `key`; a missing one is an error saying which key to add.
    public func price(_ key: String, for what: String) throws(TenkaiError) -> Price {
        guard let price = prices[key] else {
            throw TenkaiError(
                .invalidInput, "\(file) has no price '\(key)' (needed for \(what))",
                hint: "add \"\(key)\": {\"price\": …, \"unit\": …, \"source\": \"https://…\", \"date\": \"YYYY-MM-DD\", \"checked\": \"where\"} to \(file), or pass another sheet with --prices")
        }
        return price
    }

    /// Every price key the estimator reads for a fixed service (instance classes and types are
    /// looked up by name as `ec2.instance.<type>` and `rds.instance.<engine>.<class>`).
    public static let requiredKeys: [String] = [
        "fargate.vcpuHour", "fargate.gbHour", "fargate.arm.vcpuHour", "fargate.arm.gbHour",
        "fargateSpot.vcpuHour", "fargateSpot.gbHour", "ebs.gp3.gbMonth",
        "vpc.publicIPv4Hour", "vpc.natGatewayHour", "vpc.natGatewayGB", "vpc.interfaceEndpointHour", "vpc.interfaceEndpointGB",
        "elb.albHour", "elb.albCapacityUnitHour", "rds.storage.gp3.gbMonth", "rds.backup.gbMonth",
        "dynamodb.onDemand.writeMillion", "dynamodb.onDemand.readMillion", "dynamodb.provisioned.wcuHour",
        "dynamodb.provisioned.rcuHour", "dynamodb.storage.gbMonth", "dynamodb.pitr.gbMonth",
        "s3.standard.gbMonth", "s3.putThousand", "s3.getThousand",
        "lambda.requestMillion", "lambda.gbSecond", "lambda.arm.gbSecond",
        "apigateway.rest.requestMillion", "apigateway.http.requestMillion", "cognito.mau", "cognito.freeMau",
        "cloudfront.dataOutGB", "cloudfront.httpsTenThousand", "waf.webAclMonth", "waf.ruleMonth", "waf.requestMillion",
        "cloudwatch.logsIngestGB", "cloudwatch.logsStoredGBMonth", "cloudwatch.alarmMonth", "cloudwatch.dashboardMonth",
        "guardduty.cloudTrailEventMillion", "guardduty.logsGB", "securityhub.check", "config.item",
        "kms.keyMonth", "kms.requestTenThousand", "secretsmanager.secretMonth", "secretsmanager.callTenThousand",
        "route53.hostedZoneMonth", "route53.queryMillion", "ecr.gbMonth", "backup.warmGBMonth",
        "amplify.buildMinute", "amplify.servedGB",
    ]
}

// MARK: - Reading

extension PriceSheet {
    /// Reads and checks a sheet: every problem is reported at once, with the key it concerns.
    public static func load(_ file: URL) throws(TenkaiError) -> PriceSheet {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: file))
        } catch {
            throw TenkaiError(
                .notFound, "cannot read the price sheet \(file.relativePath)",
                hint: "run tenkai from the project root (the sheets are in pricing/), or pass --prices FILE")
        }
        return try parse(bytes, file: file.relativePath)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(TenkaiError) -> PriceSheet {
        let root = try JSONReader.read(bytes, file: file)
        var problems: [String] = []
        func text(_ fields: Fields, _ key: String, at path: String) -> String? {
            guard let value = fields[key]?.stringValue, !value.isEmpty else {
                problems.append("\(path)\(key) must be a non-empty string")
                return nil
            }
            return value
        }
        guard let fields = root.fieldsValue else {
            throw TenkaiError(.invalidInput, "\(file): the price sheet must be a JSON object", hint: "see pricing/ap-northeast-1.json")
        }
        let known: Set<String> = ["schemaVersion", "region", "currency", "hoursPerMonth", "description", "prices"]
        for key in fields.allKeys where !known.contains(key) { problems.append("unknown key '\(key)'") }
        if fields["schemaVersion"]?.intValue != schemaVersion { problems.append("schemaVersion must be \(schemaVersion)") }
        let region = text(fields, "region", at: "")
        let currency = text(fields, "currency", at: "")
        let hours = fields["hoursPerMonth"].flatMap(number)
        if hours == nil || !(1...744).contains(hours!) { problems.append("hoursPerMonth must be a number of hours in a month (730)") }
        var prices: [String: Price] = [:]
        if let entries = fields["prices"]?.fieldsValue {
            for (key, entry) in entries {
                let path = "prices.\(key)."
                guard let entry = entry.fieldsValue else {
                    problems.append("prices.\(key) must be an object")
                    continue
                }
                let entryKeys: Set<String> = ["price", "unit", "source", "date", "note", "checked", "approximate"]
                for name in entry.allKeys where !entryKeys.contains(name) { problems.append("\(path)\(name) is not a known field") }
                let price = entry["price"].flatMap(number)
                if price == nil || price! < 0 || !price!.isFinite { problems.append("\(path)price must be a number, 0 or more") }
                let unit = text(entry, "unit", at: path)
                let source = text(entry, "source", at: path)
                if let source, !source.hasPrefix("https://") { problems.append("\(path)source must be an https:// address") }
                let date = text(entry, "date", at: path)
                if let date, !isDate(date) { problems.append("\(path)date must be YYYY-MM-DD, not '\(date)'") }
                for name in ["note", "checked", "approximate"] where entry[name] != nil && (entry[name]?.stringValue ?? "").isEmpty {
                    problems.append("\(path)\(name) must be a non-empty string")
                }
                let checked = entry["checked"]?.stringValue, approximate = entry["approximate"]?.stringValue
                if (checked == nil) == (approximate == nil) {
                    problems.append("prices.\(key) must say either where it was checked (\"checked\") or why it is approximate (\"approximate\"), not both or neither")
                }
                if let price, let unit, let source, let date {
                    prices[key] = Price(
                        price: price, unit: unit, source: source, date: date, note: entry["note"]?.stringValue, checked: checked, approximate: approximate)
                }
            }
            for key in requiredKeys where entries[key] == nil { problems.append("prices.\(key) is missing") }
        } else {
            problems.append("prices must be an object of named prices")
        }
        guard problems.isEmpty, let region, let currency, let hours else {
            throw TenkaiError(
                .invalidInput, "\(file): the price sheet is not valid: \(problems.joined(separator: "; "))",
                hint: "each price is {\"price\": number, \"unit\": text, \"source\": \"https://…\", \"date\": \"YYYY-MM-DD\", and \"checked\": where or \"approximate\": why}")
        }
        return PriceSheet(region: region, currency: currency, hoursPerMonth: hours, prices: prices, file: file)
    }

    private static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
