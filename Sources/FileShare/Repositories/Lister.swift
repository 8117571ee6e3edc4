import SQLKit

/// Runs a list query the same way for every list endpoint: without a keyword, sorting and paging
/// happen in SQL; with one, a bounded set of candidates is matched with `FuzzyMatch` (which SQL
/// cannot do portably) and ranked by relevance unless a sort was asked for.
struct Lister<Item: Codable & Sendable> {
    /// Selected columns, e.g. `"p.id, p.name"`.
    let columns: String
    /// `FROM … WHERE …` with binds.
    let from: SQLQueryString
    /// API sort name → SQL expression (never user text).
    let sortExpressions: [String: String]
    let defaultSort: String
    /// Tie-breaker that makes the order total, e.g. `"p.id"`.
    let uniqueColumn: String
    let decode: (any SQLRow) throws -> Item
    let searchText: (Item) -> String

    /// Keyword searches look at no more than this many rows.
    static var candidateLimit: Int { 5000 }

    func run(_ query: ListQuery, on sql: any SQLDatabase) async throws -> Page<Item> {
        let sortName = query.sort ?? defaultSort
        let expression = sortExpressions[sortName] ?? sortExpressions[defaultSort] ?? uniqueColumn
        let direction = query.descending ? "DESC" : "ASC"
        let order: SQLQueryString = " ORDER BY \(unsafeRaw: expression) \(unsafeRaw: direction), \(unsafeRaw: uniqueColumn)"
        let select: SQLQueryString = "SELECT \(unsafeRaw: columns) "
        guard let search = query.search else {
            let rows = try await sql.raw(
                select + from + order + " LIMIT \(literal: query.perPage) OFFSET \(literal: query.offset)"
            ).all()
            let total = try await sql.raw("SELECT COUNT(*) AS total " + from).first()?.int("total") ?? 0
            return Page(items: try rows.map(decode), page: query.page, perPage: query.perPage, total: total)
        }
        let rows = try await sql.raw(select + from + order + " LIMIT \(literal: Self.candidateLimit)").all()
        var scored: [(item: Item, score: Double, position: Int)] = []
        for (position, row) in rows.enumerated() {
            let item = try decode(row)
            if let score = FuzzyMatch.score(query: search, in: searchText(item)) {
                scored.append((item, score, position))
            }
        }
        if query.sort == nil {
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        }
        let pageItems = scored.dropFirst(query.offset).prefix(query.perPage).map(\.item)
        return Page(items: Array(pageItems), page: query.page, perPage: query.perPage, total: scored.count)
    }
}
