/// The percent-encoding SigV4 expects on the wire, for building paths and queries that sign as intended.
///
/// ```swift
/// let key = "reports/2026 Q1 (final).pdf"
/// let path = "/" + SigV4Encoding.percentEncoded(key, keepingSlashes: true)
/// // "/reports/2026%20Q1%20%28final%29.pdf": what S3 signs verbatim
/// ```
public enum SigV4Encoding {
    /// Encodes every byte of the string's UTF-8 except `A-Z a-z 0-9 - . _ ~` (and `/` when kept) as `%XX`,
    /// upper-case hex. A space is `%20`, a `+` is `%2B`.
    public static func percentEncoded(_ string: String, keepingSlashes: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        PercentEncoding.encode(string, keepingSlashes: keepingSlashes, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
