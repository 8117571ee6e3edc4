import FoundationEssentials

/// Successful answers that did not come from the service: an HTML page (a captive portal, a proxy's
/// login page, a web server at a wrong endpoint) or another operation's XML. Read as if they were
/// the service's answer they would decode to "nothing there", so they are errors that quote them.
enum UnexpectedAnswer {
    /// An error quoting the page when a 2xx answer is HTML, else `nil`.
    static func htmlPage(_ response: HTTPResponse, service: AWSService, operation: String) -> AWSError? {
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        let opening = String(decoding: response.body.prefix(256), as: UTF8.self)
            .drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix(15).lowercased()
        // The body decides: some services (and emulators) label JSON answers text/html.
        let markup = (contentType.contains("html") && opening.hasPrefix("<")) || opening.hasPrefix("<!doctype html") || opening.hasPrefix("<html")
        guard markup else { return nil }
        return AWSError(
            service: service.name, operation: operation, status: response.status, code: "UnexpectedHTMLAnswer",
            message: "expected an AWS answer but got an HTML page (a captive portal, a proxy's login page or a wrong "
                + "endpoint?): \"\(AWSErrorParser.excerpt(of: response.body))\"; check AWS_ENDPOINT_URL and the network",
            requestID: AWSErrorParser.requestID(in: response.headers)
        )
    }

    /// An error quoting the answer when a query-protocol answer is not `<OperationResponse>`.
    static func wrongRoot(_ tree: XMLTree, _ response: HTTPResponse, service: AWSService, operation: String) -> AWSError? {
        guard tree.name != "\(operation)Response" else { return nil }
        return AWSError(
            service: service.name, operation: operation, status: response.status, code: "UnexpectedAnswer",
            message: "expected <\(operation)Response> but the answer is <\(tree.name)> (a wrong endpoint?): "
                + "\"\(AWSErrorParser.excerpt(of: response.body))\"; check AWS_ENDPOINT_URL",
            requestID: AWSErrorParser.requestID(in: response.headers)
        )
    }
}
