import AWSClient
import Foundation
import Testing
import TestSupport

/// Our parser and FoundationXML's must build the same tree from the same answer.
@Suite("XML parser: same trees as FoundationXML")
struct XMLDifferentialTests {
    static let corpus: [String] = {
        let folder = ProjectPaths.testData("aws-xml")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted()
    }()

    @Test func theCorpusCoversEveryServiceWeCall() {
        for service in ["cloudformation-", "sts-", "s3-", "elbv2-"] {
            #expect(Self.corpus.contains { $0.hasPrefix(service) }, "no \(service)* answer in Tests/Data/aws-xml")
        }
        #expect(Self.corpus.count >= 14)
    }

    @Test(arguments: corpus)
    func awsAnswersGiveTheSameTree(_ name: String) throws {
        let data = try Data(contentsOf: ProjectPaths.testData("aws-xml/\(name)"))
        let reference = try #require(XMLFoundationReference.parse(data), "FoundationXML refused \(name)")
        let ours = try XMLTree.parse(data)
        #expect(ours == reference)
        #expect(ours.children.count > 0 || !ours.text.isEmpty, "\(name) parsed to an empty tree")
    }

    static let snippets: [String] = [
        #"<R xmlns="urn:x" xmlns:a="urn:a" a:k="v" b='w' c="1&amp;2&#38;&#x1F600;" d="x&#10;y">t</R>"#,
        "<R a=\"x\ty\r\nz\nw\"/>",
        #"<a:R xmlns:a="urn:a"><a:B><C/></a:B>  <a:B/></a:R>"#,
        "<R>a\r\nb\rc</R>",
        "<R>&lt;&gt;&amp;&apos;&quot;&#0065;&#x10FFFF;&#13;</R>",
        "<R>x<![CDATA[<y>&amp;]] >]]>z<!-- c --><?pi d?>w</R>",
        "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- c --><R>é 東京 😀</R>\n<!-- after -->\n",
        "<R><A>1</A>\n\t<A>2</A><B x='1' y=\"2\"></B></R>",
    ]

    @Test(arguments: snippets)
    func edgeCasesGiveTheSameTree(_ snippet: String) throws {
        let data = Data(snippet.utf8)
        let reference = try #require(XMLFoundationReference.parse(data))
        #expect(try XMLTree.parse(data) == reference)
    }
}
