import Foundation

/// Minimal, safe HTML building for the server-rendered pages: every piece of user text goes
/// through `escape`, and pages load only our own script and style sheet (the CSP forbids inline).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func page(title: String, body: String, signedIn: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · FileShare</title><link rel="stylesheet" href="/static/app.css">
        <script src="/static/app.js" defer></script></head>
        <body><header><a href="/" class="brand">FileShare</a>\(signedIn ? "<nav><a href=\"/\">Projects</a> <button id=\"logout\" type=\"button\">Log out</button></nav>" : "")</header>
        <main>\(body)</main></body></html>
        """
    }

    static func byteCount(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
