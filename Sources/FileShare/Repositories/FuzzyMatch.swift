import Foundation

/// Keyword matching that forgives partial words and small typos: "contr", "contrcat" and
/// "Kontrakt" all find "Contract 2024". Every word of the query must match some word of the text.
///
/// ```swift
/// FuzzyMatch.score(query: "acme contrct", in: "ACME contract renewal")  // non-nil
/// ```
enum FuzzyMatch {
    /// A relevance from 0 to 1, or nil when the text does not match.
    static func score(query: String, in text: String) -> Double? {
        let query = normalize(query)
        let text = normalize(text)
        if query.isEmpty { return 1 }
        if text.contains(query) { return 1 }
        let textWords = words(text)
        var total = 0.0
        for queryWord in words(query) {
            var best = 0.0
            for word in textWords {
                best = max(best, wordScore(queryWord, word))
                if best == 1 { break }
            }
            if best == 0 { return nil }
            total += best
        }
        let count = words(query).count
        return count == 0 ? nil : total / Double(count) * 0.9
    }

    private static func wordScore(_ query: [Character], _ word: [Character]) -> Double {
        if word.count >= query.count, Array(word.prefix(query.count)) == query { return 1 }
        if String(word).contains(String(query)) { return 0.9 }
        let allowed = query.count <= 3 ? 0 : (query.count <= 6 ? 1 : 2)
        guard allowed > 0 else { return 0 }
        // Compare with the word itself and with its prefix of the query's length (partial typing).
        let whole = editDistance(query, word)
        let prefix = editDistance(query, Array(word.prefix(query.count)))
        let distance = min(whole, prefix)
        return distance <= allowed ? 0.8 - 0.2 * Double(distance) : 0
    }

    private static func normalize(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    private static func words(_ text: String) -> [[Character]] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(Array.init)
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            previousPrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
