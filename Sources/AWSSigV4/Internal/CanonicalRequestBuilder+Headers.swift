/// Canonical headers: lower-case names, trimmed values with runs of whitespace squashed, repeated
/// names joined with `,` in arrival order, sorted by name; unsigned headers left out.
extension CanonicalRequestBuilder {
    private enum Name {
        static let authorization = Array("authorization".utf8)
        static let host = Array("host".utf8)
        static let amzDate = Array("x-amz-date".utf8)
        static let securityToken = Array("x-amz-security-token".utf8)
        static let contentHash = Array("x-amz-content-sha256".utf8)
        static let contentLength = Array("content-length".utf8)
    }

    /// The headers the signer treats specially.
    private enum Kind {
        case authorization, amzDate, securityToken, host, contentHash, unsigned, other
    }

    mutating func collectHeaders(
        of request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: AMZDate,
        mode: SigningMode
    ) throws(SigV4Error) {
        var hasHost = false
        var hasContentHash = false
        let addsHeaders = mode == .header
        var arrival = 0
        for header in request.headers {
            let nameStart = headerBytes.count
            try appendLowercasedName(header.name)
            let nameEnd = headerBytes.count

            var mustMatchPayloadHash = false
            switch kind(of: nameStart..<nameEnd, configuration: configuration) {
            case .authorization:
                throw SigV4Error(
                    code: .alreadySigned,
                    message: "the request already has an Authorization header; sign a fresh copy of the request instead",
                    context: header.name
                )
            case .amzDate:
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "the signer sets X-Amz-Date itself from the signing time; remove the header and pass the date",
                    context: header.name
                )
            case .securityToken where credentials.sessionToken != nil:
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "the signer adds X-Amz-Security-Token from the credentials' session token; remove the header",
                    context: header.name
                )
            case .unsigned:
                headerBytes.truncate(to: nameStart)
                continue
            case .host:
                hasHost = true
            case .contentHash where addsHeaders && configuration.addsContentHashHeader:
                hasContentHash = true
                mustMatchPayloadHash = true
            case .securityToken, .contentHash, .other:
                break
            }

            let valueStart = headerBytes.count
            try appendNormalizedValue(header.value, name: header.name)
            let valueEnd = headerBytes.count
            if mustMatchPayloadHash && !headerBytes[valueStart..<valueEnd].elementsEqual(payloadHash.bytes) {
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "x-amz-content-sha256 disagrees with the payload being signed; drop the header or fix the payload",
                    context: header.value
                )
            }
            headerFields.append(FieldRange(nameStart: nameStart, nameEnd: nameEnd, valueStart: valueStart, valueEnd: valueEnd, arrival: arrival))
            arrival += 1
        }
        guard hasHost else {
            throw SigV4Error(
                code: .missingHost,
                message: "the request has no Host header; add one (SigV4Request(method:url:) does it from the URL)"
            )
        }
        guard addsHeaders else { return }
        var valueStart = beginAddedField(name: Name.amzDate)
        date.appendTimestamp(to: &headerBytes)
        endAddedField(nameStart: valueStart - Name.amzDate.count, valueStart: valueStart, arrival: &arrival)
        if let token = credentials.sessionToken {
            valueStart = beginAddedField(name: Name.securityToken)
            // Like every other header value: trimmed, inner runs of whitespace squashed, line breaks refused
            // (checked even when the token is sent unsigned: it still goes into a header).
            try appendNormalizedValue(token, name: "X-Amz-Security-Token")
            if configuration.sessionTokenPlacement == .signed {
                endAddedField(nameStart: valueStart - Name.securityToken.count, valueStart: valueStart, arrival: &arrival)
            } else {
                headerBytes.truncate(to: valueStart - Name.securityToken.count)
            }
        }
        if configuration.addsContentHashHeader && !hasContentHash {
            valueStart = beginAddedField(name: Name.contentHash)
            headerBytes.append(bytes: payloadHash.bytes)
            endAddedField(nameStart: valueStart - Name.contentHash.count, valueStart: valueStart, arrival: &arrival)
            addsContentHashHeader = true
        }
    }

    /// Sorts by name; repeated names keep their arrival order.
    mutating func sortHeaders() {
        let bytes = headerBytes.bytes
        headerFields.sort { left, right in
            let order = ByteOrder.compare(bytes, left.nameStart..<left.nameEnd, right.nameStart..<right.nameEnd)
            return order != 0 ? order < 0 : left.arrival < right.arrival
        }
    }

    mutating func writeSignedHeaders() {
        let bytes = headerBytes.bytes
        var previous: Range<Int>?
        for field in headerFields {
            let name = field.nameStart..<field.nameEnd
            if let previous {
                if ByteOrder.compare(bytes, previous, name) == 0 { continue }
                signedHeaders.append(ASCII.semicolon)
            }
            signedHeaders.append(bytes: UnsafeBufferPointer(rebasing: bytes[name]))
            previous = name
        }
    }

    /// `name:value[,value…]\n` for each name, in sorted order.
    mutating func writeCanonicalHeaders() {
        let bytes = headerBytes.bytes
        var previous: Range<Int>?
        for field in headerFields {
            let name = field.nameStart..<field.nameEnd
            if let previous, ByteOrder.compare(bytes, previous, name) == 0 {
                canonicalRequest.append(ASCII.comma)
            } else {
                if previous != nil { canonicalRequest.append(ASCII.newline) }
                canonicalRequest.append(bytes: UnsafeBufferPointer(rebasing: bytes[name]))
                canonicalRequest.append(ASCII.colon)
            }
            canonicalRequest.append(bytes: UnsafeBufferPointer(rebasing: bytes[field.valueStart..<field.valueEnd]))
            previous = name
        }
        if previous != nil { canonicalRequest.append(ASCII.newline) }
    }

    // MARK: - Bytes

    private func kind(of name: Range<Int>, configuration: SigningConfiguration) -> Kind {
        let name = headerBytes[name]
        if name.count > 6 && name[0] == UInt8(ascii: "x") && name[1] == UInt8(ascii: "-") && name[2] == UInt8(ascii: "a")
            && name[3] == UInt8(ascii: "m") && name[4] == UInt8(ascii: "z") && name[5] == UInt8(ascii: "-") {
            // S3 and the other services reject a request that leaves an x-amz-* header unsigned,
            // and an unsigned one could be changed on the way: these are always signed.
            switch name.count {
            case 10 where name.elementsEqual(Name.amzDate): return .amzDate
            case 20 where name.elementsEqual(Name.securityToken): return .securityToken
            case 20 where name.elementsEqual(Name.contentHash): return .contentHash
            default: return .other
            }
        }
        switch name.count {
        case 4 where name.elementsEqual(Name.host): return .host
        case 10 where name.elementsEqual(Name.amzDate): return .amzDate
        case 13 where name.elementsEqual(Name.authorization): return .authorization
        case 14 where !configuration.signsContentLength && name.elementsEqual(Name.contentLength): return .unsigned
        case 20 where name.elementsEqual(Name.securityToken): return .securityToken
        case 20 where name.elementsEqual(Name.contentHash): return .contentHash
        default: return configuration.isUnsignedHeader(name) ? .unsigned : .other
        }
    }

    /// Copies the name, then lower-cases and checks it in place (one copy, no per-byte appends).
    private mutating func appendLowercasedName(_ name: String) throws(SigV4Error) {
        let start = headerBytes.count
        headerBytes.append(utf8: name)
        let valid = headerBytes.withMutableBytes(start..<headerBytes.count) { bytes in
            guard !bytes.isEmpty else { return false }
            for index in bytes.indices {
                let byte = bytes[index]
                guard ASCII.isTokenCharacter(byte) else { return false }
                bytes[index] = ASCII.lowercased(byte)
            }
            return true
        }
        guard valid else {
            throw SigV4Error(
                code: .invalidHeader,
                message: "a header name must be a non-empty HTTP token (letters, digits, and !#$%&'*+-.^_`|~)",
                context: name
            )
        }
    }

    /// Trims the value and squashes each run of spaces and tabs (even inside quotes) to one space.
    private mutating func appendNormalizedValue(_ value: String, name: String) throws(SigV4Error) {
        var value = value
        let valid = value.withUTF8 { bytes in
            switch Self.valueShape(bytes) {
            case .invalid: return false
            case .canonical: headerBytes.append(bytes: bytes)
            case .needsSquashing: squashWhitespace(bytes)
            }
            return true
        }
        guard valid else {
            throw SigV4Error(
                code: .invalidHeader,
                message: "a header value must not contain a line break or NUL; fold multi-line values into one line",
                context: name
            )
        }
    }

    private enum ValueShape { case canonical, needsSquashing, invalid }

    /// Most values are already canonical: one scan decides, and they are then copied whole.
    private static func valueShape(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueShape {
        guard let first = bytes.first, let last = bytes.last else { return .canonical }
        var shape = ASCII.isWhitespace(first) || ASCII.isWhitespace(last) ? ValueShape.needsSquashing : .canonical
        var previousWasSpace = false
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none is at or below 0x20 (long values such as session tokens).
            if index + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if !hasByteAtOrBelowSpace(word) {
                    previousWasSpace = false
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            index += 1
            // Everything that matters here (space, tab, CR, LF, NUL) is at or below 0x20.
            if byte > ASCII.space {
                previousWasSpace = false
                continue
            }
            if byte == ASCII.newline || byte == ASCII.carriageReturn || byte == 0 { return .invalid }
            if byte == ASCII.tab || previousWasSpace { shape = .needsSquashing }
            previousWasSpace = byte == ASCII.space
        }
        return shape
    }

    /// Whether some byte of `word` is 0x20 or less ("hasless(x, 0x21)" from Bit Twiddling Hacks; exact
    /// because 0x21 ≤ 0x80). False positives cannot happen; the caller rechecks byte by byte anyway.
    @inline(__always)
    private static func hasByteAtOrBelowSpace(_ word: UInt64) -> Bool {
        (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080 != 0
    }

    private mutating func squashWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
        var pendingSpace = false
        var started = false
        for byte in bytes {
            if ASCII.isWhitespace(byte) {
                pendingSpace = started
                continue
            }
            if pendingSpace {
                headerBytes.append(ASCII.space)
                pendingSpace = false
            }
            headerBytes.append(byte)
            started = true
        }
    }

    /// Starts a header the signer itself signs (`x-amz-date`, the token, the content hash); returns where its value starts.
    private mutating func beginAddedField(name: [UInt8]) -> Int {
        headerBytes.append(name)
        return headerBytes.count
    }

    private mutating func endAddedField(nameStart: Int, valueStart: Int, arrival: inout Int) {
        headerFields.append(
            FieldRange(nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: headerBytes.count, arrival: arrival)
        )
        arrival += 1
    }
}

/// Bytewise (not locale, not Unicode) ordering, as SigV4 sorts names and values.
enum ByteOrder {
    /// Negative, zero or positive as `bytes[left]` sorts before, with or after `bytes[right]`.
    @inline(__always)
    static func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ left: Range<Int>, _ right: Range<Int>) -> Int {
        let common = min(left.count, right.count)
        for offset in 0..<common {
            let a = bytes[left.lowerBound + offset], b = bytes[right.lowerBound + offset]
            if a != b { return Int(a) - Int(b) }
        }
        return left.count - right.count
    }
}
