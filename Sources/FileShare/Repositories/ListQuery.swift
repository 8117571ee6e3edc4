import Foundation
import Hummingbird

/// Pagination, keyword search and sorting, the same on every list endpoint:
/// `?page=2&perPage=50&q=contrct&sort=name&order=desc`.
public struct ListQuery: Sendable, Equatable {
    public var page = 1
    public var perPage = 25
    public var search: String?
    public var sort: String?
    public var descending = false

    public init(page: Int = 1, perPage: Int = 25, search: String? = nil, sort: String? = nil, descending: Bool = false) {
        self.page = page
        self.perPage = perPage
        self.search = search
        self.sort = sort
        self.descending = descending
    }

    static let maxPerPage = 200

    /// Reads and checks the query parameters; `sortable` lists the accepted `sort` values.
    init(request: Request, sortable: [String]) throws {
        if let page = request.query("page") {
            guard let number = Int(page), number >= 1, number <= 1_000_000 else {
                throw AppError.badRequest("page", "page must be a whole number from 1.")
            }
            self.page = number
        }
        if let perPage = request.query("perPage") {
            guard let number = Int(perPage), (1...Self.maxPerPage).contains(number) else {
                throw AppError.badRequest("perPage", "perPage must be a whole number from 1 to \(Self.maxPerPage).")
            }
            self.perPage = number
        }
        if let search = request.query("q").map(String.init)?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            guard search.count <= 200 else { throw AppError.badRequest("q", "q must be at most 200 characters.") }
            self.search = search
        }
        if let sort = request.query("sort").map(String.init) {
            guard sortable.contains(sort) else {
                throw AppError.badRequest("sort", "sort must be one of: \(sortable.joined(separator: ", ")).")
            }
            self.sort = sort
        }
        if let order = request.query("order") {
            switch order {
            case "asc": descending = false
            case "desc": descending = true
            default: throw AppError.badRequest("order", "order must be 'asc' or 'desc'.")
            }
        }
    }

    var offset: Int { (page - 1) * perPage }
}

/// One page of a list, with the total number of matching items.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var page: Int
    public var perPage: Int
    public var total: Int
}
