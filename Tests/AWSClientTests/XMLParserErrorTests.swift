import AWSClient
import Foundation
import Testing

/// Input the XML parser refuses, each with where and why.
@Suite("XML parser: errors")
struct XMLParserErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let line: Int
        let column: Int
        let message: String

        init(_ input: String, _ line: Int, _ column: Int, _ message: String) {
            self.init(bytes: Array(input.utf8), line, column, message)
        }

        init(bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
            self.input = bytes
            self.line = line
            self.column = column
            self.message = message
        }

        var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }
    }

    static let cases: [Case] = [
        Case("", 1, 1, "the document is empty"),
        Case(" \n\t", 2, 2, "the document is empty"),
        Case("<!-- only a comment -->", 1, 24, "no root element"),
        Case("text<R/>", 1, 1, "expected the root element"),
        Case("<a><b></a>", 1, 7, "</a> does not close <b> opened at line 1, column 4"),
        Case("<a>\n  <b>\n</a>", 3, 1, "</a> does not close <b> opened at line 2, column 3"),
        Case("<p:a xmlns:p='urn:p'></a>", 1, 22, "</a> does not close <p:a>"),
        Case("<a>\n<b>", 2, 4, "the document ends inside <b> opened at line 2, column 1"),
        Case("<a", 1, 1, "the start tag <a> is never closed"),
        Case("<a/>junk", 1, 5, "unexpected content after the root element </a>"),
        Case("<a/><b/>", 1, 5, "unexpected content after the root element"),
        Case("<a>&foo;</a>", 1, 4, "unknown entity &foo;"),
        Case("<a>&amp</a>", 1, 4, "'&' must start a reference"),
        Case("<a>AT&T</a>", 1, 6, "'&' must start a reference"),
        Case("<a>&#0;</a>", 1, 4, "&#0; is not a character XML allows"),
        Case("<a>&#xD800;</a>", 1, 4, "&#xD800; is not a character XML allows"),
        Case("<a>&#x110000;</a>", 1, 4, "is not a character XML allows"),
        Case("<a>&#99999999999999999999;</a>", 1, 4, "is not a character XML allows"),
        Case("<a>&#;</a>", 1, 4, "a character reference must be"),
        Case("<a>&#x41</a>", 1, 4, "a character reference must be"),
        Case("<a>&#xG;</a>", 1, 4, "a character reference must be"),
        Case(bytes: Array("<a>".utf8) + [0xFF] + Array("</a>".utf8), 1, 4, "invalid UTF-8 (byte 0xFF)"),
        Case(bytes: Array("<a>\n é".utf8) + [0xC3] + Array("</a>".utf8), 2, 3, "invalid UTF-8 (byte 0xC3)"),
        Case(bytes: Array("<a>".utf8) + [0xC0, 0xAF] + Array("</a>".utf8), 1, 4, "invalid UTF-8"),
        Case(bytes: Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8), 1, 4, "invalid UTF-8"),
        Case("<a>\u{1}</a>", 1, 4, "control character U+0001 is not allowed"),
        Case("<a>\u{FFFF}</a>", 1, 4, "the character U+FFFF is not allowed"),
        Case("<a b='1' b='2'/>", 1, 10, "the attribute b appears twice in <a>"),
        Case("<a b=1/>", 1, 6, "the value of the attribute b must be in quotes"),
        Case("<a b/>", 1, 5, "expected '=' after the attribute b"),
        Case("<a b='1' ='2'/>", 1, 10, "expected an attribute name in <a>"),
        Case("<a b='<'/>", 1, 7, "'<' is not allowed in an attribute value"),
        Case("<a b='1'c='2'/>", 1, 9, "expected whitespace"),
        Case("<a b='1/>", 1, 6, "the attribute value is never closed"),
        Case("<a / >", 1, 4, "expected '>' after '/'"),
        Case("<a>x < y</a>", 1, 7, "expected an element name after '<'"),
        Case("<a></ a>", 1, 6, "expected an element name after '</'"),
        Case("<a></a x>", 1, 8, "expected '>' to end </a>"),
        Case("<a>]]></a>", 1, 4, "']]>' is not allowed in text"),
        Case("<a><![CDATA[x</a>", 1, 4, "the CDATA section is never closed"),
        Case("<a><!-- x -- y --></a>", 1, 11, "'--' is not allowed inside a comment"),
        Case("<a><!-- x </a>", 1, 4, "the comment is never closed"),
        Case("<a><?pi x</a>", 1, 4, "never closed with '?>'"),
        Case("<a><? x?></a>", 1, 6, "expected a processing-instruction name"),
        Case(" <?xml version='1.0'?><a/>", 1, 2, "the XML declaration is only allowed at the very start"),
        Case("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", 1, 31, "the encoding ISO-8859-1 is not supported"),
        Case("<?xml version='1.0'<a/>", 1, 1, "the XML declaration is malformed"),
        Case("<a><!ELEMENT a ANY></a>", 1, 4, "unexpected '<!' markup"),
        Case("<a:b:c/>", 1, 5, "a name may hold only one ':'"),
        Case("<a:/>", 1, 3, "a name may not end with ':'"),
        Case("<:a/>", 1, 2, "expected an element name"),
        Case("<a>\n  é<b></c></a>", 2, 7, "</c> does not close <b> opened at line 2, column 4"),
        Case("<a>\r\n<b></c></a>", 2, 4, "</c> does not close <b>"),
    ]

    @Test(arguments: cases)
    func refusedWithLineColumnAndReason(_ example: Case) {
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(example.input)) }
        #expect(error?.line == example.line)
        #expect(error?.column == example.column)
        #expect(error?.message.contains(example.message) == true, "message: \(error?.message ?? "none")")
    }

    @Test func theDescriptionGivesPositionAndReason() {
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data("<a><b></a>".utf8)) }
        #expect(error?.description == "invalid XML at line 1, column 7: </a> does not close <b> opened at line 1, column 4")
    }

    @Test func aDoctypeIsRefusedSoEntitiesCannotExpand() {
        let billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            ]>
            <lolz>&lol2;</lolz>
            """
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(billionLaughs.utf8)) }
        #expect(error?.message.hasPrefix("a DOCTYPE is refused") == true)
        #expect(error?.line == 2)
        #expect(error?.column == 1)
    }

    @Test func anExternalEntityIsNeverRead() {
        let external = #"<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]><r>&secret;</r>"#
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(external.utf8)) }
        #expect(error?.message.contains("DOCTYPE") == true)
        let undeclared = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data("<r>&secret;</r>".utf8)) }
        #expect(undeclared?.message.contains("unknown entity &secret;") == true)
    }

    static func nested(_ depth: Int) -> Data {
        Data((String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)).utf8)
    }

    @Test func nestingUpToTheLimitParses() throws {
        var element = try XMLTree.parse(Self.nested(256))
        var depth = 1
        while let child = element.children.first {
            element = child
            depth += 1
        }
        #expect(depth == 256)
    }

    @Test func nestingBeyondTheLimitIsRefusedWithoutExhaustingTheStack() {
        let justOver = #expect(throws: XMLParseError.self) { try XMLTree.parse(Self.nested(257)) }
        #expect(justOver?.message == "elements nest deeper than 256 levels")
        #expect(justOver?.column == 256 * 3 + 1)
        let hostile = #expect(throws: XMLParseError.self) { try XMLTree.parse(Self.nested(1_000_000)) }
        #expect(hostile?.message == "elements nest deeper than 256 levels")
    }
}
