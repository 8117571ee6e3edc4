import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Asks a DNS server, over UDP, which NS records it serves for a name: the public view of a
/// delegation, for a parent zone outside the account. A recursive resolver answers with the
/// name servers the delegation leads to; a parent's authoritative server answers with a
/// referral (NS records in the authority section). Both are read.
///
/// ```swift
/// let servers = try NameServerQuery(server: "127.0.0.1", port: 5353).nameServers(of: "fileshare.example.com")
/// ```
public struct NameServerQuery: Sendable {
    public var server: String
    public var port: UInt16
    public var timeoutSeconds: Int

    public init(server: String, port: UInt16 = 53, timeoutSeconds: Int = 3) {
        self.server = server
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// The server to ask: `TENKAI_DNS_RESOLVER` (`host` or `host:port`, IPv4), else the first
    /// IPv4 `nameserver` of /etc/resolv.conf.
    public static func configured(environment: [String: String]) -> NameServerQuery? {
        if let text = environment["TENKAI_DNS_RESOLVER"], !text.isEmpty {
            let parts = text.split(separator: ":")
            return NameServerQuery(server: String(parts[0]), port: parts.count > 1 ? UInt16(parts[1]) ?? 53 : 53)
        }
        guard let data = FileManager.default.contents(atPath: "/etc/resolv.conf"), let text = String(data: data, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver", words[1].contains("."), !words[1].contains(":") {
                return NameServerQuery(server: String(words[1]))
            }
        }
        return nil
    }

    /// The NS records served for `name` (answer or authority section), lower case, no trailing dot.
    /// A name the server does not know (NXDOMAIN) has none.
    public func nameServers(of name: String) throws -> [String] {
        let id = UInt16.random(in: 0...UInt16.max)
        let answer = try exchange(DNSMessage.query(id: id, name: name, type: DNSMessage.nsType))
        return try DNSMessage.nameServers(in: answer, id: id, owner: DelegationCheck.normalized(name))
    }

    private func exchange(_ query: [UInt8]) throws -> [UInt8] {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw DNSQueryError("cannot open a UDP socket (errno \(errno))") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, server, &address.sin_addr) == 1 else {
            throw DNSQueryError("'\(server)' is not an IPv4 address", hint: "set TENKAI_DNS_RESOLVER to an IPv4 address, optionally with :port")
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<2 {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard sent == query.count else { continue }
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received > 0 { return Array(buffer[0..<received]) }
        }
        throw DNSQueryError("the DNS server \(server):\(port) did not answer", hint: "set TENKAI_DNS_RESOLVER to a resolver this machine can reach")
    }
}

/// A DNS query that got no usable answer.
public struct DNSQueryError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
    public var description: String { message + (hint.map { " (\($0))" } ?? "") }
}

/// The wire format (RFC 1035) of one question and the NS records of an answer.
enum DNSMessage {
    static let nsType: UInt16 = 2

    static func query(id: UInt16, name: String, type: UInt16) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in DelegationCheck.normalized(name).split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes += [0, UInt8(type >> 8), UInt8(type & 0xff), 0, 1]
        return bytes
    }

    /// NS records owned by `owner` in the answer and authority sections.
    static func nameServers(in message: [UInt8], id: UInt16, owner: String) throws -> [String] {
        var reader = Reader(bytes: message)
        guard message.count >= 12, try reader.u16() == id else { throw DNSQueryError("the DNS answer does not match the question") }
        let flags = try reader.u16()
        let rcode = flags & 0x000f
        guard rcode == 0 || rcode == 3 else {
            throw DNSQueryError("the DNS server answered rcode \(rcode) (\(rcode == 2 ? "SERVFAIL" : rcode == 5 ? "REFUSED" : "error")) for \(owner)")
        }
        let questions = Int(try reader.u16()), answers = Int(try reader.u16()), authorities = Int(try reader.u16())
        _ = try reader.u16()
        for _ in 0..<questions {
            _ = try reader.name()
            reader.offset += 4
        }
        var servers: [String] = []
        for _ in 0..<(answers + authorities) {
            let name = try reader.name()
            let type = try reader.u16()
            reader.offset += 6
            let length = Int(try reader.u16())
            let end = reader.offset + length
            if type == nsType, name == owner { servers.append(try reader.name()) }
            reader.offset = end
        }
        return servers
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u16() throws -> UInt16 {
            guard offset + 2 <= bytes.count else { throw DNSQueryError("the DNS answer is cut short") }
            defer { offset += 2 }
            return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        }

        /// A possibly compressed name, lower case, without the trailing dot.
        mutating func name() throws -> String {
            var labels: [String] = []
            var position = offset
            var jumped = false
            var jumps = 0
            while true {
                guard position < bytes.count else { throw DNSQueryError("the DNS answer is cut short") }
                let length = Int(bytes[position])
                if length & 0xc0 == 0xc0 {
                    guard position + 1 < bytes.count, jumps < 32 else { throw DNSQueryError("the DNS answer has a broken name") }
                    if !jumped { offset = position + 2 }
                    position = (length & 0x3f) << 8 | Int(bytes[position + 1])
                    jumped = true
                    jumps += 1
                    continue
                }
                if length == 0 {
                    if !jumped { offset = position + 1 }
                    return labels.joined(separator: ".").lowercased()
                }
                guard position + 1 + length <= bytes.count else { throw DNSQueryError("the DNS answer is cut short") }
                labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
                position += 1 + length
            }
        }
    }
}
