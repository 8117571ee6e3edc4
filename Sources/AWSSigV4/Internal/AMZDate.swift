/// The signing time in SigV4's two forms, made by hand from epoch seconds (no `DateFormatter`:
/// it is slow, and its locale and calendar can surprise).
struct AMZDate: Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`, 16 ASCII bytes as in `X-Amz-Date`, kept inline (no allocation per signature).
    private var storage: (UInt64, UInt64) = (0, 0)
    /// `yyyyMMdd` as a number (20150830), the day of the credential scope.
    let day: Int

    /// `yyyyMMdd'T'HHmmss'Z'`.
    var timestamp: [UInt8] {
        var bytes: [UInt8] = []
        appendTimestamp(to: &bytes)
        return bytes
    }

    /// `yyyyMMdd`, the first 8 bytes of the timestamp.
    var dayBytes: [UInt8] { Array(timestamp[0..<8]) }

    /// `yyyyMMdd'T'HHmmss'Z'` as a string.
    var timestampString: String {
        var copy = storage
        return Swift.withUnsafeBytes(of: &copy) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    func appendTimestamp<Sink: ByteSink & ~Copyable>(to output: inout Sink) {
        var copy = storage
        Swift.withUnsafeBytes(of: &copy) { output.append(raw: $0) }
    }

    static func == (lhs: AMZDate, rhs: AMZDate) -> Bool {
        lhs.storage == rhs.storage
    }

    init(epochSeconds: Int64) throws(SigV4Error) {
        // 1970-01-01 ... 9999-12-31T23:59:59Z keeps the year at four digits.
        guard epochSeconds >= 0, epochSeconds <= 253_402_300_799 else {
            throw SigV4Error(
                code: .invalidDate,
                message: "the signing time must be between 1970 and 9999; check the clock",
                context: "\(epochSeconds) seconds since 1970"
            )
        }
        let days = epochSeconds / 86_400
        let secondOfDay = Int(epochSeconds % 86_400)
        let (year, month, dayOfMonth) = Self.civilDate(daysSinceEpoch: days)
        day = year * 10_000 + month * 100 + dayOfMonth
        Swift.withUnsafeMutableBytes(of: &storage) { bytes in
            Self.write(year, digits: 4, into: bytes, at: 0)
            Self.write(month, digits: 2, into: bytes, at: 4)
            Self.write(dayOfMonth, digits: 2, into: bytes, at: 6)
            bytes[8] = UInt8(ascii: "T")
            Self.write(secondOfDay / 3600, digits: 2, into: bytes, at: 9)
            Self.write(secondOfDay / 60 % 60, digits: 2, into: bytes, at: 11)
            Self.write(secondOfDay % 60, digits: 2, into: bytes, at: 13)
            bytes[15] = UInt8(ascii: "Z")
        }
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count.
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func write(_ value: Int, digits: Int, into bytes: UnsafeMutableRawBufferPointer, at offset: Int) {
        var value = value
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            bytes[position] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            value /= 10
        }
    }
}
