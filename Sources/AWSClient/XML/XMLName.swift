/// Where a (possibly prefixed) name lies in the input: `start..<end`, with the `:` between prefix
/// and local name if there is one.
struct XMLName {
    let start: Int
    let colon: Int?
    let end: Int

    /// The name without its namespace prefix.
    var localName: Range<Int> { (colon.map { $0 + 1 } ?? start)..<end }

    /// `xmlns` or `xmlns:prefix`, which declare namespaces rather than carry data.
    func isNamespaceDeclaration(in input: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefixEnd = colon ?? end
        guard prefixEnd - start == 5 else { return false }
        return zip(input[start..<prefixEnd], "xmlns".utf8).allSatisfy { $0 == $1 }
    }

    func sameBytes(as other: XMLName, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end - start == other.end - other.start else { return false }
        return input[start..<end].elementsEqual(input[other.start..<other.end])
    }

    /// ASCII letters and `_`, or any non-ASCII byte: names are checked for the characters that
    /// delimit markup, not against every Unicode range XML lists.
    static func canStart(with byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), 0x80...: true
        default: false
        }
    }

    static func canContinue(with byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"): true
        default: canStart(with: byte)
        }
    }
}
