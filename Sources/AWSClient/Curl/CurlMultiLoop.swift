import CCurl
import Foundation
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

    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let configuration: CurlTransport.Configuration
    // Loop thread only:
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(configuration: CurlTransport.Configuration) {
        CurlGlobal.initialize()
        guard let multi = curl_multi_init() else {
            // Only out of memory makes curl_multi_init fail; nothing sensible can continue.
            preconditionFailure("curl_multi_init failed: out of memory")
        }
        self.multi = multi
        self.configuration = configuration
        _ = tenkai_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnectionsPerHost)
        _ = tenkai_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maximumConnectionsPerHost * 4)
        let thread = Thread { [self] in run() }
        thread.name = "tenkai.curl"
        thread.start()
    }

    /// Queues a transfer; its continuation is resumed on the loop thread.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.pending.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.continuation?.resume(throwing: HTTPTransportError(.cancelled, "the HTTP transport was shut down"))
            transfer.continuation = nil
        }
    }

    /// Wakes the loop so it notices a transfer's cancelled flag.
    func wake() {
        curl_multi_wakeup(multi)
    }

    /// Ends the thread after failing what is still in flight; the thread frees the multi handle.
    func stop() {
        inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
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
            curl_multi_perform(multi, &running)
            collectFinishedTransfers()
            var ready: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &ready)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelled.load(ordering: .acquiring) {
            complete(transfer, .failure(CancellationError()))
            return
        }
        guard let handle = idleHandles.popLast() ?? curl_easy_init() else {
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
        let added = curl_multi_add_handle(multi, handle)
        guard added == CURLM_OK else {
            recycle(handle)
            let reason = String(cString: curl_multi_strerror(added))
            complete(transfer, .failure(HTTPTransportError(.other, "curl_multi_add_handle failed: \(reason)")))
            return
        }
        active[handle] = transfer
    }

    private func removeCancelledTransfers() {
        for (handle, transfer) in active where transfer.cancelled.load(ordering: .acquiring) {
            curl_multi_remove_handle(multi, handle)
            active[handle] = nil
            _ = transfer.finish(result: CURLE_ABORTED_BY_CALLBACK, handle: handle)
            recycle(handle)
            complete(transfer, .failure(CancellationError()))
        }
    }

    private func collectFinishedTransfers() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            let outcome = transfer.finish(result: result, handle: handle)
            recycle(handle)
            complete(transfer, outcome)
        }
    }

    /// Keeps a few reset easy handles around, so their DNS and TLS session caches carry over.
    private func recycle(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        if idleHandles.count < 16 {
            idleHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    private func complete(_ transfer: CurlTransfer, _ outcome: Result<HTTPResponse, any Error>) {
        transfer.continuation?.resume(with: outcome)
        transfer.continuation = nil
    }

    private func shutDown() {
        for (handle, transfer) in active {
            curl_multi_remove_handle(multi, handle)
            _ = transfer.finish(result: CURLE_ABORTED_BY_CALLBACK, handle: handle)
            curl_easy_cleanup(handle)
            complete(transfer, .failure(HTTPTransportError(.cancelled, "the HTTP transport was shut down")))
        }
        active = [:]
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles = []
        curl_multi_cleanup(multi)
    }
}

/// `curl_global_init` exactly once per process, before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func initialize() {
        _ = initialized
    }
}
