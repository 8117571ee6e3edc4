@testable import AWSClient
import Foundation
import Testing

@Suite("Error answers")
struct ErrorParsingTests {
    func parse(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> AWSError {
        AWSErrorParser.parse(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)), service: "CloudFormation", operation: "CreateStack")
    }

    @Test func queryErrors() {
        let error = parse(400, """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type>
            <Code>AlreadyExistsException</Code><Message>Stack [app] already exists</Message></Error>
            <RequestId>4af14eec-350e-11e4-b260-EXAMPLE</RequestId></ErrorResponse>
            """)
        #expect(error.code == "AlreadyExistsException")
        #expect(error.message == "Stack [app] already exists")
        #expect(error.requestID == "4af14eec-350e-11e4-b260-EXAMPLE")
        #expect(error.status == 400)
        #expect(error.description == "CloudFormation CreateStack failed with HTTP 400 AlreadyExistsException: Stack [app] already exists (request ID 4af14eec-350e-11e4-b260-EXAMPLE)")
    }

    @Test func restXMLErrors() {
        let error = parse(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>R1</RequestId></Error>")
        #expect(error.code == "NoSuchKey")
        #expect(error.requestID == "R1")
    }

    @Test func jsonErrors() {
        let error = parse(400, #"{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}"#,
                          headers: ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "J1"])
        #expect(error.code == "ClusterNotFoundException")
        #expect(error.message == "Cluster not found.")
        #expect(error.requestID == "J1")
    }

    @Test func headerOnlyErrorsUseTheStatusAndErrorTypeHeader() {
        #expect(parse(404, "").code == "NotFound")
        #expect(parse(403, "").code == "Forbidden")
        #expect(parse(503, "").message == "HTTP 503 with no error message")
        #expect(parse(400, "", headers: ["x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/"]).code == "ThrottlingException")
    }

    @Test func htmlPagesGiveTheStatusAndTheirText() {
        let error = parse(500, """
            <!doctype html>
            <html lang=en><title>500 Internal Server Error</title><h1>Internal Server Error</h1>
            <p>The server encountered an internal error.</p>
            """, headers: ["Content-Type": "text/html; charset=utf-8"])
        #expect(error.code == "500")
        #expect(error.message.contains("text/html"))
        #expect(error.message.contains("Internal Server Error"))
        #expect(!error.message.contains("<h1>"))
    }

    @Test func garbageStillGivesAReadableError() {
        let error = parse(502, "\u{0}\u{1}binary")
        #expect(error.code == "502")
        #expect(error.message.hasPrefix("unreadable error answer"))
    }
}
