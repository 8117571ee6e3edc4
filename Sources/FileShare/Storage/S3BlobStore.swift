import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// File contents in an S3 bucket. Not available in this build: the S3 client it needs (the
/// AWSClient module) is not merged yet, so asking for it fails at start-up with a clear message
/// instead of running with a store that loses files.
struct S3BlobStore {
    static func unavailable(bucket: String) -> AppError {
        AppError(.configuration, status: .internalServerError,
                 message: "FILES_BUCKET=\(bucket) asks for S3 storage, which this build does not include yet; unset FILES_BUCKET to use local files.",
                 context: ["variable": "FILES_BUCKET"])
    }
}
