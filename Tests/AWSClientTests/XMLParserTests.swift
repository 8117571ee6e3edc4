import AWSClient
import Foundation
import Testing

/// What the XML parser accepts and builds, one feature per test.
@Suite("XML parser: documents")
struct XMLParserTests {
    func parse(_ text: String) throws(XMLParseError) -> XMLTree {
        try XMLTree.parse(Data(text.utf8))
    }

    @Test func declarationProcessingInstructionsAndCommentsAreSkipped() throws {
        let tree = try parse("""
            <?xml version="1.0" encoding="UTF-8" standalone='yes'?>
            <!-- before --><?style type="x"?>
            <R><!-- inside --><?pi data?>a<!---->b</R>
            <!-- after --><?after?>

            """)
        #expect(tree == XMLTree(name: "R", text: "ab"))
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try XMLTree.parse(Data([0xEF, 0xBB, 0xBF] + Array("<R>x</R>".utf8))) == XMLTree(name: "R", text: "x"))
    }

    @Test func elementNamesLoseTheirNamespacePrefix() throws {
        let tree = try parse(#"<s3:R xmlns:s3="urn:s3"><s3:Key>k</s3:Key><Plain/></s3:R>"#)
        #expect(tree.name == "R")
        #expect(tree.children.map(\.name) == ["Key", "Plain"])
    }

    @Test func attributesInEitherQuotesWithEntitiesDecoded() throws {
        let tree = try parse(#"<R a="1 &amp; 2" b='say "hi"' c="&#x41;&#66;&lt;&gt;&apos;&quot;"/>"#)
        #expect(tree.attributes == ["a": "1 & 2", "b": #"say "hi""#, "c": #"AB<>'""#])
    }

    @Test func attributeTabsAndLineEndsBecomeSpacesButReferencesStay() throws {
        let tree = try parse("<R a=\"x\ty\r\nz\nw&#10;v&#9;u\"/>")
        #expect(tree.attributes["a"] == "x y z w\nv\tu")
    }

    @Test func namespaceDeclarationsAreNotAttributesButPrefixedAttributesKeepTheirPrefix() throws {
        let tree = try parse(#"<R xmlns="urn:d" xmlns:xsi="urn:xsi" xsi:type="Group" id="7"/>"#)
        #expect(tree.attributes == ["xsi:type": "Group", "id": "7"])
    }

    @Test func selfClosingTagsAreEmptyElements() throws {
        let tree = try parse(#"<R><A/><B k="v" /><C></C></R>"#)
        #expect(tree.children == [XMLTree(name: "A"), XMLTree(name: "B", attributes: ["k": "v"]), XMLTree(name: "C")])
    }

    @Test func theFivePredefinedEntitiesAndNumericReferencesDecode() throws {
        #expect(try parse("<R>&lt;&gt;&amp;&apos;&quot;</R>").text == #"<>&'""#)
        #expect(try parse("<R>&#38;&#x26;&#0000065;&#x00e9;</R>").text == "&&Aé")
        #expect(throws: XMLParseError.self, "the x of a hexadecimal reference is lower case") { try parse("<R>&#X26;</R>") }
    }

    @Test func referencesBeyondTheBasicPlaneBecomeFourByteUTF8() throws {
        let text = try parse("<R>&#x1F600;&#128512;&#x10FFFF;</R>").text
        #expect(text == "😀😀\u{10FFFF}")
        #expect(Array(text.utf8.prefix(4)) == [0xF0, 0x9F, 0x98, 0x80])
    }

    @Test func textKeepsItsWhitespaceAndOnlyTheCharactersDirectlyInside() throws {
        let tree = try parse("<R>\n  one <A> a </A>\t two\n</R>")
        #expect(tree.text == "\n  one \t two\n")
        #expect(tree["A"]?.text == " a ")
    }

    @Test func lineEndsInTextBecomeLineFeeds() throws {
        #expect(try parse("<R>a\r\nb\rc\n<![CDATA[d\r\ne]]></R>").text == "a\nb\nc\nd\ne")
        #expect(try parse("<R>a&#13;b</R>").text == "a\rb", "a referenced carriage return stays")
    }

    @Test func cdataIsTakenLiterally() throws {
        let tree = try parse("<R>x<![CDATA[<b>&amp;</b> ]] ]>]]>y<![CDATA[]]></R>")
        #expect(tree.text == "x<b>&amp;</b> ]] ]>y")
        #expect(tree.children.isEmpty)
    }

    @Test func nonASCIITextAndNamesPassThrough() throws {
        let tree = try parse("<Données clé=\"値\">Grüße — 東京 🚀</Données>")
        #expect(tree == XMLTree(name: "Données", attributes: ["clé": "値"], text: "Grüße — 東京 🚀"))
    }

    @Test func endTagsMayHaveTrailingWhitespace() throws {
        #expect(try parse("<R\n>x</R \n>").text == "x")
    }

    @Test func wideFlatDocumentsParse() throws {
        let document = "<R>" + String(repeating: "<member><Key>k</Key></member>", count: 10_000) + "</R>"
        let tree = try parse(document)
        #expect(tree.children.count == 10_000)
        #expect(tree.children.last?["Key"]?.text == "k")
    }
}
