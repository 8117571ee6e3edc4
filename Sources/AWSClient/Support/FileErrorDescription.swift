import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// A readable reason for a failed file operation: FoundationEssentials' `CocoaError` prints its
/// whole user-info dictionary, so the underlying POSIX reason ("No such file or directory") is
/// pulled out instead.
package func fileErrorReason(_ error: any Error) -> String {
    if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
        return String(cString: strerror(posix.code.rawValue))
    }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    return "\(error)"
}
