/// The names a `Fn::Sub` string refers to: `${Name}` and `${Name.Attribute}` give `Name`;
/// `${!Literal}` and pseudo parameters (`${AWS::Region}`) are not references.
enum SubVariables {
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            rest = rest[start.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let token = rest[..<close]
            rest = rest[rest.index(after: close)...]
            guard !token.hasPrefix("!"), !token.hasPrefix("AWS::") else { continue }
            names.append(String(token.split(separator: ".", maxSplits: 1).first ?? token))
        }
        return names
    }
}
