import CCurl
import FoundationEssentials
import Synchronization

/// One request in flight on the ``CurlMultiLoop``: its easy handle set up, the request body
/// source, where the response goes, and the continuation waiting for the result.
///
/// After submission only the loop thread touches it (libcurl calls the callbacks there), except
/// `cancelled`, which is atomic.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let destination: HTTPResponseDestination
    let totalTimeout: Duration
    let cancelled = Atomic<Bool>(false)
    private let curl: LibCurl
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    private(set) var responseHeaders = HTTPHeaders()
    private var responseBody = Data()
    private var requestSource: RequestSource
    private var download: Download?
    private var localFailure: HTTPTransportError?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var handle: UnsafeMutableRawPointer?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init(request: HTTPRequest, destination: HTTPResponseDestination, totalTimeout: Duration, curl: LibCurl) {
        self.curl = curl
        self.request = request
        self.destination = destination
        self.totalTimeout = totalTimeout
        self.requestSource = RequestSource(body: request.body)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl.slistFreeAll(headerList)
        errorBuffer.deallocate()
        requestSource.close()
        download?.abandon()
    }

    // MARK: - Setting up the handle

    /// Applies this request to a freshly reset easy handle.
    func configure(_ handle: UnsafeMutableRawPointer, configuration: CurlTransport.Configuration) throws {
        try requestSource.open()
        self.handle = handle
        let this = Unmanaged.passUnretained(self).toOpaque()
        var codes: [CURLcode] = []
        codes.append(curl.setOption(handle, CURLOPT_URL, request.url.absoluteString))
        codes.append(curl.setOption(handle, CURLOPT_NOSIGNAL, 1))
        codes.append(curl.setOption(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        codes.append(curl.setOption(handle, CURLOPT_SSL_VERIFYPEER, 1))
        codes.append(curl.setOption(handle, CURLOPT_SSL_VERIFYHOST, 2))
        codes.append(curl.setOption(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds))
        codes.append(curl.setOption(handle, CURLOPT_TIMEOUT_MS, totalTimeout.milliseconds))
        // A stalled stream fails after this long even when the total time-out is generous.
        codes.append(curl.setOption(handle, CURLOPT_LOW_SPEED_LIMIT, 1))
        codes.append(curl.setOption(handle, CURLOPT_LOW_SPEED_TIME, configuration.stallTimeout.seconds))
        codes.append(curl.setOption(handle, CURLOPT_USERAGENT, configuration.userAgent))
        codes.append(curl.setOption(handle, CURLOPT_ERRORBUFFER, errorBuffer))

        var list: UnsafeMutablePointer<curl_slist>?
        for field in request.headers {
            list = curl.slistAppend(list, "\(field.name): \(field.value)")
        }
        // No "Expect: 100-continue" round trip before uploads: the signature is already fixed.
        list = curl.slistAppend(list, "Expect:")
        headerList = list
        codes.append(curl.setOption(handle, CURLOPT_HTTPHEADER, list))

        switch request.method {
        case "GET":
            codes.append(curl.setOption(handle, CURLOPT_HTTPGET, 1))
        case "HEAD":
            codes.append(curl.setOption(handle, CURLOPT_NOBODY, 1))
        case "DELETE" where request.body == .empty:
            codes.append(curl.setOption(handle, CURLOPT_CUSTOMREQUEST, "DELETE"))
        default:
            codes.append(curl.setOption(handle, CURLOPT_UPLOAD, 1))
            codes.append(curl.setSizeOption(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.count)))
            codes.append(curl.setOption(handle, CURLOPT_READFUNCTION, curlReadCallback))
            codes.append(curl.setOption(handle, CURLOPT_READDATA, this))
            codes.append(curl.setSeekCallback(handle, curlSeekCallback))
            codes.append(curl.setOption(handle, CURLOPT_SEEKDATA, this))
            if request.method != "PUT" {
                codes.append(curl.setOption(handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
        }
        codes.append(curl.setOption(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
        codes.append(curl.setOption(handle, CURLOPT_HEADERDATA, this))
        codes.append(curl.setOption(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        codes.append(curl.setOption(handle, CURLOPT_WRITEDATA, this))
        if let failed = codes.first(where: { $0 != CURLE_OK }) {
            throw HTTPTransportError(.invalidRequest, "libcurl refused an option: \(curl.describe(failed))")
        }
    }

    // MARK: - Callbacks (loop thread)

    /// The status of the response being received (its headers are complete once the body starts).
    var currentStatus: Int {
        handle.map(curl.responseCode) ?? 0
    }

    func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmed()
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after "100 Continue", for instance) starts a new header block.
            responseHeaders = HTTPHeaders()
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmed()
            responseHeaders.add(name, value)
        }
    }

    /// Returns `false` to make libcurl abort the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer, status: Int) -> Bool {
        guard case .file(let target) = destination, (200..<300).contains(status) else {
            responseBody.append(contentsOf: bytes)
            return true
        }
        do {
            if download == nil { download = try Download(target: target) }
            try download?.write(bytes)
            return true
        } catch let error as HTTPTransportError {
            localFailure = error
            return false
        } catch {
            localFailure = HTTPTransportError(.fileAccess, "\(error)")
            return false
        }
    }

    func sendBody(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        do {
            return try requestSource.read(into: buffer)
        } catch {
            localFailure = error
            return nil
        }
    }

    func rewindBody(to offset: UInt64) -> Bool {
        (try? requestSource.seek(to: offset)) != nil
    }

    // MARK: - Finishing

    /// Turns libcurl's result into the response or the error to hand back.
    func finish(result: CURLcode, handle: UnsafeMutableRawPointer) -> Result<HTTPResponse, any Error> {
        requestSource.close()
        if let localFailure {
            download?.abandon()
            return .failure(localFailure)
        }
        guard result == CURLE_OK else {
            download?.abandon()
            let detail = String(cString: errorBuffer)
            let summary = curl.describe(result)
            let text = detail.isEmpty ? summary : "\(summary): \(detail)"
            return .failure(HTTPTransportError(Self.code(for: result), "\(request.method) \(request.url.host ?? ""): \(text)"))
        }
        var response = HTTPResponse(status: curl.responseCode(handle), headers: responseHeaders, body: responseBody)
        if case .file(let target) = destination, response.isSuccess, request.method != "HEAD" {
            do {
                if download == nil { download = try Download(target: target) }
                try download?.commit()
                download = nil
                response.bodyFile = target
            } catch {
                download?.abandon()
                return .failure(error)
            }
        }
        return .success(response)
    }

    static func code(for result: CURLcode) -> HTTPTransportError.Code {
        switch result {
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .couldNotConnect
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            .connectionFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            .invalidRequest
        case CURLE_READ_ERROR, CURLE_WRITE_ERROR:
            .fileAccess
        default:
            .other
        }
    }
}

extension Duration {
    var milliseconds: Int {
        Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000)
    }

    var seconds: Int { max(1, Int(components.seconds)) }
}

// MARK: - C callbacks: plain functions, the transfer passed as user data.

private func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    let status = transfer.currentStatus
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length), status: status) ? length : 0
}

private func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    if let data, length > 0 {
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        transfer.receiveHeaderLine(line)
    }
    return length
}

private func curlReadCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user, let data else { return Int(CURL_READFUNC_ABORT) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.sendBody(into: UnsafeMutableRawBufferPointer(start: data, count: size * count))
        ?? Int(CURL_READFUNC_ABORT)
}

private func curlSeekCallback(_ user: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    guard let user, origin == SEEK_SET, offset >= 0 else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.rewindBody(to: UInt64(offset)) ? Int32(CURL_SEEKFUNC_OK) : Int32(CURL_SEEKFUNC_FAIL)
}
