import TenkaiCore

extension Value {
    /// `Id` or `Id.Attribute` of every `Ref` and `Fn::GetAtt` in the value (pseudo parameters
    /// left out), depth first: what a local stand-in must have published.
    var referencedIDs: [String] {
        var found: [String] = []
        forEach { node in
            switch node {
            case .function("Ref", .string(let id)) where !id.hasPrefix("AWS::"): found.append(id)
            case .function("Fn::GetAtt", .list(let parts)):
                if parts.count == 2, let id = parts[0].stringValue, let attribute = parts[1].stringValue {
                    found.append("\(id).\(attribute)")
                }
            default: break
            }
        }
        return found
    }
}
