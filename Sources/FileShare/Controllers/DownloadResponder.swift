import Foundation
import HTTPTypes
import Hummingbird

/// Builds the response for a file download, for members and share links alike: streamed,
/// with HTTP Range, `Content-Disposition: attachment`, the SHA-256 and an ETag; or a redirect
/// to a short-lived presigned URL when the blob store offers one.
struct DownloadResponder: Sendable {
    let blobs: any BlobStore
    let metrics: MetricsRegistry

    func response(for version: FileVersion, fileName: String, request: Request, allowRedirect: Bool = true) async throws -> Response {
        let etag = "\"\(version.sha256)\""
        var headers: HTTPFields = [
            .contentType: version.contentType,
            .contentDisposition: ContentDisposition.attachment(fileName: fileName),
            .acceptRanges: "bytes",
            .eTag: etag,
            .cacheControl: "private, no-store",
        ]
        if allowRedirect,
           let url = try await blobs.directDownloadURL(key: version.blobKey, fileName: fileName, contentType: version.contentType) {
            headers[.location] = url
            return Response(status: .found, headers: headers)
        }
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        // A Range for another version of the file must not be stitched onto this one.
        var rangeHeader = request.headers[.range]
        if let ifRange = request.headers[.ifRange], ifRange != etag { rangeHeader = nil }
        switch ByteRange.resolve(rangeHeader, size: version.size) {
        case .unsatisfiable:
            throw AppError(.rangeNotSatisfiable, status: .rangeNotSatisfiable,
                           message: "The requested range is outside the file (\(version.size) bytes).",
                           headers: [.contentRange: "bytes */\(version.size)"])
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(version.size)"
            headers[.contentLength] = String(range.count)
            metrics.add("fileshare_downloaded_bytes_total", range.count)
            let body = try await blobs.read(key: version.blobKey, range: range)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            headers[.contentLength] = String(version.size)
            headers[.xChecksumSHA256] = version.sha256
            metrics.add("fileshare_downloaded_bytes_total", version.size)
            guard version.size > 0 else { return Response(status: .ok, headers: headers) }
            let body = try await blobs.read(key: version.blobKey, range: 0...(version.size - 1))
            return Response(status: .ok, headers: headers, body: body)
        }
    }
}
