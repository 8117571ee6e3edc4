import Foundation
import HTTPTypes
import Hummingbird

/// Builds the response for a file download, for members and share links alike: streamed,
/// with HTTP Range, `Content-Disposition: attachment`, the SHA-256 and an ETag; or a redirect
/// to a short-lived presigned URL when the blob store offers one.
///
/// Callers first ask for a ``Plan`` and count or audit by what it will send, never by the shape of
/// the `Range` header: a malformed or suffix range that resolves to the whole file is a download.
struct DownloadResponder: Sendable {
    let blobs: any BlobStore
    let metrics: MetricsRegistry

    /// What a download request will be answered with, decided before anything is sent.
    struct Plan: Sendable {
        enum Body: Sendable {
            case redirect(String)
            case notModified
            case bytes(ByteRange.Outcome)
        }

        let version: FileVersion
        let fileName: String
        let body: Body
        /// `HEAD` sends the headers only: never a download.
        var headersOnly = false

        /// Whether the response hands over the start of the file (or a URL to all of it): a new
        /// download, as opposed to the continuation of one, or nothing at all.
        var startsDownload: Bool {
            if headersOnly { return false }
            return switch body {
            case .redirect: true
            case .notModified: false
            case .bytes(.whole): true
            case .bytes(.partial(let range)): range.lowerBound == 0
            case .bytes(.unsatisfiable): false
            }
        }
    }

    func plan(for version: FileVersion, fileName: String, request: Request, allowRedirect: Bool = true) async throws -> Plan {
        if allowRedirect,
           let url = try await blobs.directDownloadURL(key: version.blobKey, fileName: fileName, contentType: version.contentType) {
            return Plan(version: version, fileName: fileName, body: .redirect(url))
        }
        if request.header(.ifNoneMatch) == Self.etag(version) {
            return Plan(version: version, fileName: fileName, body: .notModified)
        }
        // A Range for another version of the file must not be stitched onto this one.
        var rangeHeader = request.header(.range)
        if let ifRange = request.header(.ifRange), ifRange != Self.etag(version) { rangeHeader = nil }
        return Plan(version: version, fileName: fileName, body: .bytes(ByteRange.resolve(rangeHeader, size: version.size)),
                    headersOnly: request.method == .head)
    }

    func response(for plan: Plan) async throws -> Response {
        let version = plan.version
        var headers: HTTPFields = [
            .contentType: version.contentType,
            .contentDisposition: ContentDisposition.attachment(fileName: plan.fileName),
            .acceptRanges: "bytes",
            .eTag: Self.etag(version),
            .cacheControl: "private, no-store",
        ]
        switch plan.body {
        case .redirect(let url):
            headers[.location] = url
            return Response(status: .found, headers: headers)
        case .notModified:
            return Response(status: .notModified, headers: headers)
        case .bytes(.unsatisfiable):
            throw AppError(.rangeNotSatisfiable, status: .rangeNotSatisfiable,
                           message: "The requested range is outside the file (\(version.size) bytes).",
                           headers: [.contentRange: "bytes */\(version.size)"])
        case .bytes(.partial(let range)):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(version.size)"
            headers[.contentLength] = String(range.count)
            metrics.add("fileshare_downloaded_bytes_total", range.count)
            let body = try await blobs.read(key: version.blobKey, range: range)
            return Response(status: .partialContent, headers: headers, body: body)
        case .bytes(.whole):
            headers[.contentLength] = String(version.size)
            headers[.xChecksumSHA256] = version.sha256
            metrics.add("fileshare_downloaded_bytes_total", version.size)
            guard version.size > 0 else { return Response(status: .ok, headers: headers) }
            let body = try await blobs.read(key: version.blobKey, range: 0...(version.size - 1))
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    static func etag(_ version: FileVersion) -> String { "\"\(version.sha256)\"" }
}
