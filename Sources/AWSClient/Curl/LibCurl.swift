import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl's entry points, opened with `dlopen` on the first HTTP request instead of linked.
///
/// Linking libcurl makes the dynamic loader map and relocate some thirty libraries (TLS, Kerberos,
/// LDAP, SSH, IDN…) at every start of `tenkai`, about 5 ms, which `tenkai synth` and every other
/// command that never talks to AWS would pay for nothing. The function types come from curl.h
/// itself (see `shim.h`), so a mismatch with the installed library's prototypes fails to compile.
struct LibCurl: @unchecked Sendable {  // immutable C function pointers
    let globalInit: tenkai_curl_global_init_fn
    let version: tenkai_curl_version_fn
    let easyInit: tenkai_curl_easy_init_fn
    let easyReset: tenkai_curl_easy_reset_fn
    let easyCleanup: tenkai_curl_easy_cleanup_fn
    let easyStrerror: tenkai_curl_easy_strerror_fn
    let multiInit: tenkai_curl_multi_init_fn
    let multiCleanup: tenkai_curl_multi_cleanup_fn
    let multiAddHandle: tenkai_curl_multi_add_handle_fn
    let multiRemoveHandle: tenkai_curl_multi_remove_handle_fn
    let multiPerform: tenkai_curl_multi_perform_fn
    let multiPoll: tenkai_curl_multi_poll_fn
    let multiWakeup: tenkai_curl_multi_wakeup_fn
    let multiInfoRead: tenkai_curl_multi_info_read_fn
    let multiStrerror: tenkai_curl_multi_strerror_fn
    let slistAppend: tenkai_curl_slist_append_fn
    let slistFreeAll: tenkai_curl_slist_free_all_fn
    /// The variadic `curl_easy_setopt`, `curl_easy_getinfo` and `curl_multi_setopt`, called only
    /// through the typed `tenkai_curl_*` wrappers in `shim.h`.
    let easySetopt: UnsafeMutableRawPointer
    let easyGetinfo: UnsafeMutableRawPointer
    let multiSetopt: UnsafeMutableRawPointer

    /// The process-wide library, opened and globally initialised once, or why it could not be.
    static let shared: Result<LibCurl, HTTPTransportError> = Result { () throws(HTTPTransportError) in try LibCurl.open() }

    /// Sonames tried in order: Debian's libcurl4 (OpenSSL), then the unversioned development link.
    static let candidateNames = ["libcurl.so.4", "libcurl.so", "libcurl.4.dylib"]

    private static func open() throws(HTTPTransportError) -> LibCurl {
        var failures: [String] = []
        for name in candidateNames {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                let library = try LibCurl(handle: handle, name: name)
                guard library.globalInit(Int(CURL_GLOBAL_ALL)) == CURLE_OK else {
                    throw HTTPTransportError(.other, "curl_global_init failed in \(name)")
                }
                return library
            }
            failures.append(dlerror().map { String(cString: $0) } ?? name)
        }
        throw HTTPTransportError(
            .other,
            "libcurl could not be loaded (\(failures.joined(separator: "; "))); "
                + "install it with `apt-get install -y libcurl4-openssl-dev` (or run `make setup`)")
    }

    private init(handle: UnsafeMutableRawPointer, name: String) throws(HTTPTransportError) {
        func symbol<Function>(_ symbolName: String, as _: Function.Type = Function.self) throws(HTTPTransportError) -> Function {
            guard let address = dlsym(handle, symbolName) else {
                throw HTTPTransportError(
                    .other, "\(name) has no \(symbolName): libcurl 7.68 or newer is needed (`apt-get install -y libcurl4-openssl-dev`)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        globalInit = try symbol("curl_global_init")
        version = try symbol("curl_version")
        easyInit = try symbol("curl_easy_init")
        easyReset = try symbol("curl_easy_reset")
        easyCleanup = try symbol("curl_easy_cleanup")
        easyStrerror = try symbol("curl_easy_strerror")
        multiInit = try symbol("curl_multi_init")
        multiCleanup = try symbol("curl_multi_cleanup")
        multiAddHandle = try symbol("curl_multi_add_handle")
        multiRemoveHandle = try symbol("curl_multi_remove_handle")
        multiPerform = try symbol("curl_multi_perform")
        multiPoll = try symbol("curl_multi_poll")
        multiWakeup = try symbol("curl_multi_wakeup")
        multiInfoRead = try symbol("curl_multi_info_read")
        multiStrerror = try symbol("curl_multi_strerror")
        slistAppend = try symbol("curl_slist_append")
        slistFreeAll = try symbol("curl_slist_free_all")
        easySetopt = try symbol("curl_easy_setopt")
        easyGetinfo = try symbol("curl_easy_getinfo")
        multiSetopt = try symbol("curl_multi_setopt")
    }

    /// libcurl's text for a result code.
    func describe(_ code: CURLcode) -> String {
        easyStrerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)"
    }

    /// libcurl's first version word, such as `libcurl/7.88.1`.
    var versionWord: String {
        let text = version().map { String(cString: $0) } ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "libcurl"
    }
}
