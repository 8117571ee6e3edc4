/// Writes the few XML request bodies we send (S3's `CreateBucketConfiguration`,
/// `CompleteMultipartUpload`), escaping text so any value is safe.
///
/// ```swift
/// XMLWriter.document(XMLTree(name: "CreateBucketConfiguration",
///     attributes: ["xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"],
///     children: [XMLTree(name: "LocationConstraint", text: "eu-west-1")]))
/// ```
public enum XMLWriter {
    public static func document(_ root: XMLTree) -> String {
        var output = #"<?xml version="1.0" encoding="UTF-8"?>"#
        write(root, into: &output)
        return output
    }

    private static func write(_ element: XMLTree, into output: inout String) {
        output += "<\(element.name)"
        for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
            output += " \(name)=\"\(escape(value))\""
        }
        output += ">"
        output += escape(element.text)
        for child in element.children { write(child, into: &output) }
        output += "</\(element.name)>"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
