import AWSClient
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The tree FoundationXML's `XMLParser` (libxml2) builds, set up as the AWS client used it
/// before it got its own parser: the reference the differential tests compare against.
final class XMLFoundationReference: NSObject, XMLParserDelegate {
    private var stack: [XMLTree] = []
    private var root: XMLTree?

    /// The tree, or `nil` when libxml2 reports an error.
    static func parse(_ data: Data) -> XMLTree? {
        let parser = XMLParser(data: data)
        let reference = XMLFoundationReference()
        parser.delegate = reference
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), parser.parserError == nil else { return nil }
        return reference.root
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        stack.append(XMLTree(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }
}
