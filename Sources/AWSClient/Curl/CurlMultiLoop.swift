import CCurl
import FoundationEssentials
import Synchronization

/// One libcurl multi handle driven by its own thread.
///
/// Async callers hand over a ``CurlTransfer`` and suspend; the thread adds it to the multi handle,
/// runs every transfer at once with `curl_multi_poll`, and resumes each continuation when its
/// transfer ends. So blocking network and file I/O never runs on Swift's cooperative pool, and the
/// multi handle's connection cache keeps connections alive between requests to the same host.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Inbox {
        var pending: [CurlTransfer] = []
        var stopping = false
    }

    let curl: LibCurl
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let configuration: CurlTransport.Configuration
    // Loop thread only:
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(configuration: CurlTransport.Configuration, curl: LibCurl) {
        guard let multi = curl.multiInit() else {
            // Only out of memory makes curl_multi_init fail; nothing sensible can continue.
            preconditionFailure("curl_multi_init failed: out of memory")
        }
        self.curl = curl
        self.multi = multi
        self.configuration = configuration
        _ = curl.setMultiOption(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnectionsPerHost)
        _ = curl.setMultiOption(multi, CURLMOPT_MAXCONNECTS, configuration.maximumConnectionsPerHost * 4)
        detachThread { [self] in run() }
    }

    /// Queues a transfer; its continuation is resumed on the loop thread.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.pending.append(transfer)
            return true
        }
        if accepted {
            _ = curl.multiWakeup(multi)
        } else {
            transfer.continuation?.resume(throwing: HTTPTransportError(.cancelled, "the HTTP transport was shut down"))
            transfer.continuation = nil
        }
    }

    /// Wakes the loop so it notices a transfer's cancelled flag.
    func wake() {
        _ = curl.multiWakeup(multi)
    }

    /// Ends the thread after failing what is still in flight; the thread frees the multi handle.
    func stop() {
        inbox.withLock { $0.stopping = true }
        _ = curl.multiWakeup(multi)
    }

    // MARK: - The loop thread

    private func run() {
        while true {
            let (incoming, stopping) = inbox.withLock { inbox in
                defer { inbox.pending = [] }
                return (inbox.pending, inbox.stopping)
            }
            if stopping {
                for transfer in incoming { complete(transfer, .failure(HTTPTransportError(.cancelled, "the HTTP transport was shut down"))) }
                shutDown()
                return
            }
            for transfer in incoming { start(transfer) }
            removeCancelledTransfers()

            var running: Int32 = 0
            _ = curl.multiPerform(multi, &running)
            collectFinishedTransfers()
            var ready: Int32 = 0
            _ = curl.multiPoll(multi, nil, 0, 1000, &ready)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelled.load(ordering: .acquiring) {
            complete(transfer, .failure(CancellationError()))
            return
        }
        guard let handle = idleHandles.popLast() ?? curl.easyInit() else {
            complete(transfer, .failure(HTTPTransportError(.other, "curl_easy_init failed")))
            return
        }
        do {
            try transfer.configure(handle, configuration: configuration)
        } catch {
            recycle(handle)
            complete(transfer, .failure(error))
            return
        }
        let added = curl.multiAddHandle(multi, handle)
        guard added == CURLM_OK else {
            recycle(handle)
            let reason = curl.multiStrerror(added).map { String(cString: $0) } ?? "code \(added.rawValue)"
            complete(transfer, .failure(HTTPTransportError(.other, "curl_multi_add_handle failed: \(reason)")))
            return
        }
        active[handle] = transfer
    }

    private func removeCancelledTransfers() {
        for (handle, transfer) in active where transfer.cancelled.load(ordering: .acquiring) {
            _ = curl.multiRemoveHandle(multi, handle)
            active[handle] = nil
            _ = transfer.finish(result: CURLE_ABORTED_BY_CALLBACK, handle: handle)
            recycle(handle)
            complete(transfer, .failure(CancellationError()))
        }
    }

    private func collectFinishedTransfers() {
        var remaining: Int32 = 0
        while let message = curl.multiInfoRead(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            _ = curl.multiRemoveHandle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            let outcome = transfer.finish(result: result, handle: handle)
            recycle(handle)
            complete(transfer, outcome)
        }
    }

    /// Keeps a few reset easy handles around, so their DNS and TLS session caches carry over.
    private func recycle(_ handle: UnsafeMutableRawPointer) {
        curl.easyReset(handle)
        if idleHandles.count < 16 {
            idleHandles.append(handle)
        } else {
            curl.easyCleanup(handle)
        }
    }

    private func complete(_ transfer: CurlTransfer, _ outcome: Result<HTTPResponse, any Error>) {
        transfer.continuation?.resume(with: outcome)
        transfer.continuation = nil
    }

    private func shutDown() {
        for (handle, transfer) in active {
            _ = curl.multiRemoveHandle(multi, handle)
            _ = transfer.finish(result: CURLE_ABORTED_BY_CALLBACK, handle: handle)
            curl.easyCleanup(handle)
            complete(transfer, .failure(HTTPTransportError(.cancelled, "the HTTP transport was shut down")))
        }
        active = [:]
        for handle in idleHandles { curl.easyCleanup(handle) }
        idleHandles = []
        _ = curl.multiCleanup(multi)
    }
}
