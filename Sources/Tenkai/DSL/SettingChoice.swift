/// A system setting that is one of a fixed set of words (`compute: ec2`, `guardDuty: existing`).
///
/// Declaring the enum `SettingChoice` makes it decodable from an environment file, and a word
/// outside the set an error at its line that lists the allowed ones:
///
/// ```swift
/// enum Compute: String, SettingChoice { case fargate, ec2 }
/// ```
public protocol SettingChoice: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension SettingChoice {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let choice = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        }
        self = choice
    }
}
