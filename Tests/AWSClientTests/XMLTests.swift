import AWSClient
import Foundation
import Testing

@Suite("XML tree, decoder and writer")
struct XMLTests {
    @Test func parsingKeepsStructureTextAndDropsNamespaces() throws {
        let tree = try XMLTree.parse(Data("""
            <?xml version="1.0"?>
            <R xmlns="https://example.com/doc/"><A kind="x">1 &amp; 2</A><B><C>c</C></B><A>3</A><D><![CDATA[<raw>]]></D></R>
            """.utf8))
        #expect(tree.name == "R")
        #expect(tree.children(named: "A").map(\.text) == ["1 & 2", "3"])
        #expect(tree["A"]?.attributes["kind"] == "x")
        #expect(tree["B"]?["C"]?.text == "c")
        #expect(tree.first(named: "C")?.text == "c")
        #expect(tree["D"]?.text == "<raw>")
    }

    @Test func brokenXMLIsAnErrorWithAPosition() {
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data("<a><b></a>".utf8)) }
        #expect((error?.line ?? 0) >= 1)
        #expect(throws: XMLParseError.self) { try XMLTree.parse(Data()) }
    }

    struct Stack: Decodable, Equatable {
        struct Output: Decodable, Equatable {
            var outputKey: String
            var outputValue: String?
        }

        var stackName: String
        var enableTerminationProtection: Bool
        var count: Int
        var creationTime: Date
        var outputs: [Output]
        var capabilities: [String]
        var notes: [String]
        var description: String?
    }

    @Test func decodingFollowsTheQueryLayout() throws {
        let tree = try XMLTree.parse(Data("""
            <Result><StackName>app</StackName><EnableTerminationProtection>true</EnableTerminationProtection>
            <Count>42</Count><CreationTime>2026-11-25T08:30:10.5Z</CreationTime>
            <Outputs><member><OutputKey>Url</OutputKey><OutputValue>https://x</OutputValue></member>
            <member><OutputKey>Empty</OutputKey></member></Outputs>
            <Capabilities><member>CAPABILITY_IAM</member></Capabilities></Result>
            """.utf8))
        let stack = try XMLTreeDecoder().decode(Stack.self, from: tree)
        #expect(stack.stackName == "app")
        #expect(stack.enableTerminationProtection)
        #expect(stack.count == 42)
        #expect(stack.creationTime == Date(timeIntervalSince1970: 1_795_595_410.5))
        #expect(stack.outputs == [.init(outputKey: "Url", outputValue: "https://x"), .init(outputKey: "Empty", outputValue: nil)])
        #expect(stack.capabilities == ["CAPABILITY_IAM"])
        #expect(stack.notes == [], "a missing list is empty")
        #expect(stack.description == nil)
    }

    struct Listing: Decodable {
        struct Entry: Decodable { var key: String }
        var contents: [Entry]
        var isTruncated: Bool
    }

    @Test func flattenedListsDecodeToo() throws {
        let tree = try XMLTree.parse(Data(
            "<L><Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents><IsTruncated>false</IsTruncated></L>".utf8
        ))
        let listing = try XMLTreeDecoder().decode(Listing.self, from: tree)
        #expect(listing.contents.map(\.key) == ["a", "b"])
        #expect(!listing.isTruncated)
        let one = try XMLTreeDecoder().decode(Listing.self, from: XMLTree.parse(Data("<L><Contents><Key>a</Key></Contents><IsTruncated>true</IsTruncated></L>".utf8)))
        #expect(one.contents.map(\.key) == ["a"])
    }

    @Test func wrongValuesAreDecodingErrors() throws {
        struct Flag: Decodable { var enabled: Bool }
        struct Number: Decodable { var count: Int }
        #expect(throws: DecodingError.self) { try XMLTreeDecoder().decode(Flag.self, from: XMLTree.parse(Data("<R><Enabled>yes</Enabled></R>".utf8))) }
        #expect(throws: DecodingError.self) { try XMLTreeDecoder().decode(Number.self, from: XMLTree.parse(Data("<R><Count>x</Count></R>".utf8))) }
        #expect(throws: DecodingError.self) { try XMLTreeDecoder().decode(Number.self, from: XMLTree.parse(Data("<R/>".utf8))) }
        struct Named: Decodable { var name: String }
        #expect(throws: DecodingError.self, "a missing string is not an empty string") {
            try XMLTreeDecoder().decode(Named.self, from: XMLTree.parse(Data("<R/>".utf8)))
        }
        #expect(try XMLTreeDecoder().decode(Named.self, from: XMLTree.parse(Data("<R><Name/></R>".utf8))).name == "")
    }

    @Test func leafValuesIgnoreSurroundingWhitespaceButStringsKeepIt() throws {
        struct Padded: Decodable { var count: Int; var enabled: Bool; var name: String; var tags: [String] }
        let tree = try XMLTree.parse(Data("""
            <R><Count>\n  42\u{A0}\t</Count><Enabled> true\r\n</Enabled><Name> a b </Name><Tags>
              </Tags></R>
            """.utf8))
        let padded = try XMLTreeDecoder().decode(Padded.self, from: tree)
        #expect(padded.count == 42)
        #expect(padded.enabled)
        #expect(padded.name == " a b ")
        #expect(padded.tags == [], "a wrapped list holding only whitespace is empty")
    }

    @Test func writingEscapesTextAndAttributes() throws {
        let document = XMLWriter.document(XMLTree(name: "A", attributes: ["q": "\"<&>'"], children: [XMLTree(name: "B", text: "x < y & z")]))
        #expect(document == #"<?xml version="1.0" encoding="UTF-8"?><A q="&quot;&lt;&amp;&gt;&apos;"><B>x &lt; y &amp; z</B></A>"#)
        #expect(try XMLTree.parse(Data(document.utf8))["B"]?.text == "x < y & z")
    }

    @Test func timestampsParseInEveryAWSForm() {
        let expected = Date(timeIntervalSince1970: 1_795_595_410)
        #expect(ISO8601Timestamp.parse("2026-11-25T08:30:10Z") == expected)
        #expect(ISO8601Timestamp.parse("2026-11-25T09:30:10+01:00") == expected)
        #expect(ISO8601Timestamp.parse("2026-11-25T08:30:10.065028Z")?.timeIntervalSince(expected) ?? 1 < 0.07)
        #expect(ISO8601Timestamp.parse("2026-11-25") == nil)
        #expect(ISO8601Timestamp.parse("2026-13-25T08:30:10Z") == nil)
        #expect(ISO8601Timestamp.format(expected) == "2026-11-25T08:30:10Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
