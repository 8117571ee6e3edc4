/// `Content-Disposition: attachment` with an ASCII fallback name and the exact UTF-8 name
/// (RFC 6266 / RFC 8187), so a download is always saved, never rendered.
enum ContentDisposition {
    static func attachment(fileName: String) -> String {
        let fallback = String(fileName.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            if value < 0x20 || value >= 0x7f || scalar == "\"" || scalar == "\\" || scalar == "/" || scalar == ";" { return "_" }
            return Character(scalar)
        })
        var encoded = ""
        for byte in fileName.utf8 {
            let isUnreserved = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2d || byte == 0x2e || byte == 0x5f || byte == 0x7e
            encoded += isUnreserved ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
