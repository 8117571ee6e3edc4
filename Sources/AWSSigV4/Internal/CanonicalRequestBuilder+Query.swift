/// The canonical query: every name and value encoded (RFC 3986), sorted by name and then by value,
/// bytewise, after encoding. In query mode the `X-Amz-*` authentication parameters join in.
extension CanonicalRequestBuilder {
    enum QueryName {
        static let algorithm = Array("X-Amz-Algorithm".utf8)
        static let credential = Array("X-Amz-Credential".utf8)
        static let date = Array("X-Amz-Date".utf8)
        static let expires = Array("X-Amz-Expires".utf8)
        static let signedHeaders = Array("X-Amz-SignedHeaders".utf8)
        static let securityToken = Array("X-Amz-Security-Token".utf8)
        static let signature = Array("X-Amz-Signature".utf8)
        static let presignParameters = [algorithm, credential, date, expires, signedHeaders]
    }

    mutating func collectQuery(
        of request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: AMZDate,
        scope: SigningScope,
        mode: SigningMode
    ) throws(SigV4Error) {
        for (arrival, item) in request.query.enumerated() {
            let nameStart = queryBytes.count
            PercentEncoding.encode(item.name, keepingSlashes: false, into: &queryBytes)
            let nameEnd = queryBytes.count
            try checkNotAuthenticationParameter(nameStart, nameEnd, credentials: credentials, mode: mode, original: item.name)
            PercentEncoding.encode(item.value, keepingSlashes: false, into: &queryBytes)
            queryFields.append(FieldRange(nameStart: nameStart, nameEnd: nameEnd, valueStart: nameEnd, valueEnd: queryBytes.count, arrival: arrival))
        }
        guard case .query(let expiresInSeconds) = mode else { return }
        var arrival = request.query.count
        appendParameter(QueryName.algorithm, rawValue: CanonicalRequestBuilder.algorithm, arrival: &arrival)
        appendParameter(QueryName.credential, rawValue: scope.credential, arrival: &arrival)
        appendParameter(QueryName.date, rawValue: date.timestamp, arrival: &arrival)
        appendParameter(QueryName.expires, rawValue: Array(String(expiresInSeconds).utf8), arrival: &arrival)
        appendParameter(QueryName.signedHeaders, rawValue: signedHeaders.array(), arrival: &arrival)
        if let token = credentials.sessionToken, configuration.sessionTokenPlacement == .signed {
            appendParameter(QueryName.securityToken, rawValue: Array(token.utf8), arrival: &arrival)
        }
    }

    mutating func sortQuery() {
        let bytes = queryBytes.bytes
        queryFields.sort { left, right in
            let byName = ByteOrder.compare(bytes, left.nameStart..<left.nameEnd, right.nameStart..<right.nameEnd)
            if byName != 0 { return byName < 0 }
            return ByteOrder.compare(bytes, left.valueStart..<left.valueEnd, right.valueStart..<right.valueEnd) < 0
        }
    }

    /// `name=value&name=value`; a parameter without a value is `name=`.
    mutating func writeCanonicalQuery() {
        for (index, field) in queryFields.enumerated() {
            if index > 0 { canonicalQuery.append(ASCII.ampersand) }
            canonicalQuery.append(bytes: queryBytes[field.nameStart..<field.nameEnd])
            canonicalQuery.append(ASCII.equals)
            canonicalQuery.append(bytes: queryBytes[field.valueStart..<field.valueEnd])
        }
    }

    private mutating func appendParameter(_ name: [UInt8], rawValue: [UInt8], arrival: inout Int) {
        let nameStart = queryBytes.count
        queryBytes.append(name)
        let valueStart = queryBytes.count
        rawValue.withUnsafeBufferPointer { PercentEncoding.encode($0, keepingSlashes: false, into: &queryBytes) }
        queryFields.append(FieldRange(nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: queryBytes.count, arrival: arrival))
        arrival += 1
    }

    private func checkNotAuthenticationParameter(
        _ start: Int,
        _ end: Int,
        credentials: AWSCredentials,
        mode: SigningMode,
        original: String
    ) throws(SigV4Error) {
        // Every authentication parameter starts with "X-Amz-"; most query names do not, so this is cheap.
        let name = queryBytes[start..<end]
        guard name.count > 6, name[0] == UInt8(ascii: "X") else { return }
        if name.elementsEqual(QueryName.signature) {
            throw SigV4Error(
                code: .alreadySigned,
                message: "the query already has X-Amz-Signature; presign a fresh copy of the request instead",
                context: original
            )
        }
        guard case .query = mode else { return }
        let isPresignParameter = QueryName.presignParameters.contains { name.elementsEqual($0) }
        let isToken = credentials.sessionToken != nil && name.elementsEqual(QueryName.securityToken)
        if isPresignParameter || isToken {
            throw SigV4Error(
                code: .conflictingParameter,
                message: "presigning adds this parameter itself; remove it from the request's query",
                context: original
            )
        }
    }
}
