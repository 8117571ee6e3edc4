import CCurl

/// The `User-Agent` every AWS call sends: the tool, its version, and the libcurl underneath.
public enum TenkaiUserAgent {
    /// Tenkai's version, as released.
    public static let version = "0.1.0"

    /// `tenkai/0.1.0 libcurl/7.88.1`
    public static let value: String = {
        // curl_version() reads "libcurl/7.88.1 OpenSSL/3.0.17 …"; the first word is enough.
        let curl = String(cString: curl_version()).split(separator: " ").first.map(String.init) ?? "libcurl"
        return "tenkai/\(version) \(curl)"
    }()
}
