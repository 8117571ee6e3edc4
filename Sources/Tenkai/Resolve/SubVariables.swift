/// The names a `Fn::Sub` string refers to: `${Name}` and `${Name.Attribute}` give `Name`;
/// `${!Literal}` and pseudo parameters (`${AWS::Region}`) are not references.
///
/// Scans UTF-8 bytes: `Substring.firstRange(of:)` goes through the generic string searcher,
/// which made this the costliest step of building the component graph (policy documents and
/// user data are long `Fn::Sub` strings).
enum SubVariables {
    static func names(in text: String) -> [String] {
        var names: [String] = []
        let utf8 = text.utf8
        var rest = utf8[...]
        while let dollar = rest.firstIndex(of: UInt8(ascii: "$")) {
            let open = utf8.index(after: dollar)
            guard open < utf8.endIndex else { break }
            guard utf8[open] == UInt8(ascii: "{") else {
                rest = utf8[open...]
                continue
            }
            let tokenStart = utf8.index(after: open)
            guard let close = utf8[tokenStart...].firstIndex(of: UInt8(ascii: "}")) else { break }
            let token = text[tokenStart..<close]
            rest = utf8[utf8.index(after: close)...]
            guard !token.hasPrefix("!"), !token.hasPrefix("AWS::") else { continue }
            let dot = token.utf8.firstIndex(of: UInt8(ascii: "."))
            names.append(String(dot.map { token[..<$0] } ?? token))
        }
        return names
    }
}
