/// Canonical headers: lower-case names, trimmed values with runs of whitespace squashed, repeated
/// names joined with `,` in arrival order, sorted by name; unsigned headers left out.
extension SigningWorkspace {
    private enum Name {
        static let authorization = Array("authorization".utf8)
        static let host = Array("host".utf8)
        static let amzDate = Array("x-amz-date".utf8)
        static let securityToken = Array("x-amz-security-token".utf8)
        static let contentHash = Array("x-amz-content-sha256".utf8)
        static let contentLength = Array("content-length".utf8)
    }

    func collectHeaders(
        of request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: AMZDate,
        mode: SigningMode
    ) throws(SigV4Error) {
        var hasHost = false
        var hasContentHash = false
        let addsHeaders = mode == .header
        for (arrival, header) in request.headers.enumerated() {
            let nameStart = headerBytes.count
            try appendLowercasedName(header.name)
            let nameEnd = headerBytes.count

            if headerName(nameStart, nameEnd, is: Name.authorization) {
                throw SigV4Error(
                    code: .alreadySigned,
                    message: "the request already has an Authorization header; sign a fresh copy of the request instead",
                    context: header.name
                )
            }
            if headerName(nameStart, nameEnd, is: Name.amzDate) {
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "the signer sets X-Amz-Date itself from the signing time; remove the header and pass the date",
                    context: header.name
                )
            }
            if credentials.sessionToken != nil && headerName(nameStart, nameEnd, is: Name.securityToken) {
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "the signer adds X-Amz-Security-Token from the credentials' session token; remove the header",
                    context: header.name
                )
            }
            if isUnsigned(nameStart, nameEnd, configuration: configuration) {
                headerBytes.removeSubrange(nameStart...)
                continue
            }
            hasHost = hasHost || headerName(nameStart, nameEnd, is: Name.host)

            let valueStart = headerBytes.count
            try appendNormalizedValue(header.value, name: header.name)
            let valueEnd = headerBytes.count

            if addsHeaders && configuration.addsContentHashHeader && headerName(nameStart, nameEnd, is: Name.contentHash) {
                guard headerBytes[valueStart..<valueEnd].elementsEqual(payloadHash) else {
                    throw SigV4Error(
                        code: .conflictingParameter,
                        message: "x-amz-content-sha256 disagrees with the payload being signed; drop the header or fix the payload",
                        context: header.value
                    )
                }
                hasContentHash = true
            }
            headerFields.append(FieldRange(nameStart: nameStart, nameEnd: nameEnd, valueStart: valueStart, valueEnd: valueEnd, arrival: arrival))
        }
        guard hasHost else {
            throw SigV4Error(
                code: .missingHost,
                message: "the request has no Host header; add one (SigV4Request(method:url:) does it from the URL)"
            )
        }
        guard addsHeaders else { return }
        var arrival = request.headers.count
        appendField(name: Name.amzDate, value: date.timestamp, arrival: &arrival)
        if let token = credentials.sessionToken, configuration.sessionTokenPlacement == .signed {
            appendField(name: Name.securityToken, value: Array(token.utf8), arrival: &arrival)
        }
        if configuration.addsContentHashHeader && !hasContentHash {
            appendField(name: Name.contentHash, value: payloadHash, arrival: &arrival)
            addsContentHashHeader = true
        }
    }

    /// Sorts by name; repeated names keep their arrival order.
    func sortHeaders() {
        headerBytes.withUnsafeBufferPointer { bytes in
            headerFields.sort { left, right in
                let order = ByteOrder.compare(bytes, left.nameStart..<left.nameEnd, right.nameStart..<right.nameEnd)
                return order != 0 ? order < 0 : left.arrival < right.arrival
            }
        }
    }

    func writeSignedHeaders() {
        var previous: FieldRange?
        for field in headerFields {
            if let previous {
                if headerName(previous.nameStart, previous.nameEnd, equalsNameOf: field) { continue }
                signedHeaders.append(ASCII.semicolon)
            }
            signedHeaders.append(contentsOf: headerBytes[field.nameStart..<field.nameEnd])
            previous = field
        }
    }

    /// `name:value[,value…]\n` for each name, in sorted order.
    func writeCanonicalHeaders() {
        var previous: FieldRange?
        for field in headerFields {
            if let previous, headerName(previous.nameStart, previous.nameEnd, equalsNameOf: field) {
                canonicalRequest.append(ASCII.comma)
            } else {
                if previous != nil { canonicalRequest.append(ASCII.newline) }
                canonicalRequest.append(contentsOf: headerBytes[field.nameStart..<field.nameEnd])
                canonicalRequest.append(ASCII.colon)
            }
            canonicalRequest.append(contentsOf: headerBytes[field.valueStart..<field.valueEnd])
            previous = field
        }
        if previous != nil { canonicalRequest.append(ASCII.newline) }
    }

    // MARK: - Bytes

    private func appendLowercasedName(_ name: String) throws(SigV4Error) {
        var name = name
        let valid = name.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            for byte in bytes {
                guard ASCII.isTokenCharacter(byte) else { return false }
                headerBytes.append(ASCII.lowercased(byte))
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
    private func appendNormalizedValue(_ value: String, name: String) throws(SigV4Error) {
        var value = value
        let valid = value.withUTF8 { bytes in
            var pendingSpace = false
            var started = false
            for byte in bytes {
                if byte == ASCII.newline || byte == ASCII.carriageReturn || byte == 0 { return false }
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

    private func appendField(name: [UInt8], value: [UInt8], arrival: inout Int) {
        let nameStart = headerBytes.count
        headerBytes.append(contentsOf: name)
        let valueStart = headerBytes.count
        headerBytes.append(contentsOf: value)
        headerFields.append(
            FieldRange(nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: headerBytes.count, arrival: arrival)
        )
        arrival += 1
    }

    private func isUnsigned(_ start: Int, _ end: Int, configuration: SigningConfiguration) -> Bool {
        if !configuration.signsContentLength && headerName(start, end, is: Name.contentLength) { return true }
        for name in configuration.unsignedHeaderNameBytes where headerName(start, end, is: name) { return true }
        return false
    }

    @inline(__always)
    private func headerName(_ start: Int, _ end: Int, is name: [UInt8]) -> Bool {
        end - start == name.count && headerBytes[start..<end].elementsEqual(name)
    }

    @inline(__always)
    private func headerName(_ start: Int, _ end: Int, equalsNameOf field: FieldRange) -> Bool {
        end - start == field.nameEnd - field.nameStart && headerBytes[start..<end].elementsEqual(headerBytes[field.nameStart..<field.nameEnd])
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
