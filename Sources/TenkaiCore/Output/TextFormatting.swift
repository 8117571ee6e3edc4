/// Fixed-width text for tables and progress lines. (`String(format:)` and `padding(toLength:)`
/// live in corelibs Foundation, which the CLI leaves out so it starts fast.)
extension String {
    /// Cut or filled with spaces on the right to exactly `width` characters.
    package func padded(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }

    /// Filled with spaces on the left to at least `width` characters.
    package func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension Double {
    /// The value rounded to `fractionDigits` decimals, like `%.Nf`: `1.25.fixed(1)` is `"1.3"`.
    package func fixed(_ fractionDigits: Int) -> String {
        guard isFinite else { return "\(self)" }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = (abs(self) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return "\(self)" }
        let digits = String(Int64(scaled))
        let sign = self < 0 && scaled > 0 ? "-" : ""
        guard fractionDigits > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, fractionDigits + 1 - digits.count)) + digits
        return sign + padded.dropLast(fractionDigits) + "." + padded.suffix(fractionDigits)
    }
}
