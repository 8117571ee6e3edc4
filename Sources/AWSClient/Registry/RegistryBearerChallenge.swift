/// A registry's `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` answer to an
/// unauthenticated request (the OCI distribution / Docker token authentication flow): where to
/// ask for a token, for which service and which access.
public struct RegistryBearerChallenge: Sendable, Equatable {
    public var realm: String
    public var service: String?
    public var scope: String?

    public init(realm: String, service: String? = nil, scope: String? = nil) {
        self.realm = realm
        self.service = service
        self.scope = scope
    }

    /// Reads the header; `nil` when it is not a Bearer challenge with a realm (a Basic one, say).
    /// Values may be quoted and hold commas (`scope="repository:a:pull,push"`).
    public init?(header: String) {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("bearer ") else { return nil }
        var parameters: [String: String] = [:]
        var rest = Substring(trimmed.dropFirst("bearer ".count))
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingCharacters(in: " ").lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: " ")
                rest = rest[end...]
            }
            parameters[name] = value
        }
        guard let realm = parameters["realm"], !realm.isEmpty else { return nil }
        self.init(realm: realm, service: parameters["service"], scope: parameters["scope"])
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
