/// The parts of a document that carry no tree data: declaration, comments, processing
/// instructions, refused declarations, and the references and byte searches the tags share.
extension XMLTreeParser {
    /// `<?xml version="1.0" encoding="UTF-8"?>`: read only to refuse an encoding other than UTF-8,
    /// since the bytes are read as UTF-8 whatever the declaration says.
    mutating func skipXMLDeclaration() throws(XMLParseError) {
        let start = position
        position += 5
        while true {
            skipWhitespace()
            if starts(with: "?>") {
                position += 2
                return
            }
            guard position < input.count, XMLName.canStart(with: input[position]) else {
                throw error("the XML declaration is malformed or never closed with '?>'", at: start)
            }
            let nameStart = position
            while position < input.count, XMLName.canContinue(with: input[position]) { position += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: input[nameStart..<position]), as: UTF8.self)
            skipWhitespace()
            guard position < input.count, input[position] == .equals else {
                throw error("expected '=' after \(name) in the XML declaration", at: position)
            }
            position += 1
            skipWhitespace()
            guard position < input.count, input[position] == .quote || input[position] == .apostrophe else {
                throw error("the value of \(name) in the XML declaration must be in quotes", at: position)
            }
            let quote = input[position]
            let valueStart = position + 1
            guard let valueEnd = firstIndex(of: quote, from: valueStart) else {
                throw error("the value of \(name) in the XML declaration is never closed", at: position)
            }
            let value = String(decoding: UnsafeBufferPointer(rebasing: input[valueStart..<valueEnd]), as: UTF8.self)
            if name == "encoding", !["utf-8", "utf8", "us-ascii"].contains(value.lowercased()) {
                throw error("the encoding \(value) is not supported; only UTF-8 is read", at: valueStart)
            }
            position = valueEnd + 1
        }
    }

    /// `<!-- … -->`; `--` inside a comment is an error, as XML says.
    mutating func skipComment() throws(XMLParseError) {
        let start = position
        guard let dashes = firstIndex(of: "--", from: position + 4) else {
            throw error("the comment is never closed with '-->'", at: start)
        }
        guard dashes + 2 < input.count, input[dashes + 2] == .greaterThan else {
            throw error("'--' is not allowed inside a comment", at: dashes)
        }
        position = dashes + 3
    }

    /// `<?target …?>`, skipped; a second XML declaration is an error.
    mutating func skipProcessingInstruction() throws(XMLParseError) {
        let start = position
        position += 2
        let targetStart = position
        while position < input.count, XMLName.canContinue(with: input[position]) { position += 1 }
        let target = String(decoding: UnsafeBufferPointer(rebasing: input[targetStart..<position]), as: UTF8.self)
        guard !target.isEmpty, XMLName.canStart(with: input[targetStart]) else {
            throw error("expected a processing-instruction name after '<?'", at: targetStart)
        }
        guard target.lowercased() != "xml" else {
            throw error("the XML declaration is only allowed at the very start of the document", at: start)
        }
        guard let end = firstIndex(of: "?>", from: position) else {
            throw error("the processing instruction <?\(target) is never closed with '?>'", at: start)
        }
        guard end == position || Self.isWhitespace(input[position]) else {
            throw error("expected whitespace after <?\(target)", at: position)
        }
        position = end + 2
    }

    /// `<!DOCTYPE …>` and any other `<!` declaration: AWS answers have none, and a DTD is how
    /// entity-expansion ("billion laughs") and external-entity attacks get in.
    func refuseDeclaration() throws(XMLParseError) -> Never {
        if starts(with: "<!DOCTYPE") {
            throw error("a DOCTYPE is refused: DTDs and their entities are not accepted in answers", at: position)
        }
        throw error("unexpected '<!' markup (only comments and CDATA sections are allowed)", at: position)
    }

    // MARK: - References

    /// The character `&lt;` `&gt;` `&amp;` `&apos;` `&quot;`, `&#38;` or `&#x26;` stands for.
    mutating func parseReference() throws(XMLParseError) -> Unicode.Scalar {
        let start = position
        position += 1
        let scalar: Unicode.Scalar
        if position < input.count, input[position] == .hash {
            scalar = try parseCharacterReference(start: start)
        } else {
            let nameStart = position
            while position < input.count, XMLName.canContinue(with: input[position]) { position += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: input[nameStart..<position]), as: UTF8.self)
            guard position < input.count, input[position] == .semicolon, !name.isEmpty else {
                throw error("'&' must start a reference like &amp; (a literal '&' must be written &amp;)", at: start)
            }
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "apos": scalar = "'"
            case "quot": scalar = "\""
            default:
                throw error("unknown entity &\(name); (only &lt; &gt; &amp; &apos; &quot; and numeric references exist without a DTD)", at: start)
            }
        }
        position += 1
        return scalar
    }

    /// `&#…;` or `&#x…;` naming a character XML allows; `position` ends on the `;`.
    private mutating func parseCharacterReference(start: Int) throws(XMLParseError) -> Unicode.Scalar {
        position += 1
        let hexadecimal = position < input.count && input[position] == UInt8(ascii: "x")
        if hexadecimal { position += 1 }
        let digitsStart = position
        var value: UInt32 = 0
        while position < input.count, let digit = Self.digitValue(input[position], hexadecimal: hexadecimal) {
            value = min(value * (hexadecimal ? 16 : 10) + digit, 0x11_0000)
            position += 1
        }
        guard position > digitsStart, position < input.count, input[position] == .semicolon else {
            throw error("a character reference must be &#digits; or &#xhex-digits;", at: start)
        }
        guard Self.isAllowedCharacter(value), let scalar = Unicode.Scalar(value) else {
            let written = String(decoding: UnsafeBufferPointer(rebasing: input[start...position]), as: UTF8.self)
            throw error("\(written) is not a character XML allows", at: start)
        }
        return scalar
    }

    private static func digitValue(_ byte: UInt8, hexadecimal: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hexadecimal: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hexadecimal: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// XML 1.0's `Char`: tab, line feed, carriage return and every scalar from space up, except
    /// surrogates, U+FFFE and U+FFFF.
    static func isAllowedCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    // MARK: - Bytes

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == .space || byte == .lineFeed || byte == .tab || byte == .carriageReturn
    }

    /// Moves past whitespace; `true` when there was some.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while position < input.count, Self.isWhitespace(input[position]) { position += 1 }
        return position > start
    }

    func starts(with literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard position + length <= input.count else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length where input[position + offset] != expected[offset] {
            return false
        }
        return true
    }

    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        var index = start
        while index < input.count {
            if input[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Where `literal` next occurs at or after `start`.
    func firstIndex(of literal: StaticString, from start: Int) -> Int? {
        let length = literal.utf8CodeUnitCount
        let pattern = UnsafeBufferPointer(start: literal.utf8Start, count: length)
        var candidate = start
        while let first = firstIndex(of: pattern[0], from: candidate), first + length <= input.count {
            var matches = true
            for offset in 1..<length where input[first + offset] != pattern[offset] {
                matches = false
                break
            }
            if matches { return first }
            candidate = first + 1
        }
        return nil
    }
}
