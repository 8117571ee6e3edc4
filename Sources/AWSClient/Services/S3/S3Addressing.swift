/// How S3 buckets and keys appear in URLs.
enum S3Addressing {
    /// Buckets that can be a hostname label under AWS's wildcard certificate: 3–63 lower-case
    /// letters, digits and dashes. Names with dots would break TLS name checks, so they go in the path.
    static func isVirtualHostable(_ bucket: String) -> Bool {
        (3...63).contains(bucket.count) && bucket.first != "-" && bucket.last != "-"
            && bucket.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// One path segment, RFC 3986 escaped.
    static func escapePathSegment(_ segment: String) -> String {
        QueryEncoder.escape(segment)
    }

    /// An object key as a path: each `/`-separated piece escaped, the slashes kept.
    static func escapeKey(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).map { QueryEncoder.escape(String($0)) }.joined(separator: "/")
    }
}
