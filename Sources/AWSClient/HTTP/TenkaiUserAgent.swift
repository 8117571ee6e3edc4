/// The `User-Agent` every AWS call sends: the tool, its version, and the libcurl underneath.
public enum TenkaiUserAgent {
    /// Tenkai's version, as released.
    public static let version = "0.1.0"

    /// `tenkai/0.1.0 libcurl/7.88.1`
    public static let value: String = {
        let curl = (try? LibCurl.shared.get())?.versionWord ?? "libcurl"
        return "tenkai/\(version) \(curl)"
    }()
}
